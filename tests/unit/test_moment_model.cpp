// The method-of-moments population balance against analytic solutions and
// the solute-crystal mass balance (a conservation law).
#include <cmath>

#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/units/MomentModel.h"

using namespace hydrosim;
using namespace hydrosim::units;
using namespace hydrosim::testing;

namespace {

// Moments of a uniform seed distribution n(L) = N/w on [a, a + w]:
// μk = N·((a + w)^(k+1) − a^(k+1)) / ((k + 1)·w).
Eigen::Matrix<double, 5, 1> uniform_seed(double count, double a, double w) {
  Eigen::Matrix<double, 5, 1> mu;
  for (int k = 0; k <= 4; ++k) mu(k) = count * (std::pow(a + w, k + 1) - std::pow(a, k + 1)) / ((k + 1) * w);
  return mu;
}

double binomial(int n, int k) { return std::tgamma(n + 1.0) / (std::tgamma(k + 1.0) * std::tgamma(n - k + 1.0)); }

}  // namespace

TEST_CASE("batch growth without nucleation shifts the seed distribution: analytic moments") {
  // Constant G (g = 0) and B = 0: n(L, t) = n0(L − G t) (Randolph & Larson
  // 1988, eq. 3.4-1 with no birth), so μk(t) = Σj C(k, j) μj(0) (G t)^(k−j).
  // CVODE at rtol 1e-9 must reproduce it to 1e-7 relative.
  MomentProblem problem;
  problem.mode = CrystallizerMode::kBatch;
  problem.kinetics.kg = 1e-8;  // m/s
  problem.kinetics.g = 0.0;
  problem.solubility = 1.0;
  problem.feed_molality = 2.0;                           // stays supersaturated throughout
  problem.moles_per_volume = 0.5236 * 2070.0 / 0.26285;  // spheres of NiSO4·6H2O
  problem.solute_per_crystal = 1.0;
  problem.seed_moments = uniform_seed(1e8, 50e-6, 20e-6);
  const double end = 3600.0;
  const auto solution = solve_moments(problem, end, 10);
  for (std::size_t i = 0; i < solution.times.size(); ++i) {
    const double shift = problem.kinetics.kg * solution.times[i];
    for (int k = 0; k <= 4; ++k) {
      double expected = 0.0;
      for (int j = 0; j <= k; ++j) expected += binomial(k, j) * problem.seed_moments(j) * std::pow(shift, k - j);
      CAPTURE(k);
      CHECK(solution.states[i](k) == relative(expected, 1e-7));
    }
  }
  // Mass balance: solute consumed = ν φ (μ3 − μ3(0)), conserved to 1e-9.
  const auto& y = solution.states.back();
  const double consumed = problem.feed_molality - y(5);
  CHECK(consumed ==
        relative(problem.solute_per_crystal * problem.moles_per_volume * (y(3) - problem.seed_moments(3)), 1e-9));
  CHECK(consumed > 0.0);
}

TEST_CASE("MSMPR with constant B and G reaches the analytic steady state μk = k! B τ (G τ)^k") {
  // Randolph & Larson (1988) eq. 3.4-10: n(L) = (B/G) exp(−L/(Gτ)); moments
  // μk = k! B τ (Gτ)^k, number CV = 1, L43 = 4 G τ. After 40 residence
  // times the start-up transient has decayed below e^-40 (times a polynomial).
  MomentProblem problem;
  problem.mode = CrystallizerMode::kMsmpr;
  problem.kinetics.kb = 1e9;  // #/(kg·s)
  problem.kinetics.b = 0.0;
  problem.kinetics.kg = 2e-8;
  problem.kinetics.g = 0.0;
  problem.solubility = 1.0;
  problem.feed_molality = 3.0;
  problem.moles_per_volume = 1e-3;  // small: S stays positive
  problem.residence_time = 1800.0;
  const auto solution = solve_moments(problem, 40.0 * problem.residence_time, 40);
  const auto& y = solution.states.back();
  const double tau = problem.residence_time;
  const double b = *problem.kinetics.kb;
  const double gt = problem.kinetics.kg * tau;
  for (int k = 0; k <= 4; ++k) {
    CAPTURE(k);
    CHECK(y(k) == relative(std::tgamma(k + 1.0) * b * tau * std::pow(gt, k), 1e-6));
  }
  CHECK(solution.cv == relative(1.0, 1e-6));
  CHECK(solution.mean_size_43 == relative(4.0 * gt, 1e-6));
  // Steady-state solute balance m_in − m = ν φ μ3.
  CHECK(problem.feed_molality - y(5) == relative(problem.moles_per_volume * y(3), 1e-6));
}

TEST_CASE("MSMPR with supersaturation-dependent kinetics: steady state consistent with B(S), G(S)") {
  // The steady state must satisfy the analytic MSMPR relations at the
  // supersaturation it settles at (μ0 = Bτ, μ3 = 6Bτ(Gτ)^3) and the solute
  // balance — an implicit solution that the ODE must reach.
  MomentProblem problem;
  problem.mode = CrystallizerMode::kMsmpr;
  problem.kinetics.kb = 1e10;
  problem.kinetics.b = 2.0;
  problem.kinetics.kg = 1e-7;
  problem.kinetics.g = 1.0;
  problem.solubility = 2.0;
  problem.feed_molality = 2.4;
  problem.moles_per_volume = 0.5236 * 2070.0 / 0.26285;
  problem.residence_time = 3600.0;
  const auto solution = solve_moments(problem, 60.0 * problem.residence_time, 60);
  const auto& y = solution.states.back();
  const double s = solution.supersaturation;
  const double b = problem.kinetics.nucleation(s);
  const double gt = problem.kinetics.growth(s) * problem.residence_time;
  CHECK(s > 0.0);
  CHECK(s < 0.2);
  CHECK(y(0) == relative(b * problem.residence_time, 1e-5));
  CHECK(y(3) == relative(6.0 * b * problem.residence_time * gt * gt * gt, 1e-5));
  CHECK(problem.feed_molality - y(5) == relative(problem.moles_per_volume * y(3), 1e-6));
  CHECK(solution.statistics.steps > 0);
}

TEST_CASE("supersaturation with no nucleation parameters is refused with a clear message") {
  MomentProblem problem;
  problem.mode = CrystallizerMode::kMsmpr;
  problem.kinetics.kg = 1e-8;
  problem.solubility = 1.0;
  problem.feed_molality = 1.5;
  problem.moles_per_volume = 1.0;
  problem.residence_time = 100.0;
  const auto message = input_error_of([&] { solve_moments(problem, 1000.0); });
  CHECK(message.find("no nucleation parameters") != std::string::npos);
  CHECK(message.find("S = 0.5") != std::string::npos);
}

TEST_CASE("a seeded batch of a hydrate ends where the liquor's own molality is the solubility") {
  // With r mol H2O leaving per mol of solute, the liquor holds
  // 1 − M_w r (m0 − m) kg of water per kg fed, and growth stops at
  // m / (1 − M_w r (m0 − m)) = m*: m_end = m* (1 − M_w r m0)/(1 − M_w r m*)
  // (solved by hand from the definition; NiSO4·6H2O numbers, r = 6).
  MomentProblem problem;
  problem.mode = CrystallizerMode::kBatch;
  problem.kinetics.kg = 1e-7;
  problem.kinetics.g = 1.0;
  problem.solubility = 3.0;
  problem.feed_molality = 4.0;
  problem.water_per_solute = 6.0;
  problem.moles_per_volume = 0.5236 * 2070.0 / 0.26285;
  problem.solute_per_crystal = 1.0;
  problem.seed_moments = uniform_seed(1e9, 50e-6, 20e-6);
  const auto solution = solve_moments(problem, 200.0 * 3600.0, 20);
  const double mw = 0.01801528;
  const double expected = 3.0 * (1.0 - mw * 6.0 * 4.0) / (1.0 - mw * 6.0 * 3.0);
  CHECK(solution.states.back()(5) == relative(expected, 1e-6));
  CHECK(std::abs(solution.supersaturation) <= 1e-6);
  // The solute-crystal balance is unchanged by the water bookkeeping.
  const auto& y = solution.states.back();
  const double crystal = problem.moles_per_volume * (y(3) - problem.seed_moments(3));
  CHECK(4.0 - y(5) == relative(crystal, 1e-8));
  SUBCASE("a hydrate that would take more water than the liquor holds is refused") {
    problem.water_per_solute = 20.0;  // M_w · 20 · 4 = 1.44 > 1
    CHECK_THROWS_WITH_AS(solve_moments(problem, 3600.0), doctest::Contains("more water than the liquor"), InputError);
  }
}
