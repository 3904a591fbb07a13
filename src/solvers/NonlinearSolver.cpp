#include "hydrosim/solvers/NonlinearSolver.h"

#include <kinsol/kinsol.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::solvers {
namespace {

// What a callback needs: the model and scratch vectors (no allocation per call).
struct CallbackData {
  NonlinearSystem* system = nullptr;
  Eigen::VectorXd x;
  Eigen::VectorXd f;
  Eigen::MatrixXd jacobian;
};

// KINSOL return codes: 0 ok, > 0 recoverable (step is cut), < 0 fatal.
int residual_callback(N_Vector u, N_Vector fu, void* user_data) {
  auto* data = static_cast<CallbackData*>(user_data);
  const auto n = static_cast<Eigen::Index>(NV_LENGTH_S(u));
  try {
    data->x = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(u), n);
    if (!data->system->residual(data->x, data->f)) return 1;
    if (!data->f.allFinite()) return 1;
    Eigen::Map<Eigen::VectorXd>(NV_DATA_S(fu), n) = data->f;
    return 0;
  } catch (...) {
    return -1;
  }
}

int jacobian_callback(N_Vector u, N_Vector /*fu*/, SUNMatrix jacobian, void* user_data, N_Vector /*tmp1*/,
                      N_Vector /*tmp2*/) {
  auto* data = static_cast<CallbackData*>(user_data);
  const auto n = static_cast<Eigen::Index>(NV_LENGTH_S(u));
  try {
    data->x = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(u), n);
    if (!data->system->jacobian(data->x, data->jacobian)) return 1;
    if (!data->jacobian.allFinite()) return 1;
    // SUNDIALS dense matrices are column-major, like Eigen's default.
    Eigen::Map<Eigen::MatrixXd>(SUNDenseMatrix_Data(jacobian), n, n) = data->jacobian;
    return 0;
  } catch (...) {
    return -1;
  }
}

void silent_error_handler(int, const char*, const char*, char*, void*) {}

void check(int flag, const char* call) {
  if (flag < 0) throw Error(fmt::format("KINSOL: {} failed with flag {}", call, flag));
}

}  // namespace

struct NonlinearSolver::Impl {
  SUNContext context = nullptr;
  N_Vector u = nullptr;
  N_Vector scale = nullptr;
  SUNMatrix matrix = nullptr;
  SUNLinearSolver linear_solver = nullptr;
  void* kinsol = nullptr;
  CallbackData data;

  ~Impl() {
    if (kinsol != nullptr) KINFree(&kinsol);
    if (linear_solver != nullptr) SUNLinSolFree(linear_solver);
    if (matrix != nullptr) SUNMatDestroy(matrix);
    if (scale != nullptr) N_VDestroy(scale);
    if (u != nullptr) N_VDestroy(u);
    if (context != nullptr) SUNContext_Free(&context);
  }
};

NonlinearSolver::NonlinearSolver(std::size_t size) : size_(size), impl_(std::make_unique<Impl>()) {
  const auto n = static_cast<sunindextype>(size);
  check(SUNContext_Create(nullptr, &impl_->context), "SUNContext_Create");
  impl_->u = N_VNew_Serial(n, impl_->context);
  impl_->scale = N_VNew_Serial(n, impl_->context);
  impl_->matrix = SUNDenseMatrix(n, n, impl_->context);
  impl_->linear_solver = SUNLinSol_Dense(impl_->u, impl_->matrix, impl_->context);
  impl_->kinsol = KINCreate(impl_->context);
  if (!impl_->u || !impl_->scale || !impl_->matrix || !impl_->linear_solver || !impl_->kinsol) {
    throw Error("KINSOL: out of memory creating the nonlinear solver");
  }
  N_VConst(1.0, impl_->scale);
  check(KINInit(impl_->kinsol, residual_callback, impl_->u), "KINInit");
  check(KINSetLinearSolver(impl_->kinsol, impl_->linear_solver, impl_->matrix), "KINSetLinearSolver");
  check(KINSetJacFn(impl_->kinsol, jacobian_callback), "KINSetJacFn");
  check(KINSetUserData(impl_->kinsol, &impl_->data), "KINSetUserData");
  // A true Newton method: refresh the Jacobian at every iteration (KINSOL's
  // default reuses it for 10 iterations).
  check(KINSetMaxSetupCalls(impl_->kinsol, 1), "KINSetMaxSetupCalls");
  check(KINSetErrHandlerFn(impl_->kinsol, silent_error_handler, nullptr), "KINSetErrHandlerFn");
  impl_->data.f.resize(static_cast<Eigen::Index>(size));
  impl_->data.jacobian.resize(static_cast<Eigen::Index>(size), static_cast<Eigen::Index>(size));
}

NonlinearSolver::~NonlinearSolver() = default;

NonlinearSolverResult NonlinearSolver::solve(NonlinearSystem& system, Eigen::VectorXd& x,
                                             const NonlinearSolverOptions& options) {
  if (static_cast<std::size_t>(x.size()) != size_) throw Error("NonlinearSolver: wrong initial-guess size");
  impl_->data.system = &system;
  const auto n = static_cast<Eigen::Index>(size_);
  Eigen::Map<Eigen::VectorXd>(NV_DATA_S(impl_->u), n) = x;
  check(KINSetFuncNormTol(impl_->kinsol, options.residual_tolerance), "KINSetFuncNormTol");
  check(KINSetScaledStepTol(impl_->kinsol, options.step_tolerance), "KINSetScaledStepTol");
  check(KINSetNumMaxIters(impl_->kinsol, options.max_iterations), "KINSetNumMaxIters");
  const int flag =
      KINSol(impl_->kinsol, impl_->u, options.line_search ? KIN_LINESEARCH : KIN_NONE, impl_->scale, impl_->scale);
  x = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(impl_->u), n);

  NonlinearSolverResult result;
  long iterations = 0;
  long evaluations = 0;
  KINGetNumNonlinSolvIters(impl_->kinsol, &iterations);
  KINGetNumFuncEvals(impl_->kinsol, &evaluations);
  result.iterations = static_cast<int>(iterations);
  result.residual_evaluations = evaluations;
  // Judge convergence ourselves from the residual at the returned point:
  // KINSOL's KIN_STEP_LT_STPTOL can mean either "converged" or "stuck".
  Eigen::VectorXd f(n);
  const bool inside = system.residual(x, f) && f.allFinite();
  result.residual_norm = inside ? f.cwiseAbs().maxCoeff() : std::numeric_limits<double>::infinity();
  result.converged = inside && result.residual_norm <= options.residual_tolerance * 10.0;
  char* name = KINGetReturnFlagName(flag);
  result.message =
      fmt::format("{} after {} iterations, residual {:.3e}", name, result.iterations, result.residual_norm);
  free(name);
  return result;
}

}  // namespace hydrosim::solvers
