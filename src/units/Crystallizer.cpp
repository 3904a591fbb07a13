#include "hydrosim/units/Crystallizer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/thermo/AqueousPhase.h"
#include "hydrosim/units/Evaporator.h"
#include "hydrosim/units/PrecipitationSupport.h"
#include "hydrosim/units/SolverReport.h"

namespace hydrosim::units {

void Crystallizer::configure(const io::ParameterReader& parameters,
                             const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  equilibria_ = shared_equilibria(database);
  // The speciation's names are davies, b-dot, sit, pitzer; "bdot" (the name these
  // units first documented) is kept as an alias of b-dot.
  activity_model_ = parameters.choice_or("activity_model", {"davies", "b-dot", "bdot", "sit", "pitzer"}, "davies");
  if (activity_model_ == "bdot") activity_model_ = "b-dot";
  // One salt ("solid"), or candidates ("solids") of the same ions that differ
  // in hydrate water (Na2SO4 / Na2SO4·10H2O): the one with the highest SI in
  // the liquor, i.e. the least soluble, crystallises.
  const bool several = parameters.has("solids");
  const std::vector<std::string> names =
      several ? parameters.text_list("solids") : std::vector<std::string>{parameters.text("solid")};
  const char* key = several ? "solids" : "solid";
  if (several && parameters.has("solid")) parameters.fail("solid", "give 'solid' or 'solids', not both");
  // "measured": the salt's curve in thermo-data/solubility instead of the
  // speciation's solubility (which is far off for concentrated sulfate
  // liquors, test_solubility_data).
  const bool measured = parameters.choice_or("solubility", {"model", "measured"}, "model") == "measured";
  if (measured && several) parameters.fail("solubility", "'measured' needs a single 'solid'");
  for (const auto& solid : names) {
    const auto index = database->find(solid);
    if (!index || database->species(*index).phase != thermo::Phase::kSolid) {
      parameters.fail(key, fmt::format("'{}' is not a solid species of the database", solid));
    }
    const auto* reaction = thermo::find_solid_reaction(*equilibria_, *index);
    // No solubility product: a single salt may take its measured curve (and
    // the dissolution stoichiometry) from thermo-data/solubility.
    if (!several && (reaction == nullptr || measured)) {
      const auto* from_file = load_data_curve(parameters, *index, reaction);
      if (measured && from_file == nullptr) {
        parameters.fail("solubility", fmt::format("no measured curve of '{}' in {}", solid,
                                                  solubility_data_file(*database).string()));
      }
      reaction = from_file;
    }
    if (reaction == nullptr) {
      parameters.fail(key, fmt::format("'{}' has no solubility data (no dissolution reaction or ΔfG° in thermo-data, "
                                       "no curve in {}); add one with its source to thermo-data",
                                       solid, solubility_data_file(*database).string()));
    }
    candidates_.push_back({*index, reaction});
  }
  const auto ions = [&](const thermo::SolidReaction& reaction) {
    std::map<std::size_t, double> products;
    for (const auto& term : reaction.products) {
      if (database->species(term.species).name != "H2O") products[term.species] = term.coefficient;
    }
    return products;
  };
  for (const auto& candidate : candidates_) {
    if (ions(*candidate.second) != ions(*candidates_.front().second)) {
      parameters.fail(key, "the candidate solids must dissolve into the same ions (they may differ in water only)");
    }
  }
  solid_ = candidates_.front().first;
  reaction_ = candidates_.front().second;
  mode_ =
      parameters.choice("mode", {"msmpr", "batch"}) == "batch" ? CrystallizerMode::kBatch : CrystallizerMode::kMsmpr;
  const char* time_key = mode_ == CrystallizerMode::kBatch ? "batch_time" : "residence_time";
  time_ = parameters.quantity(time_key, Dimension::time());
  if (!(time_ > 0.0)) parameters.fail(time_key, "must be positive");
  if (parameters.has("temperature")) temperature_ = parameters.quantity("temperature", Dimension::temperature());
  evaporation_ = parameters.number_or("evaporation", 0.0, 0.0, 0.99);
  if (parameters.has("steam_economy")) {
    if (evaporation_ == 0.0) parameters.fail("steam_economy", "a steam economy needs 'evaporation'");
    steam_economy_ = parameters.number("steam_economy", 0.0, 20.0);
    if (!(steam_economy_ > 0.0)) parameters.fail("steam_economy", "the steam economy must be positive");
  }

  if (const auto nucleation = parameters.optional_child("nucleation")) {
    kinetics_.kb = nucleation->quantity("kb", Dimension::mass().power(-1) / Dimension::time());
    if (*kinetics_.kb < 0.0) nucleation->fail("kb", "a nucleation rate constant cannot be negative");
    kinetics_.b = nucleation->number("b", 0.0, 10.0);
    nucleation->accept("source");
    nucleation->accept("note");
    nucleation->finish("nucleation");
  }
  const auto growth = parameters.child("growth");
  kinetics_.kg = growth.quantity("kg", Dimension::length() / Dimension::time());
  if (kinetics_.kg < 0.0) growth.fail("kg", "a growth rate constant cannot be negative");
  kinetics_.g = growth.number("g", 0.0, 10.0);
  growth.accept("source");
  growth.accept("note");
  growth.finish("growth");
  shape_factor_ = parameters.number("shape_factor", 1e-3, 1.0);
  crystal_density_ = parameters.quantity("crystal_density", Dimension::mass_concentration());
  if (!(crystal_density_ > 0.0)) parameters.fail("crystal_density", "must be positive");
  cake_moisture_ = parameters.number_or("cake_moisture", 0.0, 0.0, 0.95);

  if (const auto seed = parameters.optional_child("seed")) {
    if (mode_ != CrystallizerMode::kBatch) {
      parameters.fail("seed", "seeding is modelled for a batch crystalliser only");
    }
    seed_loading_ = seed->number("loading", 0.0, 1.0);
    seed_size_ = seed->quantity("size", Dimension::length());
    if (!(seed_size_ > 0.0)) seed->fail("size", "the seed size must be positive");
    seed->accept("note");
    seed->accept("source");
    seed->finish("seed");
  }
  if (const auto curve = parameters.optional_child("solubility_curve")) {
    curve_.clear();  // a curve given in the flowsheet replaces the data file's
    from_data_file_ = false;
    for (const auto& point : curve->list_of_maps("points")) {
      curve_.push_back(
          {point.quantity("temperature", Dimension::temperature()), point.quantity("molality", Dimension::molality())});
      point.finish("a solubility point");
    }
    if (curve_.size() < 2) curve->fail("points", "give at least two points (temperature, molality)");
    for (std::size_t i = 1; i < curve_.size(); ++i) {
      if (!(curve_[i].temperature > curve_[i - 1].temperature)) {
        curve->fail("points", "temperatures must increase from point to point");
      }
    }
    if (!curve->has("source")) curve->fail_here("a solubility curve needs a 'source'");
    curve->accept("source");
    curve->accept("note");
    curve->finish("solubility_curve");
  }
}

std::filesystem::path solubility_data_file(const thermo::Database& database) {
  const auto& files = database.files();
  return (files.empty() ? thermo::Database::default_data_dir() : files.front().parent_path()) / "solubility" /
         "salt-solubility.yaml";
}

const thermo::SolidReaction* Crystallizer::load_data_curve(const io::ParameterReader& parameters, std::size_t solid,
                                                           const thermo::SolidReaction* known) {
  const auto file = solubility_data_file(*database_);
  if (!std::filesystem::exists(file)) return nullptr;
  const auto document = io::YamlDocument::load_file(file);
  const io::ParameterReader root(document, document.root(), "");
  const auto curves = root.child("curves");
  const std::string& name = database_->species(solid).name;
  const auto names = curves.keys();
  if (std::find(names.begin(), names.end(), name) == names.end()) return nullptr;
  const auto entry = curves.child(name);
  // Without a solubility product the file must give the dissolution
  // stoichiometry (`products`); with one, the database's reaction is used.
  if (known == nullptr && !entry.has("products")) return nullptr;
  thermo::SolidReaction reaction{solid, "", {}, {}, entry.text("source")};
  if (const auto products = entry.optional_child("products")) {
    for (const auto& species : products->keys()) {
      const auto index = database_->find(species);
      if (!index) products->fail(species, fmt::format("'{}' is not a species of the database", species));
      reaction.products.push_back({*index, products->number(species, -100.0, 100.0)});
    }
  }
  curve_.clear();
  for (const auto& point : entry.list_of_maps("points")) {
    curve_.push_back(
        {point.quantity("temperature", Dimension::temperature()), point.quantity("molality", Dimension::molality())});
    point.accept("mass_percent");
    point.finish("a solubility point");
  }
  entry.accept("note");
  entry.finish("a solubility curve");
  if (curve_.size() < 2)
    parameters.fail("solid", fmt::format("the curve of '{}' in {} has fewer than two points", name, file.string()));
  from_data_file_ = true;
  if (known != nullptr) return known;
  data_reaction_ = std::make_unique<thermo::SolidReaction>(std::move(reaction));
  return data_reaction_.get();
}

std::vector<DosedReagent> Crystallizer::internal_doses() const {
  if (seed_loading_ == 0.0) return {};
  return {{"seed " + database_->species(solid_).name, solid_, last_seed_}};
}

std::vector<UtilityDemand> Crystallizer::utility_demands() const {
  if (evaporation_ == 0.0) return {};
  return {{"steam", steam_, Dimension::mass()}};
}

std::vector<PortSpec> Crystallizer::ports() const {
  std::vector<PortSpec> ports{
      {"in", PortDirection::kInlet}, {"crystals", PortDirection::kOutlet}, {"liquor", PortDirection::kOutlet}};
  if (evaporation_ > 0.0) ports.push_back({"vapour", PortDirection::kOutlet});
  return ports;
}

double Crystallizer::curve_solubility(double temperature) const {
  if (temperature < curve_.front().temperature || temperature > curve_.back().temperature) {
    throw InputError(
        fmt::format("unit '{}': {:.2f} K is outside the solubility curve ({:.2f}-{:.2f} K); missing "
                    "solubility data at this temperature",
                    name(), temperature, curve_.front().temperature, curve_.back().temperature));
  }
  for (std::size_t i = 1; i < curve_.size(); ++i) {
    if (temperature <= curve_[i].temperature) {
      const double w = (temperature - curve_[i - 1].temperature) / (curve_[i].temperature - curve_[i - 1].temperature);
      return curve_[i - 1].molality + w * (curve_[i].molality - curve_[i - 1].molality);
    }
  }
  return curve_.back().molality;
}

void Crystallizer::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = {};
  last_seed_ = 0.0;
  thermo::Stream stream = *inlets.at("in").front();
  if (temperature_) stream.temperature = *temperature_;
  const auto& db = *database_;
  const std::size_t h2o = db.index_of("H2O");
  const std::size_t proton = db.index_of("H+");

  thermo::Stream vapour(stream.database_ptr());
  vapour.temperature = stream.temperature;
  const double evaporated = evaporation_ * stream.amount(h2o);
  vapour.set_amount(h2o, evaporated);
  // The evaporation's heat, as an Evaporator's (docs/evaporator.md): the
  // inlet water brought to T, then m_v boiled off at the latent heat λ(T);
  // steam = Q / (λ(T) E).
  steam_ = 0.0;
  if (evaporation_ > 0.0) {
    const double molar_mass = db.species(h2o).molar_mass;
    const double inlet_temperature = inlets.at("in").front()->temperature;
    const double duty = evaporation_duty(stream.amount(h2o) * molar_mass, evaporated * molar_mass, inlet_temperature,
                                         stream.temperature);
    steam_ = duty / (water_latent_heat(stream.temperature) * steam_economy_);
    report_.values.push_back({"heat_duty", duty, "W"});
    report_.values.push_back({"steam", steam_, "kg/s"});
  }
  stream.add_amount(h2o, -evaporated);
  auto finish = [&](thermo::Stream crystals, thermo::Stream liquor) {
    outlets.insert_or_assign("crystals", std::move(crystals));
    outlets.insert_or_assign("liquor", std::move(liquor));
    if (evaporation_ > 0.0) outlets.insert_or_assign("vapour", std::move(vapour));
  };
  const double water = thermo::water_mass_flow(stream);
  if (!(water > 0.0)) {
    thermo::Stream empty(stream.database_ptr());
    finish(empty, stream);
    return;
  }
  thermo::to_master_form(stream, *equilibria_);
  const auto solution = thermo::solution_of(stream, *equilibria_);
  const auto& totals = solution.input.totals;
  if (!speciation_) speciation_ = std::make_unique<thermo::Speciation>(database_, equilibria_, activity_model_);
  // A speciation that fails for trace components is retried without the
  // components below 1e-4 mol/kg (they stay in the stream; docs, known issues).
  auto solve_with_fallback = [&](thermo::SolutionInput& input) {
    auto result = speciation_->solve(input);
    if (result.converged) return result;
    const auto dropped = drop_traces(db, *equilibria_, input, 1e-4);
    if (dropped.empty()) return result;
    result = speciation_->solve(input);
    const std::string warning = fmt::format(
        "the speciation converged only without the trace components {} (< 1e-4 mol/kg), left out of "
        "the solubility calculation",
        fmt::join(dropped, ", "));
    if (result.converged &&
        std::find(report_.warnings.begin(), report_.warnings.end(), warning) == report_.warnings.end()) {
      report_.warnings.push_back(warning);
    }
    return result;
  };
  solid_ = candidates_.front().first;
  reaction_ = candidates_.front().second;
  if (candidates_.size() > 1) {
    // The stable phase: the highest saturation index in the liquor.
    thermo::SolutionInput plain_input = solution.input;
    const auto plain = solve_with_fallback(plain_input);
    if (!plain.converged) {
      throw SolveError(fmt::format("unit '{}' (Crystallizer): the speciation of the liquor did not converge: {}",
                                   name(), plain.message));
    }
    double best = -std::numeric_limits<double>::infinity();
    for (const auto& [index, reaction] : candidates_) {
      const auto* state = plain.find_solid(index);
      if (state != nullptr && state->saturation_index > best) {
        best = state->saturation_index;
        solid_ = index;
        reaction_ = reaction;
      }
    }
    report_.values.push_back({fmt::format("selected[{}]", db.species(solid_).name), 1.0, "1"});
  }

  // The limiting component: the least abundant dissolution product per
  // formula unit (Ni+2 for NiSO4·6H2O in a sulfate excess).
  std::size_t limiting = 0;
  double nu = 0.0;
  double per_formula = std::numeric_limits<double>::infinity();
  double ions = 0.0;  // ions per formula unit (3 for Na2SO4 or CaF2)
  for (const auto& term : reaction_->products) {
    if (term.species == h2o || term.species == proton || term.coefficient <= 0.0) continue;
    ions += term.coefficient;
    const auto it = totals.find(term.species);
    const double available = it == totals.end() ? 0.0 : it->second / term.coefficient;
    if (available < per_formula) {
      per_formula = available;
      limiting = term.species;
      nu = term.coefficient;
    }
  }
  const double feed = per_formula * nu;  // mol/kg water of the limiting component
  const std::string& salt = db.species(solid_).name;
  double solubility = 0.0;  // of the limiting component, mol/kg water
  double saturation_index = 0.0;
  if (!curve_.empty()) {
    solubility = nu * curve_solubility(stream.temperature);
  } else if (feed > 0.0) {
    // Supersaturation from the speciation: equilibrate the liquor with the
    // salt; what stays dissolved is the solubility in this background.
    thermo::SolutionInput input = solution.input;
    input.equilibrium_solids = {solid_};
    auto result = solve_with_fallback(input);
    if (!result.converged) {
      throw SolveError(
          fmt::format("unit '{}' (Crystallizer): the speciation of the liquor with {} did not converge: {}", name(),
                      salt, result.message));
    }
    const auto* state = result.find_solid(solid_);
    saturation_index = state ? state->saturation_index : 0.0;
    if (state && state->at_equilibrium && state->amount > 0.0) {
      solubility = feed - nu * state->amount;
    } else {
      // Undersaturated: S = (IAP/K)^(1/n) − 1 with n the ions per formula
      // unit (every ion of a stoichiometric liquor scales with m).
      const double s = std::pow(10.0, saturation_index / std::max(ions, 1.0)) - 1.0;
      solubility = feed / (1.0 + s);
    }
    for (const auto& warning : result.warnings) report_.warnings.push_back(warning);
  }
  thermo::Stream crystals(stream.database_ptr());
  crystals.temperature = stream.temperature;
  if (!(feed > 0.0) || !(solubility > 0.0) || feed <= solubility) {
    report_.warnings.push_back(fmt::format("the liquor is not supersaturated in {}: nothing crystallises", salt));
    report_.values.push_back(
        {"supersaturation_in", feed > 0.0 && solubility > 0.0 ? feed / solubility - 1.0 : 0.0, "1"});
    report_.values.push_back({"yield", 0.0, "1"});
    finish(crystals, stream);
    return;
  }

  MomentProblem problem;
  problem.mode = mode_;
  problem.kinetics = kinetics_;
  problem.solubility = solubility;
  problem.moles_per_volume = shape_factor_ * crystal_density_ / db.species(solid_).molar_mass;
  problem.solute_per_crystal = nu;
  problem.feed_molality = feed;
  // Water of crystallisation per mol of the limiting component (the H2O of
  // the dissolution reaction; negative when it consumes water): it leaves the
  // liquor with the crystals.
  for (const auto& term : reaction_->products) {
    if (term.species == h2o) problem.water_per_solute += term.coefficient / nu;
  }
  problem.residence_time = time_;
  if (seed_loading_ > 0.0) {
    // Mono-sized seeds of size Ls: N = loading/(ρc kv Ls³) per kg water,
    // μk = N Ls^k. They enter the stream as the solid (an internal dose).
    const double count = seed_loading_ / (crystal_density_ * shape_factor_ * std::pow(seed_size_, 3));
    for (int k = 0; k <= 4; ++k) problem.seed_moments(k) = count * std::pow(seed_size_, k);
    last_seed_ = seed_loading_ * water / db.species(solid_).molar_mass;
    stream.add_amount(solid_, last_seed_);
    report_.values.push_back({"seed", last_seed_, "mol/s"});
  }
  // An MSMPR is run from a clear start-up to steady state (30 residence
  // times leave e^-30 of the start-up transient, times a polynomial).
  const double end = mode_ == CrystallizerMode::kMsmpr ? 30.0 * time_ : time_;
  MomentSolution moments;
  try {
    moments = solve_moments(problem, end, 60);
  } catch (const InputError& error) {
    throw InputError(fmt::format("unit '{}' (Crystallizer, {}): {}", name(), salt, error.what()));
  } catch (const SolveError& error) {
    throw SolveError(fmt::format("unit '{}' (Crystallizer, {}): {}", name(), salt, error.what()));
  }
  const double left = moments.states.back()(5);
  const double crystallised = (feed - left) / nu;  // mol of salt per kg water
  thermo::precipitate(stream, *reaction_, crystallised * water);
  neutralise(stream);
  auto [cake, liquor] = split_cake(stream, cake_moisture_);

  report_.values.push_back({"supersaturation_in", feed / solubility - 1.0, "1"});
  report_.values.push_back({"supersaturation_out", moments.supersaturation, "1"});
  if (curve_.empty()) report_.values.push_back({"SI_in", saturation_index, "1"});
  if (from_data_file_) report_.values.push_back({"solubility_from_data_file", 1.0, "1"});
  report_.values.push_back({fmt::format("solubility[{}]", db.species(limiting).name), solubility, "mol/kg"});
  report_.values.push_back({"yield", crystallised * nu / feed, "1"});
  report_.values.push_back({"crystal_flow", crystallised * water, "mol/s"});
  report_.values.push_back({"mean_size_L43", moments.mean_size_43, "m"});
  report_.values.push_back({"mean_size_L10", moments.mean_size_10, "m"});
  report_.values.push_back({"cv", moments.cv, "1"});
  report_.values.push_back({"evaporated_water", evaporated, "mol/s"});
  // Solute consumed vs crystal volume formed: the moment equations' own balance.
  const auto& y = moments.states.back();
  const double from_moments = problem.moles_per_volume * (y(3) - problem.seed_moments(3)) * nu;
  const double balance = mode_ == CrystallizerMode::kBatch ? (feed - left - from_moments) / feed : 0.0;
  if (mode_ == CrystallizerMode::kBatch) report_.values.push_back({"moment_mass_balance", balance, "1"});

  Profile profile{mode_ == CrystallizerMode::kBatch ? "batch" : "startup", "time", "s", moments.times, {}};
  std::vector<ProfileSeries> series{{"mu0", "1/kg", {}},          {"mu1", "m/kg", {}},   {"mu2", "m^2/kg", {}},
                                    {"mu3", "m^3/kg", {}},        {"mu4", "m^4/kg", {}}, {"solute", "mol/kg", {}},
                                    {"supersaturation", "1", {}}, {"L43", "m", {}}};
  for (const auto& state : moments.states) {
    for (int k = 0; k < 6; ++k) series[static_cast<std::size_t>(k)].values.push_back(state(k));
    series[6].values.push_back(state(5) / solubility - 1.0);
    series[7].values.push_back(state(3) > 0.0 ? state(4) / state(3) : 0.0);
  }
  profile.series = std::move(series);
  report_.profiles.push_back(std::move(profile));
  if (mode_ == CrystallizerMode::kMsmpr) {
    // Steady-state MSMPR size distribution (Randolph & Larson 1988, eq.
    // 3.4-10) at the final S: n(L) = (B/G) exp(−L/(Gτ)); the mass density
    // L³ n(L) normalised to unit area is x³ e^−x / (6 Gτ), x = L/(Gτ).
    const double s_out = moments.supersaturation;
    const double growth = kinetics_.growth(s_out);
    const double birth = kinetics_.nucleation(s_out);
    if (growth > 0.0) {
      const double scale = growth * time_;
      Profile psd{"psd", "size", "m", {}, {{"number_density", "1/(kg*m)", {}}, {"mass_density", "1/m", {}}}};
      for (int i = 0; i <= 80; ++i) {
        const double x = 12.0 * i / 80.0;
        psd.axis_values.push_back(x * scale);
        psd.series[0].values.push_back(birth / growth * std::exp(-x));
        psd.series[1].values.push_back(x * x * x * std::exp(-x) / (6.0 * scale));
      }
      report_.profiles.push_back(std::move(psd));
    }
  }
  report_.solver_statistics.push_back(ode_statistics("CVODE BDF", moments.statistics));
  finish(std::move(cake), std::move(liquor));
}

}  // namespace hydrosim::units
