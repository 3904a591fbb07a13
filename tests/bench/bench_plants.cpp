// Load-and-solve time of the shipped plant flowsheets (Google Benchmark). Run:
//   build/tests/hydrosim_bench_plants --benchmark_format=json > bench.json
// "solve" re-solves an already loaded plant (recycle convergence only); "load and
// solve" also parses the YAML and the species data, as `hydrosim run` does.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

namespace {

using namespace hydrosim;

std::filesystem::path plant_file(const char* name) {
  return std::filesystem::path(HYDROSIM_SOURCE_DIR) / "flowsheets" / name;
}

void BM_Solve(benchmark::State& state, const char* name) {
  auto plant = io::load_flowsheet(plant_file(name), {{}, HYDROSIM_DATA_DIR});
  int unit_solves = 0;
  for (auto _ : state) {
    const auto solved = flowsheet::solve(plant);
    unit_solves = solved.report.unit_solves;
    benchmark::DoNotOptimize(solved.streams.size());
  }
  state.counters["unit_solves"] = static_cast<double>(unit_solves);
}

void BM_LoadAndSolve(benchmark::State& state, const char* name) {
  for (auto _ : state) {
    auto plant = io::load_flowsheet(plant_file(name), {{}, HYDROSIM_DATA_DIR});
    const auto solved = flowsheet::solve(plant);
    const auto results = flowsheet::compute_results(plant, solved);
    benchmark::DoNotOptimize(results.balance.max_closure());
  }
}

BENCHMARK_CAPTURE(BM_Solve, lco, "lco_oxalate_route.yaml")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Solve, lfp, "lfp_selective_leach.yaml")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Solve, nmc_precursor, "nmc_precursor_route.yaml")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LoadAndSolve, lco, "lco_oxalate_route.yaml")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LoadAndSolve, lfp, "lfp_selective_leach.yaml")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LoadAndSolve, nmc_precursor, "nmc_precursor_route.yaml")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
