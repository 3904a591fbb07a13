#include "hydrosim/units/LeachReactor.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "LeachEnergy.h"
#include "LeachProblem.h"
#include "hydrosim/core/Error.h"
#include "hydrosim/solvers/NonlinearSolver.h"
#include "hydrosim/thermo/AqueousPhase.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/ParticleSize.h"
#include "hydrosim/units/PrecipitationSupport.h"
#include "hydrosim/units/SolverReport.h"

namespace hydrosim::units {
namespace {

using leach::LeachProblem;
using shrinking_core::ClassRates;
using thermo::LeachingModel;

constexpr double kMaxTime = 30.0 * 86400.0;  // s; a month is beyond any leach
// Energy balance: a trial temperature outside these bounds is refused (the
// solver retries). Wide on purpose: above 100 degC the result is flagged as
// unphysical (no evaporation in the model), not cut off.
constexpr double kLowestTemperature = 250.0;   // K
constexpr double kHighestTemperature = 700.0;  // K

std::string format_size(double metres) { return fmt::format("{:.4g} um", metres * 1e6); }

// The energy balance counts the liquor in master species. Heat of the
// complexation equilibria it leaves out (HSO4- = H+ + SO4-2 shifting as acid is
// used, sulfate complexes forming): −Σ_j ΔrH_j (n_j,out − n_j,in) over the
// formation reactions of the complexes, n_j from the speciation of the inlet
// and outlet liquors, ΔrH_j = R T² ln 10 d(log K)/dT (van 't Hoff, from the
// data's delta_h or analytic form). Complexes whose log K has no temperature
// dependence are named in `unknown`. A diagnostic only (W, > 0: more heat
// released than the balance counts); nullopt if a speciation fails.
std::optional<double> complexation_heat(const thermo::Stream& in, const thermo::Stream& out,
                                        const thermo::EquilibriumData& equilibria, thermo::Speciation& speciation,
                                        std::vector<std::string>& unknown) {
  constexpr double kR = 8.314462618;  // J/(mol K), CODATA 2018
  const auto species_amounts = [&](const thermo::Stream& stream) -> std::optional<std::vector<double>> {
    thermo::Stream liquor = stream;
    liquor.amounts() = stream.amounts().cwiseMax(0.0);
    try {
      const thermo::SpeciationResult result = speciation.solve(thermo::solution_of(liquor, equilibria).input);
      if (!result.converged) return std::nullopt;
      const double water = thermo::water_mass_flow(liquor);
      std::vector<double> amounts;
      for (const auto& reaction : equilibria.aqueous_reactions()) {
        const thermo::SpeciesState* state = result.find(reaction.product);
        amounts.push_back(state ? state->molality * water : 0.0);
      }
      return amounts;
    } catch (const Error&) {
      return std::nullopt;
    }
  };
  const auto before = species_amounts(in);
  const auto after = species_amounts(out);
  if (!before || !after) return std::nullopt;
  double heat = 0.0;
  const double t = 0.5 * (in.temperature + out.temperature);
  for (std::size_t j = 0; j < equilibria.aqueous_reactions().size(); ++j) {
    const auto& reaction = equilibria.aqueous_reactions()[j];
    const double change = (*after)[j] - (*before)[j];
    if (change == 0.0) continue;
    if (!reaction.log_k.temperature_dependent()) {
      unknown.push_back(in.database().species(reaction.product).name);
      continue;
    }
    const double h = 1e-2;  // K, central difference of log K
    const double slope = (reaction.log_k.at(t + h) - reaction.log_k.at(t - h)) / (2.0 * h);
    heat -= kR * t * t * std::log(10.0) * slope * change;
  }
  return heat;
}

// ---------------------------------------------------------------------------
// Profile rows: what the reactor reports at each time (batch) or tank (cascade).
struct ProfilePoint {
  Eigen::MatrixXd conversions;  // solids × classes
  Eigen::VectorXd solid_extents;
  Eigen::VectorXd amounts;
  // Energy balance only: the slurry temperature (K) and the heat of reaction
  // released so far, −Σ ΔrH° ξ (W, per feed flow).
  std::optional<double> temperature;
  double heat_released = 0.0;
};

class ProfileBuilder {
 public:
  ProfileBuilder(const LeachProblem& problem, thermo::Speciation& speciation)
      : problem_(problem), speciation_(speciation) {}

  void add(double axis_value, const ProfilePoint& point) {
    axis_.push_back(axis_value);
    std::size_t column = 0;
    const auto put = [&](const std::string& name, const std::string& units, double value) {
      if (series_.size() <= column) series_.push_back({name, units, {}});
      series_[column++].values.push_back(value);
    };
    for (std::size_t i = 0; i < problem_.solids().size(); ++i) {
      put(problem_.solids()[i].name + " conversion", "1",
          problem_.overall_conversion(i, point.conversions.row(static_cast<Eigen::Index>(i)).transpose()));
    }
    // Each size class shrinks on its own: its conversion, when there are several.
    if (problem_.sizes().size() > 1) {
      for (std::size_t i = 0; i < problem_.solids().size(); ++i) {
        for (std::size_t c = 0; c < problem_.sizes().size(); ++c) {
          put(fmt::format("{} conversion in the {} class", problem_.solids()[i].name, format_size(problem_.sizes()[c])),
              "1", point.conversions(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)));
        }
      }
    }
    for (const auto& [element, fraction] : problem_.extractions(point.solid_extents)) {
      put(element + " extraction", "1", fraction);
    }
    const double volume = problem_.liquid_volume(point.amounts);
    for (const std::size_t species : problem_.drivers()) {
      put(problem_.feed().database().species(species).name + " concentration", "mol/m3",
          point.amounts(static_cast<Eigen::Index>(species)) / volume);
    }
    if (point.temperature) {
      put("temperature", "K", *point.temperature);
      put("heat released", "W", point.heat_released);
    }
    put("pH", "1", ph_of(point.amounts, point.temperature.value_or(problem_.temperature())));
  }

  Profile finish(std::string name, std::string axis, std::string axis_units) {
    return {std::move(name), std::move(axis), std::move(axis_units), axis_, series_};
  }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  // pH from the aqueous speciation of the liquor at this point. Kinetics run on
  // the free-acid concentration; speciation is called at output points only
  // (see docs/leaching-and-separation.md for why and what it costs).
  double ph_of(const Eigen::VectorXd& amounts, double temperature) {
    thermo::Stream liquor(problem_.feed().database_ptr());
    liquor.amounts() = amounts.cwiseMax(0.0);
    liquor.temperature = temperature;
    try {
      const thermo::StreamSolution solution = thermo::solution_of(liquor, speciation_.equilibria());
      const thermo::SpeciationResult result = speciation_.solve(solution.input);
      if (result.converged) return result.ph;
      note(fmt::format("speciation did not converge for a profile point ({}); pH left out", result.message));
    } catch (const Error& error) {
      note(fmt::format("speciation failed for a profile point ({}); pH left out", error.what()));
    }
    return std::numeric_limits<double>::quiet_NaN();
  }
  void note(std::string message) {
    if (std::find(warnings_.begin(), warnings_.end(), message) == warnings_.end()) warnings_.push_back(message);
  }

  const LeachProblem& problem_;
  thermo::Speciation& speciation_;  // the unit's, so repeated solves start warm
  std::vector<double> axis_;
  std::vector<ProfileSeries> series_;
  std::vector<std::string> warnings_;
};

// ---------------------------------------------------------------------------
// Batch: y = progress of every (solid, size class) and the extent of every
// liquor reaction; the liquor follows from them exactly.
// Energy balance of a batch (per feed flow: the reactor holds the feed of one
// batch time, so a heat flow Q to the charge changes the per-flow enthalpy at
// Q / t_batch). The temperature follows from the enthalpy algebraically; the
// heat taken up through a jacket is one more state.
struct BatchEnergy {
  const leach::EnthalpyModel* model = nullptr;
  double initial_enthalpy = 0.0;  // W, per feed flow
  double heating_rate = 0.0;      // W/s: duty / t_batch
  double ua = 0.0;                // W/K per second of batch: UA / t_batch (jacket)
  double coolant_temperature = 0.0;
  bool jacket = false;
};

class BatchSystem : public solvers::OdeSystem {
 public:
  BatchSystem(const LeachProblem& problem, std::optional<BatchEnergy> energy = std::nullopt)
      : problem_(problem), energy_(energy) {
    for (std::size_t i = 0; i < problem.solids().size(); ++i) {
      const auto& initial = problem.solids()[i].initial;
      for (Eigen::Index c = 0; c < initial.size(); ++c) {
        if (initial(c) > 0.0) slots_.push_back({i, static_cast<std::size_t>(c)});
      }
    }
  }
  std::size_t size() const override {
    return slots_.size() + problem_.reactions().size() + (energy_ && energy_->jacket ? 1 : 0);
  }

  // Heat added so far (W, per feed flow) at time t.
  double heat_added(double t, const Eigen::VectorXd& y) const {
    if (!energy_) return 0.0;
    return energy_->jacket ? y(static_cast<Eigen::Index>(slots_.size() + problem_.reactions().size()))
                           : energy_->heating_rate * t;
  }

  ProfilePoint point(const Eigen::VectorXd& y, double t = 0.0) const {
    ProfilePoint p;
    p.conversions = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(problem_.solids().size()),
                                          static_cast<Eigen::Index>(problem_.sizes().size()));
    for (std::size_t k = 0; k < slots_.size(); ++k) {
      const auto& kinetics = *problem_.solids()[slots_[k].solid].kinetics;
      p.conversions(static_cast<Eigen::Index>(slots_[k].solid), static_cast<Eigen::Index>(slots_[k].size_class)) =
          shrinking_core::conversion(kinetics.model, kinetics.avrami_exponent, y(static_cast<Eigen::Index>(k)));
    }
    p.solid_extents = problem_.solid_extents(p.conversions);
    p.amounts = problem_.amounts(p.solid_extents, y.segment(static_cast<Eigen::Index>(slots_.size()),
                                                            static_cast<Eigen::Index>(problem_.reactions().size())));
    if (energy_) {
      const auto& model = *energy_->model;
      p.temperature = model.temperature(p.amounts, energy_->initial_enthalpy + heat_added(t, y));
      p.heat_released = model.formation(problem_.feed().amounts()) - model.formation(p.amounts);
    }
    return p;
  }

  int rhs(double t, const Eigen::VectorXd& y, Eigen::VectorXd& ydot) override {
    const ProfilePoint p = point(y, t);
    // Isothermal: the reactor temperature. Energy balance: the slurry's, and a
    // trial step that leaves the liquid range is refused (CVODE retries smaller).
    const double temperature = p.temperature.value_or(problem_.temperature());
    if (p.temperature && !(temperature > kLowestTemperature && temperature < kHighestTemperature)) return 1;
    const double volume =
        p.temperature ? problem_.liquid_volume(p.amounts, temperature) : problem_.liquid_volume(p.amounts);
    if (!(volume > 0.0)) return 1;
    Eigen::VectorXd concentrations(static_cast<Eigen::Index>(problem_.drivers().size()));
    for (std::size_t d = 0; d < problem_.drivers().size(); ++d) {
      concentrations(static_cast<Eigen::Index>(d)) =
          p.amounts(static_cast<Eigen::Index>(problem_.drivers()[d])) / volume;
    }
    std::vector<std::vector<ClassRates>> rates;
    for (std::size_t i = 0; i < problem_.solids().size(); ++i) {
      rates.push_back(problem_.class_rates(i, concentrations, temperature));
    }
    for (std::size_t k = 0; k < slots_.size(); ++k) {
      const auto& kinetics = *problem_.solids()[slots_[k].solid].kinetics;
      ydot(static_cast<Eigen::Index>(k)) = shrinking_core::progress_rate(
          kinetics.model, rates[slots_[k].solid][slots_[k].size_class], y(static_cast<Eigen::Index>(k)));
    }
    for (std::size_t r = 0; r < problem_.reactions().size(); ++r) {
      const std::size_t species = problem_.reactions()[r].kinetics->species;
      const double c = std::max(concentrations(static_cast<Eigen::Index>(problem_.driver_slot(species))), 0.0);
      ydot(static_cast<Eigen::Index>(slots_.size() + r)) =
          problem_.homogeneous_rate_constant(r, temperature) * c * volume;
    }
    if (energy_ && energy_->jacket) {
      ydot(static_cast<Eigen::Index>(slots_.size() + problem_.reactions().size())) =
          energy_->ua * (energy_->coolant_temperature - temperature);
    }
    return 0;
  }

  std::string component_name(std::size_t i) const override {
    if (i == slots_.size() + problem_.reactions().size()) return "heat taken up through the jacket";
    if (i >= slots_.size())
      return fmt::format("extent of '{}'", problem_.reactions()[i - slots_.size()].kinetics->name);
    const auto& slot = slots_[i];
    return fmt::format("{} progress, size class {} ({})", problem_.solids()[slot.solid].name, slot.size_class + 1,
                       format_size(problem_.sizes()[slot.size_class]));
  }

 private:
  struct Slot {
    std::size_t solid;
    std::size_t size_class;
  };
  const LeachProblem& problem_;
  std::optional<BatchEnergy> energy_;
  std::vector<Slot> slots_;
};

// ---------------------------------------------------------------------------
// Continuous: segregated flow of particles through well-mixed tanks.
struct Node {
  double progress;
  double weight;  // fraction of the class's feed particles
};
using NodeSet = std::vector<Node>;  // per (solid, class)

struct Quadrature {
  shrinking_core::QuadratureRule legendre;
  shrinking_core::QuadratureRule laguerre;
};

// Particles entering a CSTR with mean residence time tau, at constant liquor:
// X_exit = ∫ X(y0 + Δy(t)) e^(−t/τ)/τ dt (Levenspiel 1999, eq. 25.41 for one
// tank; applied tank by tank with each tank's liquor). The integral runs to the
// time the particle finishes (Gauss–Legendre) plus the finished share e^(−u*)
// exactly, or over [0, ∞) (Gauss–Laguerre) when it never finishes in 30 τ.
NodeSet evolve(const NodeSet& in, LeachingModel model, const ClassRates& rates, double tau, const Quadrature& rule) {
  NodeSet out;
  double finished = 0.0;
  for (const Node& node : in) {
    if (shrinking_core::completes(model) && node.progress >= 1.0) {
      finished += node.weight;
      continue;
    }
    const double u_star = shrinking_core::completes(model)
                              ? shrinking_core::time_between(model, rates, node.progress, 1.0) / tau
                              : std::numeric_limits<double>::infinity();
    if (shrinking_core::progress_rate(model, rates, node.progress) <= 0.0) {
      out.push_back(node);
      continue;
    }
    if (u_star <= 30.0) {
      const double unfinished = -std::expm1(-u_star);  // ∫0^u* e^−u du
      double sum = 0.0;
      const std::size_t first = out.size();
      for (std::size_t m = 0; m < rule.legendre.nodes.size(); ++m) {
        const double u = u_star * rule.legendre.nodes[m];
        const double w = rule.legendre.weights[m] * u_star * std::exp(-u);
        out.push_back({shrinking_core::advance(model, rates, node.progress, u * tau), w});
        sum += w;
      }
      // Scale so the weights integrate e^−u on [0, u*] exactly: the split of
      // particles between finished and unfinished then holds to rounding.
      for (std::size_t m = first; m < out.size(); ++m) out[m].weight *= node.weight * unfinished / sum;
      finished += node.weight * std::exp(-u_star);
    } else {
      for (std::size_t m = 0; m < rule.laguerre.nodes.size(); ++m) {
        out.push_back({shrinking_core::advance(model, rates, node.progress, rule.laguerre.nodes[m] * tau),
                       node.weight * rule.laguerre.weights[m]});
      }
    }
  }
  // Keep the unfinished particles as a Gauss rule of their own progress
  // distribution (exact in its first 2·points moments), so the node count
  // stays bounded however many tanks follow.
  shrinking_core::QuadratureRule measure;
  for (const Node& node : out) {
    measure.nodes.push_back(node.progress);
    measure.weights.push_back(node.weight);
  }
  const auto compressed = shrinking_core::compress(measure, static_cast<int>(rule.legendre.nodes.size()));
  out.clear();
  for (std::size_t m = 0; m < compressed.nodes.size(); ++m) out.push_back({compressed.nodes[m], compressed.weights[m]});
  if (finished > 0.0) out.push_back({1.0, finished});
  return out;
}

double mean_conversion(const NodeSet& nodes, const thermo::SolidKinetics& kinetics) {
  double x = 0.0;
  for (const Node& node : nodes)
    x += node.weight * shrinking_core::conversion(kinetics.model, kinetics.avrami_exponent, node.progress);
  return x;
}

// Steady-state energy balance of one tank: the enthalpy entering it plus the
// heat added equals the enthalpy leaving at the tank temperature,
//   H_in + Q = F(n_out) + C(n_out) (T − T0),  Q = duty, or UA (Tc − T).
struct TankEnergy {
  const leach::EnthalpyModel* model = nullptr;
  double inlet_enthalpy = 0.0;  // W
  double duty = 0.0;            // W
  double ua = 0.0;              // W/K
  double coolant_temperature = 0.0;
  double reference_formation = 0.0;  // formation enthalpy of the reactor feed (for heat released)
};
constexpr double kTemperatureScale = 300.0;  // K; the tank temperature unknown is T / 300 K

class TankSystem : public solvers::NonlinearSystem {
 public:
  TankSystem(const LeachProblem& problem, const std::vector<std::vector<NodeSet>>& inlet_nodes,
             const Eigen::VectorXd& previous_homogeneous, double tau, const Quadrature& rule, Eigen::VectorXd scale,
             std::optional<TankEnergy> energy = std::nullopt)
      : problem_(problem),
        inlet_(inlet_nodes),
        previous_(previous_homogeneous),
        tau_(tau),
        rule_(rule),
        scale_(std::move(scale)),
        energy_(energy) {}

  struct State {
    std::vector<std::vector<NodeSet>> nodes;
    ProfilePoint point;
    Eigen::VectorXd homogeneous;
    Eigen::VectorXd concentrations;
    double rate_temperature = 0.0;  // K, the temperature the rates were evaluated at (the unknown)
  };

  // Unknowns: the driver concentrations (scaled), then T / 300 K with an energy balance.
  std::size_t unknowns() const { return problem_.drivers().size() + (energy_ ? 1 : 0); }

  State evaluate(const Eigen::VectorXd& scaled) const {
    State state;
    const auto drivers = static_cast<Eigen::Index>(problem_.drivers().size());
    state.concentrations = scaled.head(drivers).cwiseProduct(scale_);
    const double temperature = energy_ ? scaled(drivers) * kTemperatureScale : problem_.temperature();
    state.rate_temperature = temperature;
    const auto solids = static_cast<Eigen::Index>(problem_.solids().size());
    const auto classes = static_cast<Eigen::Index>(problem_.sizes().size());
    state.point.conversions = Eigen::MatrixXd::Zero(solids, classes);
    state.nodes.resize(problem_.solids().size());
    for (std::size_t i = 0; i < problem_.solids().size(); ++i) {
      const auto& kinetics = *problem_.solids()[i].kinetics;
      const auto rates = problem_.class_rates(i, state.concentrations, temperature);
      state.nodes[i].resize(problem_.sizes().size());
      for (std::size_t c = 0; c < problem_.sizes().size(); ++c) {
        state.nodes[i][c] = evolve(inlet_[i][c], kinetics.model, rates[c], tau_, rule_);
        state.point.conversions(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) =
            mean_conversion(state.nodes[i][c], kinetics);
      }
    }
    state.point.solid_extents = problem_.solid_extents(state.point.conversions);
    // Liquor reactions: a CSTR balance, ξ = k c V with V = Q τ (mol/s).
    const Eigen::VectorXd before = problem_.amounts(state.point.solid_extents, previous_);
    const double flow = energy_ ? problem_.liquid_volume(before, temperature) : problem_.liquid_volume(before);
    state.homogeneous = previous_;
    for (std::size_t r = 0; r < problem_.reactions().size(); ++r) {
      const std::size_t slot = problem_.driver_slot(problem_.reactions()[r].kinetics->species);
      state.homogeneous(static_cast<Eigen::Index>(r)) +=
          problem_.homogeneous_rate_constant(r, temperature) *
          std::max(state.concentrations(static_cast<Eigen::Index>(slot)), 0.0) * flow * tau_;
    }
    state.point.amounts = problem_.amounts(state.point.solid_extents, state.homogeneous);
    if (energy_) {
      // The temperature the balance gives for these extents (exact first law).
      state.point.temperature = energy_->model->temperature(
          state.point.amounts, energy_->inlet_enthalpy + energy_->duty, energy_->ua, energy_->coolant_temperature);
      state.point.heat_released = energy_->reference_formation - energy_->model->formation(state.point.amounts);
    }
    return state;
  }

  // Heat added to the tank at outlet temperature t (W).
  double heat_added(double t) const {
    if (!energy_) return 0.0;
    return energy_->duty + energy_->ua * (energy_->coolant_temperature - t);
  }

  bool residual(const Eigen::VectorXd& x, Eigen::VectorXd& f) override {
    ++evaluations;
    if (energy_ && !(x(x.size() - 1) * kTemperatureScale > kLowestTemperature &&
                     x(x.size() - 1) * kTemperatureScale < kHighestTemperature))
      return false;
    const State state = evaluate(x);
    const double volume = energy_ ? problem_.liquid_volume(state.point.amounts, state.rate_temperature)
                                  : problem_.liquid_volume(state.point.amounts);
    if (!(volume > 0.0)) return false;
    for (std::size_t d = 0; d < problem_.drivers().size(); ++d) {
      const auto row = static_cast<Eigen::Index>(d);
      const double computed = state.point.amounts(static_cast<Eigen::Index>(problem_.drivers()[d])) / volume;
      f(row) = x(row) - computed / scale_(row);
    }
    if (energy_) f(x.size() - 1) = x(x.size() - 1) - *state.point.temperature / kTemperatureScale;
    return true;
  }

  // Forward differences: the residual is cheap and kinked where a class
  // finishes, so an analytic Jacobian buys nothing here.
  bool jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& jacobian) override {
    Eigen::VectorXd f0(x.size());
    if (!residual(x, f0)) return false;
    for (Eigen::Index j = 0; j < x.size(); ++j) {
      Eigen::VectorXd shifted = x;
      // Relative steps, floored at 1e-6 of the scale: resolves a reagent
      // that is nearly used up (its scaled value far below 1).
      const double h = 1e-8 * std::max(std::abs(x(j)), 1e-6);
      shifted(j) += h;
      Eigen::VectorXd f1(x.size());
      if (!residual(shifted, f1)) return false;
      jacobian.col(j) = (f1 - f0) / h;
    }
    return true;
  }

  long evaluations = 0;

 private:
  const LeachProblem& problem_;
  const std::vector<std::vector<NodeSet>>& inlet_;
  Eigen::VectorXd previous_;
  double tau_;
  const Quadrature& rule_;
  Eigen::VectorXd scale_;
  std::optional<TankEnergy> energy_;
};

std::vector<double> read_list_of_quantities(const io::ParameterReader& parameters, std::string_view key,
                                            const Dimension& dimension) {
  std::vector<double> values;
  for (const auto& text : parameters.text_list(key)) {
    try {
      values.push_back(parse_quantity_as(text, dimension));
    } catch (const InputError& error) {
      parameters.fail(key, error.what());
    }
  }
  return values;
}

std::vector<double> read_list_of_numbers(const io::ParameterReader& parameters, std::string_view key) {
  std::vector<double> values;
  for (const auto& text : parameters.text_list(key)) {
    try {
      std::size_t used = 0;
      values.push_back(std::stod(text, &used));
      if (used != text.size()) throw std::invalid_argument(text);
    } catch (const std::exception&) {
      parameters.fail(key, fmt::format("'{}' is not a number", text));
    }
  }
  return values;
}

}  // namespace

void LeachReactor::configure(const io::ParameterReader& parameters,
                             const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  settings_ = {};
  const std::string mode = parameters.choice("mode", {"batch", "continuous"});
  if (mode == "batch") {
    settings_.mode = Mode::kBatch;
    settings_.batch_time = parameters.quantity("time", Dimension::time());
    if (!(settings_.batch_time > 0.0) || settings_.batch_time > kMaxTime) {
      parameters.fail("time", "the leach time must be > 0 and at most 30 days");
    }
    settings_.output_points = parameters.integer_or("output_points", 25, 2, 5000);
    for (const std::string_view key : {"tanks", "residence_time", "residence_time_basis"}) {
      if (parameters.has(key)) parameters.fail(key, fmt::format("'{}' belongs to mode: continuous", key));
      parameters.accept(key);
    }
  } else {
    settings_.mode = Mode::kContinuous;
    settings_.tanks = parameters.integer_or("tanks", 1, 1, 50);
    const double residence = parameters.quantity("residence_time", Dimension::time());
    const std::string basis = parameters.choice_or("residence_time_basis", {"per_tank", "total"}, "per_tank");
    settings_.tank_residence_time = basis == "total" ? residence / settings_.tanks : residence;
    if (!(settings_.tank_residence_time >= 1.0) || settings_.tank_residence_time > kMaxTime) {
      parameters.fail("residence_time", fmt::format("a residence time of {:.6g} s per tank is impossible; give "
                                                    "between 1 s and 30 days per tank",
                                                    settings_.tank_residence_time));
    }
    settings_.quadrature_points = parameters.integer_or("quadrature_points", 8, 2, 24);
    for (const std::string_view key : {"time", "output_points"}) {
      if (parameters.has(key)) parameters.fail(key, fmt::format("'{}' belongs to mode: batch", key));
      parameters.accept(key);
    }
  }
  if (parameters.has("temperature")) {
    const double t = parameters.quantity("temperature", Dimension::temperature());
    if (t < 273.15 || t > 473.15) parameters.fail("temperature", "leach temperature must be within 0-200 degC");
    settings_.temperature = t;
  } else {
    parameters.accept("temperature");
  }
  settings_.particle_size = parameters.quantity_or("particle_size", Dimension::length(), "20 um");
  if (!(settings_.particle_size > 0.0) || settings_.particle_size > 0.1) {
    parameters.fail("particle_size", "the particle size must be > 0 and below 10 cm");
  }
  if (const auto psd = parameters.optional_child("feed_size_distribution")) {
    const auto sizes = read_list_of_quantities(*psd, "sizes", Dimension::length());
    const auto fractions = read_list_of_numbers(*psd, "mass_fractions");
    if (sizes.empty() || sizes.size() != fractions.size()) {
      psd->fail("mass_fractions", "give one mass fraction per size, and at least one size");
    }
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      if (!(sizes[i] > 0.0)) psd->fail("sizes", "sizes must be > 0");
      if (i > 0 && !(sizes[i] < sizes[i - 1])) psd->fail("sizes", "list the sizes coarsest first, strictly decreasing");
      if (fractions[i] < 0.0) psd->fail("mass_fractions", "mass fractions must be >= 0");
    }
    double sum = 0.0;
    for (const double f : fractions) sum += f;
    if (std::abs(sum - 1.0) > 1e-6)
      psd->fail("mass_fractions", fmt::format("mass fractions add up to {:.8g}, not 1", sum));
    thermo::SizeDistribution distribution;
    distribution.sizes = sizes;
    distribution.fractions =
        Eigen::MatrixXd(static_cast<Eigen::Index>(database->size()), static_cast<Eigen::Index>(sizes.size()));
    for (Eigen::Index c = 0; c < distribution.fractions.cols(); ++c) {
      distribution.fractions.col(c).setConstant(fractions[static_cast<std::size_t>(c)]);
    }
    settings_.feed_size_distribution = std::move(distribution);
    psd->finish("feed_size_distribution (sizes, mass_fractions)");
  } else {
    parameters.accept("feed_size_distribution");
  }
  if (parameters.has("inert")) {
    for (const auto& name : parameters.text_list("inert")) {
      std::size_t index = 0;
      try {
        index = database->index_of(name);
      } catch (const InputError& error) {
        parameters.fail("inert", error.what());
      }
      if (database->species(index).phase != thermo::Phase::kSolid) {
        parameters.fail("inert", fmt::format("'{}' is not a solid", name));
      }
      settings_.inert_solids.push_back(index);
    }
  } else {
    parameters.accept("inert");
  }
  settings_.max_solids_mass_fraction = parameters.number_or("max_solids_mass_fraction", 0.7, 0.01, 0.95);
  if (const auto solver = parameters.optional_child("solver")) {
    settings_.ode.relative_tolerance = solver->number_or("relative_tolerance", 1e-8, 1e-14, 1e-2);
    settings_.ode.absolute_tolerance = solver->number_or("absolute_tolerance", 1e-12, 1e-20, 1e-2);
    settings_.ode.max_steps = solver->integer_or("max_steps", 100000, 10, 100000000);
    solver->finish("the leach solver options (relative_tolerance, absolute_tolerance, max_steps)");
  } else {
    parameters.accept("solver");
  }
  if (const auto energy = parameters.optional_child("energy_balance")) {
    const std::string energy_mode = energy->choice("mode", {"isothermal", "adiabatic", "duty", "jacket"});
    const Dimension power = Dimension::energy() / Dimension::time();
    settings_.energy.mode = energy_mode == "adiabatic" ? EnergyMode::kAdiabatic
                            : energy_mode == "duty"    ? EnergyMode::kDuty
                            : energy_mode == "jacket"  ? EnergyMode::kJacket
                                                       : EnergyMode::kIsothermal;
    for (const std::string_view key : {"duty", "UA", "coolant_temperature"}) {
      const bool belongs = (key == "duty") ? energy_mode == "duty" : energy_mode == "jacket";
      if (!belongs && energy->has(key)) {
        energy->fail(key, fmt::format("'{}' does not belong to energy_balance mode: {}", key, energy_mode));
      }
      if (!belongs) energy->accept(key);
    }
    if (energy_mode == "duty") {
      // > 0 heats the slurry, < 0 cools it; of the batch reactor or of each tank.
      settings_.energy.duty = energy->quantity("duty", power);
      if (!std::isfinite(settings_.energy.duty)) energy->fail("duty", "the duty must be finite");
    }
    if (energy_mode == "jacket") {
      settings_.energy.ua = energy->quantity("UA", power / Dimension::temperature());
      if (!(settings_.energy.ua > 0.0) || !std::isfinite(settings_.energy.ua)) {
        energy->fail("UA",
                     fmt::format("the jacket conductance UA must be > 0 W/K (got {:.6g} W/K)", settings_.energy.ua));
      }
      settings_.energy.coolant_temperature = energy->quantity("coolant_temperature", Dimension::temperature());
      if (settings_.energy.coolant_temperature < 273.15 || settings_.energy.coolant_temperature > 473.15) {
        energy->fail("coolant_temperature", "the coolant temperature must be within 0-200 degC");
      }
    }
    energy->finish("energy_balance (mode, duty, UA, coolant_temperature)");
  } else {
    parameters.accept("energy_balance");
  }
  extra_formation_enthalpies_.clear();
  formation_enthalpy_files_.clear();
  if (settings_.energy.enabled()) {
    auto formation = leach::FormationEnthalpies::load(*database);
    extra_formation_enthalpies_ = std::move(formation.values);
    formation_enthalpy_files_ = std::move(formation.files);
  }
  equilibria_ = shared_equilibria(database);  // parsed once per database
  kinetics_ = std::make_shared<const thermo::LeachingKineticsData>(thermo::LeachingKineticsData::load(*database));
  if (parameters.has("liquor_reactions")) {
    for (const auto& name : parameters.text_list("liquor_reactions")) {
      if (kinetics_->find_homogeneous(name) == nullptr) {
        std::vector<std::string> known;
        for (const auto& entry : kinetics_->homogeneous()) known.push_back(entry.name);
        parameters.fail("liquor_reactions", fmt::format("no liquor reaction '{}' in thermo-data leaching_kinetics "
                                                        "(known: {})",
                                                        name, fmt::join(known, ", ")));
      }
      settings_.homogeneous.push_back(name);
    }
  } else {
    parameters.accept("liquor_reactions");
  }
  reductant_kinetics_.clear();
  if (parameters.has("reductant")) {
    const std::string reductant = parameters.text("reductant");
    std::vector<std::string> known{"H2O2(aq)"};
    for (const auto& option : kinetics_->reductants()) known.push_back(database->species(option.species).name);
    const auto index = database->find(reductant);
    const thermo::ReductantOption* option = index ? kinetics_->find_reductant(*index) : nullptr;
    if (reductant != "H2O2(aq)" && option == nullptr) {
      parameters.fail("reductant", fmt::format("no reductant '{}' in thermo-data leaching_kinetics (known: {})",
                                               reductant, fmt::join(known, ", ")));
    }
    if (option != nullptr) {
      settings_.reductant = option->species;
      for (const auto& entry : kinetics_->solids()) {
        if (thermo::uses_peroxide_as_reductant(entry, *database))
          reductant_kinetics_.push_back(thermo::with_reductant(entry, *option, *database));
      }
    }
  } else {
    parameters.accept("reductant");
  }
}

std::vector<PortSpec> LeachReactor::ports() const {
  return {{"in", PortDirection::kInlet, true}, {"out", PortDirection::kOutlet}};
}

void LeachReactor::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = {};
  const thermo::Database& database = *database_;
  thermo::Stream feed = thermo::mix(inlets.at("in"));
  const double temperature = settings_.temperature.value_or(feed.temperature);
  feed.temperature = temperature;
  // Acid carried as HSO4- (or any complex) becomes H+ and the masters, exactly.
  thermo::to_master_form(feed, *equilibria_);

  if (!(thermo::water_mass_flow(feed) > 0.0)) {
    throw SolveError(fmt::format("unit '{}': the feed holds no water, so there is no liquor to leach into", name()));
  }
  double solids_mass = 0.0;
  std::vector<leach::ActiveSolid> active;
  std::vector<std::string> missing;
  for (std::size_t s = 0; s < database.size(); ++s) {
    if (database.species(s).phase != thermo::Phase::kSolid || !(feed.amount(s) > 0.0)) continue;
    solids_mass += feed.mass_flow(s);
    if (std::find(settings_.inert_solids.begin(), settings_.inert_solids.end(), s) != settings_.inert_solids.end()) {
      continue;
    }
    const thermo::SolidKinetics* kinetics = kinetics_->find(s);
    for (const auto& entry : reductant_kinetics_) {
      if (entry.solid == s) kinetics = &entry;
    }
    if (kinetics != nullptr) {
      active.push_back({kinetics, 1.0, {}, {}});
    } else {
      missing.push_back(database.species(s).name);
    }
  }
  if (!missing.empty()) {
    std::vector<std::string> known;
    for (const auto& entry : kinetics_->solids()) known.push_back(database.species(entry.solid).name);
    throw SolveError(fmt::format(
        "unit '{}': no leaching kinetics for {} in the feed (thermo-data leaching_kinetics covers: {}); add "
        "kinetics for it, or list it under 'inert' if it does not leach",
        name(), fmt::join(missing, ", "), fmt::join(known, ", ")));
  }
  const double slurry_mass = solids_mass + feed.phase_mass_flow(thermo::Phase::kAqueous);
  if (solids_mass / slurry_mass > settings_.max_solids_mass_fraction) {
    throw SolveError(
        fmt::format("unit '{}': the slurry is {:.1f} wt% solids (S/L = {:.3g} kg/kg), beyond the "
                    "{:.0f} wt% a stirred leach can hold (max_solids_mass_fraction); add liquor",
                    name(), 100.0 * solids_mass / slurry_mass, solids_mass / (slurry_mass - solids_mass),
                    100.0 * settings_.max_solids_mass_fraction));
  }
  const std::size_t proton = database.index_of("H+");
  bool needs_acid = false;
  for (const auto& solid : active) needs_acid = needs_acid || solid.kinetics->reaction.coefficient_of(proton) < 0.0;
  if (needs_acid && !(feed.amount(proton) > 0.0)) {
    throw SolveError(
        fmt::format("unit '{}': the feed holds no free acid (H+ after speciation to master species is "
                    "{:.3g} mol/s) but the leaching reactions consume H+; feed acid (e.g. H2SO4 as H+ + "
                    "HSO4-) to this unit",
                    name(), feed.amount(proton)));
  }

  // Size classes: the inlet's, else the unit's feed_size_distribution, else one class.
  // `sizes` label the classes (and the outlet's size distribution); `diameters`
  // are the particle sizes the rates and the shrinkage use. A stream's
  // size_distribution holds sieve sizes (class i passes x_i, is retained on
  // x_(i+1); ParticleSize.h, docs/pretreatment.md), so its classes leach at
  // their geometric-mean size sqrt(x_i x_(i+1)), as the Screen and the
  // eddy-current separator use; feed_size_distribution and particle_size give
  // the diameters themselves.
  std::vector<double> sizes{settings_.particle_size};
  Eigen::MatrixXd fractions = Eigen::MatrixXd::Ones(static_cast<Eigen::Index>(database.size()), 1);
  bool has_distribution = false;
  bool sieve_sizes = false;
  if (feed.size_distribution) {
    sizes = feed.size_distribution->sizes;
    fractions = feed.size_distribution->fractions;
    has_distribution = true;
    sieve_sizes = true;
  } else if (settings_.feed_size_distribution) {
    sizes = settings_.feed_size_distribution->sizes;
    fractions = settings_.feed_size_distribution->fractions;
    has_distribution = true;
  }
  for (const auto& solid : active) {
    const double sum = fractions.row(static_cast<Eigen::Index>(solid.kinetics->solid)).sum();
    if (std::abs(sum - 1.0) > 1e-6) {
      throw SolveError(
          fmt::format("unit '{}': the inlet size distribution puts {:.6g} (not 1) of {} in its size "
                      "classes",
                      name(), sum, database.species(solid.kinetics->solid).name));
    }
  }
  std::vector<leach::ActiveReaction> reactions;
  for (const auto& reaction_name : settings_.homogeneous)
    reactions.push_back({kinetics_->find_homogeneous(reaction_name)});
  // Energy balance: the enthalpy model of the active reactions (refuses a
  // species without ΔfH°) and the enthalpy the inlets bring, each at its own
  // temperature (or all at `temperature` when it is given).
  std::optional<leach::EnthalpyModel> enthalpy_model;
  double inlet_enthalpy = 0.0;  // W
  double reactor_temperature = temperature;
  double inlet_temperature = temperature;
  if (settings_.energy.enabled()) {
    const LeachProblem probe(feed, temperature, sizes, fractions, active, reactions);
    std::vector<std::string> names;
    for (const auto& solid : probe.solids()) names.push_back(fmt::format("the {} leaching reaction", solid.name));
    for (const auto& reaction : probe.reactions()) names.push_back(fmt::format("'{}'", reaction.kinetics->name));
    leach::FormationEnthalpies extra{extra_formation_enthalpies_, formation_enthalpy_files_};
    try {
      enthalpy_model.emplace(database, extra, probe.stoichiometry(), names);
    } catch (const InputError& error) {
      throw InputError(fmt::format("unit '{}': {}", name(), error.what()));
    }
    // T_in: the inlets' sensible heats added, Σ_k C_k (T_k − T0) / Σ_k C_k.
    double capacity = 0.0;
    double sensible = 0.0;
    for (const thermo::Stream* inlet : inlets.at("in")) {
      const double c = enthalpy_model->heat_capacity(inlet->amounts());
      capacity += c;
      sensible += c * (settings_.temperature.value_or(inlet->temperature) - leach::kEnthalpyReferenceTemperature);
    }
    if (!(capacity > 0.0)) {
      throw SolveError(fmt::format("unit '{}': the feed has no heat capacity for the energy balance", name()));
    }
    inlet_temperature = leach::kEnthalpyReferenceTemperature + sensible / capacity;
    reactor_temperature = inlet_temperature;
    feed.temperature = inlet_temperature;
    inlet_enthalpy = enthalpy_model->enthalpy(feed.amounts(), inlet_temperature);
    for (const auto& solid : enthalpy_model->without_heat_capacity()) {
      if (feed.amount(database.index_of(solid)) > 0.0) {
        report_.warnings.push_back(fmt::format(
            "energy balance: {} has no heat capacity (Cp) in thermo-data/species.yaml; its sensible heat is left "
            "out of the slurry's heat capacity",
            solid));
      }
    }
  }
  double heat_added = 0.0;  // W, to the slurry over the batch (per feed flow) or over all tanks
  const std::vector<double> diameters = sieve_sizes ? class_mean_sizes(sizes) : sizes;
  const LeachProblem problem(feed, reactor_temperature, diameters, fractions, std::move(active), std::move(reactions));
  if (!speciation_) speciation_ = std::make_unique<thermo::Speciation>(database_, equilibria_);
  ProfileBuilder profile(problem, *speciation_);

  Eigen::VectorXd amounts;
  Eigen::MatrixXd final_conversions;
  Eigen::VectorXd final_homogeneous;
  struct RawPiece {  // particles of one class at one conversion
    std::size_t solid;
    std::size_t size_class;
    double moles;  // mol/s fed
    double conversion;
  };
  std::vector<RawPiece> raw_pieces;
  const auto classes = sizes.size();
  if (settings_.mode == Mode::kBatch) {
    std::optional<BatchEnergy> batch_energy;
    if (enthalpy_model) {
      BatchEnergy energy;
      energy.model = &*enthalpy_model;
      energy.initial_enthalpy = inlet_enthalpy;
      energy.heating_rate = settings_.energy.duty / settings_.batch_time;
      energy.jacket = settings_.energy.mode == EnergyMode::kJacket;
      energy.ua = settings_.energy.ua / settings_.batch_time;
      energy.coolant_temperature = settings_.energy.coolant_temperature;
      batch_energy = energy;
    }
    BatchSystem system(problem, batch_energy);
    const Eigen::VectorXd y0 = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(system.size()));
    std::vector<double> times;
    for (int k = 1; k <= settings_.output_points; ++k)
      times.push_back(settings_.batch_time * k / settings_.output_points);
    ProfilePoint start = system.point(y0);
    Eigen::VectorXd y_final = y0;
    profile.add(0.0, start);
    if (system.size() > 0) {
      const solvers::OdeResult result = solvers::integrate(system, 0.0, y0, times, settings_.ode);
      report_.solver_statistics.push_back(ode_statistics("CVODE BDF", result.statistics));
      if (!result.success) {
        throw SolveError(fmt::format("unit '{}': batch leach integration failed: {}", name(), result.message));
      }
      for (std::size_t k = 0; k < result.times.size(); ++k)
        profile.add(result.times[k], system.point(result.states[k], result.times[k]));
      start = system.point(result.states.back(), result.times.back());
      y_final = result.states.back();
    }
    amounts = start.amounts;
    final_conversions = start.conversions;
    final_homogeneous = y_final.segment(static_cast<Eigen::Index>(system.size() - problem.reactions().size() -
                                                                  (batch_energy && batch_energy->jacket ? 1 : 0)),
                                        static_cast<Eigen::Index>(problem.reactions().size()));
    heat_added = system.heat_added(settings_.batch_time, y_final);
    for (std::size_t i = 0; i < problem.solids().size(); ++i) {
      for (std::size_t c = 0; c < classes; ++c) {
        raw_pieces.push_back({i, c, problem.solids()[i].initial(static_cast<Eigen::Index>(c)),
                              final_conversions(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c))});
      }
    }
    report_.values.push_back({"time", settings_.batch_time, "s"});
  } else {
    Quadrature rule{shrinking_core::gauss_legendre_unit(settings_.quadrature_points),
                    shrinking_core::gauss_laguerre(settings_.quadrature_points)};
    std::vector<std::vector<NodeSet>> nodes(problem.solids().size(),
                                            std::vector<NodeSet>(classes, NodeSet{{0.0, 1.0}}));
    Eigen::VectorXd homogeneous = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(problem.reactions().size()));
    const auto drivers = static_cast<Eigen::Index>(problem.drivers().size());
    const double feed_volume = problem.liquid_volume(feed.amounts());
    Eigen::VectorXd scale(drivers);
    for (Eigen::Index d = 0; d < drivers; ++d) {
      scale(d) = std::max(feed.amount(problem.drivers()[static_cast<std::size_t>(d)]) / feed_volume, 1.0);
    }
    const bool energy = enthalpy_model.has_value();
    Eigen::VectorXd guess = Eigen::VectorXd::Ones(drivers + (energy ? 1 : 0));
    for (Eigen::Index d = 0; d < drivers; ++d) {
      guess(d) = feed.amount(problem.drivers()[static_cast<std::size_t>(d)]) / feed_volume / scale(d);
    }
    if (energy) guess(drivers) = inlet_temperature / kTemperatureScale;
    double tank_inlet_enthalpy = inlet_enthalpy;
    ProfilePoint point;
    point.conversions =
        Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(problem.solids().size()), static_cast<Eigen::Index>(classes));
    point.solid_extents = problem.solid_extents(point.conversions);
    point.amounts = feed.amounts();
    long iterations = 0;
    long evaluations = 0;
    double worst_residual = 0.0;
    std::size_t node_count = 0;
    for (int tank = 1; tank <= settings_.tanks; ++tank) {
      std::optional<TankEnergy> tank_energy;
      if (energy) {
        tank_energy = TankEnergy{&*enthalpy_model,
                                 tank_inlet_enthalpy,
                                 settings_.energy.duty,
                                 settings_.energy.ua,
                                 settings_.energy.coolant_temperature,
                                 enthalpy_model->formation(feed.amounts())};
      }
      TankSystem system(problem, nodes, homogeneous, settings_.tank_residence_time, rule, scale, tank_energy);
      TankSystem::State state;
      if (system.unknowns() > 0) {
        solvers::NonlinearSolver solver(system.unknowns());
        solvers::NonlinearSolverOptions options;
        options.residual_tolerance = 1e-11;
        const auto result = solver.solve(system, guess, options);
        iterations += result.iterations;
        evaluations += system.evaluations;
        worst_residual = std::max(worst_residual, result.residual_norm);
        // A reagent used up to its regularisation scale leaves KINSOL short
        // of its step tolerance with the residual already tiny: accept that
        // (the balances are exact either way; only tank self-consistency is
        // at stake), and say so.
        const bool close_enough = result.residual_norm <= 1e-8;
        if (!result.converged && close_enough) {
          report_.warnings.push_back(fmt::format("tank {}: KINSOL stopped at scaled residual {:.3g} ({})", tank,
                                                 result.residual_norm, result.message));
        }
        if (!result.converged && !close_enough) {
          throw SolveError(
              fmt::format("unit '{}': the steady state of tank {} of {} did not converge: {} (residual "
                          "{:.3g} after {} iterations)",
                          name(), tank, settings_.tanks, result.message, result.residual_norm, result.iterations));
        }
      }
      state = system.evaluate(guess);
      if (energy) {
        // The tank's outlet temperature from its balance (exact first law); the
        // rates were evaluated at the unknown, equal to it within KINSOL's tolerance.
        const double tank_heat = system.heat_added(*state.point.temperature);
        heat_added += tank_heat;
        tank_inlet_enthalpy += tank_heat;
      }
      nodes = std::move(state.nodes);
      homogeneous = state.homogeneous;
      point = state.point;
      node_count = 0;
      for (const auto& per_solid : nodes) {
        for (const auto& set : per_solid) node_count += set.size();
      }
      if (node_count > 2000000) {
        throw SolveError(fmt::format("unit '{}': {} quadrature nodes after tank {}; lower quadrature_points", name(),
                                     node_count, tank));
      }
      profile.add(static_cast<double>(tank), point);
    }
    amounts = point.amounts;
    final_conversions = point.conversions;
    final_homogeneous = homogeneous;
    for (std::size_t i = 0; i < problem.solids().size(); ++i) {
      const auto& kinetics = *problem.solids()[i].kinetics;
      for (std::size_t c = 0; c < classes; ++c) {
        for (const Node& node : nodes[i][c]) {
          raw_pieces.push_back({i, c, problem.solids()[i].initial(static_cast<Eigen::Index>(c)) * node.weight,
                                shrinking_core::conversion(kinetics.model, kinetics.avrami_exponent, node.progress)});
        }
      }
    }
    report_.values.push_back({"tanks", static_cast<double>(settings_.tanks), "1"});
    report_.values.push_back({"residence_time_per_tank", settings_.tank_residence_time, "s"});
    report_.solver_statistics.push_back({"KINSOL",
                                         {{"tanks", static_cast<double>(settings_.tanks)},
                                          {"iterations", static_cast<double>(iterations)},
                                          {"residual_evaluations", static_cast<double>(evaluations)},
                                          {"max_residual", worst_residual},
                                          {"quadrature_points", static_cast<double>(settings_.quadrature_points)},
                                          {"final_quadrature_nodes", static_cast<double>(node_count)}}});
  }

  // Exactly the stoichiometric extents applied to the inlet. The integration
  // error can leave a species that was used up (H2O2, acid) a little below
  // zero: the extents that consume it are scaled back so it ends at exactly
  // zero, which keeps the stoichiometry exact. A shortfall beyond 1e-6 of
  // what was consumed is not integration error and is reported.
  const double rounding = 1e-12 * feed.amounts().cwiseAbs().sum();
  Eigen::VectorXd solid_scale = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(problem.solids().size()));
  {
    const Eigen::MatrixXd& nu = problem.stoichiometry();
    const auto solids = static_cast<Eigen::Index>(problem.solids().size());
    Eigen::VectorXd extents(nu.cols());
    extents << problem.solid_extents(final_conversions), final_homogeneous;
    for (int pass = 0; pass < 8; ++pass) {
      amounts = feed.amounts() + nu * extents;
      Eigen::Index worst = -1;
      for (Eigen::Index s = 0; s < amounts.size(); ++s) {
        if (amounts(s) < -rounding && (worst < 0 || amounts(s) < amounts(worst))) worst = s;
      }
      if (worst < 0) break;
      double produced = 0.0;
      double consumed = 0.0;
      for (Eigen::Index r = 0; r < nu.cols(); ++r) {
        const double change = nu(worst, r) * extents(r);
        (change > 0.0 ? produced : consumed) += std::abs(change);
      }
      const double factor = (feed.amount(static_cast<std::size_t>(worst)) + produced) / consumed;
      if (!(factor > 1.0 - 1e-6)) {
        throw SolveError(fmt::format("unit '{}': the leach would leave {:.6g} mol/s of {} (more consumed than fed)",
                                     name(), amounts(worst), database.species(static_cast<std::size_t>(worst)).name));
      }
      for (Eigen::Index r = 0; r < nu.cols(); ++r) {
        if (nu(worst, r) * extents(r) < 0.0) {
          extents(r) *= factor;
          if (r < solids) solid_scale(r) *= factor;
        }
      }
    }
    for (Eigen::Index i = 0; i < solids; ++i) final_conversions.row(i) *= solid_scale(i);
    final_homogeneous = extents.tail(nu.cols() - solids);
  }
  std::vector<LeachProblem::Piece> pieces;
  for (const RawPiece& raw : raw_pieces) {
    const double x = raw.conversion * solid_scale(static_cast<Eigen::Index>(raw.solid));
    pieces.push_back(
        {raw.solid, raw.size_class, raw.moles * (1.0 - x),
         diameters[raw.size_class] * shrinking_core::diameter_ratio(problem.solids()[raw.solid].kinetics->model, x)});
  }
  for (std::size_t s = 0; s < database.size(); ++s) {
    const double amount = amounts(static_cast<Eigen::Index>(s));
    if (amount >= 0.0) continue;
    if (-amount <= rounding) {
      amounts(static_cast<Eigen::Index>(s)) = 0.0;
      continue;
    }
    throw SolveError(fmt::format("unit '{}': the leach would leave {:.6g} mol/s of {} (more consumed than fed)", name(),
                                 amount, database.species(s).name));
  }
  thermo::Stream product = feed;
  product.amounts() = amounts;
  if (enthalpy_model) {
    // First law for the whole reactor: H_out(T_out) = H_in + Q, exactly.
    product.temperature = enthalpy_model->temperature(amounts, inlet_enthalpy + heat_added);
    const double released = enthalpy_model->formation(feed.amounts()) - enthalpy_model->formation(amounts);
    report_.values.push_back({"inlet_temperature", inlet_temperature, "K"});
    report_.values.push_back({"heat_released", released, "W"});
    report_.values.push_back({"heat_added", heat_added, "W"});
    report_.values.push_back({"enthalpy_in", inlet_enthalpy, "W"});
    report_.values.push_back({"enthalpy_out", enthalpy_model->enthalpy(amounts, product.temperature), "W"});
    report_.values.push_back({"heat_capacity_out", enthalpy_model->heat_capacity(amounts), "W/K"});
    std::vector<std::string> unknown;
    if (const auto extra = complexation_heat(feed, product, *equilibria_, *speciation_, unknown)) {
      report_.values.push_back({"complexation_heat_not_counted", *extra, "W"});
      if (std::abs(*extra) > 0.05 * std::abs(released)) {
        report_.warnings.push_back(fmt::format(
            "energy balance: the liquor is counted in master species; the complexation equilibria (HSO4-, "
            "sulfate complexes) would release {:.4g} W more ({:.1f} % of the {:.4g} W of reaction heat), which "
            "the temperature leaves out",
            *extra, 100.0 * *extra / released, released));
      }
      if (!unknown.empty()) {
        report_.warnings.push_back(
            fmt::format("energy balance: complexation heat of {} unknown (log K without temperature dependence)",
                        fmt::join(unknown, ", ")));
      }
    } else {
      report_.warnings.push_back("energy balance: the complexation heat could not be estimated (speciation failed)");
    }
    if (settings_.mode == Mode::kBatch) {
      report_.values.push_back({"heat_released_per_batch", released * settings_.batch_time, "J"});
      report_.values.push_back({"heat_added_per_batch", heat_added * settings_.batch_time, "J"});
    }
    if (product.temperature > 373.15) {
      report_.warnings.push_back(fmt::format(
          "energy balance: the slurry reaches {:.1f} degC, above the boiling point of water at 1 atm; the model "
          "neglects evaporation, so this temperature is not physical (add cooling: energy_balance mode duty or "
          "jacket)",
          product.temperature - 273.15));
    }
  }
  if (has_distribution) {
    product.size_distribution = problem.outlet_distribution(fractions, pieces, final_conversions);
    product.size_distribution->sizes = sizes;  // the inlet's class labels (sieve sizes for a stream's)
    Profile psd{"psd", "size", "m", sizes, {{"feed solids", "kg/s", {}}, {"residue solids", "kg/s", {}}}};
    thermo::Stream feed_with_sizes = feed;
    feed_with_sizes.size_distribution = thermo::SizeDistribution{sizes, fractions};
    const Eigen::VectorXd in = feed_with_sizes.solid_mass_by_size();
    const Eigen::VectorXd out = product.solid_mass_by_size();
    for (std::size_t c = 0; c < classes; ++c) {
      psd.series[0].values.push_back(in(static_cast<Eigen::Index>(c)));
      psd.series[1].values.push_back(out(static_cast<Eigen::Index>(c)));
    }
    report_.profiles.push_back(std::move(psd));
  }
  const Eigen::VectorXd solid_extents = problem.solid_extents(final_conversions);
  for (std::size_t i = 0; i < problem.solids().size(); ++i) {
    const auto& solid = problem.solids()[i];
    report_.values.push_back(
        {fmt::format("conversion[{}]", solid.name),
         problem.overall_conversion(i, final_conversions.row(static_cast<Eigen::Index>(i)).transpose()), "1"});
    report_.values.push_back(
        {fmt::format("extent[{}]", solid.name), solid_extents(static_cast<Eigen::Index>(i)), "mol/s"});
  }
  for (const auto& [element, fraction] : problem.extractions(solid_extents)) {
    report_.values.push_back({fmt::format("extraction[{}]", element), fraction, "1"});
  }
  report_.values.push_back({"temperature", enthalpy_model ? product.temperature : temperature, "K"});
  if (settings_.mode == Mode::kBatch) {
    report_.profiles.insert(report_.profiles.begin(), profile.finish("batch", "time", "s"));
  } else {
    report_.profiles.insert(report_.profiles.begin(), profile.finish("tanks", "tank", "1"));
  }
  for (const auto& warning : profile.warnings()) report_.warnings.push_back(warning);
  outlets.insert_or_assign("out", std::move(product));
}

}  // namespace hydrosim::units
