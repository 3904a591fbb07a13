#pragma once
// The one seam between hydrosim's differential-algebraic models and IDA
// (SUNDIALS), in the style of OdeSolver: models implement DaeSystem (residual
// F(t, y, y') = 0, optionally the iteration matrix dF/dy + cj dF/dy');
// integrate_dae() owns the IDA memory (BDF, Newton, dense linear solver),
// computes consistent initial values of the algebraic components and of y'
// (IDACalcIC) and reports what happened as a result struct. Nothing throws
// through the C callbacks.
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace hydrosim::solvers {

class DaeSystem {
 public:
  virtual ~DaeSystem() = default;
  virtual std::size_t size() const = 0;
  // F(t, y, y'). Return 0 when fine, > 0 when y is outside the model's domain
  // (IDA retries with a smaller step), < 0 for a fatal error.
  virtual int residual(double t, const Eigen::VectorXd& y, const Eigen::VectorXd& yp, Eigen::VectorXd& f) = 0;
  // dF/dy + cj dF/dy' (may be approximate: IDA's Newton iteration tolerates it);
  // when has_jacobian() is false IDA uses difference quotients.
  virtual bool has_jacobian() const { return false; }
  virtual int jacobian(double /*t*/, double /*cj*/, const Eigen::VectorXd& /*y*/, const Eigen::VectorXd& /*yp*/,
                       Eigen::MatrixXd& /*matrix*/) {
    return -1;
  }
  // 1 for a differential component, 0 for an algebraic one.
  virtual Eigen::VectorXd differential() const = 0;
};

struct DaeOptions {
  double relative_tolerance = 1e-6;
  double absolute_tolerance = 1e-10;
  long max_steps = 20000;                    // per output interval
  bool consistent_initial_condition = true;  // IDACalcIC(IDA_YA_YDP_INIT) before integrating
};

struct DaeStatistics {
  long steps = 0;
  long residual_evaluations = 0;
  long jacobian_evaluations = 0;
  long error_test_failures = 0;
  long nonlinear_iterations = 0;
  long nonlinear_convergence_failures = 0;
  double last_step = 0.0;
};

struct DaeResult {
  bool success = false;
  std::string message;  // on failure: IDA's flag and message and the time reached
  double time_reached = 0.0;
  std::vector<double> times;
  std::vector<Eigen::VectorXd> states;
  DaeStatistics statistics;
};

// Integrates F(t, y, y') = 0 from (t0, y0, yp0) and records y at each of
// output_times (strictly increasing, > t0). yp0 may be zeros when the initial
// condition is computed.
DaeResult integrate_dae(DaeSystem& system, double t0, const Eigen::VectorXd& y0, const Eigen::VectorXd& yp0,
                        const std::vector<double>& output_times, const DaeOptions& options = {});

}  // namespace hydrosim::solvers
