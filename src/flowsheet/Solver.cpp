#include "hydrosim/flowsheet/Solver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/solvers/FixedPointSolver.h"

namespace hydrosim::flowsheet {
namespace {

// The unit graph: edges are connections, by index into Flowsheet::connections.
struct Graph {
  std::vector<std::vector<std::size_t>> outgoing;  // unit -> connection indices
  std::vector<std::vector<std::size_t>> incoming;
  std::vector<std::size_t> source;  // connection -> unit index
  std::vector<std::size_t> target;
};

Graph build_graph(const Flowsheet& plant) {
  std::map<std::string, std::size_t> index;
  for (std::size_t u = 0; u < plant.units.size(); ++u) index[plant.units[u]->name()] = u;
  Graph graph;
  graph.outgoing.resize(plant.units.size());
  graph.incoming.resize(plant.units.size());
  for (std::size_t c = 0; c < plant.connections.size(); ++c) {
    const std::size_t from = index.at(plant.connections[c].from.unit);
    const std::size_t to = index.at(plant.connections[c].to.unit);
    graph.source.push_back(from);
    graph.target.push_back(to);
    graph.outgoing[from].push_back(c);
    graph.incoming[to].push_back(c);
  }
  return graph;
}

// Tarjan's strongly connected components; returns them in topological order
// of the condensed graph (upstream first).
std::vector<std::vector<std::size_t>> strongly_connected_components(const Graph& graph) {
  const std::size_t n = graph.outgoing.size();
  std::vector<int> index(n, -1);
  std::vector<int> lowlink(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::vector<std::vector<std::size_t>> components;
  int counter = 0;
  std::function<void(std::size_t)> visit = [&](std::size_t v) {
    index[v] = lowlink[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (const std::size_t c : graph.outgoing[v]) {
      const std::size_t w = graph.target[c];
      if (index[w] < 0) {
        visit(w);
        lowlink[v] = std::min(lowlink[v], lowlink[w]);
      } else if (on_stack[w]) {
        lowlink[v] = std::min(lowlink[v], index[w]);
      }
    }
    if (lowlink[v] == index[v]) {
      std::vector<std::size_t> component;
      std::size_t w = 0;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != v);
      components.push_back(std::move(component));
    }
  };
  for (std::size_t v = 0; v < n; ++v) {
    if (index[v] < 0) visit(v);
  }
  std::reverse(components.begin(), components.end());  // Tarjan emits sinks first
  return components;
}

// Within one cyclic component: tear the back edges of a depth-first search
// started where material enters the loop, and order the units topologically
// with those edges removed.
struct LoopPlan {
  std::vector<std::size_t> order;  // units
  std::vector<std::size_t> tears;  // connections
};

LoopPlan plan_loop(const Graph& graph, const std::vector<std::size_t>& component) {
  const std::set<std::size_t> members(component.begin(), component.end());
  // Start at the member fed from outside the loop (first in file order), so that
  // the tear lands on the returning recycle stream, as an engineer would tear it.
  std::vector<std::size_t> sorted(component.begin(), component.end());
  std::sort(sorted.begin(), sorted.end());
  std::stable_partition(sorted.begin(), sorted.end(), [&](std::size_t u) {
    return std::any_of(graph.incoming[u].begin(), graph.incoming[u].end(),
                       [&](std::size_t c) { return members.count(graph.source[c]) == 0; });
  });
  enum class Mark { kNew, kActive, kDone };
  std::map<std::size_t, Mark> mark;
  for (const std::size_t u : component) mark[u] = Mark::kNew;
  LoopPlan plan;
  std::vector<std::size_t> postorder;
  std::function<void(std::size_t)> visit = [&](std::size_t v) {
    mark[v] = Mark::kActive;
    for (const std::size_t c : graph.outgoing[v]) {
      const std::size_t w = graph.target[c];
      if (members.count(w) == 0) continue;
      if (mark[w] == Mark::kActive) {
        plan.tears.push_back(c);
      } else if (mark[w] == Mark::kNew) {
        visit(w);
      }
    }
    mark[v] = Mark::kDone;
    postorder.push_back(v);
  };
  for (const std::size_t u : sorted) {
    if (mark[u] == Mark::kNew) visit(u);
  }
  plan.order.assign(postorder.rbegin(), postorder.rend());
  return plan;
}

class SequentialModularSolver {
 public:
  explicit SequentialModularSolver(Flowsheet& plant) : plant_(plant), graph_(build_graph(plant)) {}

  SolvedFlowsheet run() {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& component : strongly_connected_components(graph_)) {
      const std::size_t u = component.front();
      const bool self_loop = std::any_of(graph_.outgoing[u].begin(), graph_.outgoing[u].end(),
                                         [&](std::size_t c) { return graph_.target[c] == u; });
      if (component.size() == 1 && !self_loop) {
        solve_unit(u);
      } else {
        converge_loop(component);
      }
    }
    result_.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::move(result_);
  }

 private:
  void solve_unit(std::size_t u) {
    units::Unit& unit = *plant_.units[u];
    units::Inlets inlets;
    for (const auto& port : unit.ports()) {
      if (port.direction == units::PortDirection::kInlet) inlets[port.name];
    }
    for (const std::size_t c : graph_.incoming[u]) {
      inlets[plant_.connections[c].to.port].push_back(&result_.streams.at(plant_.connections[c].name));
    }
    units::Outlets outlets;
    const auto started = std::chrono::steady_clock::now();
    try {
      unit.solve(inlets, outlets);
    } catch (const SolveError&) {
      throw;
    } catch (const InputError& error) {  // e.g. a setpoint the unit cannot reach: the user must change the input
      throw InputError(fmt::format("unit '{}' ({}): {}", unit.name(), unit.type(), error.what()));
    } catch (const std::exception& error) {
      throw SolveError(fmt::format("unit '{}' ({}) failed: {}", unit.name(), unit.type(), error.what()));
    }
    UnitTiming& timing = result_.report.unit_timing[unit.name()];
    ++timing.calls;
    timing.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const std::size_t c : graph_.outgoing[u]) {
      const auto& connection = plant_.connections[c];
      const auto it = outlets.find(connection.from.port);
      if (it == outlets.end()) {
        throw SolveError(fmt::format("unit '{}' ({}) produced no stream for its outlet '{}'", unit.name(), unit.type(),
                                     connection.from.port));
      }
      result_.streams.insert_or_assign(connection.name, it->second);
    }
    ++result_.report.unit_solves;
    if (std::find(result_.report.unit_order.begin(), result_.report.unit_order.end(), unit.name()) ==
        result_.report.unit_order.end()) {
      result_.report.unit_order.push_back(unit.name());
    }
  }

  // The tear-stream variables: every species flow, then the temperature.
  Eigen::VectorXd pack(const std::vector<std::size_t>& tears) const {
    const auto species = static_cast<Eigen::Index>(plant_.database->size());
    Eigen::VectorXd x(static_cast<Eigen::Index>(tears.size()) * (species + 1));
    for (std::size_t t = 0; t < tears.size(); ++t) {
      const auto& stream = result_.streams.at(plant_.connections[tears[t]].name);
      const Eigen::Index offset = static_cast<Eigen::Index>(t) * (species + 1);
      x.segment(offset, species) = stream.amounts();
      x(offset + species) = stream.temperature;
    }
    return x;
  }

  void unpack(const std::vector<std::size_t>& tears, const Eigen::VectorXd& x) {
    const auto species = static_cast<Eigen::Index>(plant_.database->size());
    for (std::size_t t = 0; t < tears.size(); ++t) {
      auto& stream = result_.streams.at(plant_.connections[tears[t]].name);
      const Eigen::Index offset = static_cast<Eigen::Index>(t) * (species + 1);
      stream.amounts() = x.segment(offset, species).cwiseMax(0.0);
      stream.temperature = x(offset + species);
    }
  }

  // Largest relative change of any tear variable; flows below 1e-9 of the
  // stream's largest flow are measured against that floor instead.
  double residual(const std::vector<std::size_t>& tears, const Eigen::VectorXd& x, const Eigen::VectorXd& g,
                  std::size_t* worst_tear) const {
    const auto species = static_cast<Eigen::Index>(plant_.database->size());
    double worst = 0.0;
    for (std::size_t t = 0; t < tears.size(); ++t) {
      const Eigen::Index offset = static_cast<Eigen::Index>(t) * (species + 1);
      const auto gx = g.segment(offset, species);
      const auto xx = x.segment(offset, species);
      const double floor = std::max(1e-9 * gx.cwiseAbs().maxCoeff(), std::numeric_limits<double>::min());
      double r = ((gx - xx).cwiseAbs().array() / gx.cwiseAbs().array().max(floor)).maxCoeff();
      r = std::max(r, std::abs(g(offset + species) - x(offset + species)) / g(offset + species));
      if (r > worst) {
        worst = r;
        if (worst_tear != nullptr) *worst_tear = t;
      }
    }
    return worst;
  }

  void converge_loop(const std::vector<std::size_t>& component) {
    const LoopPlan plan = plan_loop(graph_, component);
    RecycleLoop loop;
    for (const std::size_t u : plan.order) loop.units.push_back(plant_.units[u]->name());
    for (const std::size_t c : plan.tears) loop.tear_streams.push_back(plant_.connections[c].name);
    // Initial guess: empty tear streams at 25 °C and 1 atm, or the species
    // flows the flowsheet gives for that stream (solver.tear_streams.<s>.initial).
    for (const std::size_t c : plan.tears) {
      thermo::Stream guess(plant_.database);
      if (const auto it = plant_.solver.tear_bounds.find(plant_.connections[c].name);
          it != plant_.solver.tear_bounds.end()) {
        for (const auto& [species, flow] : it->second.initial) guess.set_amount(species, flow);
      }
      result_.streams.insert_or_assign(plant_.connections[c].name, guess);
    }
    const SolverSettings& settings = plant_.solver;
    const bool converged =
        settings.method == RecycleMethod::kAnderson ? iterate_anderson(plan, loop) : iterate_wegstein(plan, loop);
    if (converged) {
      loop.converged = true;
      result_.report.loops.push_back(std::move(loop));
      return;
    }
    throw SolveError(fmt::format(
        "recycle loop through units {} did not converge in {} iterations: tear stream '{}' still changes by {:.3e} "
        "(relative; tolerance {:.1e}). Try solver.max_iterations, solver.method: anderson or direct, or check the "
        "recycle ratio.",
        fmt::join(loop.units, ", "), loop.iterations, loop.tear_streams[worst_tear_], loop.residual,
        settings.tolerance));
  }

  // One pass through the loop from tear values x: returns the recomputed tear
  // values and records the pass in the loop report.
  Eigen::VectorXd pass(const LoopPlan& plan, const Eigen::VectorXd& x, RecycleLoop& loop) {
    unpack(plan.tears, x);
    for (const std::size_t u : plan.order) solve_unit(u);
    Eigen::VectorXd g = pack(plan.tears);
    ++loop.iterations;
    loop.residual = residual(plan.tears, x, g, &worst_tear_);
    loop.residual_history.push_back(loop.residual);
    return g;
  }

  // Keeps x as the tear value once converged: it is what the downstream units
  // were solved with, so every unit in the loop is consistent with its inlets.
  void accept(const LoopPlan& plan, const Eigen::VectorXd& x) { unpack(plan.tears, x); }

  // Direct substitution, with element-wise Wegstein acceleration (bounded q).
  bool iterate_wegstein(const LoopPlan& plan, RecycleLoop& loop) {
    const SolverSettings& settings = plant_.solver;
    // Wegstein bounds per tear variable: the stream's own (solver.tear_streams), else the global ones.
    const auto block = static_cast<Eigen::Index>(plant_.database->size()) + 1;
    Eigen::VectorXd q_low(static_cast<Eigen::Index>(plan.tears.size()) * block);
    Eigen::VectorXd q_high(q_low.size());
    for (std::size_t t = 0; t < plan.tears.size(); ++t) {
      const auto it = settings.tear_bounds.find(plant_.connections[plan.tears[t]].name);
      const double low = it == settings.tear_bounds.end() ? settings.q_min : it->second.q_min;
      const double high = it == settings.tear_bounds.end() ? settings.q_max : it->second.q_max;
      q_low.segment(static_cast<Eigen::Index>(t) * block, block).setConstant(low);
      q_high.segment(static_cast<Eigen::Index>(t) * block, block).setConstant(high);
    }
    Eigen::VectorXd x = pack(plan.tears);
    Eigen::VectorXd x_previous;
    Eigen::VectorXd g_previous;
    for (int iteration = 1; iteration <= settings.max_iterations; ++iteration) {
      const Eigen::VectorXd g = pass(plan, x, loop);
      if (loop.residual <= settings.tolerance) {
        accept(plan, x);
        return true;
      }
      Eigen::VectorXd next = g;
      if (settings.method == RecycleMethod::kWegstein && iteration > 1) {
        for (Eigen::Index i = 0; i < x.size(); ++i) {
          const double dx = x(i) - x_previous(i);
          if (std::abs(dx) <= 1e-300) continue;
          const double slope = (g(i) - g_previous(i)) / dx;
          if (!std::isfinite(slope) || slope == 1.0) continue;
          const double q = std::clamp(slope / (slope - 1.0), q_low(i), q_high(i));
          next(i) = q * x(i) + (1.0 - q) * g(i);
        }
      }
      x_previous = x;
      g_previous = g;
      x = next;
    }
    return false;
  }

  // Anderson acceleration on KINSOL (Walker & Ni 2011). The tear variables are
  // scaled by their values after a first direct pass (floored at 1e-6 of the
  // largest), so the least squares weighs a trace species' relative change like
  // a major one's and the temperature like a flow; convergence is the same
  // relative test as for Wegstein, checked on every pass.
  //
  // Safeguard: an extrapolated iterate can be far from feasible (a unit fails
  // on it, or the change grows a hundredfold over the best pass so far). Then
  // the history is dropped and the iteration restarts from the image of the
  // best point, i.e. one direct-substitution step from it. A unit failure on a
  // direct step is the plant's own failure and is reported as such.
  bool iterate_anderson(const LoopPlan& plan, RecycleLoop& loop) {
    const SolverSettings& settings = plant_.solver;
    const Eigen::VectorXd x0 = pack(plan.tears);
    const Eigen::VectorXd g0 = pass(plan, x0, loop);
    if (loop.residual <= settings.tolerance) {
      accept(plan, x0);
      return true;
    }
    const double largest = std::max(g0.cwiseAbs().maxCoeff(), std::numeric_limits<double>::min());

    struct TearMap : solvers::FixedPointMap {
      SequentialModularSolver* solver = nullptr;
      const LoopPlan* plan = nullptr;
      RecycleLoop* loop = nullptr;
      Eigen::VectorXd scale;
      double tolerance = 0.0;
      double best_residual = std::numeric_limits<double>::infinity();
      Eigen::VectorXd image_of_best;  // G(best point), scaled: where a restart starts
      bool direct_step = true;        // the next pass is a plain step from a known point
      solvers::FixedPointStep apply(const Eigen::VectorXd& y, Eigen::VectorXd& gy) override {
        Eigen::VectorXd g;
        const bool direct = std::exchange(direct_step, false);
        try {
          // Extrapolation can make a trace flow negative; the units see it as
          // zero (unpack), so the change is measured from zero too.
          g = solver->pass(*plan, y.cwiseProduct(scale).cwiseMax(0.0), *loop);
        } catch (const SolveError&) {
          if (direct) throw;
          return restart();
        }
        if (loop->residual <= tolerance) return solvers::FixedPointStep::kConverged;
        if (loop->residual < best_residual) {
          best_residual = loop->residual;
          image_of_best = g.cwiseQuotient(scale);
        } else if (loop->residual > 100.0 * best_residual) {
          return restart();
        }
        gy = g.cwiseQuotient(scale);
        return solvers::FixedPointStep::kContinue;
      }
      solvers::FixedPointStep restart() {
        direct_step = true;
        return solvers::FixedPointStep::kRestart;
      }
    } map;
    map.solver = this;
    map.plan = &plan;
    map.loop = &loop;
    map.scale = g0.cwiseAbs().cwiseMax(1e-6 * largest);
    map.tolerance = settings.tolerance;
    map.best_residual = loop.residual;
    map.image_of_best = g0.cwiseQuotient(map.scale);

    solvers::FixedPointOptions options;
    options.anderson_depth = settings.anderson_depth;
    options.damping = settings.anderson_damping;
    options.delay = settings.anderson_delay;
    Eigen::VectorXd y = map.image_of_best;
    while (loop.iterations < settings.max_iterations) {
      options.max_evaluations = settings.max_iterations - loop.iterations;
      const solvers::FixedPointResult result = solvers::solve_fixed_point(map, y, options);
      if (result.converged) {
        accept(plan, y.cwiseProduct(map.scale).cwiseMax(0.0));
        return true;
      }
      if (!result.restart) break;
      // Each restart first takes more direct steps (2, 4, 8, ...) so the
      // history Anderson starts from describes the loop, not a transient.
      options.delay = std::max(2 * options.delay, 2);
      y = map.image_of_best;
    }
    return false;
  }

  Flowsheet& plant_;
  Graph graph_;
  std::size_t worst_tear_ = 0;  // of the last pass, for the error message
  SolvedFlowsheet result_;
};

}  // namespace

SolvedFlowsheet solve(Flowsheet& plant) { return SequentialModularSolver(plant).run(); }

const thermo::Stream& port_stream(const Flowsheet& plant, const SolvedFlowsheet& solved, const std::string& unit,
                                  bool outlet) {
  for (const auto& connection : plant.connections) {
    if ((outlet && connection.from.unit == unit) || (!outlet && connection.to.unit == unit)) {
      return solved.streams.at(connection.name);
    }
  }
  throw std::logic_error("unit without a stream: " + unit);
}

}  // namespace hydrosim::flowsheet
