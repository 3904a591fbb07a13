#pragma once
// Pitzer ion-interaction model (Pitzer 1973, J. Phys. Chem. 77, 268; Pitzer &
// Mayorga 1973, J. Phys. Chem. 77, 2300, and 1974, J. Solution Chem. 3, 539)
// in the multicomponent form of Harvie, Møller & Weare (1984), Geochim.
// Cosmochim. Acta 48, 723, eqs. 1-8 with the unsymmetric E-θ terms (eqs.
// A1-A3, J(x) by Pitzer 1975 eq. 47), without neutral-species λ/ζ terms
// (neutral γ = 1).
// Parameters: thermo-data/pitzer.yaml. Equations: docs/aqueous-chemistry.md.
#include <filesystem>
#include <string>
#include <vector>

#include "hydrosim/thermo/ActivityModel.h"

namespace hydrosim::thermo {

// A parameter in the temperature form of PHREEQC's pitzer.dat:
// P(T) = a0 + a1 (1/T − 1/Tr) + a2 ln(T/Tr) + a3 (T − Tr) + a4 (T² − Tr²).
struct PitzerCoefficient {
  double a[5] = {0.0, 0.0, 0.0, 0.0, 0.0};
  bool temperature_dependent = false;
  double at(double temperature) const;
};

struct PitzerBinary {
  std::string cation, anion;
  PitzerCoefficient beta0, beta1, beta2, cphi;
};

struct PitzerMixing {  // θ(i, j) of two ions of the same sign
  std::string first, second;
  double theta = 0.0;
};

struct PitzerTriple {  // ψ(i, j, k): i, j of one sign, k of the other
  std::string first, second, other;
  double psi = 0.0;
};

struct PitzerParameters {
  std::vector<std::string> species;  // complexes (besides masters) the set treats explicitly
  std::vector<PitzerBinary> binaries;
  std::vector<PitzerMixing> thetas;
  std::vector<PitzerTriple> psis;
  // Reads the `pitzer` section of a thermo-data file; errors name
  // file:line:column and key (InputError).
  static PitzerParameters load(const std::filesystem::path& file);
};

// Debye–Hückel osmotic slope Aφ (kg^½ mol^−½): 0.3915 at 25 °C (Pitzer &
// Mayorga 1973; HMW84 use 0.392), scaled off 25 °C by the temperature
// dependence of the project's Debye–Hückel A(T) (Aφ = ln10·A/3 is the exact
// thermodynamic relation; the ratio A(T)/A(298.15) is used so that 25 °C
// gives the value the parameters were fitted with).
double pitzer_a_phi(double temperature_kelvin);

// J(x) of the unsymmetric mixing term E-θ, Pitzer (1975) eq. 47 (x > 0).
double pitzer_j_function(double x);

// ln γ of every charged species and Σ m_i (φ − 1) of a solution (molal),
// and their exact derivatives with respect to each molality and to I (I is
// an independent argument, as the speciation solver carries it as an
// unknown; a consistent caller passes I = ½ Σ z² m).
struct PitzerEvaluation {
  std::vector<double> ln_gamma;       // per species (0 for neutral species)
  std::vector<double> d_ln_gamma_dm;  // row-major n × n
  std::vector<double> d_ln_gamma_dI;
  double osmotic_excess = 0.0;  // Σ m (φ − 1), mol/kg
  std::vector<double> d_osmotic_dm;
  double d_osmotic_dI = 0.0;
};

class PitzerModel final : public ActivityModel {
 public:
  explicit PitzerModel(PitzerParameters parameters);
  static std::unique_ptr<PitzerModel> from_data_dir(const std::filesystem::path& directory);

  std::string_view name() const override { return "pitzer"; }
  // HMW84 fit their parameters to I ≈ 6 (NaCl) – 20 mol/kg; the binary
  // sulfate parameters of Pitzer & Mayorga hold to their stated maximum
  // molalities (2-4 mol/kg for the 2-2 salts), so 6 mol/kg is the warning limit.
  double validity_limit() const override { return 6.0; }
  // The ion term z² f^γ(I)/ln10 (f^γ of HMW84 eq. 4, b = 1.2).
  void log_gamma(int charge, double ion_size, double ionic_strength, double temperature, double& value,
                 double& derivative) const override;
  std::vector<std::string> missing_interactions(std::span<const ActivitySpecies> species) const override;
  bool admits(std::string_view species, int charge) const override;
  std::vector<std::string> warnings(std::span<const ActivitySpecies> species, double temperature) const override;
  std::unique_ptr<CompositionTerms> bind(std::span<const ActivitySpecies> species, double temperature) const override;

  // Full evaluation (ln γ including the f^γ term) for tests and reports.
  PitzerEvaluation evaluate(std::span<const ActivitySpecies> species, std::span<const double> molalities,
                            double temperature) const;

  const PitzerParameters& parameters() const { return parameters_; }

 private:
  PitzerParameters parameters_;
};

}  // namespace hydrosim::thermo
