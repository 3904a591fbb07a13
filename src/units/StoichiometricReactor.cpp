#include "hydrosim/units/StoichiometricReactor.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units {

void StoichiometricReactor::configure(const io::ParameterReader& parameters,
                                      const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  if (parameters.has("temperature")) {
    outlet_temperature_ = parameters.quantity("temperature", Dimension::temperature());
  } else {
    parameters.accept("temperature");
  }
  for (const auto& entry : parameters.list_of_maps("reactions")) {
    Reaction reaction;
    try {
      reaction.equation = thermo::parse_reaction(entry.text("equation"), *database);
    } catch (const InputError& error) {
      entry.fail("equation", error.what());
    }
    try {
      reaction.key = database->index_of(entry.text("key"));
    } catch (const InputError& error) {
      entry.fail("key", error.what());
    }
    if (!(reaction.equation.coefficient_of(reaction.key) < 0.0)) {
      entry.fail("key", fmt::format("'{}' is not a reactant of '{}'", entry.text("key"), reaction.equation.text));
    }
    reaction.conversion = entry.number("conversion", 0.0, 1.0);
    entry.accept("source");
    entry.accept("note");
    entry.finish("a reaction");
    reactions_.push_back(std::move(reaction));
  }
  if (reactions_.empty()) parameters.fail("reactions", "give at least one reaction");
}

std::vector<PortSpec> StoichiometricReactor::ports() const {
  return {{"in", PortDirection::kInlet}, {"out", PortDirection::kOutlet}};
}

void StoichiometricReactor::solve(const Inlets& inlets, Outlets& outlets) {
  thermo::Stream product = *inlets.at("in").front();
  if (outlet_temperature_) product.temperature = *outlet_temperature_;
  report_ = {};
  for (std::size_t r = 0; r < reactions_.size(); ++r) {
    const Reaction& reaction = reactions_[r];
    const double key_coefficient = -reaction.equation.coefficient_of(reaction.key);
    double extent = reaction.conversion * product.amount(reaction.key) / key_coefficient;
    std::string limiting;
    for (const auto& term : reaction.equation.terms) {
      const double consumed_per_extent = -reaction.equation.coefficient_of(term.species);
      if (consumed_per_extent <= 0.0) continue;
      const double available = product.amount(term.species) / consumed_per_extent;
      if (available < extent) {
        extent = available;
        limiting = database_->species(term.species).name;
      }
    }
    for (const auto& term : reaction.equation.terms) product.add_amount(term.species, term.coefficient * extent);
    // Consumed reactants can end a hair below zero through rounding.
    product.amounts() = product.amounts().cwiseMax(0.0);
    report_.values.push_back({fmt::format("extent[{}]", r + 1), extent, "mol/s"});
    if (!limiting.empty() && limiting != database_->species(reaction.key).name) {
      report_.warnings.push_back(fmt::format("reaction {} ({}) was limited by {}: conversion of {} below {}", r + 1,
                                             reaction.equation.text, limiting, database_->species(reaction.key).name,
                                             reaction.conversion));
    }
  }
  outlets.insert_or_assign("out", std::move(product));
}

}  // namespace hydrosim::units
