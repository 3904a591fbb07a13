// The KINSOL fixed-point seam (Anderson acceleration) against the analytic fixed
// point of a linear contraction, and the flowsheet's Anderson recycle method
// against the closed-form recycle recovery.
#include <cmath>
#include <stdexcept>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/solvers/FixedPointSolver.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

// G(x) = A x + b with A symmetric, eigenvalues 0.99, 0.9 and 0.5: plain
// iteration contracts by 0.99 per step, so it needs about
// ln(1e-12) / ln(0.99) = 2750 steps for 1e-12; the fixed point is (I - A)^-1 b.
struct LinearContraction : solvers::FixedPointMap {
  Eigen::Matrix3d a;
  Eigen::Vector3d b{1.0, -2.0, 0.5};
  int calls = 0;
  int restart_at = -1;
  int throw_at = -1;
  LinearContraction() {
    const Eigen::Matrix3d q =
        Eigen::Quaterniond(Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, 3).normalized())).toRotationMatrix();
    a = q * Eigen::Vector3d(0.99, 0.9, 0.5).asDiagonal() * q.transpose();
  }
  Eigen::Vector3d solution() const { return (Eigen::Matrix3d::Identity() - a).lu().solve(b); }
  solvers::FixedPointStep apply(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++calls;
    if (calls == throw_at) throw std::runtime_error("unit 'x' failed at call 3");
    if (calls == restart_at) return solvers::FixedPointStep::kRestart;
    g = a * x + b;
    if ((g - x).cwiseAbs().maxCoeff() <= 1e-12) return solvers::FixedPointStep::kConverged;
    return solvers::FixedPointStep::kContinue;
  }
};

double li_recovery(const flowsheet::Results& results) {
  for (std::size_t e = 0; e < results.recovery.elements.size(); ++e) {
    for (std::size_t s = 0; s < results.recovery.sinks.size(); ++s) {
      if (results.recovery.elements[e] == "Li" && results.recovery.sinks[s].name == "li2co3_product") {
        return results.recovery.fraction(static_cast<Eigen::Index>(e), static_cast<Eigen::Index>(s));
      }
    }
  }
  FAIL("no Li recovery to li2co3_product");
  return 0.0;
}

}  // namespace

TEST_CASE("Anderson acceleration finds the fixed point of a slow linear contraction") {
  LinearContraction map;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  solvers::FixedPointOptions options;
  options.anderson_depth = 3;
  const auto result = solvers::solve_fixed_point(map, x, options);
  REQUIRE(result.converged);
  // With depth >= the dimension, Anderson on a linear map is a Krylov method:
  // it converges in a few more steps than the dimension, not thousands.
  CHECK(result.evaluations < 20);
  for (int i = 0; i < 3; ++i) CHECK(x(i) == relative(map.solution()(i), 1e-9));
}

TEST_CASE("plain fixed-point iteration (depth 0) runs out of evaluations on the same map") {
  LinearContraction map;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  solvers::FixedPointOptions options;
  options.anderson_depth = 0;
  options.max_evaluations = 500;
  const auto result = solvers::solve_fixed_point(map, x, options);
  CHECK_FALSE(result.converged);
  CHECK_FALSE(result.restart);
  CHECK(result.message.find("KIN_MAXITER_REACHED") != std::string::npos);
}

TEST_CASE("the fixed-point seam rethrows the map's exception and reports a requested restart") {
  LinearContraction failing;
  failing.throw_at = 3;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  CHECK_THROWS_WITH(solvers::solve_fixed_point(failing, x, {}), "unit 'x' failed at call 3");

  LinearContraction restarting;
  restarting.restart_at = 4;
  x.setZero();
  const auto result = solvers::solve_fixed_point(restarting, x, {});
  CHECK(result.restart);
  CHECK_FALSE(result.converged);
  CHECK(result.evaluations == 4);
}

TEST_CASE("the Anderson recycle method reaches the analytic recovery of the recycle example") {
  // R = X / (1 - r (1 - X)) with X = 0.8, r = 0.8 (docs/model-reference.md).
  const double analytic = 0.8 / (1.0 - 0.8 * 0.2);
  auto plant = io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), {{"solver.method=anderson"}, data_dir()});
  const auto solved = flowsheet::solve(plant);
  const auto results = flowsheet::compute_results(plant, solved);
  CHECK(li_recovery(results) == relative(analytic, 1e-9));
  CHECK(results.balance.max_closure() <= 1e-9);
  CHECK(results.balance.charge_closure() <= 1e-9);
  REQUIRE(solved.report.loops.size() == 1);
  CHECK(solved.report.loops[0].converged);
}

TEST_CASE("Anderson needs fewer passes than Wegstein on the precursor plant's two loops, same answer") {
  // Measured when the method was added: Wegstein 70 + 13 passes, Anderson 8 + 9.
  // The check is the direction (fewer passes) and the same steady state: both
  // stop at a relative tear change of 1e-12, so recoveries agree to ~1e-12 / (1 -
  // loop gain); 1e-8 allows a loop gain up to 0.9999.
  const auto solve_with = [](const std::string& method) {
    auto plant =
        io::load_flowsheet(flowsheet_path("nmc_precursor_route.yaml"), {{"solver.method=" + method}, data_dir()});
    auto solved = flowsheet::solve(plant);
    auto results = flowsheet::compute_results(plant, solved);
    int passes = 0;
    for (const auto& loop : solved.report.loops) passes += loop.iterations;
    return std::make_pair(passes, results);
  };
  const auto [wegstein_passes, wegstein] = solve_with("wegstein");
  const auto [anderson_passes, anderson] = solve_with("anderson");
  CHECK(anderson_passes < wegstein_passes);
  CHECK(anderson.balance.max_closure() <= 1e-9);
  for (std::size_t e = 0; e < wegstein.recovery.elements.size(); ++e) {
    for (std::size_t s = 0; s < wegstein.recovery.sinks.size(); ++s) {
      const auto i = static_cast<Eigen::Index>(e);
      const auto j = static_cast<Eigen::Index>(s);
      CHECK(anderson.recovery.fraction(i, j) == doctest::Approx(wegstein.recovery.fraction(i, j)).epsilon(1e-8));
    }
  }
}
