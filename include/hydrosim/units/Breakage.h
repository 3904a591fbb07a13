#pragma once
// The discrete size-mass balance of comminution (docs/pretreatment.md):
//
//   dm_i/dt = −S_i m_i + Σ_{j<i} b_ij S_j m_j          (batch grinding equation)
//
// Austin, L.G., Klimpel, R.R., Luckie, P.T. (1984) Process Engineering of Size
// Reduction: Ball Milling, SME-AIME, ch. 4-5; Reid, K.J. (1965) Chem. Eng. Sci.
// 20, 953-963 (its analytic solution for constant S and b). Classes follow
// ParticleSize.h: sieve sizes x_1 > ... > x_n, class i between x_{i+1} and
// x_i, the last class the pan (it does not break out of itself: S_n = 0).
#include <optional>
#include <vector>

#include <Eigen/Dense>

namespace hydrosim::units {

// Austin's selection function with the optional maximum:
//   S_i = a (x_i / x0)^α · 1 / (1 + (x_i / μ)^Λ),
// a the specific breakage rate at x0 (1/s), x_i the top size of class i.
struct SelectionFunction {
  double a = 0.0;            // 1/s
  double x0 = 1e-3;          // m (Austin's customary 1 mm)
  double alpha = 1.0;        // –
  std::optional<double> mu;  // m; absent: no maximum (Q_i = 1)
  double lambda = 2.0;       // –, sharpness of the drop above μ
};

// Austin's normalised cumulative breakage function, for i > j:
//   B_ij = φ (x_i / x_{j+1})^γ + (1 − φ)(x_i / x_{j+1})^β,
// the mass fraction of the primary fragments of class j passing the top size
// x_i of class i (x_{j+1} is the bottom of class j, so B_{j+1,j} = 1).
struct BreakageFunction {
  double phi = 0.5;
  double gamma = 1.0;
  double beta = 4.0;
};

// S_i for each class (the pan gets 0).
Eigen::VectorXd selection_rates(const SelectionFunction& selection, const std::vector<double>& sizes);

// B (n × n, lower part i > j filled, 1 on i = j + 1).
Eigen::MatrixXd cumulative_breakage(const BreakageFunction& breakage, const std::vector<double>& sizes);

// b_ij = B_ij − B_{i+1,j} (b_nj = B_nj); each column j < n sums to 1.
Eigen::MatrixXd breakage_matrix(const Eigen::MatrixXd& cumulative);

// The linear operator of the grinding equation, dm/dt = A m with
// A = (b − I) diag(S): lower triangular, columns summing to 0 (mass is conserved).
Eigen::MatrixXd grinding_operator(const Eigen::VectorXd& selection, const Eigen::MatrixXd& breakage);

}  // namespace hydrosim::units
