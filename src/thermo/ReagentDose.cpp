#include "hydrosim/thermo/ReagentDose.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::thermo {
namespace {

struct ReagentRecipe {
  std::string_view name;
  std::vector<std::pair<std::string_view, double>> components;
};

// Components each reagent adds per mole (its H and O go to water and H+/OH-).
const std::vector<ReagentRecipe>& recipes() {
  static const std::vector<ReagentRecipe> list{
      {"NaOH", {{"Na+", 1.0}}},
      {"KOH", {{"K+", 1.0}}},
      {"Ca(OH)2", {{"Ca+2", 1.0}}},
      {"CaO", {{"Ca+2", 1.0}}},
      {"Na2CO3", {{"Na+", 2.0}, {"CO3-2", 1.0}}},
      {"NH3", {{"NH4+", 1.0}}},
      {"H2SO4", {{"SO4-2", 1.0}}},
      {"HCl", {{"Cl-", 1.0}}},
  };
  return list;
}

SpeciationResult speciate_with_dose(Speciation& speciation, SolutionInput input, const Reagent& reagent, double dose) {
  for (const auto& [component, per_mole] : reagent.components) input.totals[component] += per_mole * dose;
  SpeciationResult result = speciation.solve(input);
  if (!result.converged) {
    throw SolveError(
        fmt::format("speciation with {:.6g} mol/kg of {} did not converge: {}", dose, reagent.name, result.message));
  }
  return result;
}

}  // namespace

std::vector<std::string> reagent_names() {
  std::vector<std::string> names;
  for (const auto& recipe : recipes()) names.emplace_back(recipe.name);
  return names;
}

Reagent reagent_by_name(const Database& database, std::string_view name) {
  for (const auto& recipe : recipes()) {
    if (recipe.name != name) continue;
    Reagent reagent{std::string(name), {}};
    for (const auto& [species, per_mole] : recipe.components) reagent.components[database.index_of(species)] = per_mole;
    return reagent;
  }
  throw InputError(fmt::format("unknown reagent '{}'; known reagents: {}", name, fmt::join(reagent_names(), ", ")));
}

DoseResult dose_to_ph(Speciation& speciation, const SolutionInput& solution, const Reagent& reagent, double target_ph,
                      double max_dose) {
  if (!(max_dose > 0.0)) throw InputError(fmt::format("the maximum dose of {} must be positive", reagent.name));
  if (solution.fixed_ph) throw InputError("a dose search needs the pH from the charge balance, not a fixed pH");
  DoseResult low{0.0, speciate_with_dose(speciation, solution, reagent, 0.0)};
  DoseResult high{max_dose, speciate_with_dose(speciation, solution, reagent, max_dose)};
  const bool raises = high.solution.ph > low.solution.ph;
  auto beyond = [&](double ph) { return raises ? ph >= target_ph : ph <= target_ph; };
  if (beyond(low.solution.ph)) return low;  // already at or past the target without reagent
  if (!beyond(high.solution.ph)) {
    throw InputError(
        fmt::format("pH {:.3f} cannot be reached with {}: the pH is {:.3f} without it and {:.3f} at the "
                    "maximum dose of {:.6g} mol/kg water",
                    target_ph, reagent.name, low.solution.ph, high.solution.ph, max_dose));
  }
  // pH(dose) is monotone for a single acid or base: bracketed regula falsi
  // with the Illinois modification (Dowell & Jarratt 1971, BIT 11, 168-174):
  // the end kept twice in a row has its function value halved, so both ends
  // close in superlinearly; a point not strictly inside the bracket falls back
  // to the midpoint. Same stopping rule as the bisection it replaced (pH
  // bracket 1e-7 wide or the dose bracket at double precision), in about a
  // quarter of the speciation solves.
  const double sign = raises ? 1.0 : -1.0;
  double f_low = sign * (low.solution.ph - target_ph);    // < 0
  double f_high = sign * (high.solution.ph - target_ph);  // >= 0
  int kept = 0;                                           // +1: high kept last, -1: low kept last
  for (int i = 0;
       i < 200 && std::abs(high.solution.ph - low.solution.ph) > 1e-7 && high.dose - low.dose > 1e-15 * max_dose; ++i) {
    const double width = high.dose - low.dose;
    const double middle = low.dose + 0.5 * width;
    double next = low.dose - f_low * width / (f_high - f_low);
    if (!(next > low.dose && next < high.dose)) next = middle;
    DoseResult trial{next, {}};
    try {
      trial.solution = speciate_with_dose(speciation, solution, reagent, next);
    } catch (const SolveError&) {
      if (next == middle) throw;
      // The speciation can fail at an interpolated dose the bisection would
      // never try (a stiff assemblage change): take the midpoint instead.
      trial = DoseResult{middle, speciate_with_dose(speciation, solution, reagent, middle)};
    }
    const double f = sign * (trial.solution.ph - target_ph);
    if (f >= 0.0) {
      high = std::move(trial);
      f_high = f;
      if (kept == -1) f_low *= 0.5;
      kept = -1;
    } else {
      low = std::move(trial);
      f_low = f;
      if (kept == 1) f_high *= 0.5;
      kept = 1;
    }
  }
  return std::abs(high.solution.ph - target_ph) < std::abs(low.solution.ph - target_ph) ? high : low;
}

}  // namespace hydrosim::thermo
