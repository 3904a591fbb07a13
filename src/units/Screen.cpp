#include "hydrosim/units/Screen.h"

#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/units/ParticleSize.h"
#include "hydrosim/units/SizeSplit.h"

namespace hydrosim::units {

double whiten_partition(double d, double d50, double sharpness, double bypass) {
  // Napier-Munn et al. (1996); King (2001): E = 1/2 at d = d50c before bypass.
  const double x = d / d50;
  // Divided through by exp(α x) so coarse classes (α x in the hundreds) do not overflow.
  const double decay = std::exp(-sharpness * x);
  const double corrected = -std::expm1(-sharpness * x) / (1.0 + (std::exp(sharpness) - 2.0) * decay);
  return bypass + (1.0 - bypass) * corrected;
}

void Screen::configure(const io::ParameterReader& parameters, const std::shared_ptr<const thermo::Database>&) {
  d50_ = parameters.quantity("d50", Dimension::length());
  if (!(d50_ > 0.0)) parameters.fail("d50", "the cut size d50 must be positive");
  sharpness_ = parameters.number("sharpness", 1e-3, 100.0);
  bypass_ = parameters.number_or("bypass", 0.0, 0.0, 1.0);
  if (bypass_ >= 1.0) parameters.fail("bypass", "a bypass of 1 sends everything to the oversize; use a value below 1");
}

std::vector<PortSpec> Screen::ports() const {
  return {{"in", PortDirection::kInlet}, {"oversize", PortDirection::kOutlet}, {"undersize", PortDirection::kOutlet}};
}

void Screen::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = {};
  const thermo::Stream& feed = *inlets.at("in").front();
  if (!feed.size_distribution) {
    throw SolveError(
        fmt::format("unit '{}': the inlet carries no particle-size distribution; give the feed a 'psd'", name()));
  }
  const std::vector<double> means = class_mean_sizes(feed.size_distribution->sizes);
  std::vector<double> partition(means.size());
  for (std::size_t c = 0; c < means.size(); ++c) partition[c] = whiten_partition(means[c], d50_, sharpness_, bypass_);
  // Fluids follow the solids' mass split.
  const Eigen::VectorXd solids = feed.solid_mass_by_size();
  double coarse = 0.0;
  for (std::size_t c = 0; c < means.size(); ++c) coarse += solids(static_cast<Eigen::Index>(c)) * partition[c];
  const double fluid_share = solids.sum() > 0.0 ? coarse / solids.sum() : 0.0;
  auto split = [&] {
    try {
      return split_by_size(feed, [&](std::size_t, std::optional<std::size_t> size_class) {
        return size_class ? partition[*size_class] : fluid_share;
      });
    } catch (const SolveError& error) {
      throw SolveError(fmt::format("unit '{}': {}", name(), error.what()));
    }
  };
  auto [oversize, undersize] = split();
  report_split(report_, feed, "oversize", oversize, "undersize", undersize);
  report_.profiles.back().series.push_back({"partition to oversize", "1", partition});
  outlets.insert_or_assign("oversize", std::move(oversize));
  outlets.insert_or_assign("undersize", std::move(undersize));
}

}  // namespace hydrosim::units
