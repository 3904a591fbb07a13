#pragma once
// Running a sweep: on a local thread pool (run_sweep_local), across MPI ranks
// (run_sweep_mpi, in MpiSweep.cpp), or one shard of it (Slurm job arrays).
// Every mode computes a case from its index alone, so results do not depend
// on the number of threads, ranks or shards.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hydrosim/sweep/CaseRunner.h"
#include "hydrosim/sweep/Spec.h"
#include "hydrosim/sweep/SweepFile.h"

namespace hydrosim::sweep {

struct SweepOptions {
  std::filesystem::path spec;      // may be empty when `additions` define the sweep
  SpecAdditions additions;         // from the command line
  std::filesystem::path output;    // empty: <spec stem>.h5, or <stem>.shard-<i>-of-<N>.h5
  std::filesystem::path data_dir;  // empty: the default thermo-data directory
  unsigned jobs = 0;               // worker threads; 0: all cores
  std::size_t shard_index = 0;     // 0-based
  std::size_t shard_count = 1;
  bool resume = false;
  bool overwrite = false;
  bool quiet = false;
  double log_interval = 10.0;  // seconds between log lines when stderr is not a terminal
};

struct SweepSummary {
  std::filesystem::path output;
  std::size_t cases = 0;         // rows of this file (the shard)
  std::size_t already_done = 0;  // finished before this run (--resume)
  std::size_t computed = 0;      // this run
  std::size_t failed = 0;        // of those computed
  std::size_t workers = 0;
  double seconds = 0.0;
};

// What every process of a sweep knows: the spec, the cases of this shard and
// their parameter values, the file header, the case runner.
struct SweepPlan {
  SweepSpec spec;
  SweepHeader header;
  std::unique_ptr<CaseRunner> runner;
  std::vector<std::string> overrides(std::size_t row) const;
};

// Parses "i/N" (0 <= i < N).
void parse_shard(const std::string& text, std::size_t& index, std::size_t& count);

SweepPlan plan_sweep(const SweepOptions& options);

// Rank-0/local part: checks the outputs on one case (their units go into the
// file) and creates, resumes or refuses the output file.
SweepFile open_output(SweepPlan& plan, const SweepOptions& options);

// The rows still to compute, and a summary started with what the file holds
// (shared by the thread-pool and the MPI drivers).
std::vector<std::size_t> pending_rows(const SweepFile& file, SweepSummary& summary);

SweepSummary run_sweep_local(const SweepOptions& options);

// True when this process was started by mpirun with more than one rank
// (Open MPI's OMPI_COMM_WORLD_SIZE, or PMI_SIZE of MPICH/Slurm launchers).
bool launched_by_mpi();
SweepSummary run_sweep_mpi(const SweepOptions& options, bool& is_root);

// Solves the first case of the sweep and lists every valid output path.
std::vector<std::string> list_output_paths(const SweepOptions& options);

std::string format_summary(const SweepSummary& summary);

}  // namespace hydrosim::sweep
