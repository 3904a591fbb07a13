#include "hydrosim/thermo/Stream.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::thermo {

Stream::Stream(std::shared_ptr<const Database> database)
    : database_(std::move(database)), amounts_(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(database_->size()))) {}

double Stream::mass_flow(std::size_t species) const { return amount(species) * database_->species(species).molar_mass; }

double Stream::total_mass_flow() const { return amounts_.dot(database_->molar_masses()); }

double Stream::phase_mass_flow(Phase phase) const {
  double total = 0.0;
  for (std::size_t i = 0; i < database_->size(); ++i) {
    if (database_->species(i).phase == phase) total += mass_flow(i);
  }
  return total;
}

double Stream::phase_amount(Phase phase) const {
  double total = 0.0;
  for (std::size_t i = 0; i < database_->size(); ++i) {
    if (database_->species(i).phase == phase) total += amount(i);
  }
  return total;
}

Eigen::VectorXd Stream::element_flows() const { return database_->element_matrix().transpose() * amounts_; }

Eigen::VectorXd Stream::element_mass_flows() const {
  Eigen::VectorXd flows = element_flows();
  for (Eigen::Index e = 0; e < flows.size(); ++e) {
    flows(e) *= database_->elements()[static_cast<std::size_t>(e)]->atomic_weight * 1e-3;
  }
  return flows;
}

double Stream::charge_flow() const { return amounts_.dot(database_->charges()); }

double water_density(double temperature_kelvin) {
  // Kell (1975), eq. 16, t in °C, valid 0-150 °C at 1 atm.
  const double t = temperature_kelvin - 273.15;
  const double numerator = 999.83952 + 16.945176 * t - 7.9870401e-3 * t * t - 46.170461e-6 * t * t * t +
                           105.56302e-9 * t * t * t * t - 280.54253e-12 * t * t * t * t * t;
  return numerator / (1.0 + 16.879850e-3 * t);
}

double Stream::aqueous_volume_flow() const {
  const auto water = database_->find("H2O");
  if (!water) return 0.0;
  return mass_flow(*water) / water_density(std::clamp(temperature, 273.15, 423.15));
}

double Stream::molarity(std::size_t species) const {
  const double volume = aqueous_volume_flow();
  if (volume <= 0.0 || database_->species(species).phase != Phase::kAqueous) return 0.0;
  return amount(species) / volume;
}

double Stream::mass_concentration(std::size_t species) const {
  return molarity(species) * database_->species(species).molar_mass;
}

Eigen::VectorXd Stream::solid_mass_by_size() const {
  if (!size_distribution) return {};
  Eigen::VectorXd mass = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(size_distribution->classes()));
  for (std::size_t i = 0; i < database_->size(); ++i) {
    if (database_->species(i).phase != Phase::kSolid || amount(i) == 0.0) continue;
    mass += mass_flow(i) * size_distribution->fractions.row(static_cast<Eigen::Index>(i)).transpose();
  }
  return mass;
}

namespace {

// The flow-weighted size distribution of the inlets that carry one.
std::optional<SizeDistribution> mixed_size_distribution(const std::vector<const Stream*>& streams) {
  const SizeDistribution* grid = nullptr;
  for (const Stream* stream : streams) {
    if (!stream->size_distribution) continue;
    if (grid == nullptr) {
      grid = &*stream->size_distribution;
    } else if (stream->size_distribution->sizes != grid->sizes) {
      throw Error("mix: streams carry size distributions on different size classes");
    }
  }
  if (grid == nullptr) return std::nullopt;
  SizeDistribution mixed{grid->sizes, Eigen::MatrixXd::Zero(grid->fractions.rows(), grid->fractions.cols())};
  Eigen::VectorXd weight = Eigen::VectorXd::Zero(grid->fractions.rows());
  for (const Stream* stream : streams) {
    if (!stream->size_distribution) continue;
    mixed.fractions += stream->amounts().asDiagonal() * stream->size_distribution->fractions;
    weight += stream->amounts();
  }
  for (Eigen::Index i = 0; i < weight.size(); ++i) {
    if (weight(i) > 0.0) mixed.fractions.row(i) /= weight(i);
  }
  return mixed;
}

}  // namespace

Stream mix(const std::vector<const Stream*>& streams) {
  if (streams.empty()) throw Error("mix: no streams to mix");
  Stream mixed(streams.front()->database_ptr());
  mixed.amounts().setZero();
  double mass = 0.0;
  double mass_temperature = 0.0;
  double pressure = std::numeric_limits<double>::infinity();
  for (const Stream* stream : streams) {
    if (&stream->database() != &mixed.database()) throw Error("mix: streams use different species databases");
    mixed.amounts() += stream->amounts();
    const double m = stream->total_mass_flow();
    mass += m;
    mass_temperature += m * stream->temperature;
    pressure = std::min(pressure, stream->pressure);
  }
  mixed.temperature = mass > 0.0 ? mass_temperature / mass : streams.front()->temperature;
  mixed.pressure = std::isfinite(pressure) ? pressure : streams.front()->pressure;
  mixed.size_distribution = mixed_size_distribution(streams);
  return mixed;
}

Stream scaled(const Stream& stream, double fraction) {
  Stream copy = stream;
  copy.amounts() *= fraction;
  return copy;
}

}  // namespace hydrosim::thermo
