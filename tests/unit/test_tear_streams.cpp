// Per-tear-stream solver settings (solver.tear_streams): bounds and initial
// guesses change how a recycle converges, never where (the analytic recovery
// of flowsheets/recycle_analytic.yaml, R = X / (1 - r (1 - X))), and bad keys
// are refused with their location. Also the per-unit timing of the solve.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

struct Run {
  flowsheet::Flowsheet plant;
  flowsheet::SolvedFlowsheet solved;
  flowsheet::Results results;
};

Run run(std::vector<std::string> overrides) {
  Run r{io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), {std::move(overrides), data_dir()}), {}, {}};
  r.solved = flowsheet::solve(r.plant);
  r.results = flowsheet::compute_results(r.plant, r.solved);
  return r;
}

double li_recovery(const flowsheet::Results& results) {
  const auto& table = results.recovery;
  for (std::size_t e = 0; e < table.elements.size(); ++e) {
    for (std::size_t s = 0; s < table.sinks.size(); ++s) {
      if (table.elements[e] == "Li" && table.sinks[s].name == "li2co3_product") {
        return table.fraction(static_cast<Eigen::Index>(e), static_cast<Eigen::Index>(s));
      }
    }
  }
  FAIL("no Li recovery");
  return 0.0;
}

const double kAnalytic = 0.8 / (1.0 - 0.8 * (1.0 - 0.8));  // X = 0.8, r = 0.8

}  // namespace

TEST_CASE("tear-stream bounds and initial guesses change the passes, not the steady state") {
  const Run plain = run({"solver.method=direct", "solver.max_iterations=500"});
  // Direct substitution has q = 0: bounds [0, 0] on the tear make Wegstein the same iteration.
  const Run bounded = run({"solver.max_iterations=500", "solver.tear_streams.recycle.wegstein_q_min=0"});
  CHECK(bounded.solved.report.loops[0].iterations == plain.solved.report.loops[0].iterations);
  // A first guess at the steady-state recycle, by hand from the loop balances (recycle = r/(1 - r)
  // of what the bleed carries): water 0.8/0.2 x 22 t/h = 88 t/h, Na+ 4 x 2.4 = 9.6 and SO4-2
  // 4 x 1 = 4 kmol/h (neither precipitates), Li+ 4 x 2 (1 - R) and CO3-2 4 x (1.2 - R) kmol/h,
  // converges in far fewer passes.
  const double li = 4.0 * 2.0 * (1.0 - kAnalytic);
  const double carbonate = 4.0 * (1.2 - kAnalytic);
  const Run guessed = run({"solver.method=direct", "solver.max_iterations=500",
                           "solver.tear_streams.recycle.initial={H2O: \"88 t/h\", Na+: \"9.6 kmol/h\", SO4-2: "
                           "\"4 kmol/h\", Li+: \"" +
                               std::to_string(li) + " kmol/h\", CO3-2: \"" + std::to_string(carbonate) + " kmol/h\"}"});
  CHECK(guessed.solved.report.loops[0].iterations < plain.solved.report.loops[0].iterations);
  for (const Run* r : {&plain, &bounded, &guessed}) {
    CHECK(li_recovery(r->results) == relative(kAnalytic, 1e-9));
    CHECK(r->results.balance.max_closure() <= 1e-9);
    CHECK(r->results.balance.charge_closure() <= 1e-9);
  }
}

TEST_CASE("a tear_streams key must name a stream, and its values are checked") {
  const auto message = [](const std::string& option) { return input_error_of([&] { run({option}); }); };
  CHECK(message("solver.tear_streams.recycel.wegstein_q_min=-2").find("'recycel' is not a stream") !=
        std::string::npos);
  CHECK(message("solver.tear_streams.recycle.initial={Lix: \"1 kmol/h\"}").find("Lix") != std::string::npos);
  CHECK(message("solver.tear_streams.recycle.initial={Li+: \"1 m\"}").find("molar flow") != std::string::npos);
  CHECK(message("solver.tear_streams.recycle.wegstein_q_min=3").find("wegstein_q_min") != std::string::npos);
  CHECK(message("solver.tear_streams.recycle.speed=3").find("speed") != std::string::npos);
}

TEST_CASE("the solve reports the calls and time of every unit") {
  const Run r = run({});
  REQUIRE(r.solved.report.unit_timing.count("precipitator") == 1);
  const auto& timing = r.solved.report.unit_timing.at("precipitator");
  // Inside the loop the precipitator runs once per pass; the feeds once.
  CHECK(timing.calls == r.solved.report.loops[0].iterations);
  CHECK(r.solved.report.unit_timing.at("li_liquor").calls == 1);
  CHECK(timing.seconds >= 0.0);
  int calls = 0;
  for (const auto& [unit, entry] : r.solved.report.unit_timing) calls += entry.calls;
  CHECK(calls == r.solved.report.unit_solves);
}
