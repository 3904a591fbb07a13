// Speed of an MSMPR crystalliser solve (Google Benchmark). Run:
//   build/tests/hydrosim_bench_crystallizer --benchmark_format=json > bench.json
// "moments" integrates the population balance alone (CVODE, 30 residence
// times to steady state, S-dependent nucleation and growth); "unit" is the
// whole Crystallizer solve on a NiSO4 liquor (speciation for the solubility,
// the moments, and the exact stream update).
#include <benchmark/benchmark.h>

#include <memory>

#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/thermo/Database.h"
#include "hydrosim/units/Crystallizer.h"
#include "hydrosim/units/MomentModel.h"

namespace {

using namespace hydrosim;

units::MomentProblem problem() {
  units::MomentProblem p;
  p.mode = units::CrystallizerMode::kMsmpr;
  p.kinetics.kb = 1e10;  // #/(kg·s), illustrative
  p.kinetics.b = 2.0;
  p.kinetics.kg = 1e-7;  // m/s
  p.kinetics.g = 1.0;
  p.solubility = 2.0;
  p.feed_molality = 2.4;
  p.moles_per_volume = 0.5236 * 2070.0 / 0.26285;  // spheres of NiSO4·6H2O
  p.residence_time = 3600.0;
  return p;
}

void BM_MsmprMoments(benchmark::State& state) {
  const auto p = problem();
  long steps = 0;
  for (auto _ : state) {
    const auto solution = units::solve_moments(p, 30.0 * p.residence_time, 60);
    steps = solution.statistics.steps;
    benchmark::DoNotOptimize(solution.mean_size_43);
  }
  state.counters["cvode_steps"] = static_cast<double>(steps);
}
BENCHMARK(BM_MsmprMoments)->Unit(benchmark::kMicrosecond);

void BM_MsmprCrystallizerUnit(benchmark::State& state) {
  auto database =
      std::make_shared<const thermo::Database>(thermo::Database::load(thermo::Database::files_in(HYDROSIM_DATA_DIR)));
  const auto document = io::YamlDocument::from_string(
      "solid: \"NiSO4:6H2O\"\nmode: msmpr\nresidence_time: \"2 h\"\ntemperature: \"25 degC\"\n"
      "nucleation: {kb: \"1e9 kg^-1 s^-1\", b: 2}\ngrowth: {kg: \"1e-7 m/s\", g: 1}\n"
      "shape_factor: 0.5236\ncrystal_density: \"2070 kg/m^3\"\n",
      "bench");
  units::Crystallizer unit("crystallizer");
  const io::ParameterReader parameters(document, document.root(), "units.crystallizer");
  unit.configure(parameters, database);
  thermo::Stream feed(database);
  feed.set_amount(database->index_of("H2O"), 1000.0 / 3600.0 / 0.018015);
  feed.set_amount(database->index_of("Ni+2"), 3.0 * 1000.0 / 3600.0);
  feed.set_amount(database->index_of("SO4-2"), 3.0 * 1000.0 / 3600.0);
  units::Inlets inlets{{"in", {&feed}}};
  for (auto _ : state) {
    units::Outlets outlets;
    unit.solve(inlets, outlets);
    benchmark::DoNotOptimize(outlets);
  }
}
BENCHMARK(BM_MsmprCrystallizerUnit)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
