#include "hydrosim/solvers/OdeSolver.h"

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <cmath>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "CallbackGuard.h"
#include "hydrosim/core/Error.h"

namespace hydrosim::solvers {

std::string OdeSystem::component_name(std::size_t i) const { return fmt::format("y[{}]", i); }

namespace {

// What a callback needs: the model, scratch vectors (no allocation per call)
// and the message of an exception the model threw.
struct CallbackData {
  OdeSystem* system = nullptr;
  Eigen::VectorXd y;
  Eigen::VectorXd ydot;
  Eigen::MatrixXd jacobian;
  std::string model_error;
  std::string cvode_error;
};

// CVODE return codes: 0 ok, > 0 recoverable (CVODE cuts the step), < 0 fatal.
int rhs_callback(sunrealtype t, N_Vector y, N_Vector ydot, void* user_data) {
  auto* data = static_cast<CallbackData*>(user_data);
  const auto n = static_cast<Eigen::Index>(NV_LENGTH_S(y));
  return guarded_callback(data->model_error, "right-hand side", [&] {
    data->y = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(y), n);
    const int flag = data->system->rhs(t, data->y, data->ydot);
    if (flag != 0) return flag;
    if (!data->ydot.allFinite()) return 1;
    Eigen::Map<Eigen::VectorXd>(NV_DATA_S(ydot), n) = data->ydot;
    return 0;
  });
}

int jacobian_callback(sunrealtype t, N_Vector y, N_Vector /*fy*/, SUNMatrix jacobian, void* user_data,
                      N_Vector /*tmp1*/, N_Vector /*tmp2*/, N_Vector /*tmp3*/) {
  auto* data = static_cast<CallbackData*>(user_data);
  const auto n = static_cast<Eigen::Index>(NV_LENGTH_S(y));
  return guarded_callback(data->model_error, "Jacobian", [&] {
    data->y = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(y), n);
    data->jacobian.setZero(n, n);
    const int flag = data->system->jacobian(t, data->y, data->jacobian);
    if (flag != 0) return flag;
    if (!data->jacobian.allFinite()) return 1;
    // SUNDIALS dense matrices are column-major, like Eigen's default.
    Eigen::Map<Eigen::MatrixXd>(SUNDenseMatrix_Data(jacobian), n, n) = data->jacobian;
    return 0;
  });
}

// Keeps CVODE's own message for the result instead of printing it to stderr.
void error_handler(int /*code*/, const char* /*module*/, const char* function, char* message, void* user_data) {
  static_cast<CallbackData*>(user_data)->cvode_error = fmt::format("{}: {}", function, message);
}

void check(int flag, const char* call) {
  if (flag < 0) throw Error(fmt::format("CVODE: {} failed with flag {}", call, flag));
}

std::string flag_name(int flag) {
  char* name = CVodeGetReturnFlagName(flag);
  std::string text = name != nullptr ? name : fmt::format("flag {}", flag);
  std::free(name);
  return text;
}

// Owns every SUNDIALS object of one integration.
struct Cvode {
  SUNContext context = nullptr;
  N_Vector y = nullptr;
  N_Vector absolute_tolerances = nullptr;
  SUNMatrix matrix = nullptr;
  SUNLinearSolver linear_solver = nullptr;
  void* memory = nullptr;
  ~Cvode() {
    if (memory != nullptr) CVodeFree(&memory);
    if (linear_solver != nullptr) SUNLinSolFree(linear_solver);
    if (matrix != nullptr) SUNMatDestroy(matrix);
    if (absolute_tolerances != nullptr) N_VDestroy(absolute_tolerances);
    if (y != nullptr) N_VDestroy(y);
    if (context != nullptr) SUNContext_Free(&context);
  }
};

OdeStatistics statistics_of(void* memory) {
  OdeStatistics s;
  CVodeGetNumSteps(memory, &s.steps);
  CVodeGetNumRhsEvals(memory, &s.rhs_evaluations);
  CVodeGetNumJacEvals(memory, &s.jacobian_evaluations);
  CVodeGetNumLinSolvSetups(memory, &s.linear_setups);
  CVodeGetNumErrTestFails(memory, &s.error_test_failures);
  CVodeGetNumNonlinSolvIters(memory, &s.nonlinear_iterations);
  CVodeGetNumNonlinSolvConvFails(memory, &s.nonlinear_convergence_failures);
  CVodeGetLastStep(memory, &s.last_step);
  return s;
}

// The component with the largest weighted local error estimate: the variable
// that forced CVODE to give up.
std::string worst_component(void* memory, const OdeSystem& system, N_Vector like) {
  N_Vector weights = N_VClone(like);
  N_Vector errors = N_VClone(like);
  std::string text = "unknown";
  if (CVodeGetErrWeights(memory, weights) == CV_SUCCESS && CVodeGetEstLocalErrors(memory, errors) == CV_SUCCESS) {
    const auto n = NV_LENGTH_S(like);
    double worst = -1.0;
    for (sunindextype i = 0; i < n; ++i) {
      const double weighted = std::abs(NV_Ith_S(errors, i) * NV_Ith_S(weights, i));
      if (weighted > worst) {
        worst = weighted;
        text = fmt::format("{} (weighted local error {:.3g})", system.component_name(static_cast<std::size_t>(i)),
                           weighted);
      }
    }
  }
  N_VDestroy(errors);
  N_VDestroy(weights);
  return text;
}

}  // namespace

OdeResult integrate(OdeSystem& system, double t0, const Eigen::VectorXd& y0, const std::vector<double>& output_times,
                    const OdeOptions& options) {
  const std::size_t n = system.size();
  if (static_cast<std::size_t>(y0.size()) != n) {
    throw Error(fmt::format("integrate: initial state has {} components, the system {}", y0.size(), n));
  }
  double previous = t0;
  for (const double t : output_times) {
    if (!(t > previous)) throw Error(fmt::format("integrate: output times must increase from t0 = {} s", t0));
    previous = t;
  }
  OdeResult result;
  result.time_reached = t0;
  if (n == 0 || output_times.empty()) {
    result.success = true;
    for (const double t : output_times) {
      result.times.push_back(t);
      result.states.push_back(y0);
    }
    return result;
  }

  CallbackData data;
  data.system = &system;
  data.y.resize(static_cast<Eigen::Index>(n));
  data.ydot.resize(static_cast<Eigen::Index>(n));
  const auto length = static_cast<sunindextype>(n);

  Cvode cvode;
  check(SUNContext_Create(nullptr, &cvode.context), "SUNContext_Create");
  cvode.y = N_VNew_Serial(length, cvode.context);
  if (cvode.y == nullptr) throw Error("CVODE: N_VNew_Serial failed");
  Eigen::Map<Eigen::VectorXd>(NV_DATA_S(cvode.y), length) = y0;
  cvode.memory = CVodeCreate(CV_BDF, cvode.context);
  if (cvode.memory == nullptr) throw Error("CVODE: CVodeCreate failed");
  check(CVodeSetErrHandlerFn(cvode.memory, error_handler, &data), "CVodeSetErrHandlerFn");
  check(CVodeInit(cvode.memory, rhs_callback, t0, cvode.y), "CVodeInit");
  check(CVodeSetUserData(cvode.memory, &data), "CVodeSetUserData");
  if (options.absolute_tolerances.size() > 0) {
    if (static_cast<std::size_t>(options.absolute_tolerances.size()) != n) {
      throw Error("integrate: absolute_tolerances must have one entry per state component");
    }
    cvode.absolute_tolerances = N_VNew_Serial(length, cvode.context);
    Eigen::Map<Eigen::VectorXd>(NV_DATA_S(cvode.absolute_tolerances), length) = options.absolute_tolerances;
    check(CVodeSVtolerances(cvode.memory, options.relative_tolerance, cvode.absolute_tolerances), "CVodeSVtolerances");
  } else {
    check(CVodeSStolerances(cvode.memory, options.relative_tolerance, options.absolute_tolerance), "CVodeSStolerances");
  }
  cvode.matrix = SUNDenseMatrix(length, length, cvode.context);
  cvode.linear_solver = SUNLinSol_Dense(cvode.y, cvode.matrix, cvode.context);
  if (cvode.matrix == nullptr || cvode.linear_solver == nullptr) throw Error("CVODE: dense linear solver failed");
  check(CVodeSetLinearSolver(cvode.memory, cvode.linear_solver, cvode.matrix), "CVodeSetLinearSolver");
  if (system.has_jacobian()) check(CVodeSetJacFn(cvode.memory, jacobian_callback), "CVodeSetJacFn");
  check(CVodeSetMaxNumSteps(cvode.memory, options.max_steps), "CVodeSetMaxNumSteps");
  if (options.max_step > 0.0) check(CVodeSetMaxStep(cvode.memory, options.max_step), "CVodeSetMaxStep");
  if (options.initial_step > 0.0) check(CVodeSetInitStep(cvode.memory, options.initial_step), "CVodeSetInitStep");

  for (const double t_out : output_times) {
    sunrealtype t_reached = t0;
    const int flag = CVode(cvode.memory, t_out, cvode.y, &t_reached, CV_NORMAL);
    result.time_reached = t_reached;
    if (flag < 0) {
      result.statistics = statistics_of(cvode.memory);
      std::string why = !data.model_error.empty() ? data.model_error : data.cvode_error;
      result.message =
          fmt::format("CVODE stopped with {} at t = {:.6g} s (last step {:.3g} s); worst component: {}{}{}",
                      flag_name(flag), t_reached, result.statistics.last_step,
                      worst_component(cvode.memory, system, cvode.y), why.empty() ? "" : "; ", why);
      return result;
    }
    result.times.push_back(t_out);
    result.states.emplace_back(Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(cvode.y), length));
  }
  result.statistics = statistics_of(cvode.memory);
  result.success = true;
  return result;
}

}  // namespace hydrosim::solvers
