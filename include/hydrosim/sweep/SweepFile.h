#pragma once
// The HDF5 file of a sweep (layout: docs/sweeps.md). Datasets are created at
// their final size with every chunk allocated up front, so that recording a
// finished case only writes raw data: after each flush the file is complete
// and valid, and a process killed at any moment leaves a readable file whose
// status array says exactly which cases are done.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hydrosim/sweep/CaseRunner.h"
#include "hydrosim/sweep/Sampling.h"

namespace hydrosim::sweep {

struct SweepHeader {
  std::string identity;  // hex fingerprint of spec, flowsheet and thermo data
  std::string method;
  std::uint64_t seed = 0;
  std::uint64_t samples = 0;
  std::uint64_t total_cases = 0;  // in the whole sweep
  std::uint64_t shard_index = 0;  // this file holds shard shard_index of shard_count
  std::uint64_t shard_count = 1;
  std::string spec_text;  // the spec file, for provenance
  std::string spec_path;
  std::string flowsheet_path;
  std::vector<std::string> parameter_names;
  std::vector<std::string> parameter_units;
  std::vector<std::string> output_names;
  std::vector<std::string> output_units;
  std::vector<std::int64_t> cases;  // global case indices of the rows, ascending
  Design parameters;                // [row, parameter]
};

// Rows of messages are fixed-length strings (no heap metadata changes after
// creation); longer messages are truncated.
constexpr std::size_t kMessageLength = 512;

class SweepFile {
 public:
  // Creates the file; an existing file is refused unless `overwrite`.
  static SweepFile create(const std::filesystem::path& path, const SweepHeader& header, bool overwrite);
  // Opens an existing sweep file for --resume; refuses (InputError with the
  // reason) a file that is not a hydrosim sweep file, is damaged, or belongs
  // to another sweep or shard than `expected`.
  static SweepFile resume(const std::filesystem::path& path, const SweepHeader& expected);
  // Opens any sweep file read-only (for merge).
  static SweepFile read(const std::filesystem::path& path);

  SweepFile(SweepFile&&) noexcept;
  SweepFile& operator=(SweepFile&&) noexcept;
  ~SweepFile();

  const SweepHeader& header() const;
  // The status of every row.
  std::vector<CaseStatus> statuses() const;
  // This invocation's number (1 for the first run, 2 for the first resume...).
  int run_number() const;

  // Records finished cases: writes their outputs, messages and times, flushes,
  // then marks them done in /sweep/status and flushes again, so a row is
  // never marked done before its data is on disk.
  void record(const std::vector<std::pair<std::size_t, CaseResult>>& rows);

  // Row data for merging.
  std::vector<double> outputs(std::size_t row) const;
  CaseResult result(std::size_t row) const;
  int run_of(std::size_t row) const;

  const std::filesystem::path& path() const;

 private:
  struct State;
  explicit SweepFile(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

struct MergeSummary {
  std::size_t finished = 0;     // cases with a result (ok or failed)
  std::size_t rows = 0;         // cases in the merged file
  std::size_t total_cases = 0;  // cases of the whole sweep
};

// Combines shard files of one sweep into `output`; refuses files of different
// sweeps.
MergeSummary merge_sweep_files(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& output,
                               bool overwrite);

}  // namespace hydrosim::sweep
