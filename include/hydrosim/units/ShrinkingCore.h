#pragma once
// Conversion of one particle-size class of a leaching solid as a function of
// a dimensionless progress variable y that grows at a rate set by the liquor
// (Levenspiel 1999, Chemical Reaction Engineering 3rd ed., ch. 25):
//
//   surface reaction:   y = ∫dt/τ_r,  X = 1 − (1 − y)³                 (eq. 25.23)
//   product-layer diff: y = ∫dt/τ_d,  y = 1 − 3(1 − X)^(2/3) + 2(1 − X) (eq. 25.18)
//   mixed (in series):  y = 1 − r_c/R, dy/dt = 1/(τ_r + 6 τ_d y (1 − y))
//   Avrami:             y = ∫k dt,    X = 1 − exp(−y^n)
//
// τ_r ∝ R0 and τ_d ∝ R0² (eqs. 25.22 and 25.17), so each size class runs at
// its own rate. Also the Gauss quadrature rules the CSTR cascade uses for its
// segregated-flow integrals over the exponential residence-time distribution.
#include <vector>

#include "hydrosim/thermo/LeachingKinetics.h"

namespace hydrosim::units::shrinking_core {

// Rates of the progress variable for one size class at the current liquor.
struct ClassRates {
  double reaction = 0.0;   // 1/τ_r, 1/s
  double diffusion = 0.0;  // 1/τ_d, 1/s
  double avrami = 0.0;     // k, 1/s
};

double conversion(thermo::LeachingModel model, double avrami_exponent, double y);
// dy/dt; zero once the class has fully reacted (y ≥ 1) for the shrinking-core forms.
double progress_rate(thermo::LeachingModel model, const ClassRates& rates, double y);
// True when the model reaches X = 1 at a finite progress (y = 1).
bool completes(thermo::LeachingModel model);
// Time to go from progress y0 to y1 (y1 ≥ y0, both ≤ 1) at constant rates.
double time_between(thermo::LeachingModel model, const ClassRates& rates, double y0, double y1);
// Progress after `seconds` at constant rates, starting from y0.
double advance(thermo::LeachingModel model, const ClassRates& rates, double y0, double seconds);
// Outer diameter over initial diameter: the particle shrinks only under
// surface-reaction control (no product layer); otherwise its size holds.
double diameter_ratio(thermo::LeachingModel model, double conversion);

// Gauss rules on [0, 1] (Legendre, weight 1) and [0, ∞) (Laguerre, weight e^−u),
// from the eigenvalues of the Jacobi matrix (Golub & Welsch 1969, Math. Comp. 23, 221).
struct QuadratureRule {
  std::vector<double> nodes;
  std::vector<double> weights;
};
QuadratureRule gauss_legendre_unit(int points);
QuadratureRule gauss_laguerre(int points);

// The Gauss rule of at most `points` nodes for a discrete positive measure
// (nodes, weights): the same total weight and the same moments of order
// 0 … 2·points − 1, nodes inside [min, max] of the given ones. Lanczos on
// diag(nodes) from the start vector √weights, then Golub–Welsch (Gautschi
// 2004, Orthogonal Polynomials: Computation and Approximation, §2.2.3).
QuadratureRule compress(const QuadratureRule& measure, int points);

}  // namespace hydrosim::units::shrinking_core
