#pragma once
// What leaves the plant as residue or effluent, per tonne of the basis feed
// (the black mass): dry and wet mass, moisture, composition and a
// classification flag per waste sink; the discharge checks of the plant's
// DischargeCheck units; and the water and sulfate flows in and out, which
// set the reagent and residue tonnage. Filled by compute_results.
#include <string>
#include <utility>
#include <vector>

#include "hydrosim/units/DischargeCheck.h"

namespace hydrosim::flowsheet {

struct Flowsheet;
struct SolvedFlowsheet;

struct ResidueRow {
  std::string sink;
  std::string description;
  std::string category;                                     // "residue" (solids dominate) or "effluent"
  double total = 0.0;                                       // kg/s
  double water = 0.0;                                       // kg/s of H2O
  double solids = 0.0;                                      // kg/s of solid-phase species
  double dissolved = 0.0;                                   // kg/s of other aqueous, liquid, organic, gas species
  double moisture = 0.0;                                    // (total − solids)/total: liquid share of the wet residue
  double per_tonne_wet = 0.0;                               // kg per t of basis feed
  double per_tonne_dry = 0.0;                               // kg of solids + dissolved matter per t of basis feed
  std::vector<std::pair<std::string, double>> composition;  // element mass fraction of the dry matter, largest first
  std::vector<std::string> flags;                           // thresholds exceeded
};

struct WaterSulfateRow {
  std::string name;       // unit (feed, reagent, internal dose) or sink
  std::string direction;  // "in" or "out"
  double water = 0.0;     // kg/s of H2O
  double sulfate = 0.0;   // kg/s of sulfate, SO4 equivalent of all S
};

struct DischargeSummary {
  std::string unit;
  units::DischargeResult result;
};

struct ResidueTables {
  std::vector<ResidueRow> residues;
  std::vector<WaterSulfateRow> water_sulfate;
  double water_in = 0.0, water_out = 0.0, sulfate_in = 0.0, sulfate_out = 0.0;
  std::vector<DischargeSummary> discharge;
  std::string thresholds_source;  // file the classification thresholds came from ("" when none)
};

// Uses the thresholds in <thermo-data>/limits/residue-thresholds.yaml when present.
ResidueTables compute_residue_tables(const Flowsheet& plant, const SolvedFlowsheet& solved, double basis_mass_flow);

}  // namespace hydrosim::flowsheet
