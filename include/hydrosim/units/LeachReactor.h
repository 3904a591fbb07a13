#pragma once
// Agitated leaching of solids with kinetics per solid phase (shrinking core or
// Avrami, Arrhenius in temperature, orders in acid and reductant, every
// particle-size class shrinking on its own), isothermal. The reductant of the
// reductive reactions is H2O2 unless `reductant` names another (SO2(aq),
// S2O5-2, C6H12O6(aq)) from the data file's leaching_kinetics.reductants.
//
//   mode: batch        one charge leached for `time`; the whole reactor is one
//                      stiff ODE system on CVODE (BDF); profiles vs time.
//   mode: continuous   `tanks` CSTRs in series, each with `residence_time`
//                      (per tank, or the whole train with
//                      residence_time_basis: total). Solids follow the
//                      segregated-flow model: the exit conversion of each
//                      tank is the integral of the batch conversion over the
//                      exponential residence-time distribution (Levenspiel
//                      1999, eq. 25.41 and ch. 11), by Gauss quadrature; the
//                      liquor of each tank is well mixed and its steady state
//                      is solved with KINSOL. Profiles vs tank.
//
// The outlet is the inlet with the stoichiometric extents of the dissolution
// reactions (thermo-data leaching_kinetics) applied, so every element and the
// charge close to rounding. See docs/leaching-and-separation.md.
#include <memory>
#include <optional>

#include "hydrosim/solvers/OdeSolver.h"
#include "hydrosim/thermo/EquilibriumData.h"
#include "hydrosim/thermo/LeachingKinetics.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class LeachReactor : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "LeachReactor"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

  enum class Mode { kBatch, kContinuous };

  struct Settings {
    Mode mode = Mode::kBatch;
    double batch_time = 0.0;  // s
    int output_points = 25;
    int tanks = 1;
    double tank_residence_time = 0.0;   // s, each tank
    std::optional<double> temperature;  // K; else the inlet's
    double particle_size = 20e-6;       // m, used when the inlet carries no size distribution
    std::optional<thermo::SizeDistribution> feed_size_distribution;  // one row: mass fractions per class
    std::vector<std::size_t> inert_solids;
    std::vector<std::string> homogeneous;  // names of liquor reactions to include (H2O2 decomposition)
    std::optional<std::size_t> reductant;  // species replacing H2O2 in the reductive reactions; none: H2O2
    double max_solids_mass_fraction = 0.7;
    int quadrature_points = 8;
    solvers::OdeOptions ode;
  };
  const Settings& settings() const { return settings_; }

 private:
  Settings settings_;
  std::shared_ptr<const thermo::Database> database_;
  std::shared_ptr<const thermo::EquilibriumData> equilibria_;
  std::shared_ptr<const thermo::LeachingKineticsData> kinetics_;
  // The data file's reductive H2O2 reactions rewritten for settings_.reductant
  // (thermo::with_reductant); filled once in configure, looked up before kinetics_.
  std::vector<thermo::SolidKinetics> reductant_kinetics_;
  std::unique_ptr<thermo::Speciation> speciation_;  // for the pH profiles; kept warm between solves
};

}  // namespace hydrosim::units
