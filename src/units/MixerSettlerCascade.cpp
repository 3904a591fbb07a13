#include "hydrosim/units/MixerSettlerCascade.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/solvers/DaeSolver.h"

namespace hydrosim::units {
namespace {

constexpr double kLn10 = 2.302585092994046;
const double kLnMolPerLitre = std::log(1000.0);  // ln of 1 mol/L in mol/m³

// The cascade equations with unknowns per stage j: ln c_ij (aqueous free metal,
// mol/m³), ln [H+], ln [(HA)2]free. `offset` shifts every log10 D (the
// continuation parameter; 0 is the real problem).
class CascadeSystem : public solvers::NonlinearSystem {
 public:
  explicit CascadeSystem(const CascadeProblem& problem) : p_(problem) {
    metals_ = static_cast<int>(p_.metals.size());
    block_ = metals_ + 2;
    size_ = p_.stages * block_;
    aqueous_out_.resize(p_.stages);
    aqueous_next_.resize(p_.stages);
    organic_.resize(p_.stages);
    sulfate_.resize(p_.stages);
    // Entrainment: e_a O' of stage-1 aqueous leaves with the loaded organic
    // (O' the organic passing between stages), e_o A_N of stage-N organic with
    // the raffinate; O' + e_o A_N = O.
    const double full_aqueous = p_.aqueous_flow + (p_.alkali_stage >= 0 ? p_.alkali_flow : 0.0);
    const double raffinate_flow = (full_aqueous - p_.aqueous_entrainment * p_.organic_flow) /
                                  (1.0 - p_.aqueous_entrainment * p_.organic_entrainment);
    const double organic_passing = p_.organic_flow - p_.organic_entrainment * raffinate_flow;
    const double aqueous_entrained = p_.aqueous_entrainment * organic_passing;
    for (int j = 0; j < p_.stages; ++j) {
      const bool after_alkali = p_.alkali_stage >= 0 && j >= p_.alkali_stage;
      const double volume = p_.aqueous_flow + (after_alkali ? p_.alkali_flow : 0.0);
      aqueous_out_[j] = volume - (j > 0 ? aqueous_entrained : 0.0);
      aqueous_next_[j] = volume - aqueous_entrained;
      organic_[j] = j == p_.stages - 1 ? p_.organic_flow : organic_passing;
      sulfate_[j] = (p_.sulfate_feed + (after_alkali ? p_.sulfate_alkali : 0.0)) / volume;
    }
    organic_passing_ = organic_passing;
    metal_scale_.resize(metals_);
    double proton_scale = std::abs(p_.acid_feed) + std::abs(p_.acid_alkali) + 1e-4 * p_.aqueous_flow;
    for (int i = 0; i < metals_; ++i) {
      const auto& m = p_.metals[i];
      metal_scale_[i] = m.aqueous_feed + m.alkali_feed + p_.organic_flow * m.organic_feed;
      proton_scale += m.charge * metal_scale_[i];
    }
    proton_scale_ = proton_scale;
    y_.resize(metals_, p_.stages + 1);
    ystar_.resize(metals_, p_.stages);
    gradient_.assign(static_cast<std::size_t>(metals_ * (p_.stages + 1)), Eigen::RowVectorXd::Zero(size_));
  }

  int size() const { return size_; }

  // A regularising inflow of 1e-30 of each metal's total into every stage: it
  // keeps every concentration above underflow, so no column of the Jacobian (in
  // log variables) vanishes in long sections where a metal is absent from the
  // far stages. Its effect on the results is of relative order 1e-30 per stage.
  double trace_inflow(int i) const { return 1e-30 * feed_scale * metal_scale_[i]; }

  // Row scales of the balances, frozen at x for one Newton solve: the local
  // flows of each stage (in + out), so that a trace metal's balance is judged
  // relative to its own flows and the Jacobian stays well conditioned.
  void freeze_scales(const Eigen::VectorXd& x) {
    row_scale_ = Eigen::VectorXd::Ones(size_);
    if (!evaluate_organic(x, false)) return;
    for (int j = 0; j < p_.stages; ++j) {
      double acid_scale = 0.0;
      for (int i = 0; i < metals_; ++i) {
        const auto& m = p_.metals[i];
        const double inflow = (j == 0 ? feed_scale * m.aqueous_feed : aqueous_next_[j - 1] * std::exp(x(u(j - 1, i)))) +
                              (j == p_.alkali_stage ? feed_scale * m.alkali_feed : 0.0) + trace_inflow(i);
        const double local = inflow + aqueous_out_[j] * std::exp(x(u(j, i))) + organic_[j] * (y_(i, j) + y_(i, j + 1));
        row_scale_(u(j, i)) = std::max(local, trace_inflow(i));
        acid_scale += m.charge * organic_[j] * (y_(i, j) + y_(i, j + 1));
      }
      double alpha = 0.0;
      double dalpha = 0.0;
      acidity(j, std::exp(x(v(j))), alpha, dalpha);
      const double h = std::exp(x(v(j)));
      acid_scale += aqueous_out_[j] * (std::abs(alpha) + h + p_.water_k / h);
      row_scale_(v(j)) = std::max(acid_scale, 1e-12 * proton_scale_);
    }
  }
  int block() const { return block_; }
  double offset = 0.0;
  // Continuation parameter λ multiplying every metal feed (aqueous, organic,
  // alkali) and the alkali's base; 1 is the real problem.
  double feed_scale = 1.0;
  // Pseudo-transient term: 1/Δt (s⁻¹) of an implicit-Euler step of the stage
  // holdups (one residence time of each phase per stage); 0 for steady state.
  double inverse_dt = 0.0;
  Eigen::VectorXd previous_holdup;

  // Holdup of each balance at x: metal V_a c + V_o y, acidity V_a α − V_o Σ z y
  // (the organic's protons up to a constant); 0 for the extractant rows.
  Eigen::VectorXd holdup(const Eigen::VectorXd& x) {
    Eigen::VectorXd g = Eigen::VectorXd::Zero(size_);
    if (!evaluate_organic(x, false)) return g;
    for (int j = 0; j < p_.stages; ++j) {
      double bound = 0.0;
      for (int i = 0; i < metals_; ++i) {
        g(u(j, i)) = aqueous_out_[j] * std::exp(x(u(j, i))) + p_.organic_flow * y_(i, j);
        bound += p_.metals[i].charge * y_(i, j);
      }
      double alpha = 0.0;
      double dalpha = 0.0;
      acidity(j, std::exp(x(v(j))), alpha, dalpha);
      g(v(j)) = aqueous_out_[j] * alpha - p_.organic_flow * bound;
    }
    return g;
  }

  Eigen::Index u(int j, int i) const { return j * block_ + i; }
  Eigen::Index v(int j) const { return j * block_ + metals_; }
  Eigen::Index w(int j) const { return j * block_ + metals_ + 1; }

  double log_distribution(const CascadeMetal& m, double ln_h, double ln_d) const {
    // ln D = ln10 (log10_k + offset) + ln10 slope pH + exponent ln d, pH = −(ln h − ln 1000)/ln10
    return kLn10 * (m.log10_k + offset) - m.slope * (ln_h - kLnMolPerLitre) + m.dimers_exponent * ln_d;
  }

  // α = [H+] + [HSO4-] − [OH-] and dα/d ln h at stage j.
  void acidity(int j, double h, double& alpha, double& dalpha) const {
    const double k = p_.bisulfate_k;
    const double t = sulfate_[j];
    alpha = h + t * k * h / (1.0 + k * h) - p_.water_k / h;
    dalpha = h * (1.0 + t * k / ((1.0 + k * h) * (1.0 + k * h)) + p_.water_k / (h * h));
  }

  // Fills y*, y (with the Murphree recursion) and, when `gradients`, their
  // derivatives. Returns false on overflow.
  bool evaluate_organic(const Eigen::VectorXd& x, bool gradients) {
    const double e = p_.efficiency;
    for (int i = 0; i < metals_; ++i) {
      y_(i, p_.stages) = feed_scale * p_.metals[i].organic_feed;
      if (gradients) grad(i, p_.stages).setZero();
    }
    for (int j = p_.stages - 1; j >= 0; --j) {
      for (int i = 0; i < metals_; ++i) {
        const auto& m = p_.metals[i];
        const double ln_ystar = log_distribution(m, x(v(j)), x(w(j))) + x(u(j, i));
        if (ln_ystar > 700.0) return false;
        const double ystar = std::exp(ln_ystar);
        ystar_(i, j) = ystar;
        y_(i, j) = e * ystar + (1.0 - e) * y_(i, j + 1);
        if (gradients) {
          Eigen::RowVectorXd& g = grad(i, j);
          g = (1.0 - e) * grad(i, j + 1);
          g(u(j, i)) += e * ystar;
          g(v(j)) += -e * m.slope * ystar;
          g(w(j)) += e * m.dimers_exponent * ystar;
        }
      }
    }
    return true;
  }

  // d(holdup)/dx divided by the row scales (balance rows; extractant rows 0).
  bool scaled_holdup_jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& g) {
    if (!evaluate_organic(x, true)) return false;
    g.setZero(size_, size_);
    const double o = p_.organic_flow;
    for (int j = 0; j < p_.stages; ++j) {
      Eigen::RowVectorXd proton = Eigen::RowVectorXd::Zero(size_);
      for (int i = 0; i < metals_; ++i) {
        Eigen::RowVectorXd row = o * grad(i, j);
        row(u(j, i)) += aqueous_out_[j] * std::exp(x(u(j, i)));
        g.row(u(j, i)) = row / row_scale_(u(j, i));
        proton -= o * p_.metals[i].charge * grad(i, j);
      }
      double alpha = 0.0;
      double dalpha = 0.0;
      acidity(j, std::exp(x(v(j))), alpha, dalpha);
      proton(v(j)) += aqueous_out_[j] * dalpha;
      g.row(v(j)) = proton / row_scale_(v(j));
    }
    return true;
  }

  bool residual(const Eigen::VectorXd& x, Eigen::VectorXd& f) override {
    // ln values above 700 would overflow; very negative ones (trace metals) are fine.
    if (!x.allFinite() || x.maxCoeff() > 700.0) return false;
    if (!evaluate_organic(x, false)) return false;
    f.resize(size_);
    const double o = p_.organic_flow;
    for (int j = 0; j < p_.stages; ++j) {
      double released = 0.0;
      for (int i = 0; i < metals_; ++i) {
        const auto& m = p_.metals[i];
        const double c = std::exp(x(u(j, i)));
        const double inflow = (j == 0 ? feed_scale * m.aqueous_feed : aqueous_next_[j - 1] * std::exp(x(u(j - 1, i)))) +
                              (j == p_.alkali_stage ? feed_scale * m.alkali_feed : 0.0) + trace_inflow(i);
        const double transfer = organic_[j] * (y_(i, j) - y_(i, j + 1));
        const double accumulation =
            inverse_dt > 0.0 ? inverse_dt * (aqueous_out_[j] * c + o * y_(i, j) - previous_holdup(u(j, i))) : 0.0;
        f(u(j, i)) = (inflow - aqueous_out_[j] * c - transfer - accumulation) / row_scale_(u(j, i));
        released += m.charge * transfer;
      }
      double alpha = 0.0;
      double dalpha = 0.0;
      acidity(j, std::exp(x(v(j))), alpha, dalpha);
      double acid_in = j == p_.alkali_stage ? feed_scale * p_.acid_alkali : 0.0;
      if (j == 0) {
        acid_in += p_.acid_feed;
      } else {
        double previous = 0.0;
        double unused = 0.0;
        acidity(j - 1, std::exp(x(v(j - 1))), previous, unused);
        acid_in += aqueous_next_[j - 1] * previous;
      }
      double accumulation = 0.0;
      if (inverse_dt > 0.0) {
        double bound_charge = 0.0;
        for (int i = 0; i < metals_; ++i) bound_charge += p_.metals[i].charge * y_(i, j);
        accumulation = inverse_dt * (aqueous_out_[j] * alpha - o * bound_charge - previous_holdup(v(j)));
      }
      f(v(j)) = (acid_in + released - aqueous_out_[j] * alpha - accumulation) / row_scale_(v(j));
      double bound = 2.0 * std::exp(x(w(j)));
      for (int i = 0; i < metals_; ++i) bound += 2.0 * p_.metals[i].dimers * ystar_(i, j);
      f(w(j)) = bound / p_.extractant - 1.0;
    }
    return true;
  }

  bool jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& jac) override {
    if (!evaluate_organic(x, true)) return false;
    jac.setZero(size_, size_);
    const double o = p_.organic_flow;
    for (int j = 0; j < p_.stages; ++j) {
      Eigen::RowVectorXd released = Eigen::RowVectorXd::Zero(size_);
      for (int i = 0; i < metals_; ++i) {
        const auto& m = p_.metals[i];
        const double c = std::exp(x(u(j, i)));
        Eigen::RowVectorXd row = -organic_[j] * (grad(i, j) - grad(i, j + 1));
        released += m.charge * row * -1.0;
        row(u(j, i)) -= aqueous_out_[j] * c;
        if (inverse_dt > 0.0) {
          row -= inverse_dt * o * grad(i, j);
          row(u(j, i)) -= inverse_dt * aqueous_out_[j] * c;
        }
        if (j > 0) row(u(j - 1, i)) += aqueous_next_[j - 1] * std::exp(x(u(j - 1, i)));
        jac.row(u(j, i)) = row / row_scale_(u(j, i));
      }
      double alpha = 0.0;
      double dalpha = 0.0;
      acidity(j, std::exp(x(v(j))), alpha, dalpha);
      Eigen::RowVectorXd row = released;
      row(v(j)) -= aqueous_out_[j] * dalpha;
      if (inverse_dt > 0.0) {
        row(v(j)) -= inverse_dt * aqueous_out_[j] * dalpha;
        for (int i = 0; i < metals_; ++i) row += inverse_dt * o * p_.metals[i].charge * grad(i, j);
      }
      if (j > 0) {
        double previous = 0.0;
        double dprevious = 0.0;
        acidity(j - 1, std::exp(x(v(j - 1))), previous, dprevious);
        row(v(j - 1)) += aqueous_next_[j - 1] * dprevious;
      }
      jac.row(v(j)) = row / row_scale_(v(j));
      // Extractant balance uses y* of this stage only.
      Eigen::RowVectorXd bound = Eigen::RowVectorXd::Zero(size_);
      bound(w(j)) = 2.0 * std::exp(x(w(j)));
      for (int i = 0; i < metals_; ++i) {
        const auto& m = p_.metals[i];
        const double ystar = ystar_(i, j);
        bound(u(j, i)) += 2.0 * m.dimers * ystar;
        bound(v(j)) += 2.0 * m.dimers * -m.slope * ystar;
        bound(w(j)) += 2.0 * m.dimers * m.dimers_exponent * ystar;
      }
      jac.row(w(j)) = bound / p_.extractant;
    }
    return true;
  }

  // Fills the solution from x.
  void extract(const Eigen::VectorXd& x, CascadeSolution& s) {
    evaluate_organic(x, false);
    const int n = p_.stages;
    s.aqueous.resize(n, metals_);
    s.organic.resize(n, metals_);
    s.equilibrium_organic.resize(n, metals_);
    s.hydrogen.resize(n);
    s.ph.resize(n);
    s.free_dimer.resize(n);
    s.aqueous_flow.resize(n);
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < metals_; ++i) {
        s.aqueous(j, i) = std::exp(x(u(j, i)));
        s.organic(j, i) = y_(i, j);
        s.equilibrium_organic(j, i) = ystar_(i, j);
      }
      s.hydrogen(j) = std::exp(x(v(j)));
      s.ph(j) = -std::log10(s.hydrogen(j) / 1000.0);
      s.free_dimer(j) = std::exp(x(w(j)));
      s.aqueous_flow(j) = aqueous_out_[j];
    }
    s.extracted.resize(metals_);
    // Into the organic phase: loaded organic, organic entrained in the raffinate, minus the feed.
    for (int i = 0; i < metals_; ++i) {
      s.extracted(i) = organic_passing_ * y_(i, 0) + (p_.organic_flow - organic_passing_) * y_(i, n - 1) -
                       p_.organic_flow * y_(i, n);
    }
    s.organic_passing = organic_passing_;
  }

 private:
  Eigen::RowVectorXd& grad(int i, int j) { return gradient_[static_cast<std::size_t>(j * metals_ + i)]; }

  const CascadeProblem& p_;
  int metals_ = 0;
  int block_ = 0;
  int size_ = 0;
  std::vector<double> aqueous_out_;   // total aqueous leaving each stage (stage 1: with the entrained part)
  std::vector<double> aqueous_next_;  // aqueous passing to the next stage (or leaving as raffinate)
  std::vector<double> organic_;       // organic entering and leaving each stage
  double organic_passing_ = 0.0;
  std::vector<double> sulfate_;
  std::vector<double> metal_scale_;
  double proton_scale_ = 1.0;
  Eigen::VectorXd row_scale_;
  Eigen::MatrixXd y_;
  Eigen::MatrixXd ystar_;
  std::vector<Eigen::RowVectorXd> gradient_;
};

// The cascade's start-up dynamics as a DAE for IDA: stage holdups G (one
// residence time of each phase) obey dG/dt = F(x) for the metal and acid
// balances, written G_x(x) x' − F(x) = 0 (scaled), and the extractant balance
// stays algebraic. Marched to steady state from any physical state.
class CascadeDae : public solvers::DaeSystem {
 public:
  explicit CascadeDae(CascadeSystem& system) : system_(system) {}
  std::size_t size() const override { return static_cast<std::size_t>(system_.size()); }
  int residual(double, const Eigen::VectorXd& x, const Eigen::VectorXd& xp, Eigen::VectorXd& r) override {
    if (!system_.residual(x, f_) || !system_.scaled_holdup_jacobian(x, g_)) return 1;
    r = g_ * xp - f_;
    return 0;
  }
  bool has_jacobian() const override { return true; }
  // cj G_x − F_x; the second-derivative term (d G_x/dx) x' is left out.
  int jacobian(double, double cj, const Eigen::VectorXd& x, const Eigen::VectorXd&, Eigen::MatrixXd& m) override {
    if (!system_.jacobian(x, m) || !system_.scaled_holdup_jacobian(x, g_)) return 1;
    m = cj * g_ - m;
    return 0;
  }
  Eigen::VectorXd differential() const override {
    Eigen::VectorXd id = Eigen::VectorXd::Ones(system_.size());
    for (int j = 0; j < system_.size() / system_.block(); ++j) id(system_.w(j)) = 0.0;
    return id;
  }
  // x' consistent with x: G_x x' = F on the balance rows, ext_x x' = 0.
  bool consistent_rate(const Eigen::VectorXd& x, Eigen::VectorXd& xp) {
    Eigen::MatrixXd jac;
    if (!system_.residual(x, f_) || !system_.jacobian(x, jac) || !system_.scaled_holdup_jacobian(x, g_)) return false;
    Eigen::VectorXd rhs = f_;
    for (int j = 0; j < system_.size() / system_.block(); ++j) {
      g_.row(system_.w(j)) = jac.row(system_.w(j));
      rhs(system_.w(j)) = 0.0;
    }
    xp = g_.partialPivLu().solve(rhs);
    return xp.allFinite();
  }

 private:
  CascadeSystem& system_;
  Eigen::VectorXd f_;
  Eigen::MatrixXd g_;
};

// Start: no extraction (every metal stays where it entered), H+ from the
// feed acidity α = [H+] − Kw/[H+] (HSO4- left to Newton), all extractant
// free, metal feeds scaled by λ.
Eigen::VectorXd initial_guess(const CascadeProblem& p, const CascadeSystem& system, double lambda) {
  Eigen::VectorXd x(system.size());
  const double alpha = p.acid_feed / p.aqueous_flow;
  const double root = std::sqrt(alpha * alpha + 4.0 * p.water_k);
  const double h = alpha >= 0.0 ? (alpha + root) / 2.0 : 2.0 * p.water_k / (root - alpha);
  for (int j = 0; j < p.stages; ++j) {
    for (std::size_t i = 0; i < p.metals.size(); ++i) {
      const auto& m = p.metals[i];
      const bool after_alkali = p.alkali_stage >= 0 && j >= p.alkali_stage;
      const double c = lambda *
                       (m.aqueous_feed + p.organic_flow * m.organic_feed + (after_alkali ? m.alkali_feed : 0.0)) /
                       (p.aqueous_flow + (after_alkali ? p.alkali_flow : 0.0));
      // A metal absent from a stage at the start (one fed with the alkali, or
      // loaded on the organic) gets a trace instead of zero: in log variables
      // zero would make its column of the Jacobian vanish.
      const double total = lambda * (m.aqueous_feed + m.alkali_feed + p.organic_flow * m.organic_feed) / p.aqueous_flow;
      x(system.u(j, static_cast<int>(i))) = std::log(std::max(c, 1e-10 * total));
    }
    x(system.v(j)) = std::log(h);
    x(system.w(j)) = std::log(p.extractant / 2.0);
  }
  return x;
}

// Two problems with the same stages, metals and constants, differing only in
// flows and feeds (as between two passes of a recycle iteration).
bool same_shape(const CascadeProblem& a, const CascadeProblem& b) {
  if (a.stages != b.stages || a.alkali_stage != b.alkali_stage || a.metals.size() != b.metals.size() ||
      a.bisulfate_k != b.bisulfate_k || a.water_k != b.water_k || a.efficiency != b.efficiency ||
      a.aqueous_entrainment != b.aqueous_entrainment || a.organic_entrainment != b.organic_entrainment) {
    return false;
  }
  for (std::size_t i = 0; i < a.metals.size(); ++i) {
    const auto& m = a.metals[i];
    const auto& n = b.metals[i];
    if (m.name != n.name || m.charge != n.charge || m.dimers != n.dimers || m.log10_k != n.log10_k ||
        m.slope != n.slope || m.dimers_exponent != n.dimers_exponent) {
      return false;
    }
  }
  return true;
}

// The problem at t on the straight line from `from` (t = 0) to `to` (t = 1):
// every flow and feed (1 − t)·from + t·to, exactly `to` at t = 1.
CascadeProblem between(const CascadeProblem& from, const CascadeProblem& to, double t) {
  const auto mix = [t](double a, double b) { return (1.0 - t) * a + t * b; };
  CascadeProblem p = to;
  p.aqueous_flow = mix(from.aqueous_flow, to.aqueous_flow);
  p.organic_flow = mix(from.organic_flow, to.organic_flow);
  p.alkali_flow = mix(from.alkali_flow, to.alkali_flow);
  p.extractant = mix(from.extractant, to.extractant);
  p.acid_feed = mix(from.acid_feed, to.acid_feed);
  p.acid_alkali = mix(from.acid_alkali, to.acid_alkali);
  p.sulfate_feed = mix(from.sulfate_feed, to.sulfate_feed);
  p.sulfate_alkali = mix(from.sulfate_alkali, to.sulfate_alkali);
  for (std::size_t i = 0; i < p.metals.size(); ++i) {
    p.metals[i].aqueous_feed = mix(from.metals[i].aqueous_feed, to.metals[i].aqueous_feed);
    p.metals[i].organic_feed = mix(from.metals[i].organic_feed, to.metals[i].organic_feed);
    p.metals[i].alkali_feed = mix(from.metals[i].alkali_feed, to.metals[i].alkali_feed);
  }
  return p;
}

}  // namespace

CascadeSolution solve_cascade(const CascadeProblem& problem, const std::string& context,
                              const Eigen::VectorXd* warm_start, const CascadeProblem* warm_problem) {
  if (problem.stages < 1) throw SolveError(fmt::format("{}: a section needs at least one stage", context));
  if (!(problem.aqueous_flow > 0.0) || !(problem.organic_flow > 0.0) || !(problem.extractant > 0.0)) {
    throw SolveError(
        fmt::format("{}: aqueous flow, organic flow and extractant concentration must be positive", context));
  }
  CascadeSystem system(problem);
  solvers::NonlinearSolver solver(static_cast<std::size_t>(system.size()));
  solvers::NonlinearSolverOptions options;
  options.residual_tolerance = 1e-11;  // scaled: relative to each stage's own flows
  options.max_iterations = 300;
  // A continuation step (and the warm start) begins next to its solution:
  // Newton converges in a few iterations or not at all (runs of 50-300
  // iterations that then failed were most of the solve time in the mechanistic
  // NMC plant), so a step gives up after 30 and the step is halved instead.
  // The no-extraction start keeps 300. Same tolerance.
  solvers::NonlinearSolverOptions step_options = options;
  step_options.max_iterations = 30;

  CascadeSolution solution;
  auto attempt = [&](double offset, double lambda, Eigen::VectorXd& x, bool first = false) {
    Eigen::VectorXd trial = x;
    system.offset = offset;
    system.feed_scale = lambda;
    system.freeze_scales(x);
    const auto result = solver.solve(system, trial, first ? options : step_options);
    ++solution.continuation_steps;
    solution.nonlinear_iterations += result.iterations;
    solution.residual_evaluations += result.residual_evaluations;
    solution.solver = result;
    if (result.converged) x = trial;
    return result.converged;
  };
  // Fallback from a steady state x of a nearby problem (the fold of the
  // continuation, or the last point of the path from the previous pass): step
  // the feeds to the full problem and march the stage holdups in time to its
  // steady state, first as a DAE on IDA, then by implicit-Euler steps (Δt
  // doubling), and solve it exactly. Returns "" on success (x the solution),
  // else why it failed.
  const auto settle = [&](Eigen::VectorXd& x) -> std::string {
    system.offset = 0.0;
    system.feed_scale = 1.0;
    system.freeze_scales(x);
    {
      CascadeDae dae(system);
      Eigen::VectorXd xp;
      if (dae.consistent_rate(x, xp)) {
        solvers::DaeOptions dae_options;
        dae_options.consistent_initial_condition = false;  // x is a steady state, xp consistent with it
        dae_options.relative_tolerance = 1e-7;
        dae_options.absolute_tolerance = 1e-9;
        // A work budget, not a tolerance: where IDA's steps collapse (near the
        // fold, 12-stage acid-starved scrubs took 20000 steps, ~30 s, and still
        // failed) it gives up early and the implicit-Euler march below, which
        // reaches such states in some 70 KINSOL solves, takes over.
        dae_options.max_steps = 2000;
        const auto marched = solvers::integrate_dae(dae, 0.0, x, xp, {1.0, 1e2, 1e4, 1e6}, dae_options);
        solution.dae_steps += marched.statistics.steps;
        if (marched.success) {
          Eigen::VectorXd trial = marched.states.back();
          if (attempt(0.0, 1.0, trial)) {
            x = trial;
            return "";
          }
        }
      }
    }
    // IDA did not reach it: implicit-Euler pseudo-transient steps instead.
    Eigen::VectorXd y = x;
    double dt = 1e-3;
    int steps = 0;
    while (dt < 1e9) {
      system.previous_holdup = system.holdup(y);
      system.inverse_dt = 1.0 / dt;
      system.freeze_scales(y);
      Eigen::VectorXd trial = y;
      const auto result = solver.solve(system, trial, options);
      ++solution.continuation_steps;
      solution.nonlinear_iterations += result.iterations;
      solution.residual_evaluations += result.residual_evaluations;
      if (result.converged) {
        y = trial;
        dt *= 2.0;
      } else {
        dt /= 4.0;
      }
      if (++steps > 400 || dt < 1e-9) {
        system.inverse_dt = 0.0;
        solution.pseudo_transient_steps += steps;
        return fmt::format("pseudo-transient fallback also failed at Δt = {:.3g} s: {}", dt, result.message);
      }
    }
    system.inverse_dt = 0.0;
    solution.pseudo_transient_steps += steps;
    if (!attempt(0.0, 1.0, y)) {
      return fmt::format("pseudo-transient fallback reached Δt = 1e9 s but not the steady state: {}",
                         solution.solver.message);
    }
    x = y;
    return "";
  };
  // Continuation: (1) metals at trace level (λ = 1e-6: no loading, no acid
  // consumed) with every log10 D shifted by an offset from −12 (nothing
  // extracts, the guess is nearly exact) to 0; (2) λ from 1e-6 to 1 in
  // decades. Steps double on success and halve on failure.
  std::optional<Eigen::VectorXd> path_end;  // last point of a stalled path from the previous pass
  if (warm_start != nullptr && warm_start->size() == system.size()) {
    Eigen::VectorXd x = *warm_start;
    if (attempt(0.0, 1.0, x)) {
      solution.warm_started = true;
      system.extract(x, solution);
      solution.state = x;
      return solution;
    }
    // The feeds moved too far for one Newton solve (early recycle passes): follow
    // the straight path of problems from the one the warm state solves to this
    // one (steps double on success, halve on failure). It stays on the branch of
    // the previous pass, where a restart from "no extraction" can fold (acid-
    // starved scrub sections) and end in the slow DAE fallback.
    if (warm_problem != nullptr && same_shape(*warm_problem, problem)) {
      // A path step needing more than 30 Newton iterations is too long: halve it
      // (and give up below 1/64, where a restart is cheaper).
      solvers::NonlinearSolverOptions path_options = options;
      path_options.max_iterations = 30;
      double at = 0.0;
      double step = 0.25;
      while (at < 1.0 && step >= 1.0 / 64.0) {
        const double target = std::min(1.0, at + step);
        const CascadeProblem path = between(*warm_problem, problem, target);
        CascadeSystem on_path(path);
        on_path.freeze_scales(x);
        Eigen::VectorXd trial = x;
        const auto result = solver.solve(on_path, trial, path_options);
        ++solution.continuation_steps;
        solution.nonlinear_iterations += result.iterations;
        solution.residual_evaluations += result.residual_evaluations;
        if (result.converged) {
          x = trial;
          at = target;
          step *= 2.0;
        } else {
          step /= 2.0;
        }
      }
      if (at >= 1.0 && attempt(0.0, 1.0, x)) {
        solution.warm_started = true;
        system.extract(x, solution);
        solution.state = x;
        return solution;
      }
      // Stalled at t: the restart below is usually quick; if its branch folds,
      // the fallback starts from here, nearer the new steady state than the fold.
      path_end = x;
    }
  }
  constexpr double kTrace = 1e-6;
  Eigen::VectorXd x = initial_guess(problem, system, kTrace);
  const auto march = [&](double from, double to, double step, const auto& solve_at, const char* what) {
    double at = from;
    while (at < to) {
      const double target = std::min(to, at + step);
      if (solve_at(target)) {
        at = target;
        step *= 2.0;
      } else {
        // Halve the step actually tried (a doubled step clipped at `to` would
        // otherwise retry the same failing target).
        step = std::min(step, to - at) / 2.0;
        if (step < 1e-3) {
          throw SolveError(fmt::format("{}: the cascade did not converge (continuation in {} stalled at {:.4f}: {})",
                                       context, what, at, solution.solver.message));
        }
      }
    }
  };
  if (!attempt(-12.0, kTrace, x, true)) {
    throw SolveError(
        fmt::format("{}: KINSOL failed on the no-extraction start ({})", context, solution.solver.message));
  }
  try {
    march(
        -12.0, 0.0, 3.0, [&](double offset) { return attempt(offset, kTrace, x); }, "the log10 D offset");
    march(
        std::log10(kTrace), 0.0, 1.0, [&](double decade) { return attempt(0.0, std::pow(10.0, decade), x); },
        "log10 of the feed scale");
  } catch (const SolveError& error) {
    // The branch may fold before the full feed (seen in acid-starved scrub
    // sections): settle from the end of the path from the previous pass when
    // there is one, else (or if that fails) from the last steady state of the
    // continuation.
    Eigen::VectorXd settled = path_end ? *path_end : x;
    if (path_end && settle(settled).empty()) {
      x = settled;
    } else {
      const std::string why = settle(x);
      if (!why.empty()) throw SolveError(fmt::format("{} ({})", error.what(), why));
    }
  }
  system.offset = 0.0;
  system.feed_scale = 1.0;
  system.extract(x, solution);
  solution.state = x;
  return solution;
}

}  // namespace hydrosim::units
