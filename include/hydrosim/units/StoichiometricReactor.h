#pragma once
// A reactor given by reaction equations and the fractional conversion of a key
// reactant for each (the RStoic block of other simulators). Reactions apply in
// the order written; each equation must balance every element and the charge.
//
//   reactions:
//     - {equation: "Al + 3 H+ = Al+3 + 1.5 H2(g)", key: Al, conversion: 0.9}
//
// Extent of reaction r: ξ = X·n_key/|ν_key|, capped by every other reactant
// (ξ ≤ n_j/|ν_j|); a capped reaction is reported with its limiting reactant.
#include "hydrosim/thermo/ReactionEquation.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class StoichiometricReactor : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "StoichiometricReactor"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

 private:
  struct Reaction {
    thermo::ReactionEquation equation;
    std::size_t key;
    double conversion;
  };
  std::vector<Reaction> reactions_;
  std::optional<double> outlet_temperature_;
  std::shared_ptr<const thermo::Database> database_;
};

}  // namespace hydrosim::units
