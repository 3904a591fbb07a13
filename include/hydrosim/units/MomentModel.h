#pragma once
// Population balance of a crystalliser by the method of moments (Randolph &
// Larson 1988, Theory of Particulate Processes, 2nd ed., ch. 3-4): size-
// independent growth, nucleation at zero size, no agglomeration or breakage.
//
//   B = kb·S^b   (#/(kg water·s))      G = kg·S^g   (m/s)      S = m/m* − 1
//
// Batch:  dμ0/dt = B,            dμk/dt = k·G·μ(k−1)           (k = 1..4)
// MSMPR:  dμ0/dt = B − μ0/τ,     dμk/dt = k·G·μ(k−1) − μk/τ    (clear feed)
// Solute (mol per kg water, of the limiting component, ν per formula unit):
// Batch:  dm/dt = −ν·φ·3·G·μ2;   MSMPR: dm/dt = (m_in − m)/τ − ν·φ·3·G·μ2
// with φ = kv·ρc/Mc the moles of crystal per m³ of L³. Moments and m are per
// kg of FEED water; S ≤ 0 stops nucleation and growth (dissolution is not
// modelled). A hydrate takes its water of crystallisation with it (r mol H2O
// per mol of the limiting component), so the liquor's own molality is
//   m_liq = m / (1 − M_w·r·(m_0 − m)),   S = m_liq/m* − 1,
// with m_0 the feed (or initial) value: NiSO4·6H2O crystallising from 4 mol/kg
// removes a tenth of the water per mol/kg crystallised.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "hydrosim/solvers/OdeSolver.h"

namespace hydrosim::units {

struct CrystallizationKinetics {
  std::optional<double> kb;  // #/(kg water·s); none: no nucleation parameters given
  double b = 1.0;
  double kg = 0.0;  // m/s
  double g = 1.0;
  double nucleation(double s) const { return kb && s > 0.0 ? *kb * std::pow(s, b) : 0.0; }
  double growth(double s) const { return s > 0.0 ? kg * std::pow(s, g) : 0.0; }
};

enum class CrystallizerMode { kBatch, kMsmpr };

struct MomentProblem {
  CrystallizerMode mode = CrystallizerMode::kBatch;
  CrystallizationKinetics kinetics;
  double solubility = 0.0;          // m*, mol/kg water, of the limiting component
  double moles_per_volume = 0.0;    // φ = kv·ρc/Mc, mol of crystal per m³ of L³
  double solute_per_crystal = 1.0;  // ν: mol of the limiting component per mol of crystal
  double feed_molality = 0.0;       // MSMPR m_in; batch: initial m
  double water_per_solute = 0.0;    // r: mol H2O leaving with the crystals per mol of the limiting component
  double residence_time = 0.0;      // τ, s (MSMPR)
  Eigen::Matrix<double, 5, 1> seed_moments = Eigen::Matrix<double, 5, 1>::Zero();  // μ0..μ4 at t = 0
};

// State y = [μ0, μ1, μ2, μ3, μ4, m].
class MomentSystem : public solvers::OdeSystem {
 public:
  explicit MomentSystem(MomentProblem problem) : problem_(std::move(problem)) {}
  std::size_t size() const override { return 6; }
  int rhs(double t, const Eigen::VectorXd& y, Eigen::VectorXd& ydot) override;
  std::string component_name(std::size_t i) const override;
  // m_liq: the solute per kg of the water left in the liquor.
  double liquor_molality(const Eigen::VectorXd& y) const;
  double supersaturation(const Eigen::VectorXd& y) const { return liquor_molality(y) / problem_.solubility - 1.0; }
  const MomentProblem& problem() const { return problem_; }

 private:
  MomentProblem problem_;
};

struct MomentSolution {
  std::vector<double> times;            // s
  std::vector<Eigen::VectorXd> states;  // y at each time
  solvers::OdeStatistics statistics;
  // At the last time:
  double supersaturation = 0.0;
  double mean_size_43 = 0.0;   // μ4/μ3, m (mass-weighted mean size)
  double mean_size_10 = 0.0;   // μ1/μ0, m (number mean size)
  double cv = 0.0;             // number-based coefficient of variation sqrt(μ0μ2/μ1² − 1)
  double crystal_moles = 0.0;  // φ·(μ3 − μ3(0)) per kg water (batch) or φ·μ3 (MSMPR, per kg water leaving)
};

// Integrates from t = 0 to `end_time` (batch time, or a number of residence
// times for an MSMPR start-up to steady state) with CVODE, recording
// `outputs` points. Throws InputError when the problem cannot form crystals
// for lack of kinetic parameters, SolveError when CVODE fails.
MomentSolution solve_moments(const MomentProblem& problem, double end_time, int outputs = 50);

}  // namespace hydrosim::units
