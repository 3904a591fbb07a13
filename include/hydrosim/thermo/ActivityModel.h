#pragma once
// Activity coefficients of aqueous species. Ion-only models (Davies, B-dot)
// depend on the charge and the ionic strength; specific-interaction models
// (SIT) add terms linear in the molalities of the counter-ions:
//   log10 γ_i = f(z_i, I, T) + Σ_k c_ik m_k.
// Callers see only this interface, so further models are new classes.
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hydrosim::thermo {

// Debye–Hückel parameters of water at temperature T (K), from the dielectric
// constant (Malmberg & Maryott 1956) and density (Kell 1975) of water:
//   A = 1.82483e6 √ρ / (εT)^{3/2}   [kg^{1/2} mol^{-1/2}]
//   B = 50.2916 √ρ / (εT)^{1/2}     [kg^{1/2} mol^{-1/2} Å^{-1}]   (ρ in g/cm³)
// (Helgeson & Kirkham 1974, Am. J. Sci. 274, 1199, eqs. 45-46 form).
double debye_huckel_a(double temperature_kelvin);
double debye_huckel_b(double temperature_kelvin);
double water_dielectric_constant(double temperature_kelvin);

// The species of a system, as an activity model sees them.
struct ActivitySpecies {
  std::string name;  // as in the thermo data ("Na+", "SO4-2", "NaSO4-")
  int charge = 0;
  double ion_size = 0.0;  // Å, 0 when unknown
};

// One composition-dependent term: log10 γ of `species` gains coefficient · m(partner)
// (indices into the species list; coefficient in kg/mol).
struct SpecificInteraction {
  std::size_t species;
  std::size_t partner;
  double coefficient;
};

// The composition-dependent part of a model whose terms are not linear in
// the molalities (Pitzer), bound to one species list. The speciation solver
// carries each species' value as an unknown σ_i with the equation
// σ_i − value_i(m, I) = 0, using the derivatives for its analytic Jacobian.
class CompositionTerms {
 public:
  virtual ~CompositionTerms() = default;
  // value[i]: log10 γ_i beyond log_gamma(); d_dm: row-major n × n
  // ∂value_i/∂m_k; d_dI: ∂value_i/∂I (I independent). osmotic: Σ m (φ − 1)
  // in mol/kg, so that ln a_w = −M_w (Σ m + osmotic), with its gradient.
  virtual void evaluate(std::span<const double> molalities, double ionic_strength, std::span<double> value,
                        std::span<double> d_dm, std::span<double> d_dI, double& osmotic, std::span<double> d_osmotic_dm,
                        double& d_osmotic_dI) const = 0;
};

class ActivityModel {
 public:
  virtual ~ActivityModel() = default;
  virtual std::string_view name() const = 0;
  // Ionic strength (mol/kg) up to which the model is trustworthy (documented).
  virtual double validity_limit() const = 0;
  // log10 γ and d(log10 γ)/dI of a species of charge z and ion size å (Å).
  // For specific-interaction models this is the ion term f(z, I, T) only.
  virtual void log_gamma(int charge, double ion_size, double ionic_strength, double temperature, double& value,
                         double& derivative) const = 0;

  // The composition-dependent terms c_ik for a set of species (both directions
  // of every pair are listed). Ion-only models have none (the default).
  virtual std::vector<SpecificInteraction> interactions(std::span<const ActivitySpecies> species,
                                                        double temperature) const;

  // Cation-anion pairs among `species` for which the model has no parameter
  // and uses 0, as "cation/anion" (none for ion-only models).
  virtual std::vector<std::string> missing_interactions(std::span<const ActivitySpecies> species) const;

  // log10 γ of every species of a composition at ionic strength I: the ion
  // term plus Σ_k c_ik m_k; derivative = ∂ log10 γ / ∂I at fixed molalities.
  // The default combines the two methods above, so a model overrides it only
  // when its composition dependence is not of that form.
  // Non-linear composition terms for a species list (nullptr: none; the
  // linear interactions() above are then used).
  virtual std::unique_ptr<CompositionTerms> bind(std::span<const ActivitySpecies> species, double temperature) const;
  // Whether an aqueous complex of the equilibrium data belongs in a
  // speciation with this model (a Pitzer parameter set fitted with the salts
  // fully dissociated excludes the ion pairs it already accounts for).
  virtual bool admits(std::string_view species, int charge) const;
  // Warnings about a species set at a temperature (e.g. parameters without
  // temperature data used off 25 °C).
  virtual std::vector<std::string> warnings(std::span<const ActivitySpecies> species, double temperature) const;

  virtual void log_gamma_composition(std::span<const ActivitySpecies> species, std::span<const double> molalities,
                                     double ionic_strength, double temperature, std::span<double> value,
                                     std::span<double> derivative) const;
};

// Davies (1962): log γ = −A z² (√I/(1+√I) − 0.3 I); neutral species γ = 1.
// Trustworthy to I ≈ 0.5 mol/kg.
class DaviesModel final : public ActivityModel {
 public:
  std::string_view name() const override { return "davies"; }
  double validity_limit() const override { return 0.5; }
  void log_gamma(int charge, double ion_size, double ionic_strength, double temperature, double& value,
                 double& derivative) const override;
};

// B-dot / extended Debye–Hückel (Helgeson 1969, Am. J. Sci. 267, 729):
// log γ = −A z² √I / (1 + å B √I) + Ḃ I, with Ḃ = 0.041 at 25 °C (Helgeson 1969,
// NaCl-dominated solutions); neutral species γ = 1. Trustworthy to I ≈ 1 mol/kg
// (to ~3 mol/kg in NaCl-like media).
class BDotModel final : public ActivityModel {
 public:
  std::string_view name() const override { return "b-dot"; }
  double validity_limit() const override { return 1.0; }
  void log_gamma(int charge, double ion_size, double ionic_strength, double temperature, double& value,
                 double& derivative) const override;
};

// `data_dir` is the thermo-data directory the model's own parameters are read
// from (Pitzer: <data_dir>/pitzer.yaml); empty: Database::default_data_dir().
std::unique_ptr<ActivityModel> make_activity_model(std::string_view name, const std::filesystem::path& data_dir = {});
std::vector<std::string> activity_model_names();

}  // namespace hydrosim::thermo
