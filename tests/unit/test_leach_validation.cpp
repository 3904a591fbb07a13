// LeachReactor against published leaching data that the shipped kinetics
// (thermo-data/leaching-kinetics.yaml) were NOT fitted to: held-out
// predictions, each with its source, conditions and tolerance stated here.
// docs/leaching-and-separation.md section 8 lists these and the sources that
// were searched but gave no usable numbers.
#include <cmath>

#include <fmt/format.h>

#include "LeachTestSupport.h"
#include "hydrosim/units/LeachReactor.h"

using namespace hydrosim;
using namespace hydrosim::testing;
using units::LeachReactor;

namespace {

struct Solved {
  thermo::Stream out;
  units::UnitReport report;
};

Solved run(LeachReactor& unit, const thermo::Stream& feed) {
  units::Inlets inlets{{"in", {&feed}}};
  units::Outlets outlets;
  unit.solve(inlets, outlets);
  return {outlets.at("out"), unit.report()};
}

// Value of a batch-profile series at time t (s); the profile is written at
// exact multiples of time / output_points, so t must be one of them.
double at_time(const units::Profile& batch, const std::vector<double>& series, double t) {
  for (std::size_t k = 0; k < batch.axis_values.size(); ++k) {
    if (std::abs(batch.axis_values[k] - t) <= 1e-6 * t) return series[k];
  }
  FAIL("no profile point at t = ", t, " s");
  return 0.0;
}

}  // namespace

TEST_CASE("LiCoO2 in 2 M H2SO4 + 5 vol% H2O2, 100 g/L, 75 degC: extraction vs time at 30 and 60 min") {
  // Data (two sources, same nominal conditions: 2 M H2SO4, 5 vol% H2O2, 100 g/L
  // LiCoO2 cathode powder, 75 degC):
  //   30 min: Li 94 %, Co 93 %  -- Table 1 (row citing its ref. 23) of RSC Adv. 11
  //           (2021) 27689-27700, doi:10.1039/d1ra04979h (key LCO_TABLE21). This is
  //           the point the LiCoO2 k_ref was derived from: a consistency check.
  //   60 min: Li 99.1 %, Co 70.0 % -- Jha, M.K., Kumari, A., Jha, A.K., Kumar, V.,
  //           Hait, J., Pandey, B.D. (2013), Waste Management 33(9) 1890-1897,
  //           doi:10.1016/j.wasman.2013.05.008, abstract (key JHA13). Held out: not
  //           used for any constant in the data file, so this is a prediction.
  // Tolerance +-5 percentage points on the held-out Li point, fixed before the
  // run: the abstract gives 5 % (v/v) H2O2 without the stock strength (30 wt%
  // assumed, 0.49 mol/L, which is 4 % short of the 0.51 mol/L that 100 g/L
  // LiCoO2 needs, so the model stops at 95.9 %); the review's ref. 23 is not
  // identified in the stored text, so its powder may differ from Jha's; and the
  // model is fitted to one Co point.
  // Jha's Co (70.0 % at 60 min, ash-diffusion control per the abstract) is NOT
  // asserted: the model dissolves LiCoO2 congruently (Co = Li), so it predicts Co
  // near its Li value. That 25-30 point miss is a known limitation, recorded in
  // docs/leaching-and-separation.md section 8, not hidden by a loose tolerance.
  const auto db = leach_database();
  auto unit = configured<LeachReactor>(
      "mode: batch\ntime: \"60 min\"\ntemperature: \"75 degC\"\noutput_points: 12\n"
      "solver: {relative_tolerance: 1e-8}",
      db);
  const thermo::Stream feed = slurry(db, {{{"LiCoO2", 100.0}}, 2.0, 0.49, 348.15});
  const Solved solved = run(*unit, feed);
  const auto& batch = profile_named(solved.report, "batch");
  const auto& li = series_named(batch, "Li extraction");
  const auto& co = series_named(batch, "Co extraction");

  // Consistency with the calibration row (the existing 1.5-point tolerance of
  // tests/unit/test_leach_reactor.cpp: whole-percent rounding, Li/Co 1 point apart).
  CHECK(std::abs(at_time(batch, co, 1800.0) - 0.93) <= 0.015);
  CHECK(std::abs(at_time(batch, li, 1800.0) - 0.94) <= 0.015);

  // Held-out prediction: Jha et al. (2013), Li 99.1 % at 60 min.
  const double li_60 = at_time(batch, li, 3600.0);
  CAPTURE(li_60);
  CHECK(std::abs(li_60 - 0.991) <= 0.05);

  // Extraction never decreases with time in a batch.
  for (std::size_t k = 1; k < li.size(); ++k) CHECK(li[k] >= li[k - 1] - 1e-12);
  CHECK(element_closure({&feed}, {&solved.out}) <= 1e-9);
  CHECK(charge_closure({&feed}, {&solved.out}) <= 1e-9);
}
