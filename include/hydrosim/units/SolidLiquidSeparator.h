#pragma once
// A thickener or a filter: solids go to the cake (underflow) with a recovery,
// the cake keeps liquor by its moisture, and a filter may wash the cake by
// displacement. Everything else leaves in the filtrate (overflow).
//
//   mode: thickener   underflow_solids: "50 wt%"  (solids in the underflow)
//   mode: filter      cake_moisture: "25 wt%"     (liquor in the cake)
//                     wash_efficiency: 0.7         (adds the inlet port 'wash')
//
// Washing: the fraction of the cake's original solute left after washing with
// wash ratio n (wash liquor mass per mass of cake liquor) is
// R = (1 − E)^n (Choudhury & Dahlstrom 1957, AIChE J. 3, 433), bounded below
// by ideal plug-flow displacement R ≥ 1 − n (no wash can displace more liquor
// than its own volume). The cake liquor is then R of the feed liquor plus
// 1 − R of the wash liquor; ports: in, wash (filter with washing), cake, filtrate.
#include <optional>

#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class SolidLiquidSeparator : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "SolidLiquidSeparator"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

  // Fraction of the cake's own solute left after washing (see above).
  static double remaining_solute_fraction(double wash_ratio, double wash_efficiency);

 private:
  bool filter_ = true;
  double solids_recovery_ = 1.0;
  double cake_liquid_fraction_ = 0.0;  // mass of liquor per mass of cake (or underflow)
  std::optional<double> wash_efficiency_;
  std::shared_ptr<const thermo::Database> database_;
};

}  // namespace hydrosim::units
