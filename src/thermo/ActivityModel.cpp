#include "hydrosim/thermo/ActivityModel.h"

#include <algorithm>
#include <cmath>

#include "hydrosim/thermo/Database.h"
#include "hydrosim/thermo/PitzerModel.h"
#include "hydrosim/thermo/SitModel.h"
#include "hydrosim/thermo/Stream.h"

namespace hydrosim::thermo {
namespace {

constexpr double kBDot25C = 0.041;       // Helgeson (1969), Table 2, 25 °C
constexpr double kDefaultIonSize = 4.0;  // Å, when a species has none (see docs/aqueous-chemistry.md)

}  // namespace

double water_dielectric_constant(double temperature_kelvin) {
  // Malmberg, C.G., Maryott, A.A. (1956) J. Res. Natl. Bur. Stand. 56, 1-8, eq. 1; 0-100 °C.
  const double t = temperature_kelvin - 273.15;
  return 87.740 - 0.40008 * t + 9.398e-4 * t * t - 1.410e-6 * t * t * t;
}

double debye_huckel_a(double temperature_kelvin) {
  const double rho = water_density(temperature_kelvin) * 1e-3;  // g/cm³
  const double eps_t = water_dielectric_constant(temperature_kelvin) * temperature_kelvin;
  return 1.82483e6 * std::sqrt(rho) / std::pow(eps_t, 1.5);
}

double debye_huckel_b(double temperature_kelvin) {
  const double rho = water_density(temperature_kelvin) * 1e-3;
  const double eps_t = water_dielectric_constant(temperature_kelvin) * temperature_kelvin;
  return 50.2916 * std::sqrt(rho) / std::sqrt(eps_t);
}

std::vector<SpecificInteraction> ActivityModel::interactions(std::span<const ActivitySpecies> /*species*/,
                                                             double /*temperature*/) const {
  return {};
}

std::vector<std::string> ActivityModel::missing_interactions(std::span<const ActivitySpecies> /*species*/) const {
  return {};
}

std::unique_ptr<CompositionTerms> ActivityModel::bind(std::span<const ActivitySpecies> /*species*/,
                                                      double /*temperature*/) const {
  return nullptr;
}

bool ActivityModel::admits(std::string_view /*species*/, int /*charge*/) const { return true; }

std::vector<std::string> ActivityModel::warnings(std::span<const ActivitySpecies> /*species*/,
                                                 double /*temperature*/) const {
  return {};
}

void ActivityModel::log_gamma_composition(std::span<const ActivitySpecies> species, std::span<const double> molalities,
                                          double ionic_strength, double temperature, std::span<double> value,
                                          std::span<double> derivative) const {
  for (std::size_t i = 0; i < species.size(); ++i) {
    log_gamma(species[i].charge, species[i].ion_size, ionic_strength, temperature, value[i], derivative[i]);
  }
  for (const auto& term : interactions(species, temperature)) {
    value[term.species] += term.coefficient * molalities[term.partner];
  }
}

void DaviesModel::log_gamma(int charge, double /*ion_size*/, double ionic_strength, double temperature, double& value,
                            double& derivative) const {
  if (charge == 0) {
    value = 0.0;
    derivative = 0.0;
    return;
  }
  const double a = debye_huckel_a(temperature);
  const double z2 = static_cast<double>(charge * charge);
  const double root = std::sqrt(std::max(ionic_strength, 0.0));
  value = -a * z2 * (root / (1.0 + root) - 0.3 * ionic_strength);
  // d/dI [√I/(1+√I)] = 1 / (2√I (1+√I)²)
  derivative = root > 0.0 ? -a * z2 * (1.0 / (2.0 * root * (1.0 + root) * (1.0 + root)) - 0.3) : 0.0;
}

void BDotModel::log_gamma(int charge, double ion_size, double ionic_strength, double temperature, double& value,
                          double& derivative) const {
  if (charge == 0) {
    value = 0.0;
    derivative = 0.0;
    return;
  }
  const double a = debye_huckel_a(temperature);
  const double b = debye_huckel_b(temperature);
  const double size = ion_size > 0.0 ? ion_size : kDefaultIonSize;
  const double z2 = static_cast<double>(charge * charge);
  const double root = std::sqrt(std::max(ionic_strength, 0.0));
  const double denominator = 1.0 + size * b * root;
  value = -a * z2 * root / denominator + kBDot25C * ionic_strength;
  // d/dI [√I/(1+c√I)] = 1 / (2√I (1+c√I)²)
  derivative = root > 0.0 ? -a * z2 / (2.0 * root * denominator * denominator) + kBDot25C : kBDot25C;
}

std::unique_ptr<ActivityModel> make_activity_model(std::string_view name, const std::filesystem::path& data_dir) {
  if (name == "davies") return std::make_unique<DaviesModel>();
  if (name == "b-dot") return std::make_unique<BDotModel>();
  if (name == "sit") return std::make_unique<SitModel>();
  if (name == "pitzer") return PitzerModel::from_data_dir(data_dir.empty() ? Database::default_data_dir() : data_dir);
  return nullptr;
}

std::vector<std::string> activity_model_names() { return {"davies", "b-dot", "sit", "pitzer"}; }

}  // namespace hydrosim::thermo
