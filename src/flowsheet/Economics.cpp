#include "hydrosim/flowsheet/Economics.h"

#include <fmt/format.h>

namespace hydrosim::flowsheet {
namespace {

constexpr double kKilogramsPerTonne = 1000.0;

const Price* find_price(const EconomicsSettings& settings, const std::string& key, PriceCategory category) {
  const auto it = settings.deck.prices.find(key);
  return it != settings.deck.prices.end() && it->second.category == category ? &it->second : nullptr;
}

// The SI unit a utility quantity is kept in, for tables ("J" is shown as kWh).
std::string si_symbol(const Dimension& dimension) {
  if (dimension == Dimension::energy()) return "J";
  if (dimension == Dimension::mass()) return "kg";
  if (dimension == Dimension::volume()) return "m3";
  return dimension.describe();
}

const EmissionFactor* find_factor(const EconomicsSettings& settings, const std::string& key) {
  const auto it = settings.deck.emission_factors.find(key);
  return it == settings.deck.emission_factors.end() ? nullptr : &it->second;
}

}  // namespace

std::string_view to_string(PriceCategory category) {
  switch (category) {
    case PriceCategory::kProduct: return "product";
    case PriceCategory::kReagent: return "reagent";
    case PriceCategory::kUtility: return "utility";
    case PriceCategory::kDisposal: return "disposal";
  }
  return "?";
}

EconomicsReport compute_economics(const EconomicsSettings& settings, const EconomicsFlows& flows) {
  EconomicsReport report;
  report.deck_origin = settings.deck.origin;
  report.deck_date = settings.deck.date;
  report.deck_version = settings.deck.version;
  if (flows.feed_mass_flow <= 0.0) return report;
  // kg/s of anything -> kg per tonne of basis feed.
  const double per_tonne = kKilogramsPerTonne / flows.feed_mass_flow;
  const auto count = [&](const Price& price) {
    if (!price.verified) ++report.unverified_prices;
  };

  // Revenue: m(compound) × price, or m(contained element) × price for per_element prices.
  for (const auto& product : flows.products) {
    const Price* price =
        product.compound.empty() ? nullptr : find_price(settings, product.compound, PriceCategory::kProduct);
    if (price == nullptr) {
      report.unpriced.push_back(
          fmt::format("product sink '{}'{}", product.sink,
                      product.compound.empty() ? " (no specification)" : " (" + product.compound + ")"));
      continue;
    }
    double mass = product.compound_mass_flow;
    if (!price->per_element.empty()) {
      const auto it = product.elements.find(price->per_element);
      mass = it == product.elements.end() ? 0.0 : it->second;
    }
    EconomicsLine line{"revenue",        product.sink, price->key,
                       mass * per_tonne, "kg",         mass * per_tonne * price->usd_per_si};
    line.price_verified = price->verified;
    count(*price);
    report.revenue += line.usd_per_tonne;
    report.lines.push_back(line);
  }

  // Reagents: every species of every reagent feed, at its own price and emission factor.
  for (const auto& reagent : flows.reagents) {
    for (const auto& [species, mass] : reagent.species) {
      if (mass <= 0.0) continue;
      if (species == "H2O") report.water += mass * per_tonne;
      const Price* price = find_price(settings, species, PriceCategory::kReagent);
      const EmissionFactor* factor = find_factor(settings, species);
      EconomicsLine line{"reagent", reagent.unit, species, mass * per_tonne, "kg"};
      if (price != nullptr) {
        line.usd_per_tonne = -mass * per_tonne * price->usd_per_si;
        line.price_verified = price->verified;
        count(*price);
      } else {
        report.unpriced.push_back(fmt::format("reagent {} in '{}'", species, reagent.unit));
      }
      if (factor != nullptr) {
        line.has_emission_factor = true;
        line.factor_verified = factor->verified;
        line.co2e_kg_per_tonne = mass * per_tonne * factor->kg_per_si;
      }
      report.reagent_cost -= line.usd_per_tonne;
      report.co2e += line.co2e_kg_per_tonne;
      report.lines.push_back(line);
    }
  }

  // Utilities: consumption per kg of feed × 1000 × price per SI unit; those a
  // unit computes (an evaporator's steam) as their rate per feed mass flow.
  const auto add_utility = [&](const std::string& item, const std::string& utility, double quantity,
                               const Dimension& dimension) {
    const Price* price = find_price(settings, utility, PriceCategory::kUtility);
    const EmissionFactor* factor = find_factor(settings, utility);
    EconomicsLine line{"utility", item, utility, quantity, si_symbol(dimension)};
    if (price != nullptr) {
      line.usd_per_tonne = -quantity * price->usd_per_si;
      line.price_verified = price->verified;
      count(*price);
    } else {
      report.unpriced.push_back(item == utility ? "utility " + utility
                                                : fmt::format("utility {} of '{}'", utility, item));
    }
    if (factor != nullptr) {
      line.has_emission_factor = true;
      line.factor_verified = factor->verified;
      line.co2e_kg_per_tonne = quantity * factor->kg_per_si;
    }
    report.utility_cost -= line.usd_per_tonne;
    report.co2e += line.co2e_kg_per_tonne;
    report.lines.push_back(line);
  };
  for (const auto& utility : settings.utilities) {
    add_utility(utility.name, utility.name, utility.si_per_kg_feed * kKilogramsPerTonne, utility.dimension);
  }
  for (const auto& use : flows.unit_utilities) {
    add_utility(use.unit, use.utility, use.rate * per_tonne, use.dimension);
  }

  // Disposal: the waste sink's whole mass (wet, as it leaves) × disposal price.
  for (const auto& [sink, mass] : flows.wastes) {
    const auto assigned = settings.disposal.find(sink);
    if (assigned == settings.disposal.end()) continue;  // no disposal cost (vent gas, condensate)
    const Price* price = find_price(settings, assigned->second, PriceCategory::kDisposal);
    if (price == nullptr) {
      report.unpriced.push_back("disposal of " + sink);
      continue;
    }
    EconomicsLine line{"disposal", sink, price->key, mass * per_tonne, "kg", -mass * per_tonne * price->usd_per_si};
    line.price_verified = price->verified;
    count(*price);
    report.disposal_cost -= line.usd_per_tonne;
    report.lines.push_back(line);
  }
  report.margin = report.revenue - report.reagent_cost - report.utility_cost - report.disposal_cost;
  return report;
}

}  // namespace hydrosim::flowsheet
