#pragma once
// Aqueous speciation: given component totals (mol per kg of water) at T,
// the molality and activity of every aqueous species, pH, ionic strength,
// water activity, and the saturation index of every solid; optionally with
// a set of solids held at equilibrium (precipitating or dissolving).
//
// Unknowns: log10 m of each master species (H+ included), log10 I, log10 a_w
// and the amount of each solid present. Equations: mass balance of each
// component, charge balance (or fixed pH), the definitions of I and of a_w,
// and SI = 0 for each solid present. Newton on KINSOL with an analytic
// Jacobian. See docs/aqueous-chemistry.md for the equations.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hydrosim/thermo/ActivityModel.h"
#include "hydrosim/thermo/EquilibriumData.h"

namespace hydrosim::thermo {

struct SolutionInput {
  double temperature = 298.15;                  // K
  std::map<std::size_t, double> totals;         // master species index -> mol/kg water (> 0)
  std::optional<double> fixed_ph;               // else pH from the charge balance
  std::vector<std::size_t> equilibrium_solids;  // solids allowed to precipitate/dissolve
};

struct SpeciesState {
  std::size_t species;
  double molality;   // mol/kg water
  double log_gamma;  // log10 γ
  double activity;   // γ m
};

struct SaturationState {
  std::size_t solid;
  double saturation_index;  // log10(IAP/K)
  double log_k;             // at T
  double amount = 0.0;      // mol/kg water precipitated (equilibrium solids)
  bool at_equilibrium = false;
};

struct SpeciationResult {
  bool converged = false;
  std::string message;
  int iterations = 0;
  double temperature = 298.15;
  double ph = 7.0;              // −log10 a(H+)
  double ionic_strength = 0.0;  // mol/kg
  double water_activity = 1.0;
  double charge_imbalance = 0.0;                   // Σ z m, eq/kg water (≈ 0 unless pH is fixed)
  std::vector<SpeciesState> species;               // every species of the system
  std::vector<SaturationState> solids;             // every solid expressible in the components
  std::map<std::size_t, double> component_totals;  // recomputed from the species (and solids)
  std::vector<std::string> warnings;

  const SpeciesState* find(std::size_t species_index) const;
  const SaturationState* find_solid(std::size_t solid_index) const;
};

class Speciation {
 public:
  Speciation(std::shared_ptr<const Database> database, std::shared_ptr<const EquilibriumData> equilibria,
             std::string_view activity_model = "davies");
  ~Speciation();
  Speciation(Speciation&&) noexcept;
  Speciation& operator=(Speciation&&) noexcept;

  // Throws InputError for bad input (unknown or non-master component, negative
  // total, solid that cannot form from the components). A solve that does not
  // converge returns converged = false and a message naming the worst
  // equation; it never returns NaN.
  SpeciationResult solve(const SolutionInput& input);

  const Database& database() const { return *database_; }
  const EquilibriumData& equilibria() const { return *equilibria_; }
  const ActivityModel& activity_model() const { return *activity_; }

 private:
  class System;
  std::shared_ptr<const Database> database_;
  std::shared_ptr<const EquilibriumData> equilibria_;
  std::unique_ptr<ActivityModel> activity_;
  std::unique_ptr<System> cached_;  // last system, reused (warm start) when the components match
};

// The master species index for a component name: a master species name
// ("SO4-2") or an element symbol with a default master ("S" -> SO4-2).
std::size_t component_index(const Database& database, const EquilibriumData& equilibria, std::string_view name);

}  // namespace hydrosim::thermo
