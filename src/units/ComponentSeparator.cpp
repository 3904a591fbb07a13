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
    rules_[i] = read_split_rule(*rule_reader, *database);
    rule_reader->finish(fmt::format("the split rule of outlet '{}'", outlets_[i]));
  }
}

std::vector<PortSpec> ComponentSeparator::ports() const {
  std::vector<PortSpec> ports{{"in", PortDirection::kInlet}};
  for (const auto& outlet : outlets_) ports.push_back({outlet, PortDirection::kOutlet});
  return ports;
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
      const double fraction = split_fraction(rules_[k], species, i, name(), outlets_[k], "fractions." + outlets_[k]);
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
