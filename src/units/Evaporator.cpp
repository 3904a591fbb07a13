#include "hydrosim/units/Evaporator.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units {
namespace {

// Specific heat of liquid water near 25-100 °C, J/(kg K) (IAPWS-95: 4.18 at
// 25 °C, 4.22 at 100 °C); the liquor's sensible heat is taken as its water's.
constexpr double kWaterHeatCapacity = 4184.0;

// Element mass flow (kg/s) in the aqueous phase of a stream.
double aqueous_element_mass(const thermo::Stream& stream, std::size_t element) {
  const thermo::Database& db = stream.database();
  double moles = 0.0;
  for (std::size_t i = 0; i < db.size(); ++i) {
    if (db.species(i).phase != thermo::Phase::kAqueous) continue;
    moles += stream.amount(i) * db.element_matrix()(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(element));
  }
  return moles * db.elements()[element]->atomic_weight * 1e-3;
}

}  // namespace

double water_latent_heat(double temperature_kelvin) {
  const double t = temperature_kelvin - 273.15;
  return 2500.9e3 + (2256.4e3 - 2500.9e3) * (t - 0.01) / (100.0 - 0.01);
}

double evaporation_duty(double water_in, double evaporated, double inlet_temperature, double temperature) {
  const double sensible = water_in * kWaterHeatCapacity * (temperature - inlet_temperature);
  return std::max(sensible + evaporated * water_latent_heat(temperature), 0.0);
}

void Evaporator::configure(const io::ParameterReader& parameters,
                           const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  const auto water = database->find("H2O");
  if (!water) parameters.fail_here("the species database has no H2O, so there is no water to evaporate");
  water_ = *water;
  temperature_ = parameters.quantity("temperature", Dimension::temperature());
  if (temperature_ < 273.16 || temperature_ > 473.15) {
    parameters.fail("temperature", "the boiling temperature must be between 0.01 and 200 °C");
  }
  const bool by_fraction = parameters.has("water_removal");
  const bool by_target = parameters.has("target");
  if (by_fraction == by_target) {
    parameters.fail_here(
        "give exactly one of 'water_removal' (fraction of the inlet water) or 'target' ({element: Li, "
        "concentration: \"20 g/L\"})");
  }
  if (by_fraction) {
    water_removal_ = parameters.number("water_removal", 0.0, 1.0);
    if (*water_removal_ >= 1.0) parameters.fail("water_removal", "must be below 1: some water has to stay liquid");
  } else {
    const io::ParameterReader target = parameters.child("target");
    target_symbol_ = target.text("element");
    const auto element = database->element_index(target_symbol_);
    if (!element) target.fail("element", fmt::format("'{}' is not an element of the species database", target_symbol_));
    target_element_ = *element;
    target_concentration_ = target.quantity("concentration", Dimension::mass_concentration());
    if (!(target_concentration_ > 0.0)) target.fail("concentration", "the target concentration must be positive");
    target.accept("source");
    target.accept("note");
    target.finish("the evaporator target");
    max_water_removal_ = parameters.number_or("max_water_removal", 0.99, 0.0, 0.999999);
  }
  steam_economy_ = parameters.number_or("steam_economy", 1.0, 0.0, 20.0);
  if (!(steam_economy_ > 0.0)) parameters.fail("steam_economy", "the steam economy must be positive");
  parameters.accept("source");
}

std::vector<PortSpec> Evaporator::ports() const {
  return {{"in", PortDirection::kInlet}, {"vapour", PortDirection::kOutlet}, {"concentrate", PortDirection::kOutlet}};
}

void Evaporator::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = UnitReport{};
  thermo::Stream concentrate = *inlets.at("in").front();
  const double inlet_temperature = concentrate.temperature;
  const double water_in = concentrate.amount(water_);  // mol/s
  const double molar_mass = database_->species(water_).molar_mass;
  double removed = 0.0;  // mol/s of water
  if (water_removal_) {
    removed = *water_removal_ * water_in;
  } else {
    // Water left so that c = m_X ρw(T) / (M_w n_w) equals the target.
    const double element = aqueous_element_mass(concentrate, target_element_);
    const double kept = element * thermo::water_density(temperature_) / target_concentration_ / molar_mass;
    const double concentration_in =
        water_in > 0.0 ? element * thermo::water_density(temperature_) / (water_in * molar_mass) : 0.0;
    report_.values.push_back({fmt::format("{} concentration in", target_symbol_), concentration_in, "kg/m3"});
    if (kept >= water_in) {
      report_.warnings.push_back(fmt::format(
          "the liquor already holds {:.4g} g/L {}, at or above the target {:.4g} g/L: no water is evaporated",
          concentration_in, target_symbol_, target_concentration_));
    } else {
      removed = water_in - kept;
      if (removed > max_water_removal_ * water_in) {
        throw SolveError(fmt::format(
            "unit '{}' (Evaporator): reaching {:.4g} g/L {} from {:.4g} g/L would evaporate {:.4g} % of the water, "
            "more than max_water_removal ({:.4g} %)",
            name(), target_concentration_, target_symbol_, concentration_in, 100.0 * removed / water_in,
            100.0 * max_water_removal_));
      }
    }
  }
  thermo::Stream vapour(database_);
  vapour.set_amount(water_, removed);
  vapour.temperature = temperature_;
  vapour.pressure = concentrate.pressure;
  concentrate.set_amount(water_, water_in - removed);
  concentrate.temperature = temperature_;

  // Duty: heat the liquor's water to the boiling point, then boil m_v off.
  const double evaporated = removed * molar_mass;  // kg/s
  const double latent = water_latent_heat(temperature_);
  const double duty = evaporation_duty(water_in * molar_mass, evaporated, inlet_temperature, temperature_);
  steam_ = duty / (latent * steam_economy_);
  if (!water_removal_) {
    report_.values.push_back({fmt::format("{} concentration out", target_symbol_),
                              aqueous_element_mass(concentrate, target_element_) / concentrate.aqueous_volume_flow(),
                              "kg/m3"});
  }
  report_.values.push_back({"evaporated_water", evaporated, "kg/s"});
  report_.values.push_back({"water_removal", water_in > 0.0 ? removed / water_in : 0.0, "1"});
  report_.values.push_back({"heat_duty", duty, "W"});
  report_.values.push_back({"steam", steam_, "kg/s"});
  outlets.insert_or_assign("vapour", std::move(vapour));
  outlets.insert_or_assign("concentrate", std::move(concentrate));
}

std::vector<UtilityDemand> Evaporator::utility_demands() const { return {{"steam", steam_, Dimension::mass()}}; }

}  // namespace hydrosim::units
