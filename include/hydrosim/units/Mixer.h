#pragma once
// Combines any number of streams into one (Stream mix rules: flows add,
// mass-weighted temperature, lowest pressure).
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class Mixer : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "Mixer"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;
};

}  // namespace hydrosim::units
