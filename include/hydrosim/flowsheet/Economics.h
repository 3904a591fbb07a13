#pragma once
// Revenue, operating cost, margin and CO2-equivalent per tonne of the basis feed,
// from a dated, cited price deck (thermo-data/reporting/price-deck.yaml) with
// per-flowsheet overrides. Prices are held as USD per SI unit of what is priced
// (USD/kg, USD/J); emission factors as kg CO2e per SI unit. Equations:
// docs/reports-compliance-economics.md.
#include <map>
#include <string>
#include <vector>

#include "hydrosim/core/Quantity.h"

namespace hydrosim::flowsheet {

enum class PriceCategory { kProduct, kReagent, kUtility, kDisposal };
std::string_view to_string(PriceCategory category);

struct Price {
  std::string key;
  std::string text;         // as written ("37000 USD/t"), after overrides
  double usd_per_si = 0.0;  // USD per SI unit of `per`
  Dimension per;            // mass for products, reagents, disposal; energy or mass for utilities
  PriceCategory category = PriceCategory::kReagent;
  std::string per_element;  // products only: priced per mass of this contained element
  std::string source_key;
  bool verified = false;
  bool overridden = false;  // set by the flowsheet / --set
  std::string note;
};

struct EmissionFactor {
  std::string key;
  std::string text;
  double kg_per_si = 0.0;  // kg CO2e per SI unit of `per`
  Dimension per;
  std::string source_key;
  bool verified = false;
  bool overridden = false;
};

struct PriceDeck {
  std::string origin;  // file
  std::string title;
  std::string version;
  std::string date;
  std::string currency;
  std::map<std::string, Price> prices;
  std::map<std::string, EmissionFactor> emission_factors;
  std::map<std::string, std::string> sources;
};

// A utility consumption given in the flowsheet per tonne of basis feed
// ("350 kWh/t" of electricity, "0.8 t/t" of steam), kept as SI per kg of feed.
struct UtilityUse {
  std::string name;  // price / emission-factor key
  std::string text;
  double si_per_kg_feed = 0.0;
  Dimension dimension;  // of the consumption numerator (energy, mass)
  std::string note;
};

struct EconomicsSettings {
  PriceDeck deck;
  std::map<std::string, std::string> disposal;  // waste sink -> disposal price key
  std::vector<UtilityUse> utilities;
};

// The plant flows the economics needs, kg/s.
struct EconomicsFlows {
  double feed_mass_flow = 0.0;  // basis feed
  struct Reagent {
    std::string unit;
    std::map<std::string, double> species;  // species name -> kg/s
  };
  std::vector<Reagent> reagents;  // reagent feeds and non-basis feeds
  struct Product {
    std::string sink;
    std::string compound;  // empty: not valued
    double compound_mass_flow = 0.0;
    std::map<std::string, double> elements;  // element in the sink -> kg/s
  };
  std::vector<Product> products;
  std::vector<std::pair<std::string, double>> wastes;  // waste sink -> kg/s
  struct UnitUtility {
    std::string unit;
    std::string utility;  // price-deck key
    double rate = 0.0;    // SI per second (kg/s of steam)
    Dimension dimension;  // of the quantity (mass, energy)
  };
  std::vector<UnitUtility> unit_utilities;  // computed by the units (UsesUtilities)
};

struct EconomicsLine {
  std::string category;             // "revenue", "reagent", "utility", "disposal"
  std::string item;                 // unit / sink / utility
  std::string priced_as;            // price key
  double quantity_per_tonne = 0.0;  // SI units per t of basis feed (kg, J)
  std::string quantity_units;       // SI: "kg", "J" (tables show kWh), "m3"
  double usd_per_tonne = 0.0;       // signed: revenue positive, costs negative
  double co2e_kg_per_tonne = 0.0;
  bool price_verified = false;
  bool has_emission_factor = false;
  bool factor_verified = false;
};

struct EconomicsReport {
  std::string deck_origin;
  std::string deck_date;
  std::string deck_version;
  std::vector<EconomicsLine> lines;
  double revenue = 0.0;  // USD per t of basis feed
  double reagent_cost = 0.0;
  double utility_cost = 0.0;
  double disposal_cost = 0.0;
  double margin = 0.0;                // revenue − costs
  double co2e = 0.0;                  // kg CO2e per t of basis feed (reagents + utilities)
  double water = 0.0;                 // kg of H2O brought in by reagent solutions and other feeds per t of basis feed
  std::vector<std::string> unpriced;  // what had no price (reagent species, unvalued products, unassigned wastes)
  int unverified_prices = 0;
};

EconomicsReport compute_economics(const EconomicsSettings& settings, const EconomicsFlows& flows);

}  // namespace hydrosim::flowsheet
