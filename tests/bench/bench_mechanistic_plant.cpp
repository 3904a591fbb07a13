// The mechanistic NMC622 plant (flowsheets/nmc622_mechanistic.yaml), the
// slowest shipped flowsheet, timed the way `hydrosim run` spends its time
// (Google Benchmark). Run:
//   build/tests/hydrosim_bench_mechanistic_plant --benchmark_format=json > docs/bench/mechanistic_plant.json
// "cold run" = load (YAML, species, equilibria, extractants) + solve + results +
// HDF5 file, from a fresh load each iteration, so no unit keeps a warm start
// from an earlier solve: what the "under a second from the CLI" is about.
// "solve" re-solves the loaded plant: the units then start from the previous
// solution (SX cascades, speciation), so it measures the warm recycle passes.
// Counters: unit solves, recycle passes over all loops, and the largest
// element closure (must stay <= 1e-9).
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>
#include <string>

#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/io/Hdf5Writer.h"

namespace {

using namespace hydrosim;

std::filesystem::path plant_file() {
  return std::filesystem::path(HYDROSIM_SOURCE_DIR) / "flowsheets" / "nmc622_mechanistic.yaml";
}

void count(benchmark::State& state, const flowsheet::SolvedFlowsheet& solved, const flowsheet::Results& results) {
  int passes = 0;
  for (const auto& loop : solved.report.loops) passes += loop.iterations;
  state.counters["unit_solves"] = static_cast<double>(solved.report.unit_solves);
  state.counters["recycle_passes"] = static_cast<double>(passes);
  state.counters["max_closure"] = results.balance.max_closure();
}

void BM_MechanisticColdRun(benchmark::State& state) {
  const auto output =
      std::filesystem::temp_directory_path() / ("hydrosim_bench_mech_" + std::to_string(::getpid()) + ".h5");
  for (auto _ : state) {
    auto plant = io::load_flowsheet(plant_file(), {{}, HYDROSIM_DATA_DIR});
    const auto solved = flowsheet::solve(plant);
    const auto results = flowsheet::compute_results(plant, solved);
    io::write_results_hdf5(output, plant, solved, results);
    count(state, solved, results);
  }
  std::filesystem::remove(output);
}

void BM_MechanisticLoad(benchmark::State& state) {
  for (auto _ : state) {
    auto plant = io::load_flowsheet(plant_file(), {{}, HYDROSIM_DATA_DIR});
    benchmark::DoNotOptimize(plant.units.size());
  }
}

void BM_MechanisticSolveWarm(benchmark::State& state) {
  auto plant = io::load_flowsheet(plant_file(), {{}, HYDROSIM_DATA_DIR});
  for (auto _ : state) {
    const auto solved = flowsheet::solve(plant);
    const auto results = flowsheet::compute_results(plant, solved);
    count(state, solved, results);
  }
}

BENCHMARK(BM_MechanisticColdRun)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_MechanisticLoad)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_MechanisticSolveWarm)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
