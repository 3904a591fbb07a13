#include "hydrosim/units/ShrinkingCore.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <Eigen/Eigenvalues>

namespace hydrosim::units::shrinking_core {
namespace {

using thermo::LeachingModel;

// Core radius over particle radius for product-layer diffusion control, from
// y = 1 − 3r² + 2r³ (Levenspiel eq. 25.18 with 1 − X = r³). With r = s + 1/2
// the cubic becomes s³ − (3/4)s + (1/2 − y)/2 = 0, whose root in [−1/2, 1/2]
// is s = cos(arccos(2y − 1)/3 − 2π/3) (trigonometric solution of a depressed cubic).
double diffusion_core_ratio(double y) {
  const double clipped = std::clamp(y, 0.0, 1.0);
  const double s = std::cos(std::acos(2.0 * clipped - 1.0) / 3.0 - 2.0 * std::numbers::pi / 3.0);
  return std::clamp(s + 0.5, 0.0, 1.0);
}

// Elapsed time at progress y for mixed control: t = τ_r y + τ_d (3y² − 2y³),
// the sum of the two single-resistance times (additivity of reaction times).
double mixed_time(const ClassRates& rates, double y) {
  const double tau_r = rates.reaction > 0.0 ? 1.0 / rates.reaction : std::numeric_limits<double>::infinity();
  const double tau_d = rates.diffusion > 0.0 ? 1.0 / rates.diffusion : std::numeric_limits<double>::infinity();
  return tau_r * y + tau_d * (3.0 * y * y - 2.0 * y * y * y);
}

QuadratureRule golub_welsch(const Eigen::VectorXd& diagonal, const Eigen::VectorXd& off_diagonal, double mu0) {
  const auto n = diagonal.size();
  Eigen::MatrixXd jacobi = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) jacobi(i, i) = diagonal(i);
  for (Eigen::Index i = 0; i + 1 < n; ++i) jacobi(i, i + 1) = jacobi(i + 1, i) = off_diagonal(i);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(jacobi);
  QuadratureRule rule;
  for (Eigen::Index i = 0; i < n; ++i) {
    rule.nodes.push_back(solver.eigenvalues()(i));
    const double v0 = solver.eigenvectors()(0, i);
    rule.weights.push_back(mu0 * v0 * v0);
  }
  return rule;
}

}  // namespace

double conversion(LeachingModel model, double avrami_exponent, double y) {
  const double progress = std::max(y, 0.0);
  switch (model) {
    case LeachingModel::kShrinkingCoreReaction:
    case LeachingModel::kShrinkingCoreMixed: {
      const double core = 1.0 - std::min(progress, 1.0);
      return 1.0 - core * core * core;
    }
    case LeachingModel::kShrinkingCoreDiffusion: {
      const double core = diffusion_core_ratio(progress);
      return 1.0 - core * core * core;
    }
    case LeachingModel::kAvrami: return -std::expm1(-std::pow(progress, avrami_exponent));
  }
  return 0.0;
}

double progress_rate(LeachingModel model, const ClassRates& rates, double y) {
  switch (model) {
    case LeachingModel::kShrinkingCoreReaction: return y < 1.0 ? rates.reaction : 0.0;
    case LeachingModel::kShrinkingCoreDiffusion: return y < 1.0 ? rates.diffusion : 0.0;
    case LeachingModel::kShrinkingCoreMixed: {
      // Both rates carry the same concentration factor, which is negative
      // only just past a used-up zero-order reagent (LeachProblem's
      // concentration_factor pulls that overshoot back): the series form then
      // runs backwards at the same magnitude.
      if (y >= 1.0 || !(rates.reaction * rates.diffusion > 0.0)) return 0.0;
      const double p = std::clamp(y, 0.0, 1.0);
      const double magnitude = 1.0 / (1.0 / std::abs(rates.reaction) + 6.0 * p * (1.0 - p) / std::abs(rates.diffusion));
      return rates.reaction > 0.0 ? magnitude : -magnitude;
    }
    case LeachingModel::kAvrami: return rates.avrami;
  }
  return 0.0;
}

bool completes(LeachingModel model) { return model != LeachingModel::kAvrami; }

double time_between(LeachingModel model, const ClassRates& rates, double y0, double y1) {
  if (model == LeachingModel::kShrinkingCoreMixed) return mixed_time(rates, y1) - mixed_time(rates, y0);
  const double rate = progress_rate(model, rates, y0);
  return rate > 0.0 ? (y1 - y0) / rate : std::numeric_limits<double>::infinity();
}

double advance(LeachingModel model, const ClassRates& rates, double y0, double seconds) {
  if (model != LeachingModel::kShrinkingCoreMixed) {
    const double y = y0 + progress_rate(model, rates, y0) * seconds;
    return completes(model) ? std::min(y, 1.0) : y;
  }
  if (y0 >= 1.0) return 1.0;
  const double target = mixed_time(rates, y0) + seconds;
  if (!(target < mixed_time(rates, 1.0))) return 1.0;
  // mixed_time is strictly increasing on [0, 1]: bracketing by bisection is
  // exact to rounding in 60 halvings.
  double low = y0;
  double high = 1.0;
  for (int i = 0; i < 60; ++i) {
    const double middle = 0.5 * (low + high);
    (mixed_time(rates, middle) < target ? low : high) = middle;
  }
  return 0.5 * (low + high);
}

double diameter_ratio(LeachingModel model, double x) {
  if (model != LeachingModel::kShrinkingCoreReaction) return 1.0;
  return std::cbrt(std::clamp(1.0 - x, 0.0, 1.0));
}

QuadratureRule gauss_legendre_unit(int points) {
  const auto n = static_cast<Eigen::Index>(points);
  Eigen::VectorXd off(std::max<Eigen::Index>(n - 1, 0));
  for (Eigen::Index k = 1; k < n; ++k) {
    const double kk = static_cast<double>(k);
    off(k - 1) = kk / std::sqrt(4.0 * kk * kk - 1.0);
  }
  QuadratureRule rule = golub_welsch(Eigen::VectorXd::Zero(n), off, 2.0);
  for (std::size_t i = 0; i < rule.nodes.size(); ++i) {
    rule.nodes[i] = 0.5 * (rule.nodes[i] + 1.0);  // [−1, 1] → [0, 1]
    rule.weights[i] *= 0.5;
  }
  return rule;
}

QuadratureRule gauss_laguerre(int points) {
  const auto n = static_cast<Eigen::Index>(points);
  Eigen::VectorXd diagonal(n);
  Eigen::VectorXd off(std::max<Eigen::Index>(n - 1, 0));
  for (Eigen::Index k = 0; k < n; ++k) diagonal(k) = 2.0 * static_cast<double>(k) + 1.0;
  for (Eigen::Index k = 1; k < n; ++k) off(k - 1) = static_cast<double>(k);
  return golub_welsch(diagonal, off, 1.0);
}

QuadratureRule compress(const QuadratureRule& measure, int points) {
  const auto k = static_cast<Eigen::Index>(measure.nodes.size());
  if (k <= 2 * points) return measure;
  const Eigen::Map<const Eigen::VectorXd> x(measure.nodes.data(), k);
  const Eigen::Map<const Eigen::VectorXd> w(measure.weights.data(), k);
  const double total = w.sum();
  if (!(total > 0.0)) return measure;
  Eigen::VectorXd alpha(points);
  Eigen::VectorXd beta(points);  // beta(j) couples q_j and q_(j+1)
  Eigen::VectorXd previous = Eigen::VectorXd::Zero(k);
  Eigen::VectorXd q = Eigen::VectorXd::Constant(k, 1.0 / std::sqrt(total));
  int size = points;
  for (int j = 0; j < points; ++j) {
    alpha(j) = (w.array() * x.array() * q.array().square()).sum();
    Eigen::VectorXd r = (x.array() - alpha(j)).matrix().cwiseProduct(q) - (j > 0 ? beta(j - 1) : 0.0) * previous;
    // Re-orthogonalise against q: keeps the recurrence accurate in double precision.
    r -= (w.array() * r.array() * q.array()).sum() * q;
    beta(j) = std::sqrt((w.array() * r.array().square()).sum());
    if (j + 1 < points && !(beta(j) > 1e-14 * std::max(std::abs(alpha(j)), 1.0))) {
      size = j + 1;  // the measure has only j + 1 distinct points worth of information
      break;
    }
    previous = q;
    q = r / beta(j);
  }
  QuadratureRule rule = golub_welsch(alpha.head(size), beta.head(std::max(size - 1, 0)), total);
  return rule;
}

}  // namespace hydrosim::units::shrinking_core
