#pragma once
// A shredder or crusher as a discrete breakage population balance per solid
// species (Breakage.h), with optional liberation of a coating (cathode or
// anode layer) from its substrate foil, over a residence-time distribution:
//
//   plug_flow        batch grinding for the residence time τ (CVODE, analytic Jacobian)
//   perfect_mixer    steady state of one mixed mill: (I − τA) p = f
//   tanks_in_series  N mixed stages of τ/N each
//
// Species amounts are untouched (breakage moves mass between size classes
// only), so every element is conserved exactly; the size distribution of each
// solid changes. See docs/pretreatment.md for the equations and parameters.
#include <optional>

#include "hydrosim/units/Breakage.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class Shredder : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "Shredder"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

  // Largest |Σ_i m_i − 1| over the species of the last solve, before the
  // fractions are renormalised: the mass the integration lost or gained.
  double class_mass_error() const { return class_mass_error_; }

 private:
  enum class FlowModel { kPlugFlow, kPerfectMixer, kTanksInSeries };
  struct Parameters {
    SelectionFunction selection;
    BreakageFunction breakage;
  };
  // Coating (e.g. NMC622) attached to a substrate foil (Al): the attached part
  // breaks with the substrate and detaches at D_i = k_d (x_i / x0)^δ.
  struct Liberation {
    std::size_t coating = 0;
    std::size_t substrate = 0;
    double attached = 1.0;    // fraction of the coating attached in the feed
    double rate = 0.0;        // k_d, 1/s
    double exponent = 0.0;    // δ
    double reference = 1e-3;  // x0, m
  };
  Parameters read_parameters(const io::ParameterReader& block, const Parameters& fallback) const;
  const Parameters& parameters_for(std::size_t species) const;

  std::shared_ptr<const thermo::Database> database_;
  FlowModel flow_model_ = FlowModel::kPlugFlow;
  double residence_time_ = 0.0;
  int tanks_ = 1;
  double relative_tolerance_ = 1e-10;
  Parameters default_;
  std::map<std::size_t, Parameters> components_;
  std::vector<Liberation> liberation_;
  double class_mass_error_ = 0.0;
};

}  // namespace hydrosim::units
