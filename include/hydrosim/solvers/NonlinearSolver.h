#pragma once
// The one seam between hydrosim's algebraic models and KINSOL (SUNDIALS):
// models implement NonlinearSystem (residual + analytic Jacobian); this class
// owns the KINSOL memory, the dense matrix and linear solver, and reports what
// happened as a result struct. Nothing throws through the C callbacks.
#include <memory>
#include <string>

#include <Eigen/Dense>

namespace hydrosim::solvers {

class NonlinearSystem {
 public:
  virtual ~NonlinearSystem() = default;
  // Residual f(x). Return false when x is outside the model's domain (KINSOL
  // then shortens the step).
  virtual bool residual(const Eigen::VectorXd& x, Eigen::VectorXd& f) = 0;
  // Jacobian df/dx, dense.
  virtual bool jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& jacobian) = 0;
};

struct NonlinearSolverOptions {
  double residual_tolerance = 1e-12;  // max-norm of the (scaled) residual
  double step_tolerance = 1e-15;      // smallest scaled step before giving up
  int max_iterations = 200;
  bool line_search = true;  // KIN_LINESEARCH globalisation; plain Newton otherwise
};

struct NonlinearSolverResult {
  bool converged = false;
  int iterations = 0;
  long residual_evaluations = 0;
  double residual_norm = 0.0;  // max-norm of f at the returned x
  std::string message;         // KINSOL's flag name and what it means
};

class NonlinearSolver {
 public:
  explicit NonlinearSolver(std::size_t size);
  ~NonlinearSolver();
  NonlinearSolver(const NonlinearSolver&) = delete;
  NonlinearSolver& operator=(const NonlinearSolver&) = delete;

  std::size_t size() const { return size_; }

  // Solves f(x) = 0 from the initial guess in x; x holds the last iterate on return.
  NonlinearSolverResult solve(NonlinearSystem& system, Eigen::VectorXd& x, const NonlinearSolverOptions& options);

 private:
  struct Impl;
  std::size_t size_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hydrosim::solvers
