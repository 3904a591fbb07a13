#include "hydrosim/units/ComponentSeparator.h"

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units {

void ComponentSeparator::configure(const io::ParameterReader& parameters,
                                   const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  outlets_ = parameters.text_list("outlets");
  if (outlets_.size() < 2) parameters.fail("outlets", "a separator needs at least two outlets");
  for (std::size_t i = 0; i < outlets_.size(); ++i) {
    if (outlets_[i] == "in") parameters.fail("outlets", "'in' is the inlet; choose another outlet name");
    for (std::size_t j = 0; j < i; ++j) {
      if (outlets_[i] == outlets_[j])
        parameters.fail("outlets", fmt::format("outlet '{}' is listed twice", outlets_[i]));
    }
  }
  const io::ParameterReader fractions = parameters.child("fractions");
  for (const auto& key : fractions.keys()) {
    const auto it = std::find(outlets_.begin(), outlets_.end(), key);
    if (it == outlets_.end()) fractions.fail(key, fmt::format("'{}' is not one of the outlets", key));
    if (key == outlets_.back()) {
      fractions.fail(key, fmt::format("'{}' is the last outlet, which receives the remainder; give fractions for the "
                                      "other outlets only",
                                      key));
    }
  }
  rules_.resize(outlets_.size() - 1);
  for (std::size_t i = 0; i + 1 < outlets_.size(); ++i) {
    const auto rule_reader = fractions.optional_child(outlets_[i]);
    if (!rule_reader) continue;
    SplitRule& rule = rules_[i];
    if (const auto species = rule_reader->optional_child("species")) {
      for (const auto& name : species->keys()) {
        std::size_t index = 0;
        try {
          index = database->index_of(name);
        } catch (const InputError& error) {
          species->fail(name, error.what());
        }
        rule.species[index] = species->number(name, 0.0, 1.0);
      }
    }
    if (const auto elements = rule_reader->optional_child("elements")) {
      for (const auto& symbol : elements->keys()) {
        if (!find_element(symbol)) elements->fail(symbol, fmt::format("'{}' is not an element symbol", symbol));
        rule.elements[symbol] = elements->number(symbol, 0.0, 1.0);
      }
    }
    if (const auto phases = rule_reader->optional_child("phases")) {
      for (const auto& name : phases->keys()) {
        const auto phase = thermo::phase_from_string(name);
        if (!phase) phases->fail(name, "not a phase; use aqueous, solid, liquid, gas or organic");
        rule.phases[*phase] = phases->number(name, 0.0, 1.0);
      }
    }
    rule.default_fraction = rule_reader->number_or("default", 0.0, 0.0, 1.0);
    rule_reader->finish(fmt::format("the split rule of outlet '{}'", outlets_[i]));
  }
}

std::vector<PortSpec> ComponentSeparator::ports() const {
  std::vector<PortSpec> ports{{"in", PortDirection::kInlet}};
  for (const auto& outlet : outlets_) ports.push_back({outlet, PortDirection::kOutlet});
  return ports;
}

double ComponentSeparator::fraction_for(const SplitRule& rule, const thermo::Species& species, std::size_t index,
                                        const std::string& outlet) const {
  if (const auto it = rule.species.find(index); it != rule.species.end()) return it->second;
  std::optional<double> by_element;
  std::string first_element;
  for (const auto& entry : species.formula.elements) {
    const auto it = rule.elements.find(std::string(entry.element->symbol));
    if (it == rule.elements.end()) continue;
    if (by_element && *by_element != it->second) {
      throw SolveError(
          fmt::format("unit '{}': species '{}' contains {} and {}, which go to outlet '{}' with different "
                      "fractions ({} and {}); give '{}' its own entry under fractions.{}.species",
                      name(), species.name, first_element, entry.element->symbol, outlet, *by_element, it->second,
                      species.name, outlet));
    }
    by_element = it->second;
    first_element = std::string(entry.element->symbol);
  }
  if (by_element) return *by_element;
  if (const auto it = rule.phases.find(species.phase); it != rule.phases.end()) return it->second;
  return rule.default_fraction;
}

void ComponentSeparator::solve(const Inlets& inlets, Outlets& outlets) {
  const thermo::Stream& feed = *inlets.at("in").front();
  thermo::Stream remainder = feed;
  std::vector<thermo::Stream> parts(rules_.size(), thermo::scaled(feed, 0.0));
  for (std::size_t i = 0; i < database_->size(); ++i) {
    const double flow = feed.amount(i);
    if (flow == 0.0) continue;
    const thermo::Species& species = database_->species(i);
    double sent = 0.0;
    for (std::size_t k = 0; k < rules_.size(); ++k) {
      const double fraction = fraction_for(rules_[k], species, i, outlets_[k]);
      parts[k].set_amount(i, fraction * flow);
      sent += fraction;
    }
    if (sent > 1.0 + 1e-12) {
      throw SolveError(fmt::format("unit '{}': the fractions of species '{}' to the outlets add up to {:.12g} > 1",
                                   name(), species.name, sent));
    }
    double rest = flow;
    for (const auto& part : parts) rest -= part.amount(i);
    remainder.set_amount(i, std::max(rest, 0.0));
  }
  for (std::size_t k = 0; k < rules_.size(); ++k) outlets.insert_or_assign(outlets_[k], std::move(parts[k]));
  outlets.insert_or_assign(outlets_.back(), std::move(remainder));
}

}  // namespace hydrosim::units
