#include "hydrosim/units/Breakage.h"

#include <cmath>

namespace hydrosim::units {

Eigen::VectorXd selection_rates(const SelectionFunction& selection, const std::vector<double>& sizes) {
  const auto n = static_cast<Eigen::Index>(sizes.size());
  Eigen::VectorXd rates = Eigen::VectorXd::Zero(n);
  for (Eigen::Index i = 0; i + 1 < n; ++i) {
    const double x = sizes[static_cast<std::size_t>(i)];
    // Austin et al. (1984): power law in size times the maximum term Q_i.
    const double q = selection.mu ? 1.0 / (1.0 + std::pow(x / *selection.mu, selection.lambda)) : 1.0;
    rates(i) = selection.a * std::pow(x / selection.x0, selection.alpha) * q;
  }
  return rates;  // the pan (last class) does not break out of itself
}

Eigen::MatrixXd cumulative_breakage(const BreakageFunction& breakage, const std::vector<double>& sizes) {
  const auto n = static_cast<Eigen::Index>(sizes.size());
  Eigen::MatrixXd cumulative = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index j = 0; j + 1 < n; ++j) {
    const double bottom = sizes[static_cast<std::size_t>(j + 1)];
    for (Eigen::Index i = j + 1; i < n; ++i) {
      const double r = sizes[static_cast<std::size_t>(i)] / bottom;
      cumulative(i, j) = breakage.phi * std::pow(r, breakage.gamma) + (1.0 - breakage.phi) * std::pow(r, breakage.beta);
    }
  }
  return cumulative;
}

Eigen::MatrixXd breakage_matrix(const Eigen::MatrixXd& cumulative) {
  const Eigen::Index n = cumulative.rows();
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index j = 0; j + 1 < n; ++j) {
    for (Eigen::Index i = j + 1; i < n; ++i) {
      b(i, j) = cumulative(i, j) - (i + 1 < n ? cumulative(i + 1, j) : 0.0);
    }
  }
  return b;
}

Eigen::MatrixXd grinding_operator(const Eigen::VectorXd& selection, const Eigen::MatrixXd& breakage) {
  Eigen::MatrixXd a = breakage * selection.asDiagonal();
  a.diagonal() -= selection;
  return a;
}

}  // namespace hydrosim::units
