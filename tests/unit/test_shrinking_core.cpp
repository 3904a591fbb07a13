// Shrinking-core conversion functions and the Gauss rules of the cascade,
// checked against Levenspiel's closed forms and exact integrals.
#include <cmath>

#include "TestSupport.h"
#include "hydrosim/units/ShrinkingCore.h"

using namespace hydrosim;
using namespace hydrosim::units::shrinking_core;
using hydrosim::testing::relative;
using thermo::LeachingModel;

TEST_CASE("conversion inverts Levenspiel's time-conversion relations") {
  for (const double x : {0.01, 0.3, 0.5, 0.9, 0.999}) {
    CAPTURE(x);
    // eq. 25.23: t/tau = 1 - (1 - X)^(1/3)
    CHECK(conversion(LeachingModel::kShrinkingCoreReaction, 1.0, 1.0 - std::cbrt(1.0 - x)) == relative(x, 1e-12));
    // eq. 25.18: t/tau = 1 - 3(1 - X)^(2/3) + 2(1 - X)
    const double y = 1.0 - 3.0 * std::pow(1.0 - x, 2.0 / 3.0) + 2.0 * (1.0 - x);
    CHECK(conversion(LeachingModel::kShrinkingCoreDiffusion, 1.0, y) == relative(x, 1e-10));
    // Avrami: 1 - X = exp(-y^n)
    CHECK(conversion(LeachingModel::kAvrami, 0.7, std::pow(-std::log(1.0 - x), 1.0 / 0.7)) == relative(x, 1e-12));
  }
  CHECK(conversion(LeachingModel::kShrinkingCoreReaction, 1.0, 1.5) == 1.0);
  CHECK(conversion(LeachingModel::kShrinkingCoreDiffusion, 1.0, 1.0) == doctest::Approx(1.0));
}

TEST_CASE("mixed control: the times of the two resistances add up (complete conversion at tau_r + tau_d)") {
  const ClassRates rates{1.0 / 300.0, 1.0 / 500.0, 0.0};
  CHECK(time_between(LeachingModel::kShrinkingCoreMixed, rates, 0.0, 1.0) == relative(800.0, 1e-12));
  // advance() inverts time_between().
  const double y = advance(LeachingModel::kShrinkingCoreMixed, rates, 0.2, 250.0);
  CHECK(time_between(LeachingModel::kShrinkingCoreMixed, rates, 0.2, y) == relative(250.0, 1e-12));
  CHECK(advance(LeachingModel::kShrinkingCoreMixed, rates, 0.0, 1e4) == 1.0);
}

TEST_CASE("Gauss rules integrate polynomials exactly to degree 2n - 1") {
  const auto legendre = gauss_legendre_unit(8);
  const auto laguerre = gauss_laguerre(8);
  for (int k = 0; k <= 15; ++k) {
    CAPTURE(k);
    double a = 0.0;
    double b = 0.0;
    for (std::size_t m = 0; m < 8; ++m) {
      a += legendre.weights[m] * std::pow(legendre.nodes[m], k);
      b += laguerre.weights[m] * std::pow(laguerre.nodes[m], k);
    }
    CHECK(a == relative(1.0 / (k + 1), 1e-12));        // int_0^1 x^k dx
    CHECK(b == relative(std::tgamma(k + 1.0), 1e-9));  // int_0^inf u^k e^-u du = k!
  }
}

TEST_CASE("compressing a discrete measure keeps its first 2n moments") {
  QuadratureRule measure;
  for (int i = 0; i < 500; ++i) {
    measure.nodes.push_back(0.9 * std::pow(i / 499.0, 1.7));
    measure.weights.push_back(std::exp(-i / 100.0));
  }
  const auto rule = compress(measure, 6);
  REQUIRE(rule.nodes.size() == 6);
  for (int k = 0; k <= 11; ++k) {
    CAPTURE(k);
    double exact = 0.0;
    double approx = 0.0;
    for (std::size_t m = 0; m < measure.nodes.size(); ++m) exact += measure.weights[m] * std::pow(measure.nodes[m], k);
    for (std::size_t m = 0; m < rule.nodes.size(); ++m) approx += rule.weights[m] * std::pow(rule.nodes[m], k);
    CHECK(approx == relative(exact, 1e-9));
  }
  for (const double node : rule.nodes) {
    CHECK(node >= 0.0);
    CHECK(node <= 0.9);
  }
}
