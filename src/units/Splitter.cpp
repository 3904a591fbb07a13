#include "hydrosim/units/Splitter.h"

#include <cmath>

#include <fmt/format.h>

namespace hydrosim::units {

void Splitter::configure(const io::ParameterReader& parameters,
                         const std::shared_ptr<const thermo::Database>& /*database*/) {
  const io::ParameterReader fractions = parameters.child("fractions");
  double total = 0.0;
  for (const auto& outlet : fractions.keys()) {
    if (outlet == "in") fractions.fail(outlet, "'in' is the inlet; choose another outlet name");
    const double fraction = fractions.number(outlet, 0.0, 1.0);
    fractions_.emplace_back(outlet, fraction);
    total += fraction;
  }
  if (fractions_.size() < 2) parameters.fail("fractions", "a splitter needs at least two outlets");
  if (std::abs(total - 1.0) > 1e-12) {
    parameters.fail("fractions", fmt::format("the fractions add up to {:.15g}, not 1", total));
  }
}

std::vector<PortSpec> Splitter::ports() const {
  std::vector<PortSpec> ports{{"in", PortDirection::kInlet}};
  for (const auto& [outlet, fraction] : fractions_) ports.push_back({outlet, PortDirection::kOutlet});
  return ports;
}

void Splitter::solve(const Inlets& inlets, Outlets& outlets) {
  const thermo::Stream& feed = *inlets.at("in").front();
  // The last outlet takes the remainder so that the outlets sum to the inlet
  // to the last bit.
  thermo::Stream remainder = feed;
  for (std::size_t i = 0; i + 1 < fractions_.size(); ++i) {
    thermo::Stream part = thermo::scaled(feed, fractions_[i].second);
    remainder.amounts() -= part.amounts();
    outlets.insert_or_assign(fractions_[i].first, std::move(part));
  }
  remainder.amounts() = remainder.amounts().cwiseMax(0.0);
  outlets.insert_or_assign(fractions_.back().first, std::move(remainder));
}

}  // namespace hydrosim::units
