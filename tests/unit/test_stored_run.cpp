// A results file carries what is needed to reproduce its run: the flowsheet
// text and the --set overrides read back from /meta give the same plant.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/PlantAssessment.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/io/Hdf5Writer.h"
#include "hydrosim/io/HtmlReport.h"
#include "hydrosim/io/StoredRun.h"

using namespace hydrosim;
using namespace hydrosim::testing;

TEST_CASE("a results file re-runs to the same recovery with its stored overrides") {
  // Round trip: run with an override, write HDF5, read /meta back, re-load and re-solve.
  // The re-run must reproduce the recovery exactly (same text, same overrides, same code)
  // and carry the override, and a file without /meta is refused.
  const std::vector<std::string> overrides{"units.purge.fractions.recycle=0.9", "units.purge.fractions.bleed=0.1"};
  auto plant = io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), {overrides, data_dir()});
  const auto solved = flowsheet::solve(plant);
  const auto results = flowsheet::compute_results(plant, solved);
  const auto file = scratch_dir() / "stored-run.h5";
  io::write_results_hdf5(file, plant, solved, results);

  const io::StoredRun stored = io::read_stored_run(file);
  CHECK(stored.overrides == overrides);
  CHECK(stored.flowsheet_file == plant.origin);
  auto again = io::load_stored_flowsheet(stored, {{}, data_dir()});
  CHECK(again.origin == plant.origin);
  const auto resolved = flowsheet::solve(again);
  const auto reresults = flowsheet::compute_results(again, resolved);
  CHECK(reresults.recovery.fraction.isApprox(results.recovery.fraction, 0.0));

  const std::string html = io::html_report(again, resolved, reresults, {"test", "stored run"});
  for (const auto* section : {"id=\"recovery\"", "id=\"compliance\"", "id=\"balance\"", "id=\"reagents\""}) {
    CHECK(html.find(section) != std::string::npos);
  }
  CHECK(html.find("--set units.purge.fractions.recycle=0.9") != std::string::npos);

  const auto bogus = write_scratch("not-results.h5", "plain text");
  CHECK(input_error_of([&] { io::read_stored_run(bogus); }).find("not an HDF5 file") != std::string::npos);
}

TEST_CASE("a stored run resolves relative data files next to the original flowsheet while it exists") {
  // The results file stores the flowsheet's absolute path; original_flowsheet_dir is its
  // directory only while that file exists, and a relative name alone (older files) is not
  // trusted, because it was relative to a working directory the report does not know.
  auto plant = io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), {{}, data_dir()});
  const auto solved = flowsheet::solve(plant);
  const auto file = scratch_dir() / "stored-run-dir.h5";
  io::write_results_hdf5(file, plant, solved, flowsheet::compute_results(plant, solved));
  io::StoredRun stored = io::read_stored_run(file);
  CHECK(std::filesystem::path(stored.flowsheet_path).is_absolute());
  CHECK(std::filesystem::equivalent(io::original_flowsheet_dir(stored),
                                    flowsheet_path("recycle_analytic.yaml").parent_path()));

  io::StoredRun gone = stored;
  gone.flowsheet_path = (scratch_dir() / "no-such-flowsheet.yaml").string();
  CHECK(io::original_flowsheet_dir(gone).empty());
  io::StoredRun relative_only = stored;
  relative_only.flowsheet_path.clear();
  relative_only.flowsheet_file = "flowsheets/recycle_analytic.yaml";
  CHECK(io::original_flowsheet_dir(relative_only).empty());
}
