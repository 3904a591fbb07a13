#pragma once
// Sends a fraction of each species to each outlet: the block model of a
// filter, a solvent-extraction section or a classifier when only its split
// factors are known.
//
//   outlets: [cake, filtrate]         # the last outlet takes the remainder
//   fractions:
//     cake: {phases: {solid: 1, aqueous: 0.05}, elements: {Li: 0.01}, species: {...}, default: 0}
//
// For each species the fraction to an outlet is the first that applies of:
// its `species` entry, the entry of an element it contains (`elements`), its
// phase (`phases`), `default` (0 when absent). A species containing two listed
// elements with different fractions is ambiguous and is rejected when it flows.
#include <map>
#include <optional>

#include "hydrosim/units/SplitRule.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class ComponentSeparator : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "ComponentSeparator"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

 private:
  std::vector<std::string> outlets_;
  std::vector<SplitRule> rules_;  // one per outlet except the last
  std::shared_ptr<const thermo::Database> database_;
};

}  // namespace hydrosim::units
