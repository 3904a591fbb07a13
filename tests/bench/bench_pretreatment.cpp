// Speed of the pretreatment flowsheet (Google Benchmark). Run:
//   build/tests/hydrosim_bench_pretreatment --benchmark_format=json > bench.json
// "flowsheet" solves flowsheets/pretreatment_nmc.yaml (shredder by CVODE over
// 10 classes × 9 solids plus two liberated coatings, then four separators);
// "tanks" replaces plug flow by 10 mixed stages (algebraic, no CVODE).
#include <benchmark/benchmark.h>

#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

namespace {

using namespace hydrosim;

void solve_repeatedly(benchmark::State& state, std::vector<std::string> overrides) {
  flowsheet::Flowsheet plant =
      io::load_flowsheet(std::filesystem::path(HYDROSIM_SOURCE_DIR) / "flowsheets" / "pretreatment_nmc.yaml",
                         {std::move(overrides), HYDROSIM_DATA_DIR});
  for (auto _ : state) {
    auto solved = flowsheet::solve(plant);
    benchmark::DoNotOptimize(solved);
  }
}

void BM_PretreatmentFlowsheet(benchmark::State& state) { solve_repeatedly(state, {}); }
BENCHMARK(BM_PretreatmentFlowsheet)->Unit(benchmark::kMillisecond);

void BM_PretreatmentTanks(benchmark::State& state) {
  solve_repeatedly(state, {"units.shredder.flow_model=tanks_in_series", "units.shredder.tanks=10"});
}
BENCHMARK(BM_PretreatmentTanks)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
