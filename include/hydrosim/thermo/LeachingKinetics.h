#pragma once
// Leaching kinetics of solid phases read from the `leaching_kinetics` section
// of thermo-data files (thermo-data/leaching-kinetics.yaml): per solid the
// rate-law form (shrinking core under surface-reaction or product-layer
// diffusion control, both in series, or Avrami), Arrhenius constants, orders
// in acid and reductant, and the balanced dissolution reaction; plus
// first-order homogeneous reactions of the liquor (H2O2 decomposition); and
// alternative reductants (SO2, metabisulfite, glucose) for H2O2.
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

// An alternative to H2O2 as the reductant of the reductive leaching of
// Co(III)/Ni(III)/Mn(III,IV) oxides. `exchange` is the balanced, electron-free
// difference of the two oxidation half-reactions per H2O2, written with the
// reductant and O2(g) as reactants and H2O2(aq) as product, e.g.
//   SO2(aq) + O2(g) + 2 H2O = SO4-2 + 2 H+ + H2O2(aq)
// (SO2 + 2 H2O -> SO4-2 + 4 H+ + 2 e-  minus  H2O2 -> O2 + 2 H+ + 2 e-).
// Adding it |nu_H2O2| times to a solid's H2O2 reaction removes H2O2 and O2
// and leaves the same reduction done by the other reductant.
struct ReductantOption {
  std::size_t species = 0;  // the reductant (SO2(aq), S2O5-2, C6H12O6(aq))
  ReactionEquation exchange;
  double per_peroxide = 0.0;  // mol of reductant that supply the electrons of 1 mol H2O2 (2 e-)
  std::vector<std::string> sources;
  std::string defined_at;
};

// The kinetics of `base` with `option` as the reductant: the reaction gets
// |nu_H2O2| x exchange added (terms below 1e-12 of the largest dropped), and
// the reductant dependence moves to the new species with its reference scaled
// to the same electron equivalents (c_ref x per_peroxide); rate constants are
// kept. Throws InputError when `base` does not use H2O2 as a reductant (no
// H2O2 consumed, or not exactly as much O2(g) made: H2O2 as an oxidant, LFP, Cu).
SolidKinetics with_reductant(const SolidKinetics& base, const ReductantOption& option, const Database& database);
// True when the reaction of `kinetics` consumes H2O2(aq) and releases the same amount of O2(g).
bool uses_peroxide_as_reductant(const SolidKinetics& kinetics, const Database& database);

class LeachingKineticsData {
 public:
  // Reads the `leaching_kinetics` section of every file of the database.
  static LeachingKineticsData load(const Database& database);

  const std::vector<SolidKinetics>& solids() const { return solids_; }
  const std::vector<HomogeneousKinetics>& homogeneous() const { return homogeneous_; }
  const SolidKinetics* find(std::size_t solid) const;
  const HomogeneousKinetics* find_homogeneous(std::string_view name) const;
  const std::vector<ReductantOption>& reductants() const { return reductants_; }
  const ReductantOption* find_reductant(std::size_t species) const;

 private:
  std::vector<SolidKinetics> solids_;
  std::vector<HomogeneousKinetics> homogeneous_;
  std::vector<ReductantOption> reductants_;
};

}  // namespace hydrosim::thermo
