#pragma once
// Turns a solver's counters into the statistics a unit reports.
#include <string>

#include "hydrosim/solvers/OdeSolver.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

inline SolverStatistics ode_statistics(std::string solver, const solvers::OdeStatistics& s) {
  return {std::move(solver),
          {{"steps", static_cast<double>(s.steps)},
           {"rhs_evaluations", static_cast<double>(s.rhs_evaluations)},
           {"jacobian_evaluations", static_cast<double>(s.jacobian_evaluations)},
           {"linear_setups", static_cast<double>(s.linear_setups)},
           {"error_test_failures", static_cast<double>(s.error_test_failures)},
           {"nonlinear_iterations", static_cast<double>(s.nonlinear_iterations)},
           {"nonlinear_convergence_failures", static_cast<double>(s.nonlinear_convergence_failures)},
           {"last_step_s", s.last_step}}};
}

}  // namespace hydrosim::units
