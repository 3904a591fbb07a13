#include "hydrosim/units/SolidLiquidSeparator.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units {
namespace {

double element_count(const thermo::Species& species, std::string_view symbol) {
  for (const auto& entry : species.formula.elements) {
    if (entry.element->symbol == symbol) return entry.count;
  }
  return 0.0;
}

}  // namespace

double SolidLiquidSeparator::remaining_solute_fraction(double wash_ratio, double wash_efficiency) {
  if (!(wash_ratio > 0.0)) return 1.0;
  const double choudhury_dahlstrom = std::pow(1.0 - wash_efficiency, wash_ratio);
  return std::clamp(std::max(choudhury_dahlstrom, 1.0 - wash_ratio), 0.0, 1.0);
}

void SolidLiquidSeparator::configure(const io::ParameterReader& parameters,
                                     const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  filter_ = parameters.choice("mode", {"thickener", "filter"}) == "filter";
  solids_recovery_ = parameters.number("solids_recovery", 0.0, 1.0);
  if (filter_) {
    cake_liquid_fraction_ = parameters.quantity("cake_moisture", Dimension::mass_fraction());
    if (!(cake_liquid_fraction_ >= 0.0 && cake_liquid_fraction_ < 0.95)) {
      parameters.fail("cake_moisture", "cake moisture (liquor in the cake) must be within 0-95 wt%");
    }
    if (parameters.has("wash_efficiency")) {
      wash_efficiency_ = parameters.number("wash_efficiency", 0.0, 1.0);
    } else {
      parameters.accept("wash_efficiency");
    }
    if (parameters.has("underflow_solids"))
      parameters.fail("underflow_solids", "'underflow_solids' belongs to mode: thickener");
    parameters.accept("underflow_solids");
  } else {
    const double solids = parameters.quantity("underflow_solids", Dimension::mass_fraction());
    if (!(solids > 0.0 && solids <= 0.9)) {
      parameters.fail("underflow_solids",
                      "underflow solids must be within 0-90 wt% (above that it is a cake, not a pulp)");
    }
    cake_liquid_fraction_ = 1.0 - solids;
    for (const std::string_view key : {"cake_moisture", "wash_efficiency"}) {
      if (parameters.has(key)) parameters.fail(key, fmt::format("'{}' belongs to mode: filter", key));
      parameters.accept(key);
    }
  }
}

std::vector<PortSpec> SolidLiquidSeparator::ports() const {
  std::vector<PortSpec> ports{{"in", PortDirection::kInlet, true}};
  if (wash_efficiency_) ports.push_back({"wash", PortDirection::kInlet});
  ports.push_back({"cake", PortDirection::kOutlet});
  ports.push_back({"filtrate", PortDirection::kOutlet});
  return ports;
}

void SolidLiquidSeparator::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = {};
  const thermo::Database& database = *database_;
  const thermo::Stream feed = thermo::mix(inlets.at("in"));
  std::optional<thermo::Stream> wash;
  if (wash_efficiency_ && !inlets.at("wash").empty()) wash = thermo::mix(inlets.at("wash"));

  thermo::Stream cake = thermo::scaled(feed, 0.0);
  double solids_mass = 0.0;
  double feed_liquor = 0.0;
  for (std::size_t s = 0; s < database.size(); ++s) {
    const auto phase = database.species(s).phase;
    if (phase == thermo::Phase::kSolid) {
      cake.set_amount(s, solids_recovery_ * feed.amount(s));
      solids_mass += cake.mass_flow(s);
    } else if (phase == thermo::Phase::kAqueous) {
      feed_liquor += feed.mass_flow(s);
    }
  }
  // Liquor held by the cake: m/(1 − m) per mass of cake solids.
  const double cake_liquor = cake_liquid_fraction_ / (1.0 - cake_liquid_fraction_) * solids_mass;
  if (cake_liquor > feed_liquor * (1.0 + 1e-12)) {
    throw SolveError(
        fmt::format("unit '{}': a cake of {:.4g} kg/s solids at {:.1f} wt% liquor holds {:.4g} kg/s of "
                    "liquor, but the feed brings only {:.4g} kg/s; the feed is too thick for this "
                    "moisture",
                    name(), solids_mass, 100.0 * cake_liquid_fraction_, cake_liquor, feed_liquor));
  }
  const double retained = feed_liquor > 0.0 ? std::min(cake_liquor / feed_liquor, 1.0) : 0.0;
  double wash_liquor = 0.0;
  if (wash) {
    for (std::size_t s = 0; s < database.size(); ++s) {
      if (database.species(s).phase == thermo::Phase::kAqueous) wash_liquor += wash->mass_flow(s);
    }
  }
  const double wash_ratio = cake_liquor > 0.0 ? wash_liquor / cake_liquor : 0.0;
  const double remaining = wash ? remaining_solute_fraction(wash_ratio, *wash_efficiency_) : 1.0;
  const double wash_share = wash_liquor > 0.0 ? (1.0 - remaining) * cake_liquor / wash_liquor : 0.0;
  for (std::size_t s = 0; s < database.size(); ++s) {
    if (database.species(s).phase != thermo::Phase::kAqueous) continue;
    double amount = remaining * retained * feed.amount(s);
    if (wash) amount += wash_share * wash->amount(s);
    cake.set_amount(s, amount);
  }
  thermo::Stream filtrate = feed;
  if (wash) filtrate = thermo::mix({&feed, &*wash});
  cake.temperature = filtrate.temperature;
  filtrate.amounts() -= cake.amounts();
  filtrate.amounts() = filtrate.amounts().cwiseMax(0.0);  // rounding of x − x·1
  cake.size_distribution = feed.size_distribution;
  filtrate.size_distribution = feed.size_distribution;

  report_.values.push_back({"solids_recovery", solids_recovery_, "1"});
  report_.values.push_back({"cake_liquor", cake_liquor, "kg/s"});
  report_.values.push_back({"cake_liquor_fraction", cake_liquid_fraction_, "1"});
  if (wash) {
    report_.values.push_back({"wash_ratio", wash_ratio, "1"});
    report_.values.push_back({"remaining_solute_fraction", remaining, "1"});
  }
  // Soluble losses: share of each dissolved element (feed + wash liquor) that
  // leaves with the cake liquor.
  for (const Element* element : database.elements()) {
    const std::string symbol(element->symbol);
    if (symbol == "H" || symbol == "O") continue;
    double dissolved = 0.0;
    double lost = 0.0;
    for (std::size_t s = 0; s < database.size(); ++s) {
      const thermo::Species& species = database.species(s);
      if (species.phase != thermo::Phase::kAqueous) continue;
      const double count = element_count(species, symbol);
      if (count == 0.0) continue;
      dissolved += count * (feed.amount(s) + (wash ? wash->amount(s) : 0.0));
      lost += count * cake.amount(s);
    }
    if (dissolved > 0.0) report_.values.push_back({fmt::format("soluble_loss[{}]", symbol), lost / dissolved, "1"});
  }
  outlets.insert_or_assign("cake", std::move(cake));
  outlets.insert_or_assign("filtrate", std::move(filtrate));
}

}  // namespace hydrosim::units
