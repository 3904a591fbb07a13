#pragma once
// A one-unit plant for the precipitation tests: a Feed of the given species
// flows, the unit under test, and a Sink on each outlet.
#include <string>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

namespace hydrosim::testing {

struct UnitRun {
  flowsheet::Flowsheet plant;
  flowsheet::SolvedFlowsheet solved;
  flowsheet::Results results;

  const units::Unit& unit(const std::string& name = "reactor") const { return *plant.find_unit(name); }
  double value(const std::string& key, const std::string& name = "reactor") const {
    for (const auto& v : unit(name).report().values) {
      if (v.name == key) return v.value;
    }
    FAIL("unit ", name, " reports no value ", key);
    return 0.0;
  }
  const thermo::Stream& stream(const std::string& name) const { return solved.streams.at(name); }
};

// `feed` and `unit` are YAML blocks (indented by 4 spaces) for the Feed's
// species and the unit's parameters; `outlets` the unit's outlet ports.
inline std::string one_unit_flowsheet(const std::string& feed, const std::string& unit,
                                      const std::vector<std::string>& outlets, const std::string& temperature) {
  std::string text =
      "flowsheet:\n  name: one-unit\n  basis_feed: liquor\n"
      "sources:\n  chernyaev2023: \"Chernyaev, A., Zhang, J., Seisko, S., Louhi-Kultanen, M., Lundstrom, M. "
      "(2023). Sci. Rep. 13, 21445\"\n"
      "  illustrative: \"values chosen for a test, not published data\"\nunits:\n  liquor:\n    type: Feed\n"
      "    temperature: \"" +
      temperature + "\"\n    species:\n" + feed + "  reactor:\n" + unit;
  for (const auto& outlet : outlets) {
    text += "  " + outlet + "_sink:\n    type: Sink\n    kind: waste\n";
  }
  text += "streams:\n  feed: {from: liquor.out, to: reactor.in}\n";
  for (const auto& outlet : outlets) {
    text += "  " + outlet + ": {from: reactor." + outlet + ", to: " + outlet + "_sink.in}\n";
  }
  return text;
}

inline UnitRun run_text(const std::string& name, const std::string& text) {
  const auto path = write_scratch(name, text);
  UnitRun r{io::load_flowsheet(path, {{}, data_dir()}), {}, {}};
  r.solved = flowsheet::solve(r.plant);
  r.results = flowsheet::compute_results(r.plant, r.solved);
  return r;
}

}  // namespace hydrosim::testing
