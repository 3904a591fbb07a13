#include "hydrosim/units/ReagentDosing.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units {
namespace {

struct Recipe {
  std::string_view name;
  std::string_view species;
  std::string_view equation;
};

const std::vector<Recipe>& recipes() {
  static const std::vector<Recipe> list{
      {"NaOH", "NaOH", "NaOH = Na+ + OH-"},
      {"Ca(OH)2", "Ca(OH)2", "Ca(OH)2 = Ca+2 + 2 OH-"},
      {"CaO", "CaO", "CaO + H2O = Ca+2 + 2 OH-"},
      {"Na2CO3", "Na2CO3", "Na2CO3 = 2 Na+ + CO3-2"},
      {"NH3", "NH3(g)", "NH3(g) + H2O = NH4+ + OH-"},
      {"H2SO4", "H2SO4", "H2SO4 = 2 H+ + SO4-2"},
      {"O2", "O2(g)", "O2(g) = O2(aq)"},
      {"H2O2", "H2O2(aq)", ""},  // dosed as the dissolved peroxide (priced and counted as H2O2(aq))
  };
  return list;
}

}  // namespace

std::vector<std::string> dosable_reagents() {
  std::vector<std::string> names;
  for (const auto& recipe : recipes()) names.emplace_back(recipe.name);
  return names;
}

ReagentDissolution reagent_dissolution(const thermo::Database& database, std::string_view reagent) {
  for (const auto& recipe : recipes()) {
    if (recipe.name != reagent) continue;
    ReagentDissolution dissolution{std::string(recipe.name), database.index_of(recipe.species), {}};
    if (!recipe.equation.empty()) dissolution.reaction = thermo::parse_reaction(recipe.equation, database);
    return dissolution;
  }
  throw InputError(
      fmt::format("unknown reagent '{}'; a unit can dose: {}", reagent, fmt::join(dosable_reagents(), ", ")));
}

void dose_into(thermo::Stream& stream, const ReagentDissolution& reagent, double mol_per_s) {
  // The neat reagent enters and dissolves completely: add it, then apply the
  // dissolution reaction to the same extent (the reagent term cancels).
  stream.add_amount(reagent.species, mol_per_s);
  for (const auto& term : reagent.reaction.terms) stream.add_amount(term.species, term.coefficient * mol_per_s);
}

}  // namespace hydrosim::units
