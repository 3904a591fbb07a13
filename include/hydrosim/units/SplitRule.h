#pragma once
// The fraction of each species sent to one outlet, given by species, by
// element, by phase or by default (first that applies, in that order). Shared
// by ComponentSeparator and the recovery-based pretreatment separators.
//
//   {species: {LiPF6: 1}, elements: {Li: 0.02}, phases: {solid: 1, aqueous: 0.08}, default: 0}
#include <map>
#include <memory>
#include <string>

#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/thermo/Database.h"

namespace hydrosim::units {

struct SplitRule {
  std::map<std::size_t, double> species;   // species index -> fraction
  std::map<std::string, double> elements;  // element symbol -> fraction
  std::map<thermo::Phase, double> phases;
  double default_fraction = 0.0;
};

// Reads the keys species, elements, phases and default of `reader` (fractions
// in [0, 1]); the caller calls finish().
SplitRule read_split_rule(const io::ParameterReader& reader, const thermo::Database& database);

// The fraction for one species. A species containing two listed elements
// with different fractions is ambiguous: SolveError naming the unit, the
// outlet and the key of the rule ("fractions.cake", "recovery").
double split_fraction(const SplitRule& rule, const thermo::Species& species, std::size_t index, std::string_view unit,
                      std::string_view outlet, std::string_view rule_key);

}  // namespace hydrosim::units
