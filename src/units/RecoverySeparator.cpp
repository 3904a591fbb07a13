#include "hydrosim/units/RecoverySeparator.h"

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/units/ParticleSize.h"
#include "hydrosim/units/SizeSplit.h"

namespace hydrosim::units {

void RecoverySeparator::configure(const io::ParameterReader& parameters,
                                  const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  const io::ParameterReader recovery = parameters.child("recovery");
  recovery_ = read_split_rule(recovery, *database);
  recovery.finish(fmt::format("the recovery to '{}'", product_));
  configure_size_effect(parameters);
}

std::vector<PortSpec> RecoverySeparator::ports() const {
  return {{"in", PortDirection::kInlet}, {product_, PortDirection::kOutlet}, {reject_, PortDirection::kOutlet}};
}

void RecoverySeparator::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = {};
  const thermo::Stream& feed = *inlets.at("in").front();
  if (needs_sizes() && !feed.size_distribution) {
    throw SolveError(
        fmt::format("unit '{}': its recovery depends on particle size, but the inlet carries no "
                    "particle-size distribution; give the feed a 'psd'",
                    name()));
  }
  std::vector<double> factors;
  if (feed.size_distribution) {
    for (const double d : class_mean_sizes(feed.size_distribution->sizes)) factors.push_back(size_factor(d));
  }
  std::vector<double> recoveries(database_->size(), 0.0);
  for (std::size_t s = 0; s < database_->size(); ++s) {
    if (feed.amount(s) != 0.0) {
      recoveries[s] = split_fraction(recovery_, database_->species(s), s, name(), product_, "recovery");
    }
  }
  auto split = [&] {
    try {
      return split_by_size(feed, [&](std::size_t s, std::optional<std::size_t> size_class) {
        return size_class ? recoveries[s] * factors[*size_class] : recoveries[s];
      });
    } catch (const SolveError& error) {
      throw SolveError(fmt::format("unit '{}': {}", name(), error.what()));
    }
  };
  auto [product, reject] = split();
  report_split(report_, feed, product_, product, reject_, reject);
  if (feed.size_distribution && needs_sizes()) {
    report_.profiles.back().series.push_back({"size factor of recovery", "1", factors});
  }
  outlets.insert_or_assign(product_, std::move(product));
  outlets.insert_or_assign(reject_, std::move(reject));
}

}  // namespace hydrosim::units
