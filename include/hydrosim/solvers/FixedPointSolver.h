#pragma once
// The seam between hydrosim's fixed-point problems (recycle tear streams) and
// KINSOL's fixed-point iteration with Anderson acceleration (KIN_FP; Walker &
// Ni 2011, SIAM J. Numer. Anal. 49, 1715-1735). The caller's map computes
// g = G(x) and decides convergence itself, so the caller's own test (e.g. the
// flowsheet's relative tear-stream change) is the one that counts. An exception
// thrown by the map is rethrown from solve_fixed_point, unchanged.
#include <string>

#include <Eigen/Dense>

namespace hydrosim::solvers {

// kRestart stops the iteration without convergence so that the caller can
// start again, with the Anderson history cleared, from a point of its choice
// (a safeguard when an extrapolated iterate makes things worse).
enum class FixedPointStep { kContinue, kConverged, kRestart };

class FixedPointMap {
 public:
  virtual ~FixedPointMap() = default;
  // Computes g = G(x). Returns kConverged when x is accepted as the fixed
  // point (then solve_fixed_point stops and returns this x).
  virtual FixedPointStep apply(const Eigen::VectorXd& x, Eigen::VectorXd& g) = 0;
};

struct FixedPointOptions {
  int max_evaluations = 500;  // evaluations of G
  int anderson_depth = 5;     // previous iterates in the Anderson least squares; 0 = plain iteration
  double damping = 1.0;       // Anderson damping beta in (0, 1]; 1 = undamped
  int delay = 0;              // plain iterations before acceleration starts
};

struct FixedPointResult {
  bool converged = false;
  bool restart = false;  // the map asked to stop and restart
  int evaluations = 0;   // calls of G
  std::string message;   // KINSOL's flag name when it stopped on its own
};

// Iterates from the initial guess in x; on return x holds the accepted point
// (converged) or the last point G was evaluated at.
FixedPointResult solve_fixed_point(FixedPointMap& map, Eigen::VectorXd& x, const FixedPointOptions& options);

}  // namespace hydrosim::solvers
