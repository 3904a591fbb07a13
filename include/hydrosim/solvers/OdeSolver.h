#pragma once
// The one seam between hydrosim's time-dependent models and CVODE (SUNDIALS):
// models implement OdeSystem (right-hand side, optionally an analytic
// Jacobian); integrate() owns the CVODE memory (BDF, Newton, dense linear
// solver) and reports what happened as a result struct. Nothing throws
// through the C callbacks: a model's exception becomes a fatal return code
// and its message lands in OdeResult::message.
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace hydrosim::solvers {

class OdeSystem {
 public:
  virtual ~OdeSystem() = default;
  virtual std::size_t size() const = 0;
  // dy/dt = f(t, y). Return 0 when fine, > 0 when y is outside the model's
  // domain (CVODE then retries with a smaller step), < 0 for a fatal error.
  virtual int rhs(double t, const Eigen::VectorXd& y, Eigen::VectorXd& ydot) = 0;
  // Analytic Jacobian df/dy; when has_jacobian() is false CVODE uses
  // difference quotients. Same return convention as rhs().
  virtual bool has_jacobian() const { return false; }
  virtual int jacobian(double /*t*/, const Eigen::VectorXd& /*y*/, Eigen::MatrixXd& /*df_dy*/) { return -1; }
  // Name of state component i ("LiCoO2 conversion, size class 3"), so a
  // failure can say which variable failed.
  virtual std::string component_name(std::size_t i) const;
};

struct OdeOptions {
  double relative_tolerance = 1e-8;
  double absolute_tolerance = 1e-12;  // used for every component unless the vector below is set
  Eigen::VectorXd absolute_tolerances;
  long max_steps = 100000;    // per output interval (CVODE's default of 500 bites stiff problems)
  double max_step = 0.0;      // s; 0 = no limit
  double initial_step = 0.0;  // s; 0 = CVODE's estimate
};

// Counters from CVODE, stored in the results file beside every unit that integrates.
struct OdeStatistics {
  long steps = 0;
  long rhs_evaluations = 0;
  long jacobian_evaluations = 0;
  long linear_setups = 0;
  long error_test_failures = 0;
  long nonlinear_iterations = 0;
  long nonlinear_convergence_failures = 0;
  double last_step = 0.0;
};

struct OdeResult {
  bool success = false;
  std::string message;        // on failure: CVODE's flag, the time reached, the last step and the worst component
  double time_reached = 0.0;  // the last time CVODE reached
  std::vector<double> times;  // the output times reached (a prefix of the requested ones)
  std::vector<Eigen::VectorXd> states;  // y at each of `times`
  OdeStatistics statistics;
};

// Integrates dy/dt = f(t, y) from (t0, y0) and records y at each of
// output_times (strictly increasing, all > t0). On failure the result holds
// every output reached before it.
OdeResult integrate(OdeSystem& system, double t0, const Eigen::VectorXd& y0, const std::vector<double>& output_times,
                    const OdeOptions& options = {});

}  // namespace hydrosim::solvers
