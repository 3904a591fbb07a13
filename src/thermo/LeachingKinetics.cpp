#include "hydrosim/thermo/LeachingKinetics.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <Eigen/Dense>

#include "hydrosim/core/Error.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::thermo {
namespace {

constexpr double kGasConstant = 8.314462618;  // J/(mol K), CODATA 2018

const std::vector<std::string> kModelNames{"shrinking_core_reaction", "shrinking_core_diffusion",
                                           "shrinking_core_mixed", "avrami"};

ArrheniusRate read_rate(const io::ParameterReader& entry, const Dimension& dimension) {
  ArrheniusRate rate;
  rate.at_reference = entry.quantity("k_ref", dimension);
  if (!(rate.at_reference > 0.0)) entry.fail("k_ref", "the rate constant must be > 0");
  rate.activation_energy = entry.quantity("activation_energy", Dimension::molar_energy());
  if (rate.activation_energy < 0.0) entry.fail("activation_energy", "a negative activation energy is not physical");
  rate.reference_temperature = entry.quantity("reference_temperature", Dimension::temperature());
  entry.accept("note");
  entry.finish("a rate constant (k_ref, activation_energy, reference_temperature)");
  return rate;
}

std::optional<ArrheniusRate> optional_rate(const io::ParameterReader& entry, std::string_view key,
                                           const Dimension& dimension) {
  const auto child = entry.optional_child(key);
  if (!child) {
    entry.accept(key);
    return std::nullopt;
  }
  return read_rate(*child, dimension);
}

std::size_t species_of(const io::ParameterReader& entry, std::string_view key, const Database& database) {
  try {
    return database.index_of(entry.text(key));
  } catch (const InputError& error) {
    entry.fail(key, error.what());
  }
}

std::vector<std::string> read_sources(const io::ParameterReader& entry, const Database& database) {
  const auto sources = entry.text_list("source");
  for (const auto& key : sources) {
    if (database.bibliography().count(key) == 0) {
      entry.fail("source", fmt::format("source '{}' is not in any meta.sources bibliography", key));
    }
  }
  return sources;
}

ConcentrationDependence read_dependence(const io::ParameterReader& entry, const Database& database) {
  ConcentrationDependence dependence;
  dependence.species = species_of(entry, "species", database);
  dependence.reference = entry.quantity("reference", Dimension::molarity());
  if (!(dependence.reference > 0.0)) entry.fail("reference", "the reference concentration must be > 0");
  dependence.order = entry.number("order", 0.0, 4.0);
  entry.accept("note");
  entry.finish("a concentration dependence (species, reference, order)");
  return dependence;
}

SolidKinetics read_solid(const io::ParameterReader& entry, const io::YamlDocument& document, const YAML::Node& node,
                         const Database& database) {
  SolidKinetics kinetics;
  kinetics.defined_at = document.location(node);
  kinetics.solid = species_of(entry, "solid", database);
  const std::string& name = database.species(kinetics.solid).name;
  if (database.species(kinetics.solid).phase != Phase::kSolid)
    entry.fail("solid", fmt::format("'{}' is not a solid", name));
  const std::string model = entry.choice("model", kModelNames);
  kinetics.model =
      static_cast<LeachingModel>(std::find(kModelNames.begin(), kModelNames.end(), model) - kModelNames.begin());
  try {
    kinetics.reaction = parse_reaction(entry.text("reaction"), database);
  } catch (const InputError& error) {
    entry.fail("reaction", error.what());
  }
  if (!(kinetics.reaction.coefficient_of(kinetics.solid) < 0.0)) {
    entry.fail("reaction", fmt::format("'{}' must be a reactant of its dissolution reaction", name));
  }
  const Dimension per_time = Dimension::time().power(-1);
  kinetics.reaction_rate = optional_rate(entry, "reaction_rate", per_time);
  kinetics.diffusion_rate = optional_rate(entry, "diffusion_rate", per_time);
  kinetics.avrami_rate = optional_rate(entry, "avrami_rate", per_time);
  kinetics.avrami_exponent = entry.number_or("avrami_exponent", 1.0, 0.05, 5.0);
  const auto require = [&](bool present, std::string_view key) {
    if (!present) entry.fail_here(fmt::format("model '{}' of '{}' needs '{}'", model, name, key));
  };
  switch (kinetics.model) {
    case LeachingModel::kShrinkingCoreReaction: require(kinetics.reaction_rate.has_value(), "reaction_rate"); break;
    case LeachingModel::kShrinkingCoreDiffusion: require(kinetics.diffusion_rate.has_value(), "diffusion_rate"); break;
    case LeachingModel::kShrinkingCoreMixed:
      require(kinetics.reaction_rate.has_value(), "reaction_rate");
      require(kinetics.diffusion_rate.has_value(), "diffusion_rate");
      break;
    case LeachingModel::kAvrami: require(kinetics.avrami_rate.has_value(), "avrami_rate"); break;
  }
  kinetics.reference_particle_size = entry.quantity("reference_particle_size", Dimension::length());
  if (!(kinetics.reference_particle_size > 0.0)) entry.fail("reference_particle_size", "must be > 0");
  for (const std::string_view key : {"acid", "reductant"}) {
    if (const auto child = entry.optional_child(key)) {
      kinetics.dependences.push_back(read_dependence(*child, database));
    } else {
      entry.accept(key);
    }
  }
  kinetics.sources = read_sources(entry, database);
  entry.accept("note");
  entry.finish(fmt::format("the leaching kinetics of '{}'", name));
  return kinetics;
}

HomogeneousKinetics read_homogeneous(const io::ParameterReader& entry, const Database& database) {
  HomogeneousKinetics kinetics;
  kinetics.name = entry.text("name");
  try {
    kinetics.reaction = parse_reaction(entry.text("reaction"), database);
  } catch (const InputError& error) {
    entry.fail("reaction", error.what());
  }
  kinetics.species = species_of(entry, "species", database);
  if (!(kinetics.reaction.coefficient_of(kinetics.species) < 0.0)) {
    entry.fail("species", "the rate-determining species must be a reactant");
  }
  kinetics.rate = read_rate(entry.child("rate"), Dimension::time().power(-1));
  kinetics.sources = read_sources(entry, database);
  entry.accept("note");
  entry.finish(fmt::format("the homogeneous reaction '{}'", kinetics.name));
  return kinetics;
}

// Exchange reactions are normalised to 1 H2O2(aq) made and 1 O2(g) used, so
// that adding them |nu_H2O2| times cancels both in a reductive H2O2 reaction.
ReductantOption read_reductant(const io::ParameterReader& entry, const io::YamlDocument& document,
                               const YAML::Node& node, const Database& database) {
  ReductantOption option;
  option.defined_at = document.location(node);
  option.species = species_of(entry, "species", database);
  try {
    option.exchange = parse_reaction(entry.text("exchange"), database);
  } catch (const InputError& error) {
    entry.fail("exchange", error.what());
  }
  const double peroxide = option.exchange.coefficient_of(database.index_of("H2O2(aq)"));
  const double oxygen = option.exchange.coefficient_of(database.index_of("O2(g)"));
  const double reductant = option.exchange.coefficient_of(option.species);
  if (!(peroxide > 0.0) || std::abs(oxygen + peroxide) > 1e-12 * peroxide || !(reductant < 0.0)) {
    entry.fail("exchange",
               fmt::format("write the exchange with {} and O2(g) as reactants and as much H2O2(aq) made as O2(g) "
                           "used (the reductant's oxidation half-reaction minus H2O2 -> O2 + 2 H+ + 2 e-)",
                           database.species(option.species).name));
  }
  for (auto& term : option.exchange.terms) term.coefficient /= peroxide;
  option.per_peroxide = -reductant / peroxide;
  option.sources = read_sources(entry, database);
  entry.accept("note");
  entry.finish(fmt::format("the reductant option '{}' (species, exchange, source, note)",
                           database.species(option.species).name));
  return option;
}

std::string reaction_text(const std::vector<ReactionTerm>& terms, const Database& database) {
  std::string sides[2];
  for (const auto& term : terms) {
    std::string& side = sides[term.coefficient > 0.0 ? 1 : 0];
    if (!side.empty()) side += " + ";
    const double c = std::abs(term.coefficient);
    if (c != 1.0) side += fmt::format("{:.15g} ", c);
    side += database.species(term.species).name;
  }
  return sides[0] + " = " + sides[1];
}

}  // namespace

bool uses_peroxide_as_reductant(const SolidKinetics& kinetics, const Database& database) {
  const auto peroxide = database.find("H2O2(aq)");
  const auto oxygen = database.find("O2(g)");
  if (!peroxide || !oxygen) return false;
  const double used = -kinetics.reaction.coefficient_of(*peroxide);
  return used > 0.0 && std::abs(kinetics.reaction.coefficient_of(*oxygen) - used) <= 1e-12 * used;
}

SolidKinetics with_reductant(const SolidKinetics& base, const ReductantOption& option, const Database& database) {
  const std::size_t peroxide = database.index_of("H2O2(aq)");
  if (!uses_peroxide_as_reductant(base, database)) {
    throw InputError(
        fmt::format("the leaching reaction of '{}' ({}) does not use H2O2(aq) as a reductant, so {} "
                    "cannot replace it",
                    database.species(base.solid).name, base.reaction.text, database.species(option.species).name));
  }
  const double times = -base.reaction.coefficient_of(peroxide);
  Eigen::VectorXd nu = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(database.size()));
  for (const auto& term : base.reaction.terms) nu(static_cast<Eigen::Index>(term.species)) += term.coefficient;
  for (const auto& term : option.exchange.terms)
    nu(static_cast<Eigen::Index>(term.species)) += times * term.coefficient;
  const double scale = nu.cwiseAbs().maxCoeff();
  SolidKinetics kinetics = base;
  kinetics.reaction.terms.clear();
  // Keep the base reaction's order of terms, then the exchange's new species.
  std::vector<std::size_t> order;
  for (const auto& term : base.reaction.terms) order.push_back(term.species);
  for (const auto& term : option.exchange.terms) order.push_back(term.species);
  for (const std::size_t species : order) {
    double& c = nu(static_cast<Eigen::Index>(species));
    if (std::abs(c) > 1e-12 * scale) kinetics.reaction.terms.push_back({species, c});
    c = 0.0;
  }
  kinetics.reaction.text = reaction_text(kinetics.reaction.terms, database);
  for (auto& dependence : kinetics.dependences) {
    if (dependence.species == peroxide) {
      dependence.species = option.species;
      dependence.reference *= option.per_peroxide;
    }
  }
  for (const auto& key : option.sources) {
    if (std::find(kinetics.sources.begin(), kinetics.sources.end(), key) == kinetics.sources.end())
      kinetics.sources.push_back(key);
  }
  return kinetics;
}

std::string_view to_string(LeachingModel model) { return kModelNames.at(static_cast<std::size_t>(model)); }

double ArrheniusRate::at(double temperature_kelvin) const {
  return at_reference *
         std::exp(-activation_energy / kGasConstant * (1.0 / temperature_kelvin - 1.0 / reference_temperature));
}

LeachingKineticsData LeachingKineticsData::load(const Database& database) {
  LeachingKineticsData data;
  for (const auto& file : database.files()) {
    const io::YamlDocument document = io::YamlDocument::load_file(file);
    const YAML::Node& root = document.root();
    if (!root["leaching_kinetics"]) continue;
    const io::ParameterReader top(document, root, "");
    const io::ParameterReader section = top.child("leaching_kinetics");
    if (section.has("solids")) {
      const auto entries = section.list_of_maps("solids");
      const YAML::Node nodes = root["leaching_kinetics"]["solids"];
      for (std::size_t i = 0; i < entries.size(); ++i) {
        SolidKinetics kinetics = read_solid(entries[i], document, nodes[i], database);
        if (const SolidKinetics* earlier = data.find(kinetics.solid)) {
          entries[i].fail("solid", fmt::format("'{}' already has leaching kinetics at {}",
                                               database.species(kinetics.solid).name, earlier->defined_at));
        }
        data.solids_.push_back(std::move(kinetics));
      }
    } else {
      section.accept("solids");
    }
    if (section.has("homogeneous")) {
      for (const auto& entry : section.list_of_maps("homogeneous")) {
        HomogeneousKinetics kinetics = read_homogeneous(entry, database);
        if (data.find_homogeneous(kinetics.name) != nullptr) {
          entry.fail("name", fmt::format("homogeneous reaction '{}' is defined twice", kinetics.name));
        }
        data.homogeneous_.push_back(std::move(kinetics));
      }
    } else {
      section.accept("homogeneous");
    }
    if (section.has("reductants")) {
      const auto entries = section.list_of_maps("reductants");
      const YAML::Node nodes = root["leaching_kinetics"]["reductants"];
      for (std::size_t i = 0; i < entries.size(); ++i) {
        ReductantOption option = read_reductant(entries[i], document, nodes[i], database);
        if (const ReductantOption* earlier = data.find_reductant(option.species)) {
          entries[i].fail("species", fmt::format("reductant '{}' is already defined at {}",
                                                 database.species(option.species).name, earlier->defined_at));
        }
        data.reductants_.push_back(std::move(option));
      }
    } else {
      section.accept("reductants");
    }
    section.finish("the leaching_kinetics section (solids, homogeneous, reductants)");
  }
  return data;
}

const SolidKinetics* LeachingKineticsData::find(std::size_t solid) const {
  for (const auto& kinetics : solids_) {
    if (kinetics.solid == solid) return &kinetics;
  }
  return nullptr;
}

const ReductantOption* LeachingKineticsData::find_reductant(std::size_t species) const {
  for (const auto& option : reductants_) {
    if (option.species == species) return &option;
  }
  return nullptr;
}

const HomogeneousKinetics* LeachingKineticsData::find_homogeneous(std::string_view name) const {
  for (const auto& kinetics : homogeneous_) {
    if (kinetics.name == name) return &kinetics;
  }
  return nullptr;
}

}  // namespace hydrosim::thermo
