#include "hydrosim/units/PrecipitationReactor.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Elements.h"
#include "hydrosim/core/Error.h"
#include "hydrosim/thermo/AqueousPhase.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/PrecipitationSupport.h"

namespace hydrosim::units {

namespace {

// The dose (mol/kg water) that brings `input` to `target` pH. Trial doses
// grow by 30 % from max_dose/256 until the target is passed (a trial whose
// speciation fails is retried closer to the last good one: the speciation is
// robust near the answer, less so at an extreme dose, pH 14 and I > 6); then
// thermo::dose_to_ph bisects between the last dose short of the target and
// the first past it.
// `bare` is the liquor without reagent and with only the solids that can form
// without it, for the zero-dose state; `input` holds every solid and a trace
// of each reagent component.
thermo::DoseResult dose_for_ph(thermo::Speciation& speciation, const thermo::SolutionInput& bare,
                               const thermo::SolutionInput& input, const thermo::Reagent& reagent, double target,
                               double max_dose) {
  const bool raises = reagent.name != "H2SO4" && reagent.name != "HCl";
  auto with = [&](double dose) {
    thermo::SolutionInput dosed = input;
    for (const auto& [component, per_mole] : reagent.components) dosed.totals[component] += per_mole * dose;
    return dosed;
  };
  auto beyond = [&](double ph) { return raises ? ph >= target : ph <= target; };
  double short_dose = 0.0;
  std::optional<double> short_ph;
  double step = 0.3;
  double trial = max_dose / 256.0;
  bool reached = false;
  for (int i = 0; i < 400; ++i) {
    trial = std::min(trial, max_dose);
    const auto result = speciation.solve(with(trial));
    if (!result.converged) {
      if (step < 1e-3) break;
      step /= 4.0;
      trial = std::max(short_dose, max_dose / 256.0) * (1.0 + step);
      continue;
    }
    if (beyond(result.ph)) {
      reached = true;
      break;
    }
    short_dose = trial;
    short_ph = result.ph;
    if (trial >= max_dose) break;
    trial *= 1.0 + step;
  }
  if (!reached) {
    const auto untreated = speciation.solve(bare);
    const std::string start =
        untreated.converged ? fmt::format("the pH is {:.3f} without it and ", untreated.ph) : std::string("the pH is ");
    throw InputError(fmt::format("pH {:.3f} cannot be reached with {}: {}{:.3f} at {}{:.6g} mol/kg water{}", target,
                                 reagent.name, start, short_ph.value_or(untreated.ph),
                                 short_dose >= max_dose ? "the maximum dose of " : "", short_dose,
                                 short_dose >= max_dose ? " (raise max_dose if a larger dose is meant)"
                                                        : "; the speciation does not converge at larger doses"));
  }
  if (short_dose == 0.0) {
    // Past the target at the first trial: maybe already without reagent;
    // else look for a smaller dose that falls short, to bisect from there.
    const auto untreated = speciation.solve(bare);
    if (untreated.converged && beyond(untreated.ph)) return {0.0, untreated};
    for (double smaller = trial / 8.0; smaller > 1e-9 * max_dose; smaller /= 8.0) {
      const auto result = speciation.solve(with(smaller));
      if (!result.converged) continue;
      if (!beyond(result.ph)) {
        short_dose = smaller;
        break;
      }
      trial = smaller;
    }
  }
  auto found = thermo::dose_to_ph(speciation, with(short_dose), reagent, target, trial - short_dose);
  found.dose += short_dose;
  return found;
}

}  // namespace

void PrecipitationReactor::configure(const io::ParameterReader& parameters,
                                     const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  equilibria_ = shared_equilibria(database);
  // The speciation's names are davies, b-dot, sit, pitzer; "bdot" (the name these
  // units first documented) is kept as an alias of b-dot.
  activity_model_ = parameters.choice_or("activity_model", {"davies", "b-dot", "bdot", "sit", "pitzer"}, "davies");
  if (activity_model_ == "bdot") activity_model_ = "b-dot";

  const std::string reagent = parameters.text("reagent");
  try {
    reagent_ = reagent_dissolution(*database, reagent);
    speciation_reagent_ = thermo::reagent_by_name(*database, reagent == "NH3" ? "NH3" : reagent);
  } catch (const InputError& error) {
    parameters.fail("reagent", error.what());
  }
  const int modes = static_cast<int>(parameters.has("ph")) + static_cast<int>(parameters.has("dose")) +
                    static_cast<int>(parameters.has("dose_ratio"));
  if (modes != 1) {
    parameters.fail_here(
        "give exactly one of 'ph' (setpoint), 'dose' (fixed reagent flow) or 'dose_ratio' "
        "(mol of reagent per mol of an element in the inlet)");
  }
  if (parameters.has("ph")) {
    mode_ = DoseMode::kPh;
    target_ph_ = parameters.number("ph", 0.0, 14.0);
  } else if (parameters.has("dose")) {
    mode_ = DoseMode::kFlow;
    const double mass_flow = parameters.quantity("dose", Dimension::mass_flow());
    if (mass_flow < 0.0) parameters.fail("dose", "a reagent dose cannot be negative");
    dose_flow_ = mass_flow / database->species(reagent_->species).molar_mass;
  } else {
    mode_ = DoseMode::kRatio;
    const auto ratio = parameters.child("dose_ratio");
    ratio_element_ = ratio.text("element");
    if (!find_element(ratio_element_)) ratio.fail("element", fmt::format("'{}' is not an element", ratio_element_));
    ratio_ = ratio.number("ratio", 0.0, 1e3);
    ratio.accept("note");
    ratio.accept("source");
    ratio.finish("dose_ratio");
  }
  max_dose_ = parameters.has("max_dose") ? parameters.quantity("max_dose", Dimension::molality()) : 5.0;
  if (!(max_dose_ > 0.0)) parameters.fail("max_dose", "the maximum dose must be positive");
  if (parameters.has("temperature")) temperature_ = parameters.quantity("temperature", Dimension::temperature());

  for (const auto& name : parameters.text_list("solids")) {
    const auto index = database->find(name);
    if (!index) {
      parameters.fail("solids", fmt::format("unknown solid '{}'", name));
    }
    if (thermo::find_solid_reaction(*equilibria_, *index) == nullptr) {
      parameters.fail("solids", fmt::format("'{}' has no solubility data (no dissolution reaction or ΔfG° in "
                                            "thermo-data), so it cannot be held at equilibrium",
                                            name));
    }
    solids_.push_back(*index);
  }

  if (const auto oxidant = parameters.optional_child("oxidant")) {
    const std::string name = oxidant->choice("reagent", {"O2", "H2O2"});
    oxidant_ = reagent_dissolution(*database, name);
    oxidised_fraction_ = oxidant->number("fe2_oxidised", 0.0, 1.0);
    oxidant_excess_ = oxidant->number_or("excess", 1.0, 1.0, 100.0);
    oxidant->accept("source");
    oxidant->accept("note");
    oxidant->finish("oxidant");
  }

  if (parameters.has("additives")) {
    for (const auto& entry : parameters.list_of_maps("additives")) {
      std::optional<ReagentDissolution> additive;
      try {
        additive = reagent_dissolution(*database, entry.text("reagent"));
      } catch (const InputError& error) {
        entry.fail("reagent", error.what());
      }
      const auto ratio = entry.child("dose_ratio");
      const std::string symbol = ratio.text("element");
      const auto element = database->element_index(symbol);
      if (!element) ratio.fail("element", fmt::format("no species of the database contains '{}'", symbol));
      const double value = ratio.number("ratio", 0.0, 1e3);
      ratio.finish("dose_ratio");
      entry.accept("source");
      entry.accept("note");
      entry.finish("an additive");
      additives_.push_back({*additive, *element, value});
    }
  }
  if (parameters.has("coprecipitation")) {
    for (const auto& entry : parameters.list_of_maps("coprecipitation")) {
      Coprecipitation loss;
      loss.symbol = entry.text("element");
      const auto element = database->element_index(loss.symbol);
      if (!element) entry.fail("element", fmt::format("no species of the database contains '{}'", loss.symbol));
      loss.element = *element;
      loss.fraction = entry.number("fraction", 0.0, 1.0);
      const std::string solid = entry.text("as");
      const auto solid_index = database->find(solid);
      loss.solid = solid_index ? thermo::find_solid_reaction(*equilibria_, *solid_index) : nullptr;
      if (loss.solid == nullptr)
        entry.fail("as", fmt::format("'{}' is not a solid with a dissolution reaction", solid));
      loss.atoms_per_formula =
          database->element_matrix()(static_cast<Eigen::Index>(*solid_index), static_cast<Eigen::Index>(loss.element));
      if (!(loss.atoms_per_formula > 0.0)) entry.fail("as", fmt::format("'{}' contains no {}", solid, loss.symbol));
      if (!entry.has("source")) entry.fail_here("a co-precipitation loss needs a 'source' (the published loss)");
      entry.accept("source");
      entry.accept("note");
      entry.finish("a co-precipitation loss");
      coprecipitation_.push_back(loss);
    }
  }
  cake_moisture_ = parameters.number_or("cake_moisture", 0.0, 0.0, 0.95);
}

std::vector<PortSpec> PrecipitationReactor::ports() const {
  return {{"in", PortDirection::kInlet}, {"solids", PortDirection::kOutlet}, {"liquor", PortDirection::kOutlet}};
}

std::vector<DosedReagent> PrecipitationReactor::internal_doses() const {
  std::vector<DosedReagent> doses{{reagent_->name, reagent_->species, last_dose_}};
  if (oxidant_) doses.push_back({oxidant_->name, oxidant_->species, last_oxidant_});
  for (const auto& additive : additives_)
    doses.push_back({additive.reagent.name, additive.reagent.species, additive.last});
  return doses;
}

void PrecipitationReactor::oxidise(thermo::Stream& stream) {
  last_oxidant_ = 0.0;
  if (!oxidant_ || oxidised_fraction_ == 0.0) return;
  const auto& db = *database_;
  const double ferrous = stream.amount(db.index_of("Fe+2")) * oxidised_fraction_;
  if (ferrous <= 0.0) return;
  // 4 Fe+2 + O2 + 2 H2O = 4 Fe+3 + 4 OH-;  2 Fe+2 + H2O2 = 2 Fe+3 + 2 OH-
  const bool oxygen = oxidant_->name == "O2";
  const auto reaction = thermo::parse_reaction(
      oxygen ? "4 Fe+2 + O2(aq) + 2 H2O = 4 Fe+3 + 4 OH-" : "2 Fe+2 + H2O2(aq) = 2 Fe+3 + 2 OH-", db);
  const double extent = ferrous / (oxygen ? 4.0 : 2.0);
  last_oxidant_ = extent * oxidant_excess_;
  dose_into(stream, *oxidant_, last_oxidant_);
  for (const auto& term : reaction.terms) stream.add_amount(term.species, term.coefficient * extent);
}

void PrecipitationReactor::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = {};
  thermo::Stream stream = *inlets.at("in").front();
  if (temperature_) stream.temperature = *temperature_;
  last_dose_ = 0.0;
  last_oxidant_ = 0.0;
  for (auto& additive : additives_) additive.last = 0.0;
  double water = thermo::water_mass_flow(stream);
  if (!(water > 0.0)) {  // nothing to treat (e.g. a recycle's first pass)
    thermo::Stream empty(stream.database_ptr());
    empty.temperature = stream.temperature;
    outlets.insert_or_assign("solids", empty);
    outlets.insert_or_assign("liquor", std::move(stream));
    return;
  }
  thermo::to_master_form(stream, *equilibria_);
  oxidise(stream);
  for (auto& additive : additives_) {
    additive.last = additive.ratio * element_flow(stream, additive.element);
    dose_into(stream, additive.reagent, additive.last);
    report_.values.push_back({fmt::format("additive[{}]", additive.reagent.name), additive.last, "mol/s"});
  }
  // The oxidation and the additives change the water a little: the
  // speciation's per-kg amounts refer to the water from here on.
  water = thermo::water_mass_flow(stream);

  auto solution = thermo::solution_of(stream, *equilibria_);
  for (auto& warning : solution.warnings) report_.warnings.push_back(std::move(warning));
  thermo::SolutionInput input = solution.input;
  {
    // Solids that can form once the reagent is in (gypsum needs the lime's Ca).
    thermo::SolutionInput with_reagent = input;
    for (const auto& [component, per_mole] : speciation_reagent_->components)
      with_reagent.totals[component] += per_mole;
    input.equilibrium_solids = formable_solids(*database_, *equilibria_, with_reagent, solids_);
  }
  if (!speciation_) speciation_ = std::make_unique<thermo::Speciation>(database_, equilibria_, activity_model_);
  {
    // Fallback for liquors that the speciation cannot solve because of trace
    // components: leave the traces out of the equilibrium (they stay in the
    // stream, dissolved) and say so.
    thermo::SolutionInput bare = solution.input;
    bare.equilibrium_solids = formable_solids(*database_, *equilibria_, bare, solids_);
    if (!speciation_->solve(bare).converged) {
      const auto dropped = drop_traces(*database_, *equilibria_, bare, 1e-4);
      if (!dropped.empty() && speciation_->solve(bare).converged) {
        drop_traces(*database_, *equilibria_, input, 1e-4);
        solution.input = bare;
        report_.warnings.push_back(fmt::format(
            "the speciation converged only without the trace components {} (< 1e-4 mol/kg): they are left out "
            "of the equilibrium and stay dissolved",
            fmt::join(dropped, ", ")));
      }
    }
  }

  // Co-precipitation takes cations out of the liquor as hydroxides (or other
  // solids): M+z + z H2O = M(OH)z + z H+ releases acid that the pH control
  // must neutralise, and the outlet's pH and equilibrium solids are those of
  // the liquor without them. `removed` holds the master components the losses
  // take (mol/kg water); the equilibrium is solved with them removed, the
  // losses recomputed from its answer, until the two agree (a fixed point
  // whose rate is the loss fraction f: a few passes for f ~ 0.05).
  const std::size_t h2o = database_->index_of("H2O");
  const std::size_t proton = database_->index_of("H+");
  std::map<std::size_t, double> removed;
  auto without_losses = [&](thermo::SolutionInput in) {
    for (const auto& [component, amount] : removed) {
      const auto it = in.totals.find(component);
      if (it != in.totals.end()) it->second -= amount;
    }
    return in;
  };
  double dose = 0.0;  // mol/kg water
  thermo::SpeciationResult result;
  auto equilibrate = [&]() {
    try {
      if (mode_ == DoseMode::kPh) {
        // A solid that needs the reagent (gypsum from lime) cannot be posed at
        // zero dose; a 1e-14 mol/kg trace of an absent reagent component lets
        // the bisection start there. It only shifts the speciation's totals,
        // never the stream, and is far below the precipitated amounts.
        thermo::SolutionInput seeded = without_losses(input);
        for (const auto& [component, per_mole] : speciation_reagent_->components) {
          if (seeded.totals.count(component) == 0) seeded.totals[component] = 1e-14;
        }
        thermo::SolutionInput bare = without_losses(solution.input);
        bare.equilibrium_solids = formable_solids(*database_, *equilibria_, bare, solids_);
        auto found = dose_for_ph(*speciation_, bare, seeded, *speciation_reagent_, target_ph_, max_dose_);
        dose = found.dose;
        result = std::move(found.solution);
      } else {
        const double flow = mode_ == DoseMode::kFlow
                                ? dose_flow_
                                : ratio_ * element_flow(stream, *database_->element_index(ratio_element_));
        dose = flow / water;
        thermo::SolutionInput dosed = without_losses(input);
        for (const auto& [component, per_mole] : speciation_reagent_->components)
          dosed.totals[component] += per_mole * dose;
        dosed.equilibrium_solids = formable_solids(*database_, *equilibria_, dosed, solids_);
        result = speciation_->solve(dosed);
        if (!result.converged) throw SolveError(result.message);
      }
    } catch (const SolveError& error) {
      throw SolveError(fmt::format("unit '{}' ({}): {}", name(), type(), error.what()));
    }
  };
  // The stream after the dose, the equilibrium solids and the losses; `lost`
  // the mol/s of each loss solid.
  std::vector<double> lost(coprecipitation_.size(), 0.0);
  auto settle = [&]() {
    thermo::Stream out = stream;
    dose_into(out, *reagent_, dose * water);
    // Move each precipitated solid out of the aqueous phase (mol/kg → mol/s).
    for (const auto& state : result.solids) {
      if (!state.at_equilibrium || state.amount == 0.0) continue;
      thermo::precipitate(out, *thermo::find_solid_reaction(*equilibria_, state.solid), state.amount * water);
    }
    // Empirical co-precipitation: a fraction of what stays dissolved is lost to the cake.
    for (std::size_t i = 0; i < coprecipitation_.size(); ++i) {
      const auto& loss = coprecipitation_[i];
      const double dissolved = aqueous_element_flow(out, loss.element);
      lost[i] = std::max(loss.fraction * dissolved / loss.atoms_per_formula, 0.0);
      if (lost[i] > 0.0) {
        thermo::to_master_form(out, *equilibria_);
        thermo::precipitate(out, *loss.solid, lost[i]);
      }
    }
    neutralise(out);
    return out;
  };
  equilibrate();
  thermo::Stream treated = settle();
  bool settled = coprecipitation_.empty();
  for (int pass = 0; !settled && pass < 100; ++pass) {
    std::map<std::size_t, double> next;
    for (std::size_t i = 0; i < coprecipitation_.size(); ++i) {
      for (const auto& term : coprecipitation_[i].solid->products) {
        if (term.species != h2o && term.species != proton) next[term.species] += term.coefficient * lost[i] / water;
      }
    }
    settled = next.size() == removed.size() && std::all_of(next.begin(), next.end(), [&](const auto& entry) {
                const auto it = removed.find(entry.first);
                return it != removed.end() && std::abs(it->second - entry.second) <= 1e-10 * std::abs(entry.second);
              });
    if (settled) break;
    removed = std::move(next);
    equilibrate();
    treated = settle();
  }
  if (!settled) {
    report_.warnings.push_back(
        "the co-precipitation losses and the equilibrium did not agree to 1e-10 after 100 passes (a loss fraction "
        "near 1?): the outlet pH may differ from the equilibrium's");
  }
  last_dose_ = dose * water;
  if (mode_ == DoseMode::kPh && dose == 0.0) {
    report_.warnings.push_back(fmt::format("the liquor is already at or past pH {:.3f} (pH {:.3f}): no {} dosed",
                                           target_ph_, result.ph, reagent_->name));
  }
  for (std::size_t i = 0; i < coprecipitation_.size(); ++i) {
    report_.values.push_back({fmt::format("coprecipitated[{}]", coprecipitation_[i].symbol),
                              lost[i] * coprecipitation_[i].atoms_per_formula, "mol/s"});
  }
  stream = std::move(treated);

  auto [solids, liquor] = split_cake(stream, cake_moisture_);
  const auto& reagent_species = database_->species(reagent_->species);
  report_.values.push_back({"dose", last_dose_, "mol/s"});
  report_.values.push_back({"dose_mass", last_dose_ * reagent_species.molar_mass, "kg/s"});
  report_.values.push_back({"dose_per_water", dose, "mol/kg"});
  report_.values.push_back({"pH", result.ph, "1"});
  report_.values.push_back({"ionic_strength", result.ionic_strength, "mol/kg"});
  // Newton iterations of the final speciation (KINSOL), for the results file.
  report_.solver_statistics.push_back({"KINSOL", {{"iterations", static_cast<double>(result.iterations)}}});
  if (oxidant_) report_.values.push_back({fmt::format("oxidant[{}]", oxidant_->name), last_oxidant_, "mol/s"});
  for (const std::size_t solid : solids_) {
    const auto* state = result.find_solid(solid);
    const std::string& solid_name = database_->species(solid).name;
    if (state == nullptr) continue;
    report_.values.push_back({fmt::format("SI[{}]", solid_name), state->saturation_index, "1"});
    report_.values.push_back({fmt::format("precipitated[{}]", solid_name), state->amount * water, "mol/s"});
  }
  const thermo::Stream& inlet = *inlets.at("in").front();
  const Eigen::VectorXd in_elements = inlet.element_flows();
  const Eigen::VectorXd cake_elements = solids.element_flows();
  for (Eigen::Index e = 0; e < in_elements.size(); ++e) {
    const std::string symbol(database_->elements()[static_cast<std::size_t>(e)]->symbol);
    if (symbol == "H" || symbol == "O" || !(in_elements(e) > 0.0)) continue;
    report_.values.push_back({fmt::format("to_solids[{}]", symbol), cake_elements(e) / in_elements(e), "1"});
  }
  for (const auto& warning : result.warnings) report_.warnings.push_back(warning);
  outlets.insert_or_assign("solids", std::move(solids));
  outlets.insert_or_assign("liquor", std::move(liquor));
}

}  // namespace hydrosim::units
