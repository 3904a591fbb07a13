#include "hydrosim/units/SplitRule.h"

#include <optional>

#include <fmt/format.h>

#include "hydrosim/core/Elements.h"
#include "hydrosim/core/Error.h"

namespace hydrosim::units {

SplitRule read_split_rule(const io::ParameterReader& reader, const thermo::Database& database) {
  SplitRule rule;
  if (const auto species = reader.optional_child("species")) {
    for (const auto& name : species->keys()) {
      std::size_t index = 0;
      try {
        index = database.index_of(name);
      } catch (const InputError& error) {
        species->fail(name, error.what());
      }
      rule.species[index] = species->number(name, 0.0, 1.0);
    }
  }
  if (const auto elements = reader.optional_child("elements")) {
    for (const auto& symbol : elements->keys()) {
      if (!find_element(symbol)) elements->fail(symbol, fmt::format("'{}' is not an element symbol", symbol));
      rule.elements[symbol] = elements->number(symbol, 0.0, 1.0);
    }
  }
  if (const auto phases = reader.optional_child("phases")) {
    for (const auto& name : phases->keys()) {
      const auto phase = thermo::phase_from_string(name);
      if (!phase) phases->fail(name, "not a phase; use aqueous, solid, liquid, gas or organic");
      rule.phases[*phase] = phases->number(name, 0.0, 1.0);
    }
  }
  rule.default_fraction = reader.number_or("default", 0.0, 0.0, 1.0);
  return rule;
}

double split_fraction(const SplitRule& rule, const thermo::Species& species, std::size_t index, std::string_view unit,
                      std::string_view outlet, std::string_view rule_key) {
  if (const auto it = rule.species.find(index); it != rule.species.end()) return it->second;
  std::optional<double> by_element;
  std::string first_element;
  for (const auto& entry : species.formula.elements) {
    const auto it = rule.elements.find(std::string(entry.element->symbol));
    if (it == rule.elements.end()) continue;
    if (by_element && *by_element != it->second) {
      throw SolveError(
          fmt::format("unit '{}': species '{}' contains {} and {}, which go to outlet '{}' with different "
                      "fractions ({} and {}); give '{}' its own entry under {}.species",
                      unit, species.name, first_element, entry.element->symbol, outlet, *by_element, it->second,
                      species.name, rule_key));
    }
    by_element = it->second;
    first_element = std::string(entry.element->symbol);
  }
  if (by_element) return *by_element;
  if (const auto it = rule.phases.find(species.phase); it != rule.phases.end()) return it->second;
  return rule.default_fraction;
}

}  // namespace hydrosim::units
