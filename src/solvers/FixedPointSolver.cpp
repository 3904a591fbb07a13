#include "hydrosim/solvers/FixedPointSolver.h"

#include <exception>

#include <kinsol/kinsol.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::solvers {
namespace {

struct CallbackData {
  FixedPointMap* map = nullptr;
  Eigen::VectorXd x;
  Eigen::VectorXd g;
  Eigen::VectorXd accepted;
  bool converged = false;
  bool restart = false;
  int evaluations = 0;
  std::exception_ptr error;
};

// The map's kConverged and kRestart and its exceptions all stop KINSOL through its fatal
// return code (-1); solve_fixed_point then tells them apart from the data.
int fixed_point_callback(N_Vector u, N_Vector gu, void* user_data) {
  auto* data = static_cast<CallbackData*>(user_data);
  const auto n = static_cast<Eigen::Index>(NV_LENGTH_S(u));
  try {
    data->x = Eigen::Map<const Eigen::VectorXd>(NV_DATA_S(u), n);
    ++data->evaluations;
    const FixedPointStep step = data->map->apply(data->x, data->g);
    if (step == FixedPointStep::kConverged) {
      data->converged = true;
      data->accepted = data->x;
      return -1;
    }
    if (step == FixedPointStep::kRestart) {
      data->restart = true;
      return -1;
    }
    if (!data->g.allFinite()) throw Error("fixed-point map returned a non-finite value");
    Eigen::Map<Eigen::VectorXd>(NV_DATA_S(gu), n) = data->g;
    return 0;
  } catch (...) {
    data->error = std::current_exception();
    return -1;
  }
}

void silent_error_handler(int, const char*, const char*, char*, void*) {}

void check(int flag, const char* call) {
  if (flag < 0) throw Error(fmt::format("KINSOL: {} failed with flag {}", call, flag));
}

// Owns the SUNDIALS objects of one solve.
struct KinsolFixedPoint {
  SUNContext context = nullptr;
  N_Vector u = nullptr;
  N_Vector scale = nullptr;
  void* kinsol = nullptr;

  ~KinsolFixedPoint() {
    if (kinsol != nullptr) KINFree(&kinsol);
    if (scale != nullptr) N_VDestroy(scale);
    if (u != nullptr) N_VDestroy(u);
    if (context != nullptr) SUNContext_Free(&context);
  }
};

}  // namespace

FixedPointResult solve_fixed_point(FixedPointMap& map, Eigen::VectorXd& x, const FixedPointOptions& options) {
  if (options.max_evaluations < 1) throw Error("solve_fixed_point: max_evaluations must be at least 1");
  if (options.anderson_depth < 0) throw Error("solve_fixed_point: anderson_depth must not be negative");
  if (options.delay < 0) throw Error("solve_fixed_point: delay must not be negative");
  if (!(options.damping > 0.0 && options.damping <= 1.0)) throw Error("solve_fixed_point: damping must be in (0, 1]");
  const auto n = static_cast<sunindextype>(x.size());
  KinsolFixedPoint solver;
  check(SUNContext_Create(nullptr, &solver.context), "SUNContext_Create");
  solver.u = N_VNew_Serial(n, solver.context);
  solver.scale = N_VNew_Serial(n, solver.context);
  solver.kinsol = KINCreate(solver.context);
  if (!solver.u || !solver.scale || !solver.kinsol)
    throw Error("KINSOL: out of memory creating the fixed-point solver");
  N_VConst(1.0, solver.scale);
  Eigen::Map<Eigen::VectorXd>(NV_DATA_S(solver.u), x.size()) = x;

  CallbackData data;
  data.map = &map;
  data.g.resize(x.size());
  // The Anderson depth must be set before KINInit allocates its workspace.
  check(KINSetMAA(solver.kinsol, options.anderson_depth), "KINSetMAA");
  check(KINInit(solver.kinsol, fixed_point_callback, solver.u), "KINInit");
  check(KINSetUserData(solver.kinsol, &data), "KINSetUserData");
  check(KINSetDampingAA(solver.kinsol, options.damping), "KINSetDampingAA");
  check(KINSetDelayAA(solver.kinsol, options.delay), "KINSetDelayAA");
  check(KINSetNumMaxIters(solver.kinsol, options.max_evaluations), "KINSetNumMaxIters");
  // KINSOL's own test must never fire before the map's: the map decides.
  check(KINSetFuncNormTol(solver.kinsol, 1e-300), "KINSetFuncNormTol");
  check(KINSetErrHandlerFn(solver.kinsol, silent_error_handler, nullptr), "KINSetErrHandlerFn");
  const int flag = KINSol(solver.kinsol, solver.u, KIN_FP, solver.scale, solver.scale);
  if (data.error) std::rethrow_exception(data.error);

  FixedPointResult result;
  result.evaluations = data.evaluations;
  result.converged = data.converged;
  result.restart = data.restart;
  if (data.converged) {
    x = data.accepted;
  } else {
    x = data.x;
    char* name = KINGetReturnFlagName(flag);
    result.message = fmt::format("{} after {} evaluations", name, data.evaluations);
    free(name);
  }
  return result;
}

}  // namespace hydrosim::solvers
