#pragma once
// What can exist: one chemical species with its formula, phase and
// (where known) standard thermodynamic properties, each with its source.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hydrosim/core/Formula.h"

namespace hydrosim::thermo {

enum class Phase { kAqueous, kSolid, kLiquid, kGas, kOrganic };

std::string_view to_string(Phase phase);
std::optional<Phase> phase_from_string(std::string_view text);
const std::vector<std::string>& phase_names();

// Standard-state properties at 298.15 K and 1 bar, SI units. Aqueous species
// follow the hypothetical 1 mol/kg standard state and the H+ convention.
struct StandardProperties {
  std::optional<double> gibbs_formation;     // ΔfG°, J/mol
  std::optional<double> enthalpy_formation;  // ΔfH°, J/mol
  std::optional<double> entropy;             // S°, J/(mol·K)
  std::optional<double> heat_capacity;       // Cp°, J/(mol·K)
  bool empty() const { return !gibbs_formation && !enthalpy_formation && !entropy && !heat_capacity; }
};

struct Species {
  std::string name;          // unique key, e.g. "Co+2", "CoSO4:7H2O", "NMC622"
  std::string formula_text;  // as written in the data file
  Formula formula;
  Phase phase = Phase::kAqueous;
  double molar_mass = 0.0;  // kg/mol, from the formula
  StandardProperties standard;
  std::vector<std::string> source_keys;  // keys into the database bibliography
  std::string note;
  std::string defined_at;  // file:line where the entry is

  int charge() const { return formula.charge; }
};

}  // namespace hydrosim::thermo
