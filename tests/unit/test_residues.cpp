// Residue table: per-tonne figures, moisture and the HP7 classification flag
// (thermo-data/limits/residue-thresholds.yaml: Ni or Co >= 0.1 wt% of the dry
// residue), checked against hand calculations.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

flowsheet::ResidueRow residue_of(const std::string& nickel_hydroxide) {
  // 1 t/h of black mass as the basis; a waste of 500 kg/h graphite, the given
  // Ni(OH)2 and 250 kg/h water.
  const std::string text =
      "flowsheet:\n  name: residue\n  basis_feed: bm\nunits:\n"
      "  bm:\n    type: Feed\n    species: {graphite: \"1 t/h\"}\n"
      "  bm_sink:\n    type: Sink\n    kind: product\n"
      "  cake:\n    type: Feed\n    species: {graphite: \"500 kg/h\", Ni(OH)2: \"" +
      nickel_hydroxide +
      "\", H2O: \"250 kg/h\"}\n"
      "  tailings:\n    type: Sink\n    kind: waste\n"
      "streams:\n  a: {from: bm.out, to: bm_sink.in}\n  b: {from: cake.out, to: tailings.in}\n";
  auto plant = io::load_flowsheet(write_scratch("residue.yaml", text), {{}, data_dir()});
  const auto solved = flowsheet::solve(plant);
  const auto results = flowsheet::compute_results(plant, solved);
  REQUIRE(results.residues.residues.size() == 1);
  return results.residues.residues.front();
}

}  // namespace

TEST_CASE("a residue is reported per tonne of the basis feed with its moisture") {
  const auto row = residue_of("1 kg/h");
  CHECK(row.per_tonne_wet == relative(751.0, 1e-12));  // (500 + 1 + 250) kg per t of black mass
  CHECK(row.per_tonne_dry == relative(501.0, 1e-12));
  CHECK(row.moisture == relative(250.0 / 751.0, 1e-12));
  CHECK(row.category == "residue");
}

TEST_CASE("the HP7 flag is raised at 0.1 wt% nickel in the dry residue and not below") {
  // Ni(OH)2 is 63.31 % Ni (58.693/92.708, CRC atomic weights): 0.5 kg/h in
  // 500.5 kg/h dry gives 0.063 wt% Ni (no flag), 1.0 kg/h gives 0.127 wt% (flag).
  CHECK(residue_of("0.5 kg/h").flags.empty());
  const auto flagged = residue_of("1.0 kg/h");
  REQUIRE(flagged.flags.size() == 1);
  CHECK(flagged.flags.front().find("Ni 0.126") != std::string::npos);
}

TEST_CASE("a waste with as much solid as liquid is a residue, whatever the rounding") {
  // docs/precipitation-and-effluent.md: residue when solids >= liquid. 21.9 kg/h
  // graphite + 3.3 kg/h Ni(OH)2 with 25.2 kg/h water is a 50 wt% moisture
  // cake (the cake_moisture 0.5 of the lime and precipitation steps); its
  // masses, through mol/s and back, differ in the last bit (1.7e-18 kg/s),
  // which classed it as an effluent.
  const std::string text =
      "flowsheet:\n  name: residue\n  basis_feed: bm\nunits:\n"
      "  bm:\n    type: Feed\n    species: {graphite: \"1 t/h\"}\n"
      "  bm_sink:\n    type: Sink\n    kind: product\n"
      "  cake:\n    type: Feed\n    species: {graphite: \"21.9 kg/h\", Ni(OH)2: \"3.3 kg/h\", H2O: \"25.2 kg/h\"}\n"
      "  tailings:\n    type: Sink\n    kind: waste\n"
      "streams:\n  a: {from: bm.out, to: bm_sink.in}\n  b: {from: cake.out, to: tailings.in}\n";
  auto plant = io::load_flowsheet(write_scratch("residue_half.yaml", text), {{}, data_dir()});
  const auto results = flowsheet::compute_results(plant, flowsheet::solve(plant));
  REQUIRE(results.residues.residues.size() == 1);
  const auto& row = results.residues.residues.front();
  CHECK(row.moisture == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(row.category == "residue");
}
