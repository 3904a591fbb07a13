#pragma once
// One case of a sweep: load the flowsheet with the case's --set overrides,
// solve it, compute the results and read the outputs by path. Each case owns
// its Flowsheet; the species database is loaded once and shared read-only, so
// cases may run concurrently on any number of threads.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hydrosim/thermo/Database.h"

namespace hydrosim::sweep {

// Stored in /sweep/status; 0 is the fill value of a fresh file.
enum class CaseStatus : int { kPending = 0, kOk = 1, kSolveFailed = 2, kInvalidInput = 3 };
std::string to_string(CaseStatus status);

struct CaseResult {
  CaseStatus status = CaseStatus::kPending;
  std::vector<double> outputs;  // NaN where not computed
  std::string message;          // why it failed; empty when ok
  double seconds = 0.0;         // wall time of this case
};

class CaseRunner {
 public:
  CaseRunner(std::filesystem::path flowsheet, std::filesystem::path data_dir,
             std::shared_ptr<const thermo::Database> database, std::vector<std::string> outputs);

  // Never throws for a case-level problem: a solve failure or an input the
  // case's values make invalid is returned with its status and message.
  CaseResult run(const std::vector<std::string>& overrides) const;

  // Solves one case and checks every output path, returning the SI unit of
  // each; throws InputError (bad override path or output path) or SolveError.
  std::vector<std::string> validate(const std::vector<std::string>& overrides) const;

  const std::shared_ptr<const thermo::Database>& database() const { return database_; }

 private:
  // Loads the flowsheet with the case's overrides, solves it and hands the
  // solved case to `read`.
  template <typename Read>
  auto solve_case(const std::vector<std::string>& overrides, Read&& read) const;

  std::filesystem::path flowsheet_;
  std::filesystem::path data_dir_;
  std::shared_ptr<const thermo::Database> database_;
  std::vector<std::string> outputs_;
};

}  // namespace hydrosim::sweep
