// A sweep across MPI ranks: rank 0 is the dispatcher and the only writer of the
// HDF5 file (serial HDF5); every other rank asks for a case, computes it and
// sends the result back with its next request, so fast ranks take more cases
// and a slow case never holds up the rest (dynamic load balancing). Rank 0
// also computes cases on one thread of its own between messages.
#include <mpi.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/sweep/Progress.h"
#include "hydrosim/sweep/Sweep.h"

namespace hydrosim::sweep {
namespace {

constexpr int kTagResult = 1;  // worker -> root: a result (or the first request)
constexpr int kTagWork = 2;    // root -> worker: the next row, or -1 to stop
constexpr std::int64_t kNoCase = -1;

void check(int status, std::string_view what) {
  if (status != MPI_SUCCESS) throw Error(fmt::format("MPI: {} failed", what));
}

// A result message: row (int64, kNoCase for the first request), status (int32),
// seconds (double), the outputs (doubles), then the message bytes.
std::vector<char> pack(std::int64_t row, const CaseResult& result) {
  const std::size_t size = 8 + 4 + 8 + 8 * result.outputs.size() + result.message.size();
  std::vector<char> bytes(size);
  char* p = bytes.data();
  const auto status = static_cast<std::int32_t>(result.status);
  std::memcpy(p, &row, 8);
  std::memcpy(p + 8, &status, 4);
  std::memcpy(p + 12, &result.seconds, 8);
  std::memcpy(p + 20, result.outputs.data(), 8 * result.outputs.size());
  std::memcpy(p + 20 + 8 * result.outputs.size(), result.message.data(), result.message.size());
  return bytes;
}

std::pair<std::int64_t, CaseResult> unpack(const std::vector<char>& bytes, std::size_t outputs) {
  if (bytes.size() < 20 + 8 * outputs) throw Error("MPI: truncated result message");
  std::int64_t row = 0;
  std::int32_t status = 0;
  CaseResult result;
  std::memcpy(&row, bytes.data(), 8);
  std::memcpy(&status, bytes.data() + 8, 4);
  std::memcpy(&result.seconds, bytes.data() + 12, 8);
  result.status = static_cast<CaseStatus>(status);
  result.outputs.resize(outputs);
  std::memcpy(result.outputs.data(), bytes.data() + 20, 8 * outputs);
  result.message.assign(bytes.data() + 20 + 8 * outputs, bytes.size() - 20 - 8 * outputs);
  return {row, std::move(result)};
}

struct MpiSession {
  MpiSession() {
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  }
  ~MpiSession() { MPI_Finalize(); }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

void worker_loop(const SweepPlan& plan) {
  CaseResult hello;
  hello.outputs.assign(plan.header.output_names.size(), 0.0);
  std::vector<char> message = pack(kNoCase, hello);
  while (true) {
    check(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, kTagResult, MPI_COMM_WORLD),
          "send a result");
    std::int64_t row = kNoCase;
    check(MPI_Recv(&row, 1, MPI_INT64_T, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "receive work");
    if (row == kNoCase) return;
    message = pack(row, plan.runner->run(plan.overrides(static_cast<std::size_t>(row))));
  }
}

SweepSummary root_loop(const SweepPlan& plan, SweepFile& file, const SweepOptions& options, int ranks) {
  SweepSummary summary;
  const std::vector<std::size_t> todo = pending_rows(file, summary);
  summary.workers = static_cast<std::size_t>(ranks);
  std::atomic<std::size_t> next{0};

  // Rank 0's own worker thread (no MPI calls: MPI_THREAD_FUNNELED).
  std::mutex mutex;
  std::deque<std::pair<std::size_t, CaseResult>> local;
  std::atomic<bool> local_running{true};
  std::thread local_worker([&] {
    while (true) {
      const std::size_t i = next.fetch_add(1);
      if (i >= todo.size()) break;
      CaseResult result = plan.runner->run(plan.overrides(todo[i]));
      const std::lock_guard lock(mutex);
      local.emplace_back(todo[i], std::move(result));
    }
    local_running = false;
  });

  Progress progress(summary.cases, summary.already_done, isatty(STDERR_FILENO) == 1, options.log_interval,
                    options.quiet);
  int active = ranks - 1;
  std::vector<std::pair<std::size_t, CaseResult>> batch;
  std::vector<char> buffer;
  const std::size_t outputs = plan.header.output_names.size();
  try {
    while (active > 0 || local_running || !local.empty()) {
      bool idle = true;
      int flag = 0;
      MPI_Status status;
      check(MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &flag, &status), "probe");
      if (flag != 0) {
        idle = false;
        int count = 0;
        MPI_Get_count(&status, MPI_BYTE, &count);
        buffer.resize(static_cast<std::size_t>(count));
        check(
            MPI_Recv(buffer.data(), count, MPI_BYTE, status.MPI_SOURCE, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
            "receive a result");
        auto [row, result] = unpack(buffer, outputs);
        const std::size_t i = next.fetch_add(1);
        const std::int64_t assignment = i < todo.size() ? static_cast<std::int64_t>(todo[i]) : kNoCase;
        check(MPI_Send(&assignment, 1, MPI_INT64_T, status.MPI_SOURCE, kTagWork, MPI_COMM_WORLD), "send work");
        if (assignment == kNoCase) --active;
        if (row != kNoCase) batch.emplace_back(static_cast<std::size_t>(row), std::move(result));
      }
      {
        const std::lock_guard lock(mutex);
        while (!local.empty()) {
          batch.push_back(std::move(local.front()));
          local.pop_front();
        }
      }
      if (!batch.empty()) {
        idle = false;
        file.record(batch);
        for (const auto& entry : batch) {
          ++summary.computed;
          if (entry.second.status != CaseStatus::kOk) ++summary.failed;
        }
        batch.clear();
      }
      progress.update(summary.computed, summary.failed);
      // Open MPI busy-polls; sleep briefly so the dispatcher leaves the core
      // to the computing threads.
      if (idle) std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  } catch (...) {
    next.store(todo.size());
    local_worker.join();
    throw;
  }
  local_worker.join();
  progress.finish(summary.computed, summary.failed);
  return summary;
}

}  // namespace

SweepSummary run_sweep_mpi(const SweepOptions& options, bool& is_root) {
  const auto start = std::chrono::steady_clock::now();
  const MpiSession session;
  int rank = 0;
  int ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  is_root = rank == 0;
  // Every rank reads the spec and the flowsheet (the same files, so the same
  // cases); only rank 0 opens the output. Its verdict is broadcast so that a
  // refused file stops every rank.
  std::optional<SweepPlan> plan;
  std::optional<SweepFile> file;
  std::string error;
  int ok = 1;
  try {
    plan.emplace(plan_sweep(options));
    if (rank == 0) file.emplace(open_output(*plan, options));
  } catch (const std::exception& e) {
    ok = 0;
    error = e.what();
  }
  int all_ok = 0;
  check(MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD), "agree on the start");
  if (all_ok == 0) {
    if (rank == 0) {
      if (ok == 0) throw InputError(error);
      throw InputError("a worker rank could not read the sweep spec or the flowsheet");
    }
    return {};
  }
  if (rank != 0) {
    worker_loop(*plan);
    return {};
  }
  SweepSummary summary;
  try {
    summary = root_loop(*plan, *file, options, ranks);
  } catch (const std::exception& e) {
    // The workers wait for work that will not come: report and stop them all
    // (every finished case is already flushed to the file).
    fmt::print(stderr, "error: {}\n", e.what());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace hydrosim::sweep
