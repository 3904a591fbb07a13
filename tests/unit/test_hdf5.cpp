#include <hdf5.h>

#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/io/Hdf5Writer.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

herr_t collect_dataset(hid_t /*object*/, const char* name, const H5O_info_t* info, void* data) {
  if (info->type == H5O_TYPE_DATASET) static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

}  // namespace

TEST_CASE("the results file reopens with units on every dataset and the recovery table") {
  auto plant = io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), {{}, data_dir()});
  const auto solved = flowsheet::solve(plant);
  const auto results = flowsheet::compute_results(plant, solved);
  const auto path = scratch_dir() / "recycle.h5";
  std::filesystem::remove(path);
  io::write_results_hdf5(path, plant, solved, results);
  REQUIRE(std::filesystem::exists(path));
  for (const auto& entry : std::filesystem::directory_iterator(scratch_dir())) {
    CHECK(entry.path().string().find(".h5.tmp-") == std::string::npos);  // no temporary left behind
  }

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  std::vector<std::string> datasets;
  H5Ovisit(file, H5_INDEX_NAME, H5_ITER_NATIVE, collect_dataset, &datasets);
  CHECK(datasets.size() > 20);
  for (const auto& name : datasets) {
    CAPTURE(name);
    CHECK(H5Aexists_by_name(file, name.c_str(), "units", H5P_DEFAULT) > 0);
  }
  for (const char* group : {"/meta", "/streams", "/units", "/recovery", "/balances", "/solver", "/reagents"}) {
    CAPTURE(group);
    CHECK(H5Lexists(file, group, H5P_DEFAULT) > 0);
  }
  for (const char* attribute : {"hydrosim_version", "git_hash", "flowsheet_text", "thermo_hash"}) {
    CAPTURE(attribute);
    CHECK(H5Aexists_by_name(file, "/meta", attribute, H5P_DEFAULT) > 0);
  }

  const hid_t dataset = H5Dopen2(file, "/recovery/fraction", H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  const auto& table = results.recovery.fraction;
  std::vector<double> values(static_cast<std::size_t>(table.size()));
  REQUIRE(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  for (Eigen::Index r = 0; r < table.rows(); ++r) {
    for (Eigen::Index c = 0; c < table.cols(); ++c) {
      CHECK(values[static_cast<std::size_t>(r * table.cols() + c)] == table(r, c));  // row-major, bit-identical
    }
  }
  H5Dclose(dataset);
  H5Fclose(file);
}

TEST_CASE("a results file that cannot be written leaves nothing behind") {
  auto plant = io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), {{}, data_dir()});
  const auto solved = flowsheet::solve(plant);
  const auto results = flowsheet::compute_results(plant, solved);
  const auto path = scratch_dir() / "no-such-dir" / "out.h5";
  CHECK_THROWS_AS(io::write_results_hdf5(path, plant, solved, results), Error);
  CHECK_FALSE(std::filesystem::exists(path));
}
