#include "hydrosim/units/SizeSplit.h"

#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/units/ParticleSize.h"

namespace hydrosim::units {

std::pair<thermo::Stream, thermo::Stream> split_by_size(const thermo::Stream& feed,
                                                        const PartitionFunction& partition) {
  thermo::Stream first = feed;
  thermo::Stream second = feed;
  const thermo::Database& database = feed.database();
  for (std::size_t s = 0; s < database.size(); ++s) {
    const double flow = feed.amount(s);
    if (flow == 0.0) continue;
    const bool sized = feed.size_distribution && database.species(s).phase == thermo::Phase::kSolid;
    if (!sized) {
      const double phi = partition(s, std::nullopt);
      first.set_amount(s, phi * flow);
      second.set_amount(s, flow - first.amount(s));
      continue;
    }
    const auto row = static_cast<Eigen::Index>(s);
    const Eigen::VectorXd f = feed.size_distribution->fractions.row(row).transpose();
    if (!(std::abs(f.sum() - 1.0) <= 1e-9)) {
      throw SolveError(
          fmt::format("the solid '{}' flows but its size fractions add up to {:.6g}, not 1 (it came from "
                      "a stream without a size distribution?)",
                      database.species(s).name, f.sum()));
    }
    Eigen::VectorXd to_first(f.size());
    for (Eigen::Index c = 0; c < f.size(); ++c) to_first(c) = f(c) * partition(s, static_cast<std::size_t>(c));
    const Eigen::VectorXd to_second = f - to_first;
    const double share = to_first.sum();
    first.set_amount(s, share * flow);
    second.set_amount(s, flow - first.amount(s));
    const double rest = to_second.sum();
    first.size_distribution->fractions.row(row) = share > 0.0 ? Eigen::VectorXd(to_first / share) : f;
    second.size_distribution->fractions.row(row) = rest > 0.0 ? Eigen::VectorXd(to_second / rest) : f;
  }
  return {std::move(first), std::move(second)};
}

void report_split(UnitReport& report, const thermo::Stream& feed, const std::string& first_name,
                  const thermo::Stream& first, const std::string& second_name, const thermo::Stream& second) {
  const thermo::Database& database = feed.database();
  for (std::size_t s = 0; s < database.size(); ++s) {
    if (feed.amount(s) == 0.0) continue;
    report.values.push_back(
        {fmt::format("{} to {}", database.species(s).name, first_name), first.amount(s) / feed.amount(s), "1"});
  }
  for (const auto& [outlet, stream] : {std::pair{&first_name, &first}, std::pair{&second_name, &second}}) {
    const double total = stream->total_mass_flow();
    report.values.push_back({fmt::format("{} mass flow", *outlet), total, "kg/s"});
    if (total <= 0.0) continue;
    for (std::size_t s = 0; s < database.size(); ++s) {
      if (stream->amount(s) == 0.0) continue;
      report.values.push_back(
          {fmt::format("{} mass fraction {}", *outlet, database.species(s).name), stream->mass_flow(s) / total, "1"});
    }
  }
  if (!feed.size_distribution) return;
  const auto& sizes = feed.size_distribution->sizes;
  const Eigen::VectorXd feed_mass = feed.solid_mass_by_size();
  const Eigen::VectorXd first_mass = first.solid_mass_by_size();
  const Eigen::VectorXd second_mass = second.solid_mass_by_size();
  report.values.push_back({fmt::format("{} solids P80", first_name), passing_size(sizes, first_mass, 0.8), "m"});
  report.values.push_back({fmt::format("{} solids P80", second_name), passing_size(sizes, second_mass, 0.8), "m"});
  report.profiles.push_back(
      size_profile("psd", sizes, {{"feed", feed_mass}, {first_name, first_mass}, {second_name, second_mass}}));
}

}  // namespace hydrosim::units
