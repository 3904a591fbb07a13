// Graphviz export: one node per unit, one edge per stream, quoted names,
// mass-flow labels for a solved flowsheet; dot accepts it when installed.
#include <doctest/doctest.h>

#include <regex>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/io/GraphvizExport.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

std::size_t count_matches(const std::string& text, const std::regex& pattern) {
  return static_cast<std::size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), pattern), std::sregex_iterator()));
}

}  // namespace

TEST_CASE("the DOT graph has a node per unit and an edge per stream of the flowsheet file") {
  // Independent count: flowsheets/recycle_analytic.yaml as written (its units and streams sections).
  auto plant = io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), {{}, data_dir()});
  const auto solved = flowsheet::solve(plant);
  const std::string dot = io::flowsheet_dot(plant, &solved);
  CHECK(dot.rfind("digraph ", 0) == 0);
  CHECK(count_matches(dot, std::regex(R"(\n  "[^"]+" \[label=)")) == plant.units.size());
  CHECK(count_matches(dot, std::regex(R"(\n  "[^"]+" -> "[^"]+" \[label=)")) == plant.connections.size());
  CHECK(dot.find("kg/h") != std::string::npos);
  if (io::graphviz_available()) {
    const auto svg = io::render_svg(dot);
    REQUIRE(svg);
    CHECK(svg->find("<svg") != std::string::npos);
    CHECK_THROWS_AS(io::render_svg("digraph { a -> }"), Error);
  }
}
