// The CVODE seam checked against analytic solutions of linear ODEs.
#include <cmath>
#include <stdexcept>

#include "TestSupport.h"
#include "hydrosim/solvers/OdeSolver.h"

namespace {

using hydrosim::solvers::integrate;
using hydrosim::solvers::OdeSystem;

// A -> B -> C with k1 = 1e4 1/s and k2 = 1 1/s: stiff (ratio 1e4), with the
// textbook analytic solution (Levenspiel 1999, eq. 8.7-8.9).
class ConsecutiveReactions : public OdeSystem {
 public:
  static constexpr double k1 = 1e4;
  static constexpr double k2 = 1.0;
  bool analytic = false;
  std::size_t size() const override { return 3; }
  int rhs(double, const Eigen::VectorXd& y, Eigen::VectorXd& ydot) override {
    ydot(0) = -k1 * y(0);
    ydot(1) = k1 * y(0) - k2 * y(1);
    ydot(2) = k2 * y(1);
    return 0;
  }
  bool has_jacobian() const override { return analytic; }
  int jacobian(double, const Eigen::VectorXd&, Eigen::MatrixXd& j) override {
    j << -k1, 0, 0, k1, -k2, 0, 0, k2, 0;
    return 0;
  }
  std::string component_name(std::size_t i) const override { return std::string(1, static_cast<char>('A' + i)); }
};

class Throwing : public OdeSystem {
 public:
  std::size_t size() const override { return 1; }
  int rhs(double t, const Eigen::VectorXd&, Eigen::VectorXd& ydot) override {
    if (t > 0.5) throw std::runtime_error("rate law undefined past t = 0.5 s");
    ydot(0) = 1.0;
    return 0;
  }
  std::string component_name(std::size_t) const override { return "extent"; }
};

}  // namespace

TEST_CASE("CVODE integrates stiff consecutive first-order reactions to the analytic solution") {
  for (const bool analytic : {false, true}) {
    ConsecutiveReactions system;
    system.analytic = analytic;
    hydrosim::solvers::OdeOptions options;
    options.relative_tolerance = 1e-10;
    options.absolute_tolerance = 1e-14;
    const auto result = integrate(system, 0.0, Eigen::Vector3d(1.0, 0.0, 0.0), {1e-4, 1e-2, 1.0, 5.0}, options);
    REQUIRE(result.success);
    REQUIRE(result.times.size() == 4);
    for (std::size_t i = 0; i < result.times.size(); ++i) {
      const double t = result.times[i];
      const double a = std::exp(-ConsecutiveReactions::k1 * t);
      const double b = ConsecutiveReactions::k1 / (ConsecutiveReactions::k2 - ConsecutiveReactions::k1) *
                       (std::exp(-ConsecutiveReactions::k1 * t) - std::exp(-ConsecutiveReactions::k2 * t));
      // Global error of a BDF run is a small multiple of the local tolerances:
      // 100 × rtol relative, plus 100 × atol where A has decayed to ~1e-44.
      CHECK(std::abs(result.states[i](0) - a) <= 1e-8 * a + 1e-12);
      CHECK(std::abs(result.states[i](1) - b) <= 1e-8 * b + 1e-12);
      CHECK(result.states[i].sum() == doctest::Approx(1.0).epsilon(1e-10));  // A + B + C is conserved
    }
    CHECK(result.statistics.steps > 0);
  }
}

TEST_CASE("a model that throws stops the integration with its message and the outputs reached so far") {
  Throwing system;
  const auto result = integrate(system, 0.0, Eigen::VectorXd::Zero(1), {0.25, 1.0});
  CHECK_FALSE(result.success);
  CHECK(result.times.size() == 1);
  CHECK(result.message.find("rate law undefined past t = 0.5 s") != std::string::npos);
  CHECK(result.message.find("worst component: extent") != std::string::npos);
  CHECK(result.time_reached > 0.25);
}
