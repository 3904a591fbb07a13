#pragma once
// Evaporator: boils water off a liquor, either a fixed fraction of the water
// it receives or as much as brings one element to a target concentration in
// the concentrate (e.g. Li before Li2CO3 precipitation). Dissolved species and
// solids stay in the concentrate; the vapour is pure water (leaving as its
// condensate); both leave at the boiling temperature.
//
//   type: Evaporator
//   temperature: "100 degC"                    # boiling temperature of the liquor
//   water_removal: 0.8                          # fraction of the inlet water, or
//   target: {element: Li, concentration: "20 g/L"}
//   max_water_removal: 0.99                     # optional cap for the target mode
//   steam_economy: 0.9                          # kg water evaporated per kg steam
//
// Heat duty Q = m_w cp,w (T − T_in) + m_v λ(T); steam = Q / (λ(T) E). Costed as
// the price deck's `steam` utility. Equations: docs/evaporator.md.
#include <optional>

#include "hydrosim/units/Unit.h"
#include "hydrosim/units/UtilityUse.h"

namespace hydrosim::units {

// Latent heat of vaporisation of water, J/kg: linear between the IAPWS-95
// saturation values 2500.9 kJ/kg at 0.01 °C and 2256.4 kJ/kg at 100 °C (within
// 0.2 % of the steam tables from 0 to 120 °C).
double water_latent_heat(double temperature_kelvin);

// Heat (W) to bring `water_in` kg/s of liquor water from `inlet_temperature`
// to `temperature` (K) and boil `evaporated` kg/s off there:
// Q = m_w c_p,w (T − T_in) + m_v λ(T), floored at 0 (a hotter feed flashes).
double evaporation_duty(double water_in, double evaporated, double inlet_temperature, double temperature);

class Evaporator : public Unit, public UsesUtilities {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "Evaporator"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;
  std::vector<UtilityDemand> utility_demands() const override;

 private:
  std::shared_ptr<const thermo::Database> database_;
  std::size_t water_ = 0;
  double temperature_ = 373.15;
  std::optional<double> water_removal_;  // fraction mode
  std::size_t target_element_ = 0;       // target mode: element index in the database
  std::string target_symbol_;
  double target_concentration_ = 0.0;  // kg/m³ of the concentrate's aqueous volume
  double max_water_removal_ = 0.99;
  double steam_economy_ = 1.0;
  double steam_ = 0.0;  // kg/s, last solve
};

}  // namespace hydrosim::units
