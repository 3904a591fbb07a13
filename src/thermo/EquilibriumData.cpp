#include "hydrosim/thermo/EquilibriumData.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::thermo {
namespace {

constexpr double kGasConstant = 8.314462618;  // J/(mol K), CODATA 2018
constexpr double kReferenceTemperature = 298.15;

LogK read_log_k(const io::ParameterReader& entry) {
  LogK log_k;
  log_k.at_25C = entry.number("log_k", -1000.0, 1000.0);
  if (entry.has("delta_h")) {
    log_k.reaction_enthalpy = entry.quantity("delta_h", Dimension::molar_energy());
  } else {
    entry.accept("delta_h");
  }
  if (entry.has("analytic")) {
    const auto values = entry.text_list("analytic");
    if (values.size() != 6) entry.fail("analytic", "expected six coefficients a1..a6");
    std::array<double, 6> a{};
    for (std::size_t i = 0; i < 6; ++i) a[i] = std::stod(values[i]);
    log_k.analytic = a;
  } else {
    entry.accept("analytic");
  }
  return log_k;
}

std::vector<MassActionTerm> read_terms(const io::ParameterReader& map, const Database& database) {
  std::vector<MassActionTerm> terms;
  for (const auto& name : map.keys()) {
    std::size_t index = 0;
    try {
      index = database.index_of(name);
    } catch (const InputError& error) {
      map.fail(name, error.what());
    }
    terms.push_back({index, map.number(name, -100.0, 100.0)});
  }
  return terms;
}

// Σ coefficient·(elements, charge) of the terms must equal the species'.
void check_balance(const io::ParameterReader& entry, const Database& database, std::size_t species,
                   const std::vector<MassActionTerm>& terms) {
  Eigen::VectorXd stoichiometry = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(database.size()));
  for (const auto& term : terms) stoichiometry(static_cast<Eigen::Index>(term.species)) += term.coefficient;
  stoichiometry(static_cast<Eigen::Index>(species)) -= 1.0;
  const Eigen::VectorXd elements = database.element_matrix().transpose() * stoichiometry;
  const double charge = database.charges().dot(stoichiometry);
  if (elements.cwiseAbs().maxCoeff() > 1e-9 || std::abs(charge) > 1e-9) {
    entry.fail_here(
        fmt::format("the reaction of '{}' does not balance elements and charge", database.species(species).name));
  }
}

// Σ ν Cp°(terms) − Cp°(species) from the standard heat capacities of the
// species data, when every species of the reaction has one (H+ has 0 by the
// hydrogen-ion convention). For a dissolution (species = solid) this is
// ΔrCp°; for a formation (species = product) it is −ΔrCp°.
std::optional<double> heat_capacity_change(const Database& database, std::size_t species,
                                           const std::vector<MassActionTerm>& terms) {
  const auto& own = database.species(species).standard.heat_capacity;
  if (!own) return std::nullopt;
  double change = -*own;
  for (const auto& term : terms) {
    const auto& cp = database.species(term.species).standard.heat_capacity;
    if (!cp) return std::nullopt;
    change += term.coefficient * *cp;
  }
  return change;
}

// A reaction of the equilibrium files with ΔrH° and no analytic expression
// gets the constant ΔrCp° of its species' Cp° (the Kirchhoff term of
// LogK::at), as the derived solubility products do: the van 't Hoff form with
// ΔrH° held constant puts pKw 0.18 low at 90 °C (ΔrCp° of H2O = OH- + H+ is
// −224 J/(mol K)). `sign` is +1 for a dissolution, −1 for a formation.
void add_heat_capacity(LogK& log_k, const Database& database, std::size_t species,
                       const std::vector<MassActionTerm>& terms, double sign) {
  if (!log_k.reaction_enthalpy || log_k.analytic || log_k.reaction_heat_capacity) return;
  if (const auto change = heat_capacity_change(database, species, terms)) log_k.reaction_heat_capacity = sign * *change;
}

}  // namespace

double LogK::at(double temperature_kelvin) const {
  const double t = temperature_kelvin;
  if (analytic) {
    const auto& a = *analytic;
    return a[0] + a[1] * t + a[2] / t + a[3] * std::log10(t) + a[4] / (t * t) + a[5] * t * t;
  }
  if (reaction_enthalpy) {
    // van 't Hoff with constant ΔrH°, or with ΔrH°(T) = ΔrH° + ΔrCp° (T − T₀)
    // for a constant ΔrCp° when it is known (the integrated Kirchhoff form).
    const double t0 = kReferenceTemperature;
    const double r = kGasConstant * std::log(10.0);
    double log_k = at_25C - *reaction_enthalpy / r * (1.0 / t - 1.0 / t0);
    if (reaction_heat_capacity) log_k += *reaction_heat_capacity / r * (t0 / t - 1.0 + std::log(t / t0));
    return log_k;
  }
  return at_25C;
}

std::string default_master_for(std::string_view element) {
  static const std::map<std::string_view, std::string> masters{
      {"Li", "Li+"},  {"Na", "Na+"},  {"K", "K+"},    {"Ni", "Ni+2"}, {"Co", "Co+2"}, {"Mn", "Mn+2"},
      {"Cu", "Cu+2"}, {"Al", "Al+3"}, {"Fe", "Fe+2"}, {"Ca", "Ca+2"}, {"Mg", "Mg+2"}, {"Zn", "Zn+2"},
      {"S", "SO4-2"}, {"C", "CO3-2"}, {"N", "NH4+"},  {"P", "PO4-3"}, {"F", "F-"},    {"Cl", "Cl-"},
  };
  const auto it = masters.find(element);
  return it == masters.end() ? std::string() : it->second;
}

EquilibriumData EquilibriumData::load(const Database& database) {
  EquilibriumData data;
  std::vector<AqueousReaction> all_reactions;
  for (const auto& file : database.files()) {
    const io::YamlDocument document = io::YamlDocument::load_file(file);
    const YAML::Node& root = document.root();
    const io::ParameterReader top(document, root, "");
    if (root["aqueous_reactions"]) {
      for (const auto& entry : top.list_of_maps("aqueous_reactions")) {
        AqueousReaction reaction;
        try {
          reaction.product = database.index_of(entry.text("product"));
        } catch (const InputError& error) {
          entry.fail("product", error.what());
        }
        reaction.reactants = read_terms(entry.child("reactants"), database);
        reaction.log_k = read_log_k(entry);
        reaction.source = entry.text_or("source", "");
        entry.accept("note");
        entry.finish("an aqueous reaction");
        check_balance(entry, database, reaction.product, reaction.reactants);
        add_heat_capacity(reaction.log_k, database, reaction.product, reaction.reactants, -1.0);
        all_reactions.push_back(std::move(reaction));
      }
    }
    if (root["solids"]) {
      for (const auto& entry : top.list_of_maps("solids")) {
        SolidReaction solid;
        try {
          solid.solid = database.index_of(entry.text("name"));
        } catch (const InputError& error) {
          entry.fail("name", error.what());
        }
        solid.mineral = entry.text_or("mineral", "");
        solid.products = read_terms(entry.child("products"), database);
        solid.log_k = read_log_k(entry);
        solid.source = entry.text_or("source", "");
        entry.accept("note");
        entry.finish("a solid");
        check_balance(entry, database, solid.solid, solid.products);
        add_heat_capacity(solid.log_k, database, solid.solid, solid.products, 1.0);
        data.solids_.push_back(std::move(solid));
      }
    }
  }

  std::set<std::size_t> masters;
  for (const auto& reaction : all_reactions) {
    for (const auto& term : reaction.reactants) masters.insert(term.species);
  }
  for (const auto& solid : data.solids_) {
    for (const auto& term : solid.products) masters.insert(term.species);
  }
  for (auto& reaction : all_reactions) {
    if (masters.count(reaction.product) != 0) {
      data.skipped_.push_back(fmt::format("{} (redox couple: each oxidation state is a separate component)",
                                          database.species(reaction.product).name));
      continue;
    }
    data.aqueous_.push_back(std::move(reaction));
  }

  // Solubility products from ΔfG° for solids the equilibrium files lack.
  std::set<std::size_t> have_ksp;
  for (const auto& solid : data.solids_) have_ksp.insert(solid.solid);
  const auto water = database.find("H2O");
  const auto proton = database.find("H+");
  for (std::size_t s = 0; s < database.size(); ++s) {
    const Species& species = database.species(s);
    if (species.phase != Phase::kSolid || have_ksp.count(s) != 0 || !water || !proton) continue;
    // Dissolution into default masters; H and O balanced with H2O and H+.
    std::vector<MassActionTerm> products;
    double hydrogen = 0.0;
    double oxygen = 0.0;
    double charge = 0.0;
    bool expressible = species.standard.gibbs_formation.has_value();
    for (const auto& entry : species.formula.elements) {
      const std::string symbol(entry.element->symbol);
      hydrogen += symbol == "H" ? entry.count : 0.0;
      oxygen += symbol == "O" ? entry.count : 0.0;
      if (symbol == "H" || symbol == "O") continue;
      const auto master = database.find(default_master_for(symbol));
      if (!master || masters.count(*master) == 0) {
        expressible = false;
        break;
      }
      const Species& m = database.species(*master);
      const double per_master = m.formula.count(symbol);
      const double n = entry.count / per_master;
      products.push_back({*master, n});
      for (const auto& me : m.formula.elements) {
        if (me.element->symbol == "H") hydrogen -= n * me.count;
        if (me.element->symbol == "O") oxygen -= n * me.count;
      }
      charge += n * m.charge();
    }
    if (!expressible || products.empty()) continue;
    // Remaining O goes to water, remaining H (after water) and charge to H+.
    const double water_count = oxygen;
    const double proton_count = hydrogen - 2.0 * water_count;
    if (std::abs(proton_count + charge) > 1e-9) continue;  // not charge-balanced with these masters
    if (water_count != 0.0) products.push_back({*water, water_count});
    if (proton_count != 0.0) products.push_back({*proton, proton_count});
    double gibbs = -*species.standard.gibbs_formation;
    std::optional<double> enthalpy = species.standard.enthalpy_formation.has_value()
                                         ? std::optional<double>(-*species.standard.enthalpy_formation)
                                         : std::nullopt;
    std::optional<double> heat_capacity = species.standard.heat_capacity.has_value()
                                              ? std::optional<double>(-*species.standard.heat_capacity)
                                              : std::nullopt;
    bool complete = true;
    for (const auto& term : products) {
      const auto& standard = database.species(term.species).standard;
      if (!standard.gibbs_formation) complete = false;
      if (!complete) break;
      gibbs += term.coefficient * *standard.gibbs_formation;
      if (enthalpy && standard.enthalpy_formation) {
        *enthalpy += term.coefficient * *standard.enthalpy_formation;
      } else {
        enthalpy.reset();
      }
      if (heat_capacity && standard.heat_capacity) {
        *heat_capacity += term.coefficient * *standard.heat_capacity;
      } else {
        heat_capacity.reset();
      }
    }
    if (!complete) continue;
    SolidReaction solid;
    solid.solid = s;
    solid.products = std::move(products);
    solid.log_k.at_25C = -gibbs / (kGasConstant * kReferenceTemperature * std::log(10.0));
    solid.log_k.reaction_enthalpy = enthalpy;
    // ΔrCp° only when every species of the reaction has Cp°; without ΔrH° it
    // would have nothing to correct.
    if (enthalpy) solid.log_k.reaction_heat_capacity = heat_capacity;
    std::string sources;
    for (const auto& term : solid.products) {
      for (const auto& key : database.species(term.species).source_keys) {
        if (sources.find(key) == std::string::npos) sources += (sources.empty() ? "" : ", ") + key;
      }
    }
    solid.source = fmt::format("derived from ΔfG°/ΔfH° in species data ({}{}{})", fmt::join(species.source_keys, ", "),
                               sources.empty() ? "" : "; ", sources);
    data.solids_.push_back(std::move(solid));
  }

  data.masters_.assign(masters.begin(), masters.end());
  return data;
}

}  // namespace hydrosim::thermo
