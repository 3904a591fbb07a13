#include "hydrosim/solvers/DaeSolver.h"

#include <ida/ida.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <cstdlib>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::solvers {
namespace {

struct CallbackData {
  DaeSystem* system = nullptr;
  Eigen::VectorXd y;
  Eigen::VectorXd yp;
  Eigen::VectorXd f;
  Eigen::MatrixXd matrix;
  std::string model_error;
  std::string ida_error;
};

// IDA return codes: 0 ok, > 0 recoverable, < 0 fatal.
int residual_callback(sunrealtype t, N_Vector y, N_Vector yp, N_Vector r, void* user_data) {
  auto* data = static_cast<CallbackData*>(user_data);
  const auto n = static_cast<Eigen::Index>(NV_LENGTH_S(y));
  try {
    data->y = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(y), n);
    data->yp = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(yp), n);
    const int flag = data->system->residual(t, data->y, data->yp, data->f);
    if (flag != 0) return flag;
    if (!data->f.allFinite()) return 1;
    Eigen::Map<Eigen::VectorXd>(NV_DATA_S(r), n) = data->f;
    return 0;
  } catch (const std::exception& error) {
    data->model_error = error.what();
    return -1;
  } catch (...) {
    data->model_error = "unknown exception in the residual";
    return -1;
  }
}

int jacobian_callback(sunrealtype t, sunrealtype cj, N_Vector y, N_Vector yp, N_Vector /*r*/, SUNMatrix matrix,
                      void* user_data, N_Vector /*tmp1*/, N_Vector /*tmp2*/, N_Vector /*tmp3*/) {
  auto* data = static_cast<CallbackData*>(user_data);
  const auto n = static_cast<Eigen::Index>(NV_LENGTH_S(y));
  try {
    data->y = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(y), n);
    data->yp = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(yp), n);
    data->matrix.setZero(n, n);
    const int flag = data->system->jacobian(t, cj, data->y, data->yp, data->matrix);
    if (flag != 0) return flag;
    if (!data->matrix.allFinite()) return 1;
    Eigen::Map<Eigen::MatrixXd>(SUNDenseMatrix_Data(matrix), n, n) = data->matrix;
    return 0;
  } catch (const std::exception& error) {
    data->model_error = error.what();
    return -1;
  } catch (...) {
    data->model_error = "unknown exception in the Jacobian";
    return -1;
  }
}

void error_handler(int /*code*/, const char* /*module*/, const char* function, char* message, void* user_data) {
  static_cast<CallbackData*>(user_data)->ida_error = fmt::format("{}: {}", function, message);
}

void check(int flag, const char* call) {
  if (flag < 0) throw Error(fmt::format("IDA: {} failed with flag {}", call, flag));
}

std::string flag_name(int flag) {
  char* name = IDAGetReturnFlagName(flag);
  std::string text = name != nullptr ? name : fmt::format("flag {}", flag);
  std::free(name);
  return text;
}

struct Ida {
  SUNContext context = nullptr;
  N_Vector y = nullptr;
  N_Vector yp = nullptr;
  N_Vector id = nullptr;
  SUNMatrix matrix = nullptr;
  SUNLinearSolver linear_solver = nullptr;
  void* memory = nullptr;
  ~Ida() {
    if (memory != nullptr) IDAFree(&memory);
    if (linear_solver != nullptr) SUNLinSolFree(linear_solver);
    if (matrix != nullptr) SUNMatDestroy(matrix);
    if (id != nullptr) N_VDestroy(id);
    if (yp != nullptr) N_VDestroy(yp);
    if (y != nullptr) N_VDestroy(y);
    if (context != nullptr) SUNContext_Free(&context);
  }
};

DaeStatistics statistics_of(void* memory) {
  DaeStatistics s;
  IDAGetNumSteps(memory, &s.steps);
  IDAGetNumResEvals(memory, &s.residual_evaluations);
  IDAGetNumJacEvals(memory, &s.jacobian_evaluations);
  IDAGetNumErrTestFails(memory, &s.error_test_failures);
  IDAGetNumNonlinSolvIters(memory, &s.nonlinear_iterations);
  IDAGetNumNonlinSolvConvFails(memory, &s.nonlinear_convergence_failures);
  IDAGetLastStep(memory, &s.last_step);
  return s;
}

}  // namespace

DaeResult integrate_dae(DaeSystem& system, double t0, const Eigen::VectorXd& y0, const Eigen::VectorXd& yp0,
                        const std::vector<double>& output_times, const DaeOptions& options) {
  const auto n = static_cast<Eigen::Index>(system.size());
  if (y0.size() != n || yp0.size() != n) throw Error("integrate_dae: initial state of the wrong size");
  DaeResult result;
  result.time_reached = t0;
  Ida ida;
  CallbackData data;
  data.system = &system;
  data.f.resize(n);
  check(SUNContext_Create(nullptr, &ida.context), "SUNContext_Create");
  ida.y = N_VNew_Serial(static_cast<sunindextype>(n), ida.context);
  ida.yp = N_VNew_Serial(static_cast<sunindextype>(n), ida.context);
  ida.id = N_VNew_Serial(static_cast<sunindextype>(n), ida.context);
  ida.matrix = SUNDenseMatrix(static_cast<sunindextype>(n), static_cast<sunindextype>(n), ida.context);
  ida.linear_solver = SUNLinSol_Dense(ida.y, ida.matrix, ida.context);
  ida.memory = IDACreate(ida.context);
  if (!ida.y || !ida.yp || !ida.id || !ida.matrix || !ida.linear_solver || !ida.memory) {
    throw Error("IDA: out of memory");
  }
  Eigen::Map<Eigen::VectorXd>(NV_DATA_S(ida.y), n) = y0;
  Eigen::Map<Eigen::VectorXd>(NV_DATA_S(ida.yp), n) = yp0;
  Eigen::Map<Eigen::VectorXd>(NV_DATA_S(ida.id), n) = system.differential();
  check(IDAInit(ida.memory, residual_callback, t0, ida.y, ida.yp), "IDAInit");
  check(IDASetUserData(ida.memory, &data), "IDASetUserData");
  check(IDASetErrHandlerFn(ida.memory, error_handler, &data), "IDASetErrHandlerFn");
  check(IDASStolerances(ida.memory, options.relative_tolerance, options.absolute_tolerance), "IDASStolerances");
  check(IDASetLinearSolver(ida.memory, ida.linear_solver, ida.matrix), "IDASetLinearSolver");
  if (system.has_jacobian()) check(IDASetJacFn(ida.memory, jacobian_callback), "IDASetJacFn");
  check(IDASetId(ida.memory, ida.id), "IDASetId");
  check(IDASetMaxNumSteps(ida.memory, options.max_steps), "IDASetMaxNumSteps");
  auto failure = [&](int flag, const char* what) {
    result.statistics = statistics_of(ida.memory);
    result.message = fmt::format("IDA {} failed at t = {:.6g} s: {}{}{}", what, result.time_reached, flag_name(flag),
                                 data.ida_error.empty() ? "" : " — " + data.ida_error,
                                 data.model_error.empty() ? "" : " (model: " + data.model_error + ")");
    return result;
  };
  if (options.consistent_initial_condition && !output_times.empty()) {
    const int flag = IDACalcIC(ida.memory, IDA_YA_YDP_INIT, output_times.front());
    if (flag < 0) return failure(flag, "initial condition (IDACalcIC)");
  }
  for (const double t_out : output_times) {
    sunrealtype t = result.time_reached;
    const int flag = IDASolve(ida.memory, t_out, &t, ida.y, ida.yp, IDA_NORMAL);
    result.time_reached = t;
    if (flag < 0) return failure(flag, "step");
    result.times.push_back(t);
    result.states.emplace_back(Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(ida.y), n));
  }
  result.success = true;
  result.statistics = statistics_of(ida.memory);
  return result;
}

}  // namespace hydrosim::solvers
