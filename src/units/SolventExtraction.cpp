#include "hydrosim/units/SolventExtraction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/thermo/AqueousPhase.h"
#include "hydrosim/thermo/EquilibriumData.h"
#include "hydrosim/units/PrecipitationSupport.h"

namespace hydrosim::units {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The element a metal cation is named by in reports ("Co+2" → "Co").
std::string metal_symbol(const thermo::Species& species) {
  for (const auto& entry : species.formula.elements) {
    if (entry.element->symbol != "H" && entry.element->symbol != "O") return std::string(entry.element->symbol);
  }
  return species.name;
}

double flow_of(const thermo::Stream& stream, const std::optional<std::size_t>& species) {
  return species ? stream.amount(*species) : 0.0;
}

// The extractant data of a database, parsed once for all the SX units of a
// plant (every thermo file is read for its 'extractants:' section).
std::shared_ptr<const thermo::ExtractionData> shared_extraction_data(
    const std::shared_ptr<const thermo::Database>& database) {
  static std::mutex mutex;
  static std::map<const thermo::Database*, std::weak_ptr<const thermo::ExtractionData>> cache;
  const std::lock_guard lock(mutex);
  if (auto existing = cache[database.get()].lock()) return existing;
  auto loaded = std::make_shared<const thermo::ExtractionData>(thermo::ExtractionData::load(*database));
  cache[database.get()] = loaded;
  return loaded;
}

}  // namespace

void SolventExtraction::configure(const io::ParameterReader& parameters,
                                  const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  where_ = parameters.path();
  data_ = shared_extraction_data(database);
  const std::string name = parameters.text("extractant");
  extractant_ = data_->find(name);
  if (extractant_ == nullptr) {
    parameters.fail(
        "extractant",
        fmt::format("no extraction data for extractant '{}'; known: {} (add it to the 'extractants:' "
                    "section of a thermo-data file, e.g. thermo-data/extractants.yaml)",
                    name, data_->names().empty() ? "none" : fmt::format("{}", fmt::join(data_->names(), "; "))));
  }
  stages_ = parameters.integer_or("stages", 1, -1000000, 1000);
  if (stages_ < 1) parameters.fail("stages", fmt::format("a section needs at least one stage (got {})", stages_));
  efficiency_ = parameters.number_or("murphree_efficiency", 1.0, 0.0, 1.0);
  if (efficiency_ <= 0.0) parameters.fail("murphree_efficiency", "the Murphree efficiency must be in (0, 1]");
  organic_density_ = parameters.quantity_or("organic_density", Dimension::mass_concentration(), "800 kg/m3");
  if (organic_density_ <= 0.0) parameters.fail("organic_density", "must be positive");
  if (parameters.has("alkali_stage")) {
    const int stage = parameters.integer_or("alkali_stage", 1, -1000000, 1000000);
    if (stage < 1 || stage > stages_) {
      parameters.fail("alkali_stage", fmt::format("must be a stage number from 1 to {}", stages_));
    }
    alkali_stage_ = stage;
  }
  if (parameters.has("inert")) {
    for (const auto& species : parameters.text_list("inert")) {
      try {
        inert_.insert(database->index_of(species));
      } catch (const InputError& error) {
        parameters.fail("inert", error.what());
      }
    }
  }
  if (const auto ratios = parameters.optional_child("distribution_ratios")) {
    for (const auto& species : ratios->keys()) {
      std::size_t index = 0;
      try {
        index = database->index_of(species);
      } catch (const InputError& error) {
        ratios->fail(species, error.what());
      }
      if (extractant_->find(index) == nullptr) {
        ratios->fail(species, fmt::format("{} has no complex with {} in the thermo data", species, extractant_->name));
      }
      const double ratio = ratios->number(species, 0.0, 1e12);
      if (ratio <= 0.0) ratios->fail(species, "a distribution ratio must be positive");
      constant_distribution_[index] = ratio;
    }
  }
  aqueous_entrainment_ = parameters.quantity_or("aqueous_entrainment", Dimension::dimensionless(), "0 ppm");
  organic_entrainment_ = parameters.quantity_or("organic_entrainment", Dimension::dimensionless(), "0 ppm");
  for (const auto& [key, value] : {std::pair{"aqueous_entrainment", aqueous_entrainment_},
                                   std::pair{"organic_entrainment", organic_entrainment_}}) {
    if (value < 0.0 || value > 0.05) {
      parameters.fail(key, "entrainment must be between 0 and 5 % (volume of one phase per volume of the other)");
    }
  }
  parameters.accept("section");  // a label: extraction, scrubbing or stripping
  parameters.accept("note");
  h_ = database->find("H+");
  oh_ = database->find("OH-");
  hso4_ = database->find("HSO4-");
  so4_ = database->find("SO4-2");
  water_ = database->find("H2O");
  if (!h_ || !water_) parameters.fail_here("the species database needs H+ and H2O for solvent extraction");
  equilibria_ = shared_equilibria(database);  // parsed once per database
  speciate_raffinate_ = parameters.choice_or("raffinate_speciation", {"davies", "none"}, "davies") == "davies";
  if (hso4_ && so4_) {
    for (const auto& reaction : equilibria_->aqueous_reactions()) {
      if (reaction.product == *hso4_) bisulfate_k_ = std::pow(10.0, reaction.log_k.at_25C) * 1e-3;  // L/mol → m³/mol
    }
  }
}

std::vector<PortSpec> SolventExtraction::ports() const {
  std::vector<PortSpec> ports{{"aqueous_in", PortDirection::kInlet},
                              {"organic_in", PortDirection::kInlet},
                              {"raffinate", PortDirection::kOutlet},
                              {"loaded", PortDirection::kOutlet}};
  if (alkali_stage_) ports.push_back({"alkali", PortDirection::kInlet});
  return ports;
}

CascadeProblem SolventExtraction::build_problem(const thermo::Stream& aqueous, const thermo::Stream& organic,
                                                const thermo::Stream* alkali) {
  const thermo::Database& db = *database_;
  const std::string unit = fmt::format("unit '{}' ({})", name(), where_);
  CascadeProblem problem;
  problem.stages = stages_;
  problem.efficiency = efficiency_;
  problem.aqueous_flow = aqueous.aqueous_volume_flow();
  problem.organic_flow = organic.phase_mass_flow(thermo::Phase::kOrganic) / organic_density_;
  if (!(problem.aqueous_flow > 0.0)) {
    throw InputError(
        fmt::format("{}: the aqueous feed carries no water (A = 0); O/A must be finite and positive", unit));
  }
  if (!(problem.organic_flow > 0.0)) {
    throw InputError(
        fmt::format("{}: the organic feed has no organic phase, so O/A = {} ≤ 0; feed the extractant "
                    "in the diluent to port organic_in",
                    unit, problem.organic_flow / problem.aqueous_flow));
  }
  // Extractant in HA units: the free dimer (2) and every complex (2m).
  double ha = 2.0 * organic.amount(extractant_->dimer);
  for (const auto& exchange : extractant_->equilibria) ha += 2.0 * exchange.dimers * organic.amount(exchange.complex);
  problem.extractant = ha / problem.organic_flow;
  if (!(problem.extractant > 0.0)) {
    throw InputError(fmt::format("{}: the organic feed contains no {} (species '{}' or its complexes)", unit,
                                 extractant_->name, db.species(extractant_->dimer).name));
  }
  if (problem.extractant > extractant_->neat_concentration) {
    throw InputError(
        fmt::format("{}: extractant concentration {:.4g} mol/L of HA exceeds {:.4g} mol/L, that of neat "
                    "{} ({}); check the organic feed and organic_density",
                    unit, problem.extractant * 1e-3, extractant_->neat_concentration * 1e-3, extractant_->name,
                    extractant_->defined_at));
  }
  // Organic species of another extractant cannot take part; other organic
  // species (diluent, modifier) travel with the organic unchanged.
  for (std::size_t s = 0; s < db.size(); ++s) {
    if (organic.amount(s) == 0.0 || db.species(s).phase != thermo::Phase::kOrganic) continue;
    if (s == extractant_->dimer || extractant_->find_complex(s) != nullptr) continue;
    for (const auto& other : data_->extractants()) {
      if (&other == extractant_) continue;
      if (s == other.dimer || other.find_complex(s) != nullptr) {
        throw InputError(
            fmt::format("{}: the organic feed carries '{}' of extractant {}, but this unit uses {}; "
                        "mixed extractants are not modelled",
                        unit, db.species(s).name, other.name, extractant_->name));
      }
    }
  }
  // Metals: cations in the aqueous feeds, complexes in the organic feed.
  metals_.clear();
  auto add_metal = [&](std::size_t species) {
    if (std::find(metals_.begin(), metals_.end(), species) == metals_.end()) metals_.push_back(species);
  };
  for (const thermo::Stream* stream : {&aqueous, alkali}) {
    if (stream == nullptr) continue;
    for (std::size_t s = 0; s < db.size(); ++s) {
      const thermo::Species& species = db.species(s);
      if (stream->amount(s) == 0.0 || species.phase != thermo::Phase::kAqueous || species.charge() <= 0) continue;
      if (s == *h_ || inert_.count(s) != 0) continue;
      if (extractant_->find(s) == nullptr) {
        throw InputError(
            fmt::format("{}: metal '{}' has no extraction data for {}; add an entry to the metals of "
                        "extractant {} at {}, or list it under 'inert' of units.{}",
                        unit, species.name, extractant_->name, extractant_->name, extractant_->defined_at, name()));
      }
      add_metal(s);
    }
  }
  for (const auto& exchange : extractant_->equilibria) {
    if (organic.amount(exchange.complex) > 0.0) add_metal(exchange.metal);
  }
  std::sort(metals_.begin(), metals_.end());

  for (const std::size_t s : metals_) {
    const thermo::CationExchange& exchange = *extractant_->find(s);
    CascadeMetal metal;
    metal.name = db.species(s).name;
    metal.charge = exchange.charge;
    metal.dimers = exchange.dimers;
    if (const auto it = constant_distribution_.find(s); it != constant_distribution_.end()) {
      metal.log10_k = std::log10(it->second);
    } else {
      // log10 D = slope (pH − ph50) + m log10(d / d_ref), d in mol/m³.
      metal.slope = exchange.slope;
      metal.dimers_exponent = exchange.dimers;
      metal.log10_k = -exchange.slope * exchange.ph50 - exchange.dimers * std::log10(extractant_->reference_dimer());
    }
    metal.aqueous_feed = aqueous.amount(s);
    metal.alkali_feed = alkali ? alkali->amount(s) : 0.0;
    metal.organic_feed = organic.amount(exchange.complex) / problem.organic_flow;
    problem.metals.push_back(metal);
  }
  const auto acidity = [&](const thermo::Stream& s) { return flow_of(s, h_) + flow_of(s, hso4_) - flow_of(s, oh_); };
  problem.acid_feed = acidity(aqueous);
  problem.sulfate_feed = flow_of(aqueous, so4_) + flow_of(aqueous, hso4_);
  if (alkali != nullptr) {
    problem.alkali_stage = *alkali_stage_ - 1;
    problem.alkali_flow = alkali->aqueous_volume_flow();
    problem.acid_alkali = acidity(*alkali);
    problem.sulfate_alkali = flow_of(*alkali, so4_) + flow_of(*alkali, hso4_);
  }
  problem.bisulfate_k = bisulfate_k_;
  problem.aqueous_entrainment = aqueous_entrainment_;
  problem.organic_entrainment = organic_entrainment_;
  return problem;
}

void SolventExtraction::solve(const Inlets& inlets, Outlets& outlets) {
  const thermo::Database& db = *database_;
  // Aqueous feeds in master-species form (CoSO4(aq) → Co+2 + SO4-2, ...),
  // exact in every element and the charge, so every metal is seen as its cation.
  thermo::Stream aqueous = *inlets.at("aqueous_in").front();
  thermo::to_master_form(aqueous, *equilibria_);
  std::optional<thermo::Stream> alkali_master;
  const thermo::Stream& organic = *inlets.at("organic_in").front();
  const thermo::Stream* alkali = nullptr;
  if (alkali_stage_) {
    alkali_master = *inlets.at("alkali").front();
    thermo::to_master_form(*alkali_master, *equilibria_);
    alkali = &*alkali_master;
  }

  const CascadeProblem problem = build_problem(aqueous, organic, alkali);
  // Warm start from the last solution when the section has the same metals
  // (recycle iterations change the feeds a little).
  const bool same_shape = metals_ == warm_metals_ && solution_.state.size() > 0;
  const Eigen::VectorXd previous = solution_.state;
  solution_ = solve_cascade(problem, fmt::format("unit '{}'", name()), same_shape ? &previous : nullptr,
                            same_shape && warm_problem_ ? &*warm_problem_ : nullptr);
  warm_metals_ = metals_;
  warm_problem_ = problem;

  // Outlets: every inlet species by phase, then the net transfer of each metal
  // M + m (HA)2 → complex + z H+ applied exactly (conserves every element and
  // the charge by construction).
  std::vector<const thermo::Stream*> all{&aqueous, &organic};
  if (alkali) all.push_back(alkali);
  const thermo::Stream total = thermo::mix(all);
  thermo::Stream raffinate = total;
  thermo::Stream loaded = total;
  for (std::size_t s = 0; s < db.size(); ++s) {
    if (db.species(s).phase == thermo::Phase::kOrganic) {
      raffinate.set_amount(s, 0.0);
    } else {
      loaded.set_amount(s, 0.0);
    }
  }
  for (std::size_t k = 0; k < metals_.size(); ++k) {
    const thermo::CationExchange& exchange = *extractant_->find(metals_[k]);
    // Clip round-off so no flow goes negative: at most all of the metal moves.
    const double transfer = std::clamp(solution_.extracted(static_cast<Eigen::Index>(k)),
                                       -loaded.amount(exchange.complex), raffinate.amount(exchange.metal));
    raffinate.add_amount(exchange.metal, -transfer);
    raffinate.add_amount(*h_, exchange.charge * transfer);
    loaded.add_amount(exchange.complex, transfer);
    loaded.add_amount(extractant_->dimer, -exchange.dimers * transfer);
  }
  if (loaded.amount(extractant_->dimer) < -1e-12 * organic.amount(extractant_->dimer)) {
    throw SolveError(fmt::format("unit '{}': the loaded organic would need more extractant than it has", name()));
  }
  loaded.set_amount(extractant_->dimer, std::max(loaded.amount(extractant_->dimer), 0.0));
  if (problem.aqueous_entrainment > 0.0 || problem.organic_entrainment > 0.0) {
    entrain(problem, aqueous, organic, alkali, raffinate, loaded);
  }
  settle_acidity(raffinate);
  settle_acidity(loaded);
  fill_report(aqueous, organic, alkali, raffinate, loaded, problem);
  if (speciate_raffinate_) report_speciated_ph(raffinate);
  outlets.insert_or_assign("raffinate", std::move(raffinate));
  outlets.insert_or_assign("loaded", std::move(loaded));
}

// Free acid of a stream's aqueous phase without negative flows: a negative OH-
// or H+ is made up by water's dissociation (a proton deficit first from
// HSO4-), then H+ and OH- are neutralised. Exact in every element and charge.
void SolventExtraction::settle_acidity(thermo::Stream& stream) const {
  if (oh_ && stream.amount(*oh_) < 0.0) {
    const double deficit = -stream.amount(*oh_);
    stream.add_amount(*water_, -deficit);
    stream.add_amount(*oh_, deficit);
    stream.add_amount(*h_, deficit);
  }
  if (stream.amount(*h_) < 0.0 && hso4_ && so4_) {
    const double take = std::min(-stream.amount(*h_), stream.amount(*hso4_));
    stream.add_amount(*hso4_, -take);
    stream.add_amount(*so4_, take);
    stream.add_amount(*h_, take);
  }
  if (stream.amount(*h_) < 0.0 && oh_) {
    const double deficit = -stream.amount(*h_);
    stream.add_amount(*water_, -deficit);
    stream.add_amount(*oh_, deficit);
    stream.add_amount(*h_, deficit);
  }
  if (oh_) {
    const double neutral = std::min(stream.amount(*h_), stream.amount(*oh_));
    stream.add_amount(*h_, -neutral);
    stream.add_amount(*oh_, -neutral);
    stream.add_amount(*water_, neutral);
  }
}

// Moves the entrained phases between the outlets: e_a O' of stage-1 aqueous
// into the loaded organic, e_o A_N of stage-N organic into the raffinate. The
// stage-1 aqueous is the aqueous feed (with the alkali when it enters at stage
// 1) with each metal at its stage-1 concentration and H+ changed by −z per metal
// added; the stage-N organic has the complexes of stage N, the free dimer that
// the extractant balance leaves, and the diluent in proportion to volume.
void SolventExtraction::entrain(const CascadeProblem& problem, const thermo::Stream& aqueous,
                                const thermo::Stream& organic, const thermo::Stream* alkali, thermo::Stream& raffinate,
                                thermo::Stream& loaded) const {
  const thermo::Database& db = *database_;
  const CascadeSolution& s = solution_;
  const int last = problem.stages - 1;
  thermo::Stream wet(database_);  // aqueous carried by the loaded organic
  const double aqueous_volume = problem.aqueous_entrainment * s.organic_passing;
  const bool alkali_at_first = alkali != nullptr && problem.alkali_stage == 0;
  const double base_volume = problem.aqueous_flow + (alkali_at_first ? problem.alkali_flow : 0.0);
  for (std::size_t k = 0; k < db.size(); ++k) {
    if (db.species(k).phase == thermo::Phase::kOrganic) continue;
    double amount = aqueous.amount(k) + (alkali_at_first ? alkali->amount(k) : 0.0);
    wet.set_amount(k, amount * aqueous_volume / base_volume);
  }
  for (std::size_t i = 0; i < metals_.size(); ++i) {
    const std::size_t metal = metals_[i];
    const double target = aqueous_volume * s.aqueous(0, static_cast<Eigen::Index>(i));
    const double change = target - wet.amount(metal);
    wet.set_amount(metal, target);
    wet.add_amount(*h_, -db.species(metal).charge() * change);
  }
  settle_acidity(wet);
  thermo::Stream oily(database_);  // organic carried by the raffinate
  const double organic_volume = problem.organic_flow - s.organic_passing;
  double bound = 0.0;
  for (std::size_t i = 0; i < metals_.size(); ++i) {
    const thermo::CationExchange& exchange = *extractant_->find(metals_[i]);
    const double y = s.organic(last, static_cast<Eigen::Index>(i));
    oily.set_amount(exchange.complex, organic_volume * y);
    bound += 2.0 * exchange.dimers * y;
  }
  oily.set_amount(extractant_->dimer, organic_volume * std::max(problem.extractant - bound, 0.0) / 2.0);
  for (std::size_t k = 0; k < db.size(); ++k) {
    if (db.species(k).phase != thermo::Phase::kOrganic || k == extractant_->dimer) continue;
    if (extractant_->find_complex(k)) continue;
    oily.set_amount(k, organic.amount(k) * organic_volume / problem.organic_flow);
  }
  // Never move more than the giving outlet has (round-off at trace levels).
  for (std::size_t k = 0; k < db.size(); ++k) {
    if (oh_ && k == *oh_) continue;  // OH- may be made from water on the receiving side
    wet.set_amount(k, std::min(wet.amount(k), std::max(raffinate.amount(k), 0.0)));
    oily.set_amount(k, std::min(oily.amount(k), std::max(loaded.amount(k), 0.0)));
  }
  raffinate.amounts() += oily.amounts() - wet.amounts();
  loaded.amounts() += wet.amounts() - oily.amounts();
}

// The raffinate pH from the full aqueous speciation (Davies activities, every
// complex of the database), beside the cascade's concentration-basis pH.
void SolventExtraction::report_speciated_ph(const thermo::Stream& raffinate) {
  try {
    if (!speciation_) speciation_ = std::make_unique<thermo::Speciation>(database_, equilibria_, "davies");
    thermo::StreamSolution solution = thermo::solution_of(raffinate, *equilibria_);
    // Components 1e-12 below the largest (Fe+3 at 1e-28 mol/kg after six P507
    // stages) cannot move the pH or the ionic strength at any printed digit, but
    // their log-molalities make Newton stall (300 iterations, no convergence,
    // every recycle pass): left out of this report-only speciation.
    double largest = 0.0;
    for (const auto& [component, total] : solution.input.totals) largest = std::max(largest, total);
    std::erase_if(solution.input.totals, [&](const auto& entry) { return entry.second < 1e-12 * largest; });
    const thermo::SpeciationResult result = speciation_->solve(solution.input);
    if (result.converged) {
      report_.values.push_back({"raffinate pH (speciation)", result.ph, "1"});
      report_.values.push_back({"raffinate ionic strength", result.ionic_strength, "mol/kg"});
    } else {
      report_.warnings.push_back(fmt::format("raffinate speciation did not converge: {}", result.message));
    }
  } catch (const Error& error) {
    report_.warnings.push_back(fmt::format("raffinate speciation skipped: {}", error.what()));
  }
}

void SolventExtraction::fill_report(const thermo::Stream& aqueous, const thermo::Stream& organic,
                                    const thermo::Stream* alkali, const thermo::Stream& raffinate,
                                    const thermo::Stream& loaded, const CascadeProblem& problem) {
  const thermo::Database& db = *database_;
  const CascadeSolution& s = solution_;
  const int n = problem.stages;
  report_ = UnitReport{};
  auto& values = report_.values;
  values.push_back({"stages", static_cast<double>(n), "1"});
  values.push_back({"organic to aqueous ratio", problem.organic_flow / problem.aqueous_flow, "1"});
  values.push_back({"extractant concentration", problem.extractant, "mol/m3"});
  values.push_back({"raffinate pH", s.ph(n - 1), "1"});
  values.push_back({"loaded organic pH", s.ph(0), "1"});
  if (alkali != nullptr) {
    // Saponification degree: alkali equivalents per HA unit of the organic feed.
    const double base = -problem.acid_alkali;
    values.push_back({"saponification degree", base / (problem.extractant * problem.organic_flow), "1"});
  }
  const double raffinate_volume = raffinate.aqueous_volume_flow();
  for (std::size_t k = 0; k < metals_.size(); ++k) {
    const std::size_t metal = metals_[k];
    const thermo::CationExchange& exchange = *extractant_->find(metal);
    const std::string symbol = metal_symbol(db.species(metal));
    const double entering =
        aqueous.amount(metal) + (alkali ? alkali->amount(metal) : 0.0) + organic.amount(exchange.complex);
    values.push_back({symbol + " to organic", entering > 0.0 ? loaded.amount(exchange.complex) / entering : 0.0, "1"});
    values.push_back(
        {symbol + " raffinate", raffinate.amount(metal) * db.species(metal).molar_mass / raffinate_volume, "kg/m3"});
    values.push_back({symbol + " loaded organic",
                      loaded.amount(exchange.complex) * db.species(metal).molar_mass / problem.organic_flow, "kg/m3"});
  }

  Profile stages{"stages", "stage", "1", {}, {}};
  for (int j = 0; j < n; ++j) stages.axis_values.push_back(j + 1.0);
  std::vector<double> ph(s.ph.data(), s.ph.data() + n);
  stages.series.push_back({"pH", "1", ph});
  std::vector<double> dimer(s.free_dimer.data(), s.free_dimer.data() + n);
  stages.series.push_back({"free extractant dimer", "mol/m3", dimer});
  for (std::size_t k = 0; k < metals_.size(); ++k) {
    const auto col = static_cast<Eigen::Index>(k);
    const std::string symbol = metal_symbol(db.species(metals_[k]));
    std::vector<double> aq(n), org(n), dist(n);
    for (int j = 0; j < n; ++j) {
      aq[j] = s.aqueous(j, col);
      org[j] = s.organic(j, col);
      dist[j] = s.equilibrium_organic(j, col) / s.aqueous(j, col);
    }
    stages.series.push_back({symbol + " aqueous", "mol/m3", aq});
    stages.series.push_back({symbol + " organic", "mol/m3", org});
    stages.series.push_back({symbol + " distribution ratio", "1", dist});

    // McCabe–Thiele: operating line through the passing streams (x_j, y_{j+1}),
    // j = 0..N (x_0 the aqueous feed, y_{N+1} the organic feed), and the stage
    // isotherm points (x_j, y*_j), j = 1..N.
    Profile diagram{"mccabe_thiele_" + symbol, "point", "1", {}, {}};
    std::vector<double> op_x, op_y, iso_x, iso_y;
    const double feed = (aqueous.amount(metals_[k])) / problem.aqueous_flow;
    for (int j = 0; j <= n; ++j) {
      diagram.axis_values.push_back(j);
      op_x.push_back(j == 0 ? feed : s.aqueous(j - 1, col));
      op_y.push_back(j < n ? s.organic(j, col) : problem.metals[k].organic_feed);
      iso_x.push_back(j == 0 ? kNaN : s.aqueous(j - 1, col));
      iso_y.push_back(j == 0 ? kNaN : s.equilibrium_organic(j - 1, col));
    }
    diagram.series.push_back({"operating aqueous", "mol/m3", op_x});
    diagram.series.push_back({"operating organic", "mol/m3", op_y});
    diagram.series.push_back({"isotherm aqueous", "mol/m3", iso_x});
    diagram.series.push_back({"isotherm organic", "mol/m3", iso_y});
    report_.profiles.push_back(std::move(diagram));
  }
  report_.profiles.insert(report_.profiles.begin(), std::move(stages));
  report_.solver_statistics.push_back({"KINSOL",
                                       {{"continuation_steps", static_cast<double>(s.continuation_steps)},
                                        {"nonlinear_iterations", static_cast<double>(s.nonlinear_iterations)},
                                        {"residual_evaluations", static_cast<double>(s.residual_evaluations)},
                                        {"final_residual_norm", s.solver.residual_norm},
                                        {"warm_started", s.warm_started ? 1.0 : 0.0},
                                        {"pseudo_transient_steps", static_cast<double>(s.pseudo_transient_steps)},
                                        {"ida_steps", static_cast<double>(s.dae_steps)},
                                        {"unknowns", static_cast<double>(n * (metals_.size() + 2))}}});
  if (s.ph(n - 1) < 0.0 || s.ph(n - 1) > 14.0) {
    report_.warnings.push_back(fmt::format("raffinate pH {:.2f} is outside 0-14: check the feeds", s.ph(n - 1)));
  }
}

}  // namespace hydrosim::units
