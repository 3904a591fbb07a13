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

Run run(const std::filesystem::path& path, std::vector<std::string> overrides = {}) {
  Run r{io::load_flowsheet(path, {std::move(overrides), data_dir()}), {}, {}};
  r.solved = flowsheet::solve(r.plant);
  r.results = flowsheet::compute_results(r.plant, r.solved);
  return r;
}

double recovery(const flowsheet::Results& results, const std::string& element, const std::string& sink) {
  const auto& table = results.recovery;
  for (std::size_t e = 0; e < table.elements.size(); ++e) {
    for (std::size_t s = 0; s < table.sinks.size(); ++s) {
      if (table.elements[e] == element && table.sinks[s].name == sink) {
        return table.fraction(static_cast<Eigen::Index>(e), static_cast<Eigen::Index>(s));
      }
    }
  }
  FAIL("no recovery entry for ", element, " in ", sink);
  return 0.0;
}

// R = X / (1 - r (1 - X)): lithium recovery of a precipitator with single-pass
// conversion X and a recycled fraction r of its mother liquor.
double analytic_recovery(double conversion, double recycled) {
  return conversion / (1.0 - recycled * (1.0 - conversion));
}

}  // namespace

TEST_CASE("the recycle example converges to its analytic lithium recovery") {
  const Run r = run(flowsheet_path("recycle_analytic.yaml"));
  CHECK(recovery(r.results, "Li", "li2co3_product") == relative(analytic_recovery(0.8, 0.8), 1e-9));
  CHECK(recovery(r.results, "Li", "bleed") == relative(1.0 - analytic_recovery(0.8, 0.8), 1e-9));
  // Sodium and sulfate never enter the product.
  CHECK(recovery(r.results, "Na", "bleed") == relative(1.0, 1e-12));
  CHECK(r.results.balance.max_closure() <= 1e-9);
  CHECK(r.results.balance.charge_closure() <= 1e-9);
  REQUIRE(r.solved.report.loops.size() == 1);
  CHECK(r.solved.report.loops[0].tear_streams == std::vector<std::string>{"recycle"});
  CHECK(r.solved.report.loops[0].converged);
}

TEST_CASE("--set overrides move the answer the way the analytic solution says") {
  const Run r =
      run(flowsheet_path("recycle_analytic.yaml"),
          {"units.purge.fractions.recycle=0.95", "units.purge.fractions.bleed=0.05",
           "units.precipitator.reactions=[{equation: \"2 Li+ + CO3-2 = Li2CO3\", key: Li+, conversion: 0.6}]"});
  CHECK(recovery(r.results, "Li", "li2co3_product") == relative(analytic_recovery(0.6, 0.95), 1e-9));
  CHECK(r.results.balance.max_closure() <= 1e-9);
}

TEST_CASE("direct substitution and Wegstein reach the same steady state") {
  const Run wegstein = run(flowsheet_path("recycle_analytic.yaml"));
  const Run direct =
      run(flowsheet_path("recycle_analytic.yaml"), {"solver.method=direct", "solver.max_iterations=500"});
  CHECK(recovery(direct.results, "Li", "li2co3_product") ==
        relative(recovery(wegstein.results, "Li", "li2co3_product"), 1e-9));
  // Wegstein accelerates: fewer passes than plain substitution.
  CHECK(wegstein.solved.report.loops[0].iterations < direct.solved.report.loops[0].iterations);
}

TEST_CASE("a recycle that cannot converge in the allowed iterations names the tear stream") {
  auto plant = io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"),
                                  {{"solver.method=direct", "solver.max_iterations=3"}, data_dir()});
  try {
    flowsheet::solve(plant);
    FAIL("expected a SolveError");
  } catch (const SolveError& error) {
    const std::string message = error.what();
    CHECK(message.find("tear stream 'recycle'") != std::string::npos);
    CHECK(message.find("did not converge in 3 iterations") != std::string::npos);
  }
}

TEST_CASE("recovery fractions of each element add up to one over all sinks") {
  const Run r = run(flowsheet_path("recycle_analytic.yaml"));
  const Eigen::VectorXd totals = r.results.recovery.fraction.rowwise().sum();
  for (Eigen::Index e = 0; e < totals.size(); ++e) CHECK(totals(e) == relative(1.0, 1e-12));
}

TEST_CASE("every shipped flowsheet solves and closes every element and the charge to 1e-9") {
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "flowsheets")) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path().string());
    const Run r = run(entry.path());
    CHECK(r.results.balance.max_closure() <= 1e-9);
    CHECK(r.results.balance.charge_closure() <= 1e-9);
    for (Eigen::Index i = 0; i < r.results.recovery.fraction.size(); ++i) {
      CHECK(r.results.recovery.fraction(i) >= 0.0);
      CHECK(r.results.recovery.fraction(i) <= 1.0 + 1e-12);
    }
  }
}

TEST_CASE("a stoichiometric reactor caps the extent at the limiting reactant and says so") {
  const auto path = write_scratch("limited.yaml", R"yaml(flowsheet: {thermo: [species.yaml]}
units:
  feed:
    type: Feed
    species: {Al: "1 kmol/h", H+: "1.5 kmol/h", SO4-2: "0.75 kmol/h", H2O: "1 t/h"}
  leach:
    type: StoichiometricReactor
    reactions:
      - {equation: "Al + 3 H+ = Al+3 + 1.5 H2(g)", key: Al, conversion: 1.0}
  out: {type: Sink, kind: product}
streams:
  a: {from: feed.out, to: leach.in}
  b: {from: leach.out, to: out.in}
)yaml");
  const Run r = run(path);
  const auto& stream = r.solved.streams.at("b");
  const auto& db = stream.database();
  CHECK(stream.amount(db.index_of("Al+3")) == relative(0.5 / 3.6));  // acid-limited: 1.5/3 kmol/h
  CHECK(std::abs(stream.amount(db.index_of("H+"))) <= 1e-15);
  const auto* leach = r.plant.find_unit("leach");
  REQUIRE(leach->report().warnings.size() == 1);
  CHECK(leach->report().warnings[0].find("limited by H+") != std::string::npos);
  CHECK(r.results.balance.max_closure() <= 1e-12);
}
