// Leach reactor speed (Google Benchmark). Run:
//   build/tests/hydrosim_bench_leach --benchmark_format=json > bench.json
// "Train4" solves the 4-tank CSTR train of flowsheets/leach_cstr_train.yaml
// (NMC622 + graphite + Al, 4 size classes, H2O2 decomposition): KINSOL per
// tank over the segregated-flow quadrature, plus one speciation per tank for
// the pH profile. "Batch" integrates the 2 h batch of
// flowsheets/leach_nmc_batch.yaml on CVODE with 25 output points (speciation
// at each). "PhAtOutput" is one speciation of a leach liquor, the price a
// right-hand side would pay per call if the kinetics ran on pH from
// speciation instead of on free acid (see docs/leaching-and-separation.md).
#include <benchmark/benchmark.h>

#include <memory>

#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/thermo/AqueousPhase.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/LeachReactor.h"

namespace {

using namespace hydrosim;

std::shared_ptr<const thermo::Database> database() {
  static const auto shared = std::make_shared<const thermo::Database>(
      thermo::Database::load({std::filesystem::path(HYDROSIM_DATA_DIR) / "species.yaml",
                              std::filesystem::path(HYDROSIM_DATA_DIR) / "aqueous-equilibria.yaml",
                              std::filesystem::path(HYDROSIM_DATA_DIR) / "leaching-kinetics.yaml"}));
  return shared;
}

// The combined feed of the train example, per second: 1 t/h NMC622, 300 kg/h
// graphite, 10 kg/h Al in 9.83 t/h water with 20 kmol/h H+ and HSO4-, 6.5 kmol/h H2O2.
thermo::Stream train_feed() {
  const auto db = database();
  thermo::Stream s(db);
  const auto mass = [&](const char* name, double kg_per_h) {
    s.set_amount(db->index_of(name), kg_per_h / 3600.0 / db->species(db->index_of(name)).molar_mass);
  };
  mass("NMC622", 1000.0);
  mass("graphite", 300.0);
  mass("Al", 10.0);
  mass("H2O", 9830.0);
  s.set_amount(db->index_of("H+"), 20000.0 / 3600.0);
  s.set_amount(db->index_of("HSO4-"), 20000.0 / 3600.0);
  s.set_amount(db->index_of("H2O2(aq)"), 6500.0 / 3600.0);
  s.temperature = 298.15;
  return s;
}

std::unique_ptr<units::LeachReactor> reactor(const std::string& parameters) {
  const io::YamlDocument document = io::YamlDocument::from_string(parameters, "bench.yaml");
  const io::ParameterReader reader(document, document.root(), "units.leach");
  auto unit = std::make_unique<units::LeachReactor>("leach");
  unit->configure(reader, database());
  reader.finish("the leach");
  return unit;
}

const std::string kCommon = R"yaml(
temperature: "60 degC"
inert: [graphite]
feed_size_distribution: {sizes: ["40 um", "20 um", "10 um", "5 um"], mass_fractions: [0.2, 0.4, 0.3, 0.1]}
)yaml";

void BM_LeachTrain4Tanks(benchmark::State& state) {
  auto unit = reactor(
      "mode: continuous\ntanks: 4\nresidence_time: \"2 h\"\nresidence_time_basis: total\n"
      "liquor_reactions: [H2O2 decomposition]" +
      kCommon);
  const thermo::Stream feed = train_feed();
  for (auto _ : state) {
    units::Inlets inlets{{"in", {&feed}}};
    units::Outlets outlets;
    unit->solve(inlets, outlets);
    benchmark::DoNotOptimize(outlets);
  }
}
BENCHMARK(BM_LeachTrain4Tanks)->Unit(benchmark::kMillisecond);

void BM_LeachBatch(benchmark::State& state) {
  auto unit = reactor("mode: batch\ntime: \"2 h\"\noutput_points: 24" + kCommon);
  const thermo::Stream feed = train_feed();
  for (auto _ : state) {
    units::Inlets inlets{{"in", {&feed}}};
    units::Outlets outlets;
    unit->solve(inlets, outlets);
    benchmark::DoNotOptimize(outlets);
  }
}
BENCHMARK(BM_LeachBatch)->Unit(benchmark::kMillisecond);

void BM_PhAtOutput(benchmark::State& state) {
  const auto db = database();
  const auto equilibria = std::make_shared<const thermo::EquilibriumData>(thermo::EquilibriumData::load(*db));
  thermo::Speciation speciation(db, equilibria);
  thermo::Stream liquor = train_feed();
  thermo::to_master_form(liquor, *equilibria);
  const thermo::SolutionInput input = thermo::solution_of(liquor, *equilibria).input;
  for (auto _ : state) benchmark::DoNotOptimize(speciation.solve(input));
}
BENCHMARK(BM_PhAtOutput)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
