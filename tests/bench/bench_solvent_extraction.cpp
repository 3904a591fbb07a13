// Solvent-extraction speed (Google Benchmark). Run:
//   build/tests/hydrosim_bench_solvent_extraction --benchmark_format=json > bench.json
// "circuit_12_stages": a 3-section P507 circuit (6 extraction + 3 scrub + 3
// strip stages) with organic recycle, loaded and solved from scratch by the
// flowsheet solver (each section a KINSOL cascade, warm-started between
// recycle iterations). "shipped_flowsheet": flowsheets/sx_p204_p507.yaml.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

namespace {

using namespace hydrosim;

const char* const kCircuit = R"yaml(flowsheet:
  name: bench-p507-circuit
units:
  liquor:
    type: Feed
    species: {H2O: "10 t/h", Ni+2: "5 kmol/h", Co+2: "1 kmol/h", Li+: "3 kmol/h", H+: "0.01 kmol/h",
              SO4-2: "7.505 kmol/h"}
  naoh: {type: ReagentFeed, species: {H2O: "1 t/h", Na+: "2.2 kmol/h", OH-: "2.2 kmol/h"}}
  makeup: {type: ReagentFeed, species: {"(HA)2[PC88A]": "0.225 kmol/h", "C12H26(org)": "2.713 kmol/h"}}
  mix: {type: Mixer}
  extract: {type: SolventExtraction, extractant: P507, stages: 6, murphree_efficiency: 0.95, alkali_stage: 6}
  scrub: {type: SolventExtraction, extractant: P507, stages: 3}
  scrub_acid: {type: ReagentFeed, species: {H2O: "1.5 t/h", H+: "0.06 kmol/h", SO4-2: "0.03 kmol/h"}}
  strip: {type: SolventExtraction, extractant: P507, stages: 3}
  strip_acid: {type: ReagentFeed, species: {H2O: "1.5 t/h", H+: "3 kmol/h", SO4-2: "1.5 kmol/h"}}
  bleed: {type: Splitter, fractions: {recycle: 0.95, purge: 0.05}}
  raffinate_sink: {type: Sink, kind: product}
  scrub_sink: {type: Sink, kind: waste}
  strip_sink: {type: Sink, kind: product}
  purge_sink: {type: Sink, kind: waste}
streams:
  s1: {from: liquor.out, to: extract.aqueous_in}
  s2: {from: naoh.out, to: extract.alkali}
  s3: {from: makeup.out, to: mix.in}
  s4: {from: mix.out, to: extract.organic_in}
  s5: {from: extract.loaded, to: scrub.organic_in}
  s6: {from: scrub_acid.out, to: scrub.aqueous_in}
  s7: {from: scrub.loaded, to: strip.organic_in}
  s8: {from: strip_acid.out, to: strip.aqueous_in}
  s9: {from: strip.loaded, to: bleed.in}
  s10: {from: bleed.recycle, to: mix.in}
  s11: {from: bleed.purge, to: purge_sink.in}
  s12: {from: extract.raffinate, to: raffinate_sink.in}
  s13: {from: scrub.raffinate, to: scrub_sink.in}
  s14: {from: strip.raffinate, to: strip_sink.in}
)yaml";

std::filesystem::path circuit_file() {
  static const std::filesystem::path path = [] {
    const auto file = std::filesystem::temp_directory_path() / "hydrosim-bench-p507-circuit.yaml";
    std::ofstream(file) << kCircuit;
    return file;
  }();
  return path;
}

void solve_file(benchmark::State& state, const std::filesystem::path& file) {
  long unit_solves = 0;
  for (auto _ : state) {
    flowsheet::Flowsheet plant = io::load_flowsheet(file, {{}, HYDROSIM_DATA_DIR});
    const flowsheet::SolvedFlowsheet solved = flowsheet::solve(plant);
    unit_solves = solved.report.unit_solves;
    benchmark::DoNotOptimize(solved.streams.size());
  }
  state.counters["unit_solves"] = static_cast<double>(unit_solves);
}

void BM_SxCircuit12Stages(benchmark::State& state) { solve_file(state, circuit_file()); }
BENCHMARK(BM_SxCircuit12Stages)->Unit(benchmark::kMillisecond);

void BM_SxShippedFlowsheet(benchmark::State& state) {
  solve_file(state, std::filesystem::path(HYDROSIM_SOURCE_DIR) / "flowsheets" / "sx_p204_p507.yaml");
}
BENCHMARK(BM_SxShippedFlowsheet)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
