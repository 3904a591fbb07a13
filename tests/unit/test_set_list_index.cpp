// --set paths into lists ("reactions[0].conversion"), used by sweeps to vary
// one reaction of a reactor (io/FlowsheetLoader.cpp).
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/sweep/OutputPaths.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

io::LoadOptions with(std::vector<std::string> overrides) {
  io::LoadOptions options;
  options.overrides = std::move(overrides);
  options.data_dir = data_dir();
  return options;
}

}  // namespace

TEST_CASE("--set into a list element changes that reaction as the analytic recovery says") {
  auto plant = io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"),
                                  with({"units.precipitator.reactions[0].conversion=0.6"}));
  const auto solved = flowsheet::solve(plant);
  const auto results = flowsheet::compute_results(plant, solved);
  // R = X / (1 - r (1 - X)) with X = 0.6, r = 0.8 (flowsheet header).
  CHECK(sweep::output_value({plant, solved, results}, "recovery.Li.li2co3_product") ==
        relative(0.6 / (1 - 0.8 * 0.4), 1e-9));
}

TEST_CASE("--set with a bad list index names the option and the list length") {
  const auto load = [](const std::string& option) {
    return input_error_of([&] { io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), with({option})); });
  };
  CHECK(load("units.precipitator.reactions[3].conversion=0.6") ==
        "--set units.precipitator.reactions[3].conversion=0.6: 'reactions[3]' is not an element of a list (it has 1 "
        "elements)");
  CHECK(load("units.purge.fractions[0].x=1").find("'fractions[0]' is not an element of a list") != std::string::npos);
  CHECK(load("units.precipitator.reactions[x].conversion=0.6").find("is not an element of a list") !=
        std::string::npos);
}
