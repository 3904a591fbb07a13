#pragma once
// Leaching kinetics of solid phases read from the `leaching_kinetics` section
// of thermo-data files (thermo-data/leaching-kinetics.yaml): per solid the
// rate-law form (shrinking core under surface-reaction or product-layer
// diffusion control, both in series, or Avrami), Arrhenius constants, orders
// in acid and reductant, and the balanced dissolution reaction; plus
// first-order homogeneous reactions of the liquor (H2O2 decomposition).
// See docs/leaching-and-separation.md for the equations.
#include <optional>
#include <string>
#include <vector>

#include "hydrosim/thermo/Database.h"
#include "hydrosim/thermo/ReactionEquation.h"

namespace hydrosim::thermo {

enum class LeachingModel {
  kShrinkingCoreReaction,   // Levenspiel (1999) eq. 25.23: t/τ = 1 − (1 − X)^(1/3)
  kShrinkingCoreDiffusion,  // Levenspiel (1999) eq. 25.18: t/τ = 1 − 3(1 − X)^(2/3) + 2(1 − X)
  kShrinkingCoreMixed,      // both resistances in series (additive reaction times)
  kAvrami,                  // 1 − X = exp(−(k t)^n)
};

std::string_view to_string(LeachingModel model);

// k(T) = k_ref exp(−Ea/R (1/T − 1/T_ref)).
struct ArrheniusRate {
  double at_reference = 0.0;           // 1/s
  double activation_energy = 0.0;      // J/mol
  double reference_temperature = 0.0;  // K
  double at(double temperature_kelvin) const;
};

// (c / c_ref)^order; a zero order still needs the species present (see docs).
struct ConcentrationDependence {
  std::size_t species = 0;
  double reference = 1.0;  // mol/m³
  double order = 0.0;
};

struct SolidKinetics {
  std::size_t solid = 0;
  LeachingModel model = LeachingModel::kShrinkingCoreReaction;
  ReactionEquation reaction;                    // dissolution, the solid a reactant
  std::optional<ArrheniusRate> reaction_rate;   // 1/τ_r at the reference state
  std::optional<ArrheniusRate> diffusion_rate;  // 1/τ_d at the reference state
  std::optional<ArrheniusRate> avrami_rate;     // k of the Avrami form
  double avrami_exponent = 1.0;
  double reference_particle_size = 0.0;              // m (diameter) at which the rates apply
  std::vector<ConcentrationDependence> dependences;  // acid (H+) and reductant
  std::vector<std::string> sources;
  std::string defined_at;  // file:line:column of the entry
};

// r = k(T) (c/c_ref)^order of one species, mol/(m³ s) = k·c.
struct HomogeneousKinetics {
  std::string name;
  ReactionEquation reaction;
  std::size_t species = 0;  // the species whose concentration drives the rate (first order)
  ArrheniusRate rate;
  std::vector<std::string> sources;
};

class LeachingKineticsData {
 public:
  // Reads the `leaching_kinetics` section of every file of the database.
  static LeachingKineticsData load(const Database& database);

  const std::vector<SolidKinetics>& solids() const { return solids_; }
  const std::vector<HomogeneousKinetics>& homogeneous() const { return homogeneous_; }
  const SolidKinetics* find(std::size_t solid) const;
  const HomogeneousKinetics* find_homogeneous(std::string_view name) const;

 private:
  std::vector<SolidKinetics> solids_;
  std::vector<HomogeneousKinetics> homogeneous_;
};

}  // namespace hydrosim::thermo
