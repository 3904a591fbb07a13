#pragma once
// Steady-state sequential-modular solution of a flowsheet. Units are grouped
// into strongly connected components (Tarjan); acyclic parts are solved once
// in topological order; each recycle loop is torn at the back edges of a
// depth-first search and converged by Wegstein's method (bounded acceleration)
// or direct substitution. See docs/model-reference.md.
#include <map>
#include <string>
#include <vector>

#include "hydrosim/flowsheet/Flowsheet.h"
#include "hydrosim/thermo/Stream.h"

namespace hydrosim::flowsheet {

struct RecycleLoop {
  std::vector<std::string> units;         // in solution order
  std::vector<std::string> tear_streams;  // connection names
  int iterations = 0;
  double residual = 0.0;  // final max relative change of the tear streams
  std::vector<double> residual_history;
  bool converged = false;
};

// Time spent in one unit's solve() over the whole solution (every recycle pass).
struct UnitTiming {
  int calls = 0;
  double seconds = 0.0;
};

struct SolveReport {
  bool converged = true;
  std::vector<RecycleLoop> loops;
  std::vector<std::string> unit_order;  // order of the first pass
  int unit_solves = 0;                  // calls to Unit::solve
  double seconds = 0.0;
  std::map<std::string, UnitTiming> unit_timing;  // by unit name: where the solve time goes
};

struct SolvedFlowsheet {
  std::map<std::string, thermo::Stream> streams;  // by connection name
  SolveReport report;
};

// The stream leaving (outlet = true) or entering a unit: for feeds, sinks and
// other one-port boundary units, the stream on that port.
const thermo::Stream& port_stream(const Flowsheet& plant, const SolvedFlowsheet& solved, const std::string& unit,
                                  bool outlet);

// Throws SolveError when a unit fails or a recycle does not converge; the
// message names the unit or the tear stream and the residual reached.
SolvedFlowsheet solve(Flowsheet& plant);

}  // namespace hydrosim::flowsheet
