#include "LeachEnergy.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/core/Quantity.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::units::leach {

FormationEnthalpies FormationEnthalpies::load(const thermo::Database& database) {
  FormationEnthalpies data;
  data.values.assign(database.size(), std::nullopt);
  std::vector<std::string> defined_at(database.size());
  for (const auto& file : database.files()) {
    const io::YamlDocument document = io::YamlDocument::load_file(file);
    const YAML::Node& root = document.root();
    if (!root["formation_enthalpies"]) continue;
    data.files.push_back(file.string());
    const io::ParameterReader top(document, root, "");
    const auto entries = top.list_of_maps("formation_enthalpies");
    const YAML::Node nodes = root["formation_enthalpies"];
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& entry = entries[i];
      const std::string name = entry.text("species");
      const auto index = database.find(name);
      if (!index) {
        entry.fail("species", fmt::format("unknown species '{}' (closest: {})", name,
                                          fmt::join(database.closest_names(name), ", ")));
      }
      const double value = entry.quantity("dH_f", Dimension::molar_energy());
      const auto sources = entry.text_list("source");
      if (sources.empty()) entry.fail("source", "a formation enthalpy needs its source");
      for (const auto& key : sources) {
        if (database.bibliography().count(key) == 0) {
          entry.fail("source", fmt::format("source '{}' is not in any meta.sources bibliography", key));
        }
      }
      entry.accept("note");
      entry.finish(fmt::format("formation enthalpy of '{}' (species, dH_f, source, note)", name));
      const thermo::Species& species = database.species(*index);
      if (species.standard.enthalpy_formation) {
        entry.fail("species", fmt::format("'{}' already has dH_f in its species entry at {}; give one value only",
                                          species.name, species.defined_at));
      }
      if (data.values[*index]) {
        entry.fail("species",
                   fmt::format("'{}' already has a formation enthalpy at {}", species.name, defined_at[*index]));
      }
      data.values[*index] = value;
      defined_at[*index] = document.location(nodes[i]);
    }
  }
  return data;
}

EnthalpyModel::EnthalpyModel(const thermo::Database& database, const FormationEnthalpies& extra,
                             const Eigen::MatrixXd& stoichiometry, const std::vector<std::string>& reaction_names) {
  const auto species_count = static_cast<Eigen::Index>(database.size());
  formation_ = Eigen::VectorXd::Zero(species_count);
  capacity_ = Eigen::VectorXd::Zero(species_count);
  std::vector<std::string> missing;
  for (Eigen::Index s = 0; s < species_count; ++s) {
    const thermo::Species& species = database.species(static_cast<std::size_t>(s));
    // Heat capacity: water, solids and gases; dissolved species carry none.
    const bool carries_heat = species.name == "H2O" || species.phase == thermo::Phase::kSolid ||
                              species.phase == thermo::Phase::kGas || species.phase == thermo::Phase::kLiquid;
    if (carries_heat) {
      if (species.standard.heat_capacity) {
        capacity_(s) = *species.standard.heat_capacity;
      } else if (species.phase == thermo::Phase::kSolid) {
        without_heat_capacity_.push_back(species.name);
      }
    }
    bool reacts = false;
    std::vector<std::string> in_reactions;
    for (Eigen::Index r = 0; r < stoichiometry.cols(); ++r) {
      if (stoichiometry(s, r) != 0.0) {
        reacts = true;
        in_reactions.push_back(reaction_names[static_cast<std::size_t>(r)]);
      }
    }
    if (!reacts) continue;
    if (species.standard.enthalpy_formation) {
      formation_(s) = *species.standard.enthalpy_formation;
    } else if (extra.values.at(static_cast<std::size_t>(s))) {
      formation_(s) = *extra.values[static_cast<std::size_t>(s)];
    } else {
      missing.push_back(fmt::format("{} (in {})", species.name, fmt::join(in_reactions, "; ")));
    }
  }
  if (!missing.empty()) {
    throw InputError(fmt::format(
        "energy balance: no standard enthalpy of formation (dH_f) for {}; it is neither in the species entry "
        "(thermo-data/species.yaml) nor in a formation_enthalpies section ({}). Add a sourced value, or run the "
        "reactor isothermal (no energy_balance)",
        fmt::join(missing, ", "),
        extra.files.empty() ? std::string("no data file has one; see thermo-data/leach-enthalpies.yaml")
                            : fmt::format("searched {}", fmt::join(extra.files, ", "))));
  }
  reaction_enthalpies_ = stoichiometry.transpose() * formation_;
}

double EnthalpyModel::enthalpy(const Eigen::VectorXd& amounts, double temperature) const {
  return formation(amounts) + heat_capacity(amounts) * (temperature - kEnthalpyReferenceTemperature);
}

double EnthalpyModel::temperature(const Eigen::VectorXd& amounts, double enthalpy, double ua, double tc) const {
  // enthalpy + ua (tc − T) = F + C (T − T0)  ⇒  T = (enthalpy − F + C T0 + ua tc) / (C + ua)
  const double capacity = heat_capacity(amounts);
  return (enthalpy - formation(amounts) + capacity * kEnthalpyReferenceTemperature + ua * tc) / (capacity + ua);
}

}  // namespace hydrosim::units::leach
