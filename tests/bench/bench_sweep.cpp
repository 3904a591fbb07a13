// Sweep throughput and memory (Google Benchmark). Run:
//   build/tests/hydrosim_bench_sweep --benchmark_format=json --benchmark_out=bench_sweep.json
// Each benchmark runs one whole sweep (`hydrosim sweep` without the CLI) into a
// scratch HDF5 file and reports
//   cases_per_second      cases / wall time of the sweep (planning, the check
//                         solve and file writing included)
//   parallel_efficiency   (2-worker rate) / (2 x 1-worker rate), on /workers:2
//   peak_rss_MiB          getrusage ru_maxrss of the process after the sweep
//   cpu_seconds, cases_per_cpu_second, cores_used   CPU time of all threads
//                         (getrusage), independent of other load on the machine.
// ru_maxrss never decreases, and the benchmarks run in registration order:
// the 1,000-case recycle sweep runs first, so peak_rss after the 10,000-case
// sweep minus peak_rss after the 1,000-case sweep is the memory a sweep gains
// from 9,000 more cases (flat memory: close to zero).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <fmt/format.h>

#include "hydrosim/sweep/Sweep.h"

namespace {

namespace fs = std::filesystem;
using hydrosim::sweep::SweepOptions;

fs::path scratch() {
  const auto dir = fs::temp_directory_path() / "hydrosim-bench-sweep";
  fs::create_directories(dir);
  return dir;
}

// A grid of rows x columns cases over the analytic recycle loop (conversion x
// recycled fraction).
fs::path recycle_spec(int rows, int columns) {
  const auto path = scratch() / fmt::format("recycle_{}x{}.yaml", rows, columns);
  std::ofstream(path) << fmt::format(R"(flowsheet: {}/flowsheets/recycle_analytic.yaml
parameters:
  - {{path: "units.precipitator.reactions[0].conversion", linspace: [0.5, 0.95, {}]}}
  - path: units.purge.fractions.recycle
    linspace: [0.0, 0.9, {}]
    derived: [{{path: units.purge.fractions.bleed, scale: -1, offset: 1}}]
sampling: {{method: grid}}
outputs: [recovery.Li.li2co3_product, balance.max_closure, streams.recycle.mass_flow]
)",
                                     HYDROSIM_SOURCE_DIR, rows, columns);
  return path;
}

// The flagship NMC622 route, Latin hypercube over three yields.
fs::path flagship_spec(int cases) {
  const auto path = scratch() / fmt::format("nmc622_{}.yaml", cases);
  std::ofstream(path) << fmt::format(R"(flowsheet: {}/flowsheets/nmc622_sulfate_route.yaml
parameters:
  - {{path: "units.leach.reactions[1].conversion", range: [0.95, 0.999]}}
  - {{path: "units.li2co3_precipitation.reactions[1].conversion", range: [0.6, 0.9]}}
  - {{path: "units.ni_crystalliser.reactions[0].conversion", range: [0.3, 0.7]}}
sampling: {{method: lhs, cases: {}, seed: 2026}}
outputs: [recovery.Li.li2co3_product, recovery.Ni.niso4_product, reagents.soda_ash.per_feed_mass]
)",
                                     HYDROSIM_SOURCE_DIR, cases);
  return path;
}

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

std::map<std::string, double>& one_worker_rates() {
  static std::map<std::string, double> rates;
  return rates;
}

void run(benchmark::State& state, const std::string& name, const fs::path& spec) {
  const auto workers = static_cast<unsigned>(state.range(1));
  SweepOptions options;
  options.spec = spec;
  options.output = scratch() / fmt::format("{}_{}.h5", name, workers);
  options.jobs = workers;
  options.overwrite = true;
  options.quiet = true;
  hydrosim::sweep::SweepSummary summary;
  const double cpu_before = process_cpu_seconds();
  for (auto _ : state) summary = hydrosim::sweep::run_sweep_local(options);
  const double cpu = process_cpu_seconds() - cpu_before;
  const double rate = static_cast<double>(summary.computed) / summary.seconds;
  state.counters["cases"] = static_cast<double>(summary.computed);
  state.counters["failed"] = static_cast<double>(summary.failed);
  state.counters["cases_per_second"] = rate;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
  // CPU time of all threads: cases per CPU-second does not depend on how
  // busy the machine is, and cpu_seconds / wall time shows the cores used.
  state.counters["cpu_seconds"] = cpu;
  state.counters["cases_per_cpu_second"] = static_cast<double>(summary.computed) / cpu;
  state.counters["cores_used"] = cpu / summary.seconds;
  const std::string key = fmt::format("{}/{}", name, state.range(0));
  if (workers == 1) one_worker_rates()[key] = rate;
  if (workers == 2 && one_worker_rates().count(key) != 0) {
    state.counters["parallel_efficiency"] = rate / (2.0 * one_worker_rates()[key]);
  }
}

void BM_SweepRecycle(benchmark::State& state) {
  // 1,000 = 40 x 25 cases; 10,000 = 100 x 100.
  const bool small = state.range(0) == 1000;
  run(state, "recycle", small ? recycle_spec(40, 25) : recycle_spec(100, 100));
}

void BM_SweepFlagship(benchmark::State& state) {
  run(state, "nmc622", flagship_spec(static_cast<int>(state.range(0))));
}

}  // namespace

// Arguments: {cases, workers}.
BENCHMARK(BM_SweepRecycle)
    ->ArgNames({"cases", "workers"})
    ->Args({1000, 1})
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_SweepFlagship)
    ->ArgNames({"cases", "workers"})
    ->Args({200, 1})
    ->Args({200, 2})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

BENCHMARK_MAIN();
