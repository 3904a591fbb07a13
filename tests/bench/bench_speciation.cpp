// Speciation speed on a battery leach liquor (Google Benchmark). Run:
//   build/tests/hydrosim_bench_speciation --benchmark_format=json > bench.json
// "warm" re-solves after a small change of the totals, as a leaching ODE's
// right-hand side does; "cold" solves from scratch every time.
#include <benchmark/benchmark.h>

#include <memory>

#include "hydrosim/thermo/Speciation.h"

namespace {

using namespace hydrosim::thermo;

struct Liquor {
  std::shared_ptr<const Database> database;
  std::shared_ptr<const EquilibriumData> equilibria;
  SolutionInput input;
};

const Liquor& liquor() {
  static const Liquor shared = [] {
    Liquor l;
    l.database = std::make_shared<const Database>(Database::load(Database::files_in(HYDROSIM_DATA_DIR)));
    l.equilibria = std::make_shared<const EquilibriumData>(EquilibriumData::load(*l.database));
    // NMC leach liquor after H2SO4/H2O2 leaching (order of magnitude of
    // published liquors: ~30 g/L Ni, ~7 g/L Co and Mn, ~4 g/L Li, 1 g/L Al/Cu/Fe).
    for (const auto& [name, molality] : std::initializer_list<std::pair<const char*, double>>{{"Li", 0.6},
                                                                                              {"Ni", 0.5},
                                                                                              {"Co", 0.12},
                                                                                              {"Mn", 0.12},
                                                                                              {"Al", 0.04},
                                                                                              {"Cu", 0.015},
                                                                                              {"Fe+3", 0.02},
                                                                                              {"Na", 0.05},
                                                                                              {"F", 0.02},
                                                                                              {"S", 1.5}}) {
      l.input.totals[component_index(*l.database, *l.equilibria, name)] = molality;
    }
    l.input.temperature = 333.15;
    return l;
  }();
  return shared;
}

void warm(benchmark::State& state, const char* model) {
  const Liquor& l = liquor();
  Speciation speciation(l.database, l.equilibria, model);
  SolutionInput input = l.input;
  const std::size_t nickel = l.database->index_of("Ni+2");
  auto result = speciation.solve(input);
  state.counters["species"] = static_cast<double>(result.species.size());
  int i = 0;
  for (auto _ : state) {
    input.totals[nickel] = 0.5 * (1.0 + 1e-3 * ((i++ % 10) - 5));  // small change, as between ODE steps
    result = speciation.solve(input);
    if (!result.converged) state.SkipWithError("speciation did not converge");
    benchmark::DoNotOptimize(result.ph);
  }
  state.counters["solves_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void cold(benchmark::State& state, const char* model) {
  const Liquor& l = liquor();
  for (auto _ : state) {
    Speciation speciation(l.database, l.equilibria, model);
    auto result = speciation.solve(l.input);
    if (!result.converged) state.SkipWithError("speciation did not converge");
    benchmark::DoNotOptimize(result.ph);
  }
  state.counters["solves_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_SpeciationWarm(benchmark::State& state) { warm(state, "davies"); }
void BM_SpeciationCold(benchmark::State& state) { cold(state, "davies"); }
// The same liquor with the SIT model (σ unknowns for the species with ε).
void BM_SpeciationWarmSit(benchmark::State& state) { warm(state, "sit"); }
void BM_SpeciationColdSit(benchmark::State& state) { cold(state, "sit"); }
// And with Pitzer (σ unknowns for every charged species; E-θ for the
// unequal-charge pairs, derivatives by automatic differentiation).
void BM_SpeciationWarmPitzer(benchmark::State& state) { warm(state, "pitzer"); }
void BM_SpeciationColdPitzer(benchmark::State& state) { cold(state, "pitzer"); }
BENCHMARK(BM_SpeciationWarm)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SpeciationCold)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpeciationWarmSit)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SpeciationColdSit)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpeciationWarmPitzer)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SpeciationColdPitzer)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
