#include "hydrosim/units/BlackMassFeed.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Elements.h"
#include "hydrosim/core/Error.h"
#include "hydrosim/units/Feed.h"
#include "hydrosim/units/ParticleSize.h"

namespace hydrosim::units {
namespace {

// Elements a black-mass assay usually reports (Li, Ni, Co, Mn, Al, Cu, Fe, C,
// F, P). A candidate species containing one of them that the assay leaves out
// cannot be determined and is not used.
const std::set<std::string> kAssayElements{"Li", "Ni", "Co", "Mn", "Al", "Cu", "Fe", "C", "F", "P"};

// Non-cathode species the assay is allocated to unless `assay_species` says otherwise.
const std::vector<std::string> kDefaultAssaySpecies{"graphite", "Al", "Cu", "Fe", "PVDF", "LiPF6"};

// Residual electrolyte when the composition names `electrolyte` without saying
// what it is: 1 mol/L LiPF6 in EC:DMC 1:1 by mass (the common "LP30"
// formulation). 1 mol/L × 151.9 g/mol over an assumed solution density of
// 1.3 kg/L gives 11.7 wt% LiPF6. Engineering assumption: residues in real black
// mass are partly evaporated and decomposed; give `electrolyte:` to override.
const std::vector<std::pair<std::string, double>> kDefaultElectrolyte{
    {"LiPF6", 0.117}, {"ethylene_carbonate", 0.4415}, {"dimethyl_carbonate", 0.4415}};

double fraction_of(const io::ParameterReader& map, const std::string& key) {
  const double fraction = map.quantity(key, Dimension::mass_fraction());
  if (fraction < 0.0 || fraction > 1.0) map.fail(key, "a mass fraction must be within 0-100 wt%");
  return fraction;
}

// Mass fraction of element `symbol` in a species.
double element_mass_fraction(const thermo::Species& species, std::string_view symbol) {
  double mass = 0.0;
  for (const auto& entry : species.formula.elements) {
    if (entry.element->symbol == symbol) mass += entry.count * entry.element->atomic_weight * 1e-3;
  }
  return mass / species.molar_mass;
}

bool contains_element(const thermo::Species& species, std::string_view symbol) {
  return std::any_of(species.formula.elements.begin(), species.formula.elements.end(),
                     [&](const auto& entry) { return entry.element->symbol == symbol && entry.count != 0.0; });
}

}  // namespace

BlackMassFeed::CathodeMix BlackMassFeed::read_chemistry(const io::ParameterReader& parameters) const {
  CathodeMix mix;
  if (!parameters.has("chemistry")) {
    parameters.accept("chemistry");
    return mix;
  }
  const std::vector<std::string> names = chemistry_names();
  auto cathode_of = [&](const io::ParameterReader& where, const std::string& key, const std::string& chemistry) {
    const std::string_view species = cathode_species_for(chemistry);
    if (species.empty()) {
      where.fail(key, fmt::format("unknown cell chemistry '{}'; valid: {}", chemistry, fmt::join(names, ", ")));
    }
    try {
      return database_->index_of(species);
    } catch (const InputError& error) {
      where.fail(key, error.what());
    }
  };
  if (parameters.is_map("chemistry")) {
    const io::ParameterReader shares = parameters.child("chemistry");
    double total = 0.0;
    for (const auto& name : shares.keys()) {
      mix.species.push_back(cathode_of(shares, name, name));
      mix.shares.push_back(fraction_of(shares, name));
      total += mix.shares.back();
    }
    if (std::abs(total - 1.0) > 1e-9) {
      parameters.fail("chemistry", fmt::format("the chemistry shares add up to {:.6g} wt% of the cathode, not 100 wt%",
                                               total * 1e2));
    }
  } else {
    for (const auto& name : parameters.text_list("chemistry")) {
      const std::size_t species = cathode_of(parameters, "chemistry", name);
      if (std::find(mix.species.begin(), mix.species.end(), species) != mix.species.end()) {
        parameters.fail("chemistry", fmt::format("chemistry '{}' is listed twice", name));
      }
      mix.species.push_back(species);
    }
    if (!parameters.is_list("chemistry")) mix.shares = {1.0};
  }
  return mix;
}

Eigen::VectorXd BlackMassFeed::read_composition(const io::ParameterReader& parameters,
                                                const CathodeMix& cathode) const {
  Eigen::VectorXd fractions = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(database_->size()));
  auto index_in = [&](const io::ParameterReader& map, const std::string& key, const std::string& name) {
    try {
      return database_->index_of(name);
    } catch (const InputError& error) {
      map.fail(key, error.what());
    }
  };
  std::vector<std::pair<std::size_t, double>> electrolyte;
  if (const auto given = parameters.optional_child("electrolyte")) {
    double total = 0.0;
    for (const auto& key : given->keys()) {
      electrolyte.emplace_back(index_in(*given, key, key), fraction_of(*given, key));
      total += electrolyte.back().second;
    }
    if (std::abs(total - 1.0) > 1e-9) {
      parameters.fail("electrolyte",
                      fmt::format("the electrolyte composition adds up to {:.6g} wt%, not 100 wt%", total * 1e2));
    }
  } else {
    for (const auto& [name, share] : kDefaultElectrolyte) electrolyte.emplace_back(database_->index_of(name), share);
  }

  const io::ParameterReader composition = parameters.child("composition");
  double total = 0.0;
  for (const auto& key : composition.keys()) {
    const double fraction = fraction_of(composition, key);
    total += fraction;
    if (key == "cathode") {
      if (cathode.species.empty()) {
        composition.fail(key, "'cathode' needs 'chemistry' on the feed (e.g. chemistry: NMC622)");
      }
      if (cathode.shares.empty()) {
        parameters.fail("chemistry",
                        "a composition needs the share of each chemistry, e.g. "
                        "{NMC622: \"70 wt%\", LFP: \"30 wt%\"}; a plain list is for the assay route");
      }
      for (std::size_t k = 0; k < cathode.species.size(); ++k) {
        fractions(static_cast<Eigen::Index>(cathode.species[k])) += fraction * cathode.shares[k];
      }
    } else if (key == "electrolyte") {
      for (const auto& [species, share] : electrolyte)
        fractions(static_cast<Eigen::Index>(species)) += fraction * share;
    } else if (key == "moisture") {
      fractions(static_cast<Eigen::Index>(index_in(composition, key, "H2O"))) += fraction;
    } else {
      fractions(static_cast<Eigen::Index>(index_in(composition, key, key))) += fraction;
    }
  }
  if (std::abs(total - 1.0) > 1e-9) {
    parameters.fail("composition", fmt::format("the composition adds up to {:.6g} wt%, not 100 wt%", total * 100.0));
  }
  return fractions;
}

Eigen::VectorXd BlackMassFeed::allocate_assay(const io::ParameterReader& parameters, const CathodeMix& cathode) {
  const io::ParameterReader assay = parameters.child("assay");
  std::vector<std::string> elements;
  std::vector<double> measured;
  double measured_total = 0.0;
  for (const auto& symbol : assay.keys()) {
    if (!find_element(symbol)) assay.fail(symbol, fmt::format("'{}' is not an element symbol", symbol));
    elements.push_back(symbol);
    measured.push_back(fraction_of(assay, symbol));
    measured_total += measured.back();
  }
  if (elements.empty()) parameters.fail("assay", "give the wt% of at least one element, e.g. {Ni: \"20 wt%\"}");
  if (measured_total > 1.0 + 1e-9) {
    parameters.fail("assay", fmt::format("the assayed elements add up to {:.6g} wt% > 100 wt%", measured_total * 1e2));
  }
  const double tolerance = parameters.quantity_or("assay_tolerance", Dimension::mass_fraction(), "0.01 wt%");
  if (!(tolerance > 0.0)) parameters.fail("assay_tolerance", "must be positive");
  auto assayed = [&](std::string_view symbol) {
    return std::find(elements.begin(), elements.end(), symbol) != elements.end();
  };
  // Elements the species contains that an assay should report but this one does not.
  auto missing_elements = [&](const thermo::Species& species) {
    std::vector<std::string> missing;
    for (const auto& entry : species.formula.elements) {
      const std::string symbol(entry.element->symbol);
      if (kAssayElements.count(symbol) != 0 && !assayed(symbol)) missing.push_back(symbol);
    }
    return missing;
  };

  // Columns: the cathode (one column with fixed shares, or one per chemistry), then the other candidates.
  struct Column {
    std::string name;
    std::vector<std::pair<std::size_t, double>> species;  // species and its share of the column's mass
  };
  std::vector<Column> columns;
  if (!cathode.species.empty()) {
    for (std::size_t k = 0; k < cathode.species.size(); ++k) {
      const auto& species = database_->species(cathode.species[k]);
      if (const auto missing = missing_elements(species); !missing.empty()) {
        parameters.fail("assay", fmt::format("the assay lacks {}, needed to determine the cathode {}",
                                             fmt::join(missing, ", "), species.name));
      }
    }
    if (cathode.shares.empty()) {
      for (const std::size_t s : cathode.species) columns.push_back({database_->species(s).name, {{s, 1.0}}});
    } else {
      Column mix{"cathode", {}};
      for (std::size_t k = 0; k < cathode.species.size(); ++k)
        mix.species.emplace_back(cathode.species[k], cathode.shares[k]);
      columns.push_back(std::move(mix));
    }
  }
  const bool listed = parameters.has("assay_species");
  const std::vector<std::string> candidates = listed ? parameters.text_list("assay_species") : kDefaultAssaySpecies;
  for (const auto& name : candidates) {
    std::size_t s = 0;
    try {
      s = database_->index_of(name);
    } catch (const InputError& error) {
      parameters.fail("assay_species", error.what());
    }
    if (std::find(cathode.species.begin(), cathode.species.end(), s) != cathode.species.end()) continue;
    const auto missing = missing_elements(database_->species(s));
    if (!missing.empty()) {
      if (listed) {
        parameters.fail("assay_species", fmt::format("'{}' contains {}, which the assay does not report", name,
                                                     fmt::join(missing, ", ")));
      }
      continue;  // e.g. no F and P in the assay: PVDF and LiPF6 cannot be told apart, leave them out
    }
    columns.push_back({name, {{s, 1.0}}});
  }

  // E x = a: E(e, c) = mass fraction of element e in column c, a = assayed mass fractions.
  const auto rows = static_cast<Eigen::Index>(elements.size());
  const auto cols = static_cast<Eigen::Index>(columns.size());
  Eigen::MatrixXd E = Eigen::MatrixXd::Zero(rows, cols);
  for (Eigen::Index e = 0; e < rows; ++e) {
    const std::string& symbol = elements[static_cast<std::size_t>(e)];
    bool carried = false;
    for (Eigen::Index c = 0; c < cols; ++c) {
      for (const auto& [s, share] : columns[static_cast<std::size_t>(c)].species) {
        E(e, c) += share * element_mass_fraction(database_->species(s), symbol);
      }
      carried = carried || E(e, c) > 0.0;
    }
    if (!carried && measured[static_cast<std::size_t>(e)] > tolerance) {
      assay.fail(symbol, fmt::format("no species of this feed contains {} (species considered: {}); add one to "
                                     "'assay_species' or check the chemistry",
                                     symbol, fmt::join(candidates, ", ")));
    }
  }
  const Eigen::Map<const Eigen::VectorXd> a(measured.data(), rows);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(cols);
  if (cols > 0) {
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(E);
    qr.setThreshold(1e-10);
    if (qr.rank() < cols) {
      std::vector<std::string> names;
      for (const auto& column : columns) names.push_back(column.name);
      parameters.fail("assay", fmt::format("the assayed elements ({}) cannot tell apart the species {}: add elements "
                                           "to the assay or name fewer 'assay_species'",
                                           fmt::join(elements, ", "), fmt::join(names, ", ")));
    }
    x = qr.solve(a);
  }
  for (Eigen::Index c = 0; c < cols; ++c) {
    if (x(c) < -tolerance) {
      parameters.fail("assay", fmt::format("the assay implies a negative amount of {} ({:.4g} wt%): it is inconsistent "
                                           "with the chemistry and species assumed",
                                           columns[static_cast<std::size_t>(c)].name, x(c) * 1e2));
    }
    x(c) = std::max(x(c), 0.0);
  }
  const Eigen::VectorXd residual = E * x - a;
  Eigen::Index worst = 0;
  const double worst_residual = rows > 0 ? residual.cwiseAbs().maxCoeff(&worst) : 0.0;
  if (worst_residual > tolerance) {
    std::vector<std::string> lines;
    for (Eigen::Index e = 0; e < rows; ++e) {
      lines.push_back(fmt::format("{} {:.4g} wt% assayed, {:.4g} wt% allocated", elements[static_cast<std::size_t>(e)],
                                  a(e) * 1e2, (E * x)(e)*1e2));
    }
    std::string fixed = "the species considered";
    if (!cathode.species.empty()) fixed = "the chemistry's fixed element ratios";
    parameters.fail("assay", fmt::format("the assay is inconsistent with {}: {} is off by {:.4g} wt% (tolerance "
                                         "{:.4g} wt%, 'assay_tolerance'); best allocation: {}",
                                         fixed, elements[static_cast<std::size_t>(worst)], residual(worst) * 1e2,
                                         tolerance * 1e2, fmt::join(lines, "; ")));
  }
  for (Eigen::Index e = 0; e < rows; ++e) {
    values_.push_back({fmt::format("assay residual {}", elements[static_cast<std::size_t>(e)]), residual(e), "1"});
  }
  if (worst_residual > 1e-9) {
    warnings_.push_back(fmt::format("{}: the assay is reproduced within {:.3g} wt% (largest misfit: {}), not exactly",
                                    parameters.path(), worst_residual * 1e2,
                                    elements[static_cast<std::size_t>(worst)]));
  }

  Eigen::VectorXd fractions = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(database_->size()));
  for (Eigen::Index c = 0; c < cols; ++c) {
    for (const auto& [s, share] : columns[static_cast<std::size_t>(c)].species) {
      fractions(static_cast<Eigen::Index>(s)) += x(c) * share;
    }
  }
  const double remainder = 1.0 - fractions.sum();
  const std::string balance = parameters.text_or("balance", "H2O");
  if (remainder < -tolerance) {
    parameters.fail("assay", fmt::format("the species the assay implies add up to {:.6g} wt% > 100 wt%: the assay is "
                                         "inconsistent with the chemistry",
                                         (1.0 - remainder) * 1e2));
  }
  if (balance == "none") {
    if (remainder > tolerance) {
      parameters.fail("balance", fmt::format("the species the assay implies add up to {:.6g} wt%; name a 'balance' "
                                             "species for the other {:.6g} wt%",
                                             (1.0 - remainder) * 1e2, remainder * 1e2));
    }
  } else {
    std::size_t s = 0;
    try {
      s = database_->index_of(balance);
    } catch (const InputError& error) {
      parameters.fail("balance", error.what());
    }
    for (const auto& symbol : elements) {
      if (contains_element(database_->species(s), symbol)) {
        parameters.fail("balance",
                        fmt::format("the balance species '{}' contains the assayed element {}", balance, symbol));
      }
    }
    fractions(static_cast<Eigen::Index>(s)) += std::max(remainder, 0.0);
  }
  return fractions;
}

void BlackMassFeed::read_size_distribution(const io::ParameterReader& psd, const CathodeMix& cathode) {
  const std::vector<double> sizes = read_size_classes(psd, "classes");
  thermo::SizeDistribution distribution{sizes, Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(database_->size()),
                                                                     static_cast<Eigen::Index>(sizes.size()))};
  std::vector<bool> given(database_->size(), false);
  if (const auto components = psd.optional_child("components")) {
    for (const auto& key : components->keys()) {
      const io::ParameterReader block = components->child(key);
      // `cathode` stands for every cathode species of the chemistry (mix).
      std::vector<std::size_t> targets = key == "cathode" ? cathode.species : std::vector<std::size_t>{};
      if (key == "cathode" && targets.empty()) {
        components->fail(key, "'cathode' needs 'chemistry' on the feed (e.g. chemistry: NMC622)");
      }
      if (targets.empty()) {
        try {
          targets.push_back(database_->index_of(key));
        } catch (const InputError& error) {
          components->fail(key, error.what());
        }
      }
      const Eigen::VectorXd fractions = read_class_fractions(block, sizes, warnings_);
      for (const std::size_t s : targets) {
        if (database_->species(s).phase != thermo::Phase::kSolid) {
          components->fail(key, fmt::format("'{}' is not a solid; only solids have a particle size", key));
        }
        if (given[s])
          components->fail(key, fmt::format("a second size distribution for {}", database_->species(s).name));
        distribution.fractions.row(static_cast<Eigen::Index>(s)) = fractions.transpose();
        given[s] = true;
      }
      block.finish(fmt::format("the size distribution of {}", key));
    }
  }
  std::optional<Eigen::VectorXd> fallback;
  if (psd.has("model")) fallback = read_class_fractions(psd, sizes, warnings_);
  for (std::size_t s = 0; s < database_->size(); ++s) {
    if (database_->species(s).phase != thermo::Phase::kSolid || stream_->amount(s) == 0.0 || given[s]) continue;
    if (!fallback) {
      psd.fail_here(
          fmt::format("{}: no size distribution for the solid '{}': give 'model' for all solids or an entry "
                      "under 'components'",
                      psd.path(), database_->species(s).name));
    }
    distribution.fractions.row(static_cast<Eigen::Index>(s)) = fallback->transpose();
  }
  psd.finish("a particle-size distribution");
  stream_->size_distribution = std::move(distribution);
}

void BlackMassFeed::configure(const io::ParameterReader& parameters,
                              const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  stream_ = std::make_unique<thermo::Stream>(database);
  values_.clear();
  warnings_.clear();
  stream_->temperature = parameters.quantity_or("temperature", Dimension::temperature(), "25 degC");
  stream_->pressure = parameters.quantity_or("pressure", Dimension::pressure(), "1 atm");
  if (stream_->temperature <= 0.0) parameters.fail("temperature", "must be above absolute zero");
  if (stream_->pressure <= 0.0) parameters.fail("pressure", "must be positive");
  const double mass_flow = parameters.quantity("mass_flow", Dimension::mass_flow());
  if (mass_flow < 0.0) parameters.fail("mass_flow", "negative flow");

  const bool by_composition = parameters.has("composition");
  if (by_composition == parameters.has("assay")) {
    parameters.fail_here(
        fmt::format("{}: give either 'composition' (wt% of materials) or 'assay' (wt% of elements), "
                    "not {}",
                    parameters.path(), by_composition ? "both" : "neither"));
  }
  const CathodeMix cathode = read_chemistry(parameters);
  Eigen::VectorXd fractions;
  if (by_composition) {
    fractions = read_composition(parameters, cathode);
    for (const char* key : {"assay_tolerance", "assay_species", "balance"}) {
      if (parameters.has(key)) parameters.fail(key, "belongs to the assay route; this feed gives a composition");
    }
  } else {
    if (parameters.has("electrolyte")) parameters.fail("electrolyte", "belongs to the composition route");
    fractions = allocate_assay(parameters, cathode);
  }
  for (std::size_t s = 0; s < database_->size(); ++s) {
    const double fraction = fractions(static_cast<Eigen::Index>(s));
    if (fraction <= 0.0) continue;
    stream_->set_amount(s, mass_flow * fraction / database_->species(s).molar_mass);
    values_.push_back({fmt::format("mass fraction {}", database_->species(s).name), fraction, "1"});
  }
  if (const auto psd = parameters.optional_child("psd")) read_size_distribution(*psd, cathode);
}

std::vector<PortSpec> BlackMassFeed::ports() const { return {{"out", PortDirection::kOutlet}}; }

void BlackMassFeed::solve(const Inlets& /*inlets*/, Outlets& outlets) {
  report_ = {};
  report_.values = values_;
  report_.warnings = warnings_;
  if (stream_->size_distribution) {
    const auto& sizes = stream_->size_distribution->sizes;
    const Eigen::VectorXd solids = stream_->solid_mass_by_size();
    report_.values.push_back({"solids P80", passing_size(sizes, solids, 0.8), "m"});
    report_.values.push_back({"solids P50", passing_size(sizes, solids, 0.5), "m"});
    std::vector<std::pair<std::string, Eigen::VectorXd>> series{{"solids", solids}};
    const Eigen::MatrixXd by_species = species_mass_by_size(*stream_);
    for (std::size_t s = 0; s < database_->size(); ++s) {
      if (by_species.row(static_cast<Eigen::Index>(s)).sum() > 0.0) {
        series.emplace_back(database_->species(s).name, by_species.row(static_cast<Eigen::Index>(s)).transpose());
      }
    }
    report_.profiles.push_back(size_profile("psd", sizes, series));
  }
  outlets.insert_or_assign("out", *stream_);
}

}  // namespace hydrosim::units
