#pragma once
// Specific ion interaction theory (SIT; Brønsted–Guggenheim–Scatchard), as
// used by the NEA Thermochemical Database (Grenthe, Plyasunov & Spahiu 1997,
// "Estimations of medium effects on thermodynamic data", in Modelling in
// Aquatic Chemistry, NEA/OECD, ch. IX, eqs. IX.4-IX.5):
//   log10 γ_i = −z_i² D + Σ_k ε(i,k) m_k,   D = A(T) √I / (1 + 1.5 √I),
// the sum over the ions k of opposite charge, ε in kg/mol. Neutral species
// have γ = 1. ε values are the NEA-TDB selections as compiled in ThermoChimie
// v12a (table in SitModel.cpp with the source of each); a pair without a
// value has ε = 0 (an engineering assumption, listed by unknown_pairs()).
#include <string>
#include <vector>

#include "hydrosim/thermo/ActivityModel.h"

namespace hydrosim::thermo {

// One tabulated ε(cation, anion) in kg/mol at 25 °C.
struct SitCoefficient {
  const char* cation;
  const char* anion;
  double epsilon;
};

// The ε table (every pair this build knows).
std::span<const SitCoefficient> sit_coefficients();

class SitModel final : public ActivityModel {
 public:
  std::string_view name() const override { return "sit"; }
  // ε is constant in molality to about I = 3.5-4 mol/kg (Grenthe et al. 1997,
  // §IX.2); beyond that the ε of many pairs drifts (NaCl: tests/unit/test_activity_models.cpp).
  double validity_limit() const override { return 4.0; }
  // The Debye–Hückel term −z² D, D = A(T) √I / (1 + 1.5 √I).
  void log_gamma(int charge, double ion_size, double ionic_strength, double temperature, double& value,
                 double& derivative) const override;
  // ε(i,k) for every tabulated cation-anion pair present (both directions).
  // ε is its 25 °C value at every temperature (ThermoChimie gives no
  // temperature coefficients for these pairs).
  std::vector<SpecificInteraction> interactions(std::span<const ActivitySpecies> species,
                                                double temperature) const override;

  // Cation-anion pairs of `species` (charged, both present) with no tabulated ε,
  // as "cation/anion" strings: they get ε = 0.
  static std::vector<std::string> unknown_pairs(std::span<const ActivitySpecies> species);
  std::vector<std::string> missing_interactions(std::span<const ActivitySpecies> species) const override {
    return unknown_pairs(species);
  }
};

}  // namespace hydrosim::thermo
