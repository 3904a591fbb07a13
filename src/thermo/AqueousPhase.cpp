#include "hydrosim/thermo/AqueousPhase.h"

#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::thermo {
namespace {

const AqueousReaction* formation_of(const EquilibriumData& equilibria, std::size_t species) {
  for (const auto& reaction : equilibria.aqueous_reactions()) {
    if (reaction.product == species) return &reaction;
  }
  return nullptr;
}

bool is_master(const EquilibriumData& equilibria, std::size_t species) {
  for (const std::size_t master : equilibria.masters()) {
    if (master == species) return true;
  }
  return false;
}

// Elements other than H, O and C: an inorganic solute (S of H2SO4), not an
// organic solvent of the electrolyte.
bool carries_solute_elements(const Species& species) {
  for (const auto& [element, count] : species.formula.elements) {
    const std::string_view symbol = element->symbol;
    if (symbol != "H" && symbol != "O" && symbol != "C") return true;
  }
  return false;
}

// A neat liquid solute (H2SO4(l) of a ReagentFeed) written as aqueous
// masters: the default master of each element other than H and O, water for
// the oxygen those masters lack, H+ for the hydrogen left (H2SO4 = 2 H+ +
// SO4-2, HNO3 = H+ + NO3-). Empty when that is not exact in H, O and charge
// (e.g. a master carries more oxygen than the species), so the caller can say so.
std::vector<std::pair<std::size_t, double>> liquid_dissolution(const Database& database,
                                                               const EquilibriumData& equilibria, std::size_t i) {
  const Species& species = database.species(i);
  std::vector<std::pair<std::size_t, double>> terms;
  const std::size_t h2o = database.index_of("H2O");
  const std::size_t proton = database.index_of("H+");
  double hydrogen = 0.0;
  double oxygen = 0.0;
  double charge = 0.0;
  for (const auto& [element, count] : species.formula.elements) {
    const std::string_view symbol = element->symbol;
    if (symbol == "H") {
      hydrogen += count;
      continue;
    }
    if (symbol == "O") {
      oxygen += count;
      continue;
    }
    const std::string master_name = default_master_for(symbol);
    const auto master = master_name.empty() ? std::nullopt : database.find(master_name);
    if (!master || !is_master(equilibria, *master)) return {};
    const Species& m = database.species(*master);
    double per = 0.0;  // atoms of this element in one master
    for (const auto& [e, n] : m.formula.elements) {
      if (e == element) per = n;
    }
    if (!(per > 0.0)) return {};
    const double amount = count / per;
    for (const auto& [e, n] : m.formula.elements) {
      if (e->symbol == "H") hydrogen -= amount * n;
      if (e->symbol == "O") oxygen -= amount * n;
    }
    charge += amount * database.charges()(static_cast<Eigen::Index>(*master));
    terms.emplace_back(*master, amount);
  }
  if (oxygen < -1e-12) return {};
  terms.emplace_back(h2o, oxygen);  // water supplies the oxygen the masters lack
  hydrogen -= 2.0 * oxygen;
  terms.emplace_back(proton, hydrogen);
  charge += hydrogen;
  if (std::abs(charge - database.charges()(static_cast<Eigen::Index>(i))) > 1e-12) return {};
  return terms;
}

double aqueous_flow(const Stream& stream) {
  double total = 0.0;
  for (std::size_t i = 0; i < stream.database().size(); ++i) {
    if (stream.database().species(i).phase == Phase::kAqueous) total += std::abs(stream.amount(i));
  }
  return total;
}

}  // namespace

double water_mass_flow(const Stream& stream) {
  const auto water = stream.database().find("H2O");
  return water ? stream.mass_flow(*water) : 0.0;
}

StreamSolution solution_of(const Stream& stream, const EquilibriumData& equilibria) {
  const Database& database = stream.database();
  const double water = water_mass_flow(stream);
  if (!(water > 0.0)) throw InputError("the stream holds no liquid water, so it has no aqueous phase to speciate");
  const std::size_t h2o = database.index_of("H2O");
  const std::size_t proton = database.index_of("H+");
  StreamSolution solution;
  solution.input.temperature = stream.temperature;
  auto add = [&](std::size_t master, double amount) {
    if (master == h2o || master == proton) return;
    solution.input.totals[master] += amount / water;
  };
  for (std::size_t i = 0; i < database.size(); ++i) {
    const double amount = stream.amount(i);
    if (amount > 0.0 && database.species(i).phase == Phase::kLiquid && carries_solute_elements(database.species(i))) {
      // Concentrated H2SO4 fed as its own liquid dissolves in the liquor:
      // counted by its masters (the charge balance supplies the H+), so a pH
      // controller sees the acid. One that cannot be written so is named.
      const auto terms = liquid_dissolution(database, equilibria, i);
      if (terms.empty()) {
        solution.warnings.push_back(fmt::format(
            "{} is a liquid-phase species, not part of the aqueous phase: the speciation does not count it; dissolve "
            "it upstream (e.g. a StoichiometricReactor with '{} = ...' into aqueous ions)",
            database.species(i).name, database.species(i).name));
      }
      for (const auto& [master, coefficient] : terms) add(master, coefficient * amount);
      continue;
    }
    if (amount == 0.0 || i == h2o || database.species(i).phase != Phase::kAqueous) continue;
    if (is_master(equilibria, i)) {
      add(i, amount);
    } else if (const AqueousReaction* reaction = formation_of(equilibria, i)) {
      for (const auto& term : reaction->reactants) add(term.species, term.coefficient * amount);
    } else {
      std::vector<std::string> masters;
      for (const auto& [element, count] : database.species(i).formula.elements) {
        const std::string master = default_master_for(element->symbol);
        if (master.empty()) continue;
        add(database.index_of(master), count * amount);
        masters.push_back(master);
      }
      solution.warnings.push_back(fmt::format("{} has no formation reaction; counted by its elements as {}",
                                              database.species(i).name, fmt::join(masters, " + ")));
    }
  }
  std::erase_if(solution.input.totals, [](const auto& entry) { return !(entry.second > 0.0); });
  return solution;
}

void to_master_form(Stream& stream, const EquilibriumData& equilibria) {
  const Database& database = stream.database();
  for (std::size_t i = 0; i < database.size(); ++i) {
    const double amount = stream.amount(i);
    if (amount > 0.0 && database.species(i).phase == Phase::kLiquid && carries_solute_elements(database.species(i))) {
      // Neat H2SO4 dissolves: 2 H+ + SO4-2 (exact in every element and the charge).
      const auto terms = liquid_dissolution(database, equilibria, i);
      if (terms.empty()) continue;
      stream.set_amount(i, 0.0);
      for (const auto& [master, coefficient] : terms) stream.add_amount(master, coefficient * amount);
      continue;
    }
    if (amount == 0.0 || database.species(i).phase != Phase::kAqueous || is_master(equilibria, i)) continue;
    const AqueousReaction* reaction = formation_of(equilibria, i);
    if (reaction == nullptr) continue;
    stream.set_amount(i, 0.0);
    for (const auto& term : reaction->reactants) stream.add_amount(term.species, term.coefficient * amount);
  }
  // A basic solution ends with less than no H+: carry the deficit as OH-
  // (H2O − H+ = OH-), which keeps the elements and the charge.
  const std::size_t proton = database.index_of("H+");
  const auto hydroxide = database.find("OH-");
  const auto water = database.find("H2O");
  if (stream.amount(proton) < 0.0 && hydroxide && water) {
    const double deficit = -stream.amount(proton);
    stream.set_amount(proton, 0.0);
    stream.add_amount(*hydroxide, deficit);
    stream.add_amount(*water, -deficit);
  }
}

const SolidReaction* find_solid_reaction(const EquilibriumData& equilibria, std::size_t solid_species) {
  for (const auto& reaction : equilibria.solids()) {
    if (reaction.solid == solid_species) return &reaction;
  }
  return nullptr;
}

void precipitate(Stream& stream, const SolidReaction& reaction, double mol_per_s) {
  if (mol_per_s == 0.0) return;
  const Database& database = stream.database();
  stream.add_amount(reaction.solid, mol_per_s);
  for (const auto& term : reaction.products) stream.add_amount(term.species, -term.coefficient * mol_per_s);
  const double rounding = 1e-12 * aqueous_flow(stream);
  const auto settle = [&](std::size_t species) {
    const double amount = stream.amount(species);
    if (amount >= 0.0) return;
    if (-amount <= rounding) {
      stream.set_amount(species, 0.0);
      return;
    }
    throw SolveError(fmt::format("{} {:.6g} mol/s of {} would leave {:.6g} mol/s of {}",
                                 mol_per_s > 0.0 ? "precipitating" : "dissolving", std::abs(mol_per_s),
                                 database.species(reaction.solid).name, amount, database.species(species).name));
  };
  settle(reaction.solid);
  for (const auto& term : reaction.products) settle(term.species);
}

}  // namespace hydrosim::thermo
