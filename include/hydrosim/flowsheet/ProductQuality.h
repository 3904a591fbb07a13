#pragma once
// Product purity against a battery-grade specification (thermo-data/reporting/
// product-specs.yaml). Evaluated on a dry basis: free water (species H2O) is
// reported as moisture and left out of the denominator; crystal water of a
// hydrate belongs to the compound. Equations: docs/reports-compliance-economics.md.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hydrosim/thermo/Stream.h"

namespace hydrosim::flowsheet {

struct SpecificationLimit {
  double value = 0.0;     // mass fraction, or mg/kg for impurities
  bool verified = false;  // read in the cited standard (true) or a placeholder / secondary quotation
  std::string note;
};

struct ProductSpecification {
  std::string key;  // e.g. "li2co3_battery_grade"
  std::string title;
  std::string standard;  // e.g. "YS/T 582-2013"
  std::vector<std::string> source_keys;
  std::string compound;  // database species name, e.g. "NiSO4:6H2O"; with constituents, a label
  // Species that together make the compound, when a block model carries it as
  // several species (a mixed Ni/Co/Mn hydroxide as Ni(OH)2 + Co(OH)2 + Mn(OH)2).
  // Empty: the compound itself is the one species.
  std::vector<std::string> constituents;
  std::vector<std::string> species() const { return constituents.empty() ? std::vector{compound} : constituents; }
  SpecificationLimit min_purity;
  std::optional<SpecificationLimit> max_moisture;
  std::string assay_element;  // e.g. "Ni"; empty: no assay limit
  std::optional<SpecificationLimit> min_assay;
  std::map<std::string, SpecificationLimit> max_impurities_mg_per_kg;  // element symbol -> limit
};

struct QualityCheck {
  std::string quantity;  // "purity", "moisture", "assay Ni", "Na"
  std::string units;     // "1" (mass fraction) or "mg/kg"
  double value = 0.0;
  double limit = 0.0;
  bool is_minimum = false;
  bool verified = false;
  bool pass() const { return is_minimum ? value >= limit : value <= limit; }
};

struct ProductQuality {
  std::string sink;
  std::string specification;  // key
  std::string standard;
  std::string compound;
  double mass_flow = 0.0;                              // kg/s, as it leaves (wet)
  double dry_mass_flow = 0.0;                          // kg/s, without free water
  double compound_mass_flow = 0.0;                     // kg/s
  double purity = 0.0;                                 // compound / dry mass
  double moisture = 0.0;                               // free water / wet mass
  std::map<std::string, double> impurities_mg_per_kg;  // every element not in the compound (H, O excluded)
  std::vector<QualityCheck> checks;
  bool pass() const;
};

// Purity, moisture, assay and impurities of `product` (a sink's inlet stream)
// against `specification`. The compound (or each constituent) must be a species
// of the stream's database.
ProductQuality assess_product(const std::string& sink, const thermo::Stream& product,
                              const ProductSpecification& specification);

}  // namespace hydrosim::flowsheet
