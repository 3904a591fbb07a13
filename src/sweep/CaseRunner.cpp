#include "hydrosim/sweep/CaseRunner.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "hydrosim/core/Error.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/sweep/OutputPaths.h"

namespace hydrosim::sweep {

std::string to_string(CaseStatus status) {
  switch (status) {
    case CaseStatus::kPending: return "pending";
    case CaseStatus::kOk: return "ok";
    case CaseStatus::kSolveFailed: return "solve failed";
    case CaseStatus::kInvalidInput: return "invalid input";
  }
  return "?";
}

CaseRunner::CaseRunner(std::filesystem::path flowsheet, std::filesystem::path data_dir,
                       std::shared_ptr<const thermo::Database> database, std::vector<std::string> outputs)
    : flowsheet_(std::move(flowsheet)),
      data_dir_(std::move(data_dir)),
      database_(std::move(database)),
      outputs_(std::move(outputs)) {}

template <typename Read>
auto CaseRunner::solve_case(const std::vector<std::string>& overrides, Read&& read) const {
  io::LoadOptions options;
  options.overrides = overrides;
  options.data_dir = data_dir_;
  options.database = database_;
  flowsheet::Flowsheet plant = io::load_flowsheet(flowsheet_, options);
  const flowsheet::SolvedFlowsheet solved = flowsheet::solve(plant);
  const flowsheet::Results results = flowsheet::compute_results(plant, solved);
  return read(CaseView{plant, solved, results});
}

std::vector<std::string> CaseRunner::validate(const std::vector<std::string>& overrides) const {
  return solve_case(overrides, [&](const CaseView& view) {
    std::vector<std::string> units;
    for (const auto& path : outputs_) units.push_back(output_units(view, path));
    return units;
  });
}

CaseResult CaseRunner::run(const std::vector<std::string>& overrides) const {
  const auto start = std::chrono::steady_clock::now();
  CaseResult result;
  result.outputs.assign(outputs_.size(), std::numeric_limits<double>::quiet_NaN());
  try {
    solve_case(overrides, [&](const CaseView& view) {
      for (std::size_t k = 0; k < outputs_.size(); ++k) result.outputs[k] = output_value(view, outputs_[k]);
      return 0;
    });
    result.status = CaseStatus::kOk;
  } catch (const InputError& error) {
    result.status = CaseStatus::kInvalidInput;
    result.message = error.what();
  } catch (const std::exception& error) {
    // SolveError and anything a unit throws: the case failed, the sweep goes on.
    result.status = CaseStatus::kSolveFailed;
    result.message = error.what();
  }
  if (result.status != CaseStatus::kOk)
    result.outputs.assign(outputs_.size(), std::numeric_limits<double>::quiet_NaN());
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace hydrosim::sweep
