#include "hydrosim/units/MomentModel.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units {

namespace {
constexpr double kWaterMolarMass = 0.01801528;  // kg/mol
}  // namespace

double MomentSystem::liquor_molality(const Eigen::VectorXd& y) const {
  const auto& p = problem_;
  const double water_left = 1.0 - kWaterMolarMass * p.water_per_solute * (p.feed_molality - y(5));
  return y(5) / std::max(water_left, 1e-12);
}

int MomentSystem::rhs(double /*t*/, const Eigen::VectorXd& y, Eigen::VectorXd& ydot) {
  const auto& p = problem_;
  const double s = supersaturation(y);
  const double birth = p.kinetics.nucleation(s);
  const double growth = p.kinetics.growth(s);
  const double outflow = p.mode == CrystallizerMode::kMsmpr ? 1.0 / p.residence_time : 0.0;
  ydot(0) = birth - outflow * y(0);
  for (int k = 1; k <= 4; ++k) ydot(k) = k * growth * y(k - 1) - outflow * y(k);
  // Solute consumed by growth of the crystal volume (nuclei have zero size).
  const double consumption = p.solute_per_crystal * p.moles_per_volume * 3.0 * growth * y(2);
  ydot(5) = -consumption + (p.mode == CrystallizerMode::kMsmpr ? (p.feed_molality - y(5)) * outflow : 0.0);
  return 0;
}

std::string MomentSystem::component_name(std::size_t i) const {
  if (i < 5) return fmt::format("moment mu{}", i);
  return "solute molality";
}

MomentSolution solve_moments(const MomentProblem& problem, double end_time, int outputs) {
  if (!(problem.solubility > 0.0)) throw InputError("the solubility must be positive");
  if (!(end_time > 0.0)) throw InputError("the crystallisation time must be positive");
  if (kWaterMolarMass * problem.water_per_solute * problem.feed_molality >= 1.0) {
    throw InputError(
        fmt::format("crystallising all the solute as its hydrate would take more water than the liquor "
                    "holds ({:.4g} mol/kg, {:.4g} mol H2O per mol)",
                    problem.feed_molality, problem.water_per_solute));
  }
  const double s0 = problem.feed_molality / problem.solubility - 1.0;
  const bool seeded = problem.seed_moments(0) > 0.0;
  if (s0 > 0.0 && !problem.kinetics.kb && (problem.mode == CrystallizerMode::kMsmpr || !seeded)) {
    throw InputError(fmt::format(
        "the solution is supersaturated (S = {:.4g}) but no nucleation parameters (kb, b) are given{}: without "
        "nucleation no crystals can form; give 'nucleation' or{} seed crystals",
        s0, problem.mode == CrystallizerMode::kMsmpr ? " for the MSMPR crystalliser" : "",
        problem.mode == CrystallizerMode::kMsmpr ? " use a batch crystalliser with" : ""));
  }
  MomentSystem system(problem);
  Eigen::VectorXd y0(6);
  y0.head<5>() = problem.seed_moments;
  y0(5) = problem.feed_molality;

  // Absolute tolerances on the scale each moment reaches: μ0 ~ Bτ (or the
  // seed count), L ~ Gτ, μk ~ μ0·L^k; the solute on its feed molality.
  const double horizon = problem.mode == CrystallizerMode::kMsmpr ? problem.residence_time : end_time;
  const double s_ref = std::max(s0, 1e-6);
  const double size_ref = std::max(problem.kinetics.growth(s_ref) * horizon, 1e-9);
  const double count_ref = std::max({problem.kinetics.nucleation(s_ref) * horizon, problem.seed_moments(0), 1.0});
  solvers::OdeOptions options;
  options.relative_tolerance = 1e-9;
  options.absolute_tolerances.resize(6);
  for (int k = 0; k <= 4; ++k) {
    const double seed_scale = problem.seed_moments(k);
    options.absolute_tolerances(k) = 1e-12 * std::max(count_ref * std::pow(size_ref, k), seed_scale);
  }
  options.absolute_tolerances(5) = 1e-13 * std::max(problem.feed_molality, 1e-12);

  std::vector<double> times;
  for (int i = 1; i <= outputs; ++i) times.push_back(end_time * i / outputs);
  const auto result = solvers::integrate(system, 0.0, y0, times, options);
  if (!result.success) throw SolveError(fmt::format("population balance (method of moments): {}", result.message));

  MomentSolution solution;
  solution.times = result.times;
  solution.states = result.states;
  solution.statistics = result.statistics;
  const Eigen::VectorXd& y = result.states.back();
  solution.supersaturation = system.supersaturation(y);
  solution.mean_size_43 = y(3) > 0.0 ? y(4) / y(3) : 0.0;
  solution.mean_size_10 = y(0) > 0.0 ? y(1) / y(0) : 0.0;
  solution.cv = y(1) > 0.0 ? std::sqrt(std::max(y(0) * y(2) / (y(1) * y(1)) - 1.0, 0.0)) : 0.0;
  const double grown = problem.mode == CrystallizerMode::kBatch ? y(3) - problem.seed_moments(3) : y(3);
  solution.crystal_moles = problem.moles_per_volume * grown;
  return solution;
}

}  // namespace hydrosim::units
