#include "hydrosim/sweep/Sweep.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/core/Text.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/sweep/OutputPaths.h"
#include "hydrosim/sweep/Progress.h"

namespace hydrosim::sweep {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path default_output(const SweepOptions& options) {
  const std::string stem =
      options.spec.empty() ? options.additions.flowsheet.stem().string() + "_sweep" : options.spec.stem().string();
  if (options.shard_count > 1)
    return fmt::format("{}.shard-{}-of-{}.h5", stem, options.shard_index, options.shard_count);
  return stem + ".h5";
}

}  // namespace

void parse_shard(const std::string& text, std::size_t& index, std::size_t& count) {
  const auto slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("");
    std::size_t used = 0;
    index = std::stoul(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("");
    count = std::stoul(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw InputError(fmt::format("--shard {}: expected i/N, e.g. --shard 0/4 (i from 0 to N-1)", text));
  }
  if (count == 0 || index >= count) {
    throw InputError(fmt::format("--shard {}: the shard index must be from 0 to {}", text, count == 0 ? 0 : count - 1));
  }
}

std::vector<std::string> SweepPlan::overrides(std::size_t row) const {
  return spec.overrides(&header.parameters.data[row * header.parameters.columns]);
}

SweepPlan plan_sweep(const SweepOptions& options) {
  SweepPlan plan;
  plan.spec = load_spec(options.spec, options.additions);
  const SweepSpec& spec = plan.spec;
  const std::size_t total = spec.case_count();
  if (options.shard_count > total) {
    throw InputError(
        fmt::format("--shard {}/{}: the sweep has only {} cases", options.shard_index, options.shard_count, total));
  }
  // The species database is read once and shared by every case.
  const auto data_dir = options.data_dir;
  io::LoadOptions load;
  load.overrides = spec.fixed;
  load.data_dir = data_dir;
  const flowsheet::Flowsheet base = io::load_flowsheet(spec.flowsheet, load);
  plan.runner = std::make_unique<CaseRunner>(spec.flowsheet, data_dir, base.database, spec.outputs);

  SweepHeader& h = plan.header;
  const std::uint64_t identity = fnv1a_64(spec.canonical(), fnv1a_64(base.text, base.database->content_hash()));
  h.identity = fmt::format("{:016x}", identity);
  h.method = to_string(spec.method);
  h.seed = spec.seed;
  h.samples = spec.samples;
  h.total_cases = total;
  h.shard_index = options.shard_index;
  h.shard_count = options.shard_count;
  h.spec_text = options.spec.empty() ? "" : read_text(options.spec);
  const auto& cli = options.additions;
  if (!cli.empty()) {
    // The command line's part of the sweep, kept with the file's text.
    h.spec_text += "\n# command line:";
    if (!cli.flowsheet.empty()) h.spec_text += " --flowsheet " + cli.flowsheet.string();
    for (const auto& o : cli.fixed) h.spec_text += " --set " + o;
    for (const auto& o : cli.vary) h.spec_text += " --vary " + o;
    for (const auto& o : cli.collect) h.spec_text += " --collect " + o;
    if (cli.method) h.spec_text += " --method " + *cli.method;
    if (cli.samples) h.spec_text += fmt::format(" --cases/--base {}", *cli.samples);
    if (cli.seed) h.spec_text += fmt::format(" --seed {}", *cli.seed);
    h.spec_text += "\n";
  }
  h.spec_path = options.spec.string();
  h.flowsheet_path = spec.flowsheet.string();
  for (const auto& parameter : spec.parameters) {
    h.parameter_names.push_back(parameter.path);
    h.parameter_units.push_back(parameter.unit.empty() ? "1" : parameter.unit);
  }
  h.output_names = spec.outputs;
  h.output_units.assign(spec.outputs.size(), "?");
  // Shard i of N: the contiguous block of cases [i n / N, (i + 1) n / N).
  const std::size_t first = options.shard_index * total / options.shard_count;
  const std::size_t last = (options.shard_index + 1) * total / options.shard_count;
  const Design all = spec.parameter_values();
  h.parameters = Design{last - first, all.columns, {}};
  h.parameters.data.assign(all.data.begin() + static_cast<long>(first * all.columns),
                           all.data.begin() + static_cast<long>(last * all.columns));
  for (std::size_t i = first; i < last; ++i) h.cases.push_back(static_cast<std::int64_t>(i));
  return plan;
}

SweepFile open_output(SweepPlan& plan, const SweepOptions& options) {
  const std::filesystem::path output = options.output.empty() ? default_output(options) : options.output;
  if (options.resume && options.overwrite) throw InputError("--resume and --overwrite exclude each other");
  if (options.resume && !std::filesystem::exists(output)) {
    throw InputError(
        fmt::format("--resume {}: no such file; run without --resume to start the sweep", output.string()));
  }
  if (!options.resume && std::filesystem::exists(output) && !options.overwrite) {
    throw InputError(
        fmt::format("-o {}: the file exists; pass --resume to continue that sweep or --overwrite to "
                    "replace it",
                    output.string()));
  }
  // Check the parameter and output paths on the first case that solves: a
  // typo stops the sweep before it starts. The outputs' units go into the file.
  SweepHeader& h = plan.header;
  for (std::size_t row = 0; row < std::min<std::size_t>(h.cases.size(), 5); ++row) {
    try {
      h.output_units = plan.runner->validate(plan.overrides(row));
      break;
    } catch (const InputError& error) {
      throw InputError(fmt::format("case {}: {}", h.cases[row], error.what()));
    } catch (const std::exception&) {  // this case does not solve; try the next to check the outputs
    }
  }
  if (options.resume) {
    // The units are not part of the identity; take them from the file.
    SweepHeader expected = h;
    {
      const SweepFile existing = SweepFile::read(output);
      expected.output_units = existing.header().output_units;
    }
    SweepFile file = SweepFile::resume(output, expected);
    return file;
  }
  return SweepFile::create(output, h, options.overwrite);
}

std::vector<std::size_t> pending_rows(const SweepFile& file, SweepSummary& summary) {
  const auto statuses = file.statuses();
  std::vector<std::size_t> todo;
  for (std::size_t row = 0; row < statuses.size(); ++row) {
    if (statuses[row] == CaseStatus::kPending) todo.push_back(row);
  }
  summary.output = file.path();
  summary.cases = statuses.size();
  summary.already_done = statuses.size() - todo.size();
  return todo;
}

SweepSummary run_sweep_local(const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  SweepPlan plan = plan_sweep(options);
  SweepFile file = open_output(plan, options);
  SweepSummary summary;
  const std::vector<std::size_t> todo = pending_rows(file, summary);
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const unsigned jobs = options.jobs == 0 ? cores : options.jobs;
  summary.workers = std::min<std::size_t>(jobs, std::max<std::size_t>(todo.size(), 1));

  // Workers take the next case from a shared counter (dynamic load balancing);
  // only this thread touches the HDF5 file.
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::pair<std::size_t, CaseResult>> finished;
  std::size_t running = summary.workers;
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < summary.workers; ++w) {
    workers.emplace_back([&] {
      while (true) {
        const std::size_t i = next.fetch_add(1);
        if (i >= todo.size()) break;
        CaseResult result = plan.runner->run(plan.overrides(todo[i]));
        const std::lock_guard lock(mutex);
        finished.emplace_back(todo[i], std::move(result));
        ready.notify_one();
      }
      const std::lock_guard lock(mutex);
      --running;
      ready.notify_one();
    });
  }
  Progress progress(summary.cases, summary.already_done, isatty(STDERR_FILENO) == 1, options.log_interval,
                    options.quiet);
  std::vector<std::pair<std::size_t, CaseResult>> batch;
  try {
    while (true) {
      bool done = false;
      {
        std::unique_lock lock(mutex);
        ready.wait_for(lock, std::chrono::milliseconds(200), [&] { return !finished.empty() || running == 0; });
        batch.assign(std::make_move_iterator(finished.begin()), std::make_move_iterator(finished.end()));
        finished.clear();
        done = running == 0;
      }
      file.record(batch);
      for (const auto& [row, result] : batch) {
        ++summary.computed;
        if (result.status != CaseStatus::kOk) ++summary.failed;
      }
      progress.update(summary.computed, summary.failed);
      if (done) break;
    }
  } catch (...) {
    next.store(todo.size());
    for (auto& worker : workers) worker.join();
    throw;
  }
  for (auto& worker : workers) worker.join();
  progress.finish(summary.computed, summary.failed);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    if (const char* value = std::getenv(name); value != nullptr && std::atoi(value) > 1) return true;
  }
  return false;
}

std::vector<std::string> list_output_paths(const SweepOptions& options) {
  const SweepSpec spec = load_spec(options.spec, options.additions);
  const Design values = spec.parameter_values();
  io::LoadOptions load;
  load.overrides = spec.overrides(values.data.data());
  load.data_dir = options.data_dir;
  flowsheet::Flowsheet plant = io::load_flowsheet(spec.flowsheet, load);
  const flowsheet::SolvedFlowsheet solved = flowsheet::solve(plant);
  const flowsheet::Results results = flowsheet::compute_results(plant, solved);
  return valid_output_paths(CaseView{plant, solved, results});
}

std::string format_summary(const SweepSummary& s) {
  return fmt::format(
      "sweep: {} cases in {} ({} finished earlier, {} computed now with {} worker{}, {} failed) in "
      "{:.2f} s",
      s.cases, s.output.string(), s.already_done, s.computed, s.workers, s.workers == 1 ? "" : "s", s.failed,
      s.seconds);
}

}  // namespace hydrosim::sweep
