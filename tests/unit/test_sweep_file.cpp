// The sweep results file (sweep/SweepFile.h): what is written is read back,
// resume checks the file's identity, merge combines shards.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "TestSupport.h"
#include "hydrosim/sweep/SweepFile.h"

using namespace hydrosim;
using namespace hydrosim::sweep;
using namespace hydrosim::testing;

namespace {

SweepHeader header(std::int64_t first, std::int64_t count, std::uint64_t shard, std::uint64_t shards) {
  SweepHeader h;
  h.identity = "0123456789abcdef";
  h.method = "grid";
  h.total_cases = 4;
  h.shard_index = shard;
  h.shard_count = shards;
  h.spec_text = "flowsheet: x.yaml\n";
  h.parameter_names = {"a.x", "a.y"};
  h.parameter_units = {"1", "degC"};
  h.output_names = {"recovery.Li.product"};
  h.output_units = {"1"};
  h.parameters = Design{static_cast<std::size_t>(count), 2, {}};
  for (std::int64_t i = first; i < first + count; ++i) {
    h.cases.push_back(i);
    h.parameters.data.push_back(0.1 * static_cast<double>(i));
    h.parameters.data.push_back(60.0 + static_cast<double>(i));
  }
  return h;
}

CaseResult ok(double value) { return {CaseStatus::kOk, {value}, "", 0.5}; }

std::filesystem::path fresh(const std::string& name) {
  const auto path = scratch_dir() / name;
  std::filesystem::remove(path);
  return path;
}

}  // namespace

TEST_CASE("a sweep file returns what was recorded, and pending rows stay pending") {
  const auto path = fresh("sweep_file_roundtrip.h5");
  {
    SweepFile file = SweepFile::create(path, header(0, 4, 0, 1), false);
    file.record({{0, ok(0.25)}, {2, {CaseStatus::kSolveFailed, {std::nan("")}, "recycle did not converge", 1.5}}});
  }
  const SweepFile file = SweepFile::read(path);
  CHECK(file.header().cases == std::vector<std::int64_t>{0, 1, 2, 3});
  CHECK(file.header().parameters.data == header(0, 4, 0, 1).parameters.data);
  CHECK(file.header().parameter_units == std::vector<std::string>{"1", "degC"});
  CHECK(file.statuses() ==
        std::vector<CaseStatus>{CaseStatus::kOk, CaseStatus::kPending, CaseStatus::kSolveFailed, CaseStatus::kPending});
  CHECK(file.result(0).outputs == std::vector<double>{0.25});
  CHECK(file.result(2).message == "recycle did not converge");
  CHECK(std::isnan(file.result(1).outputs[0]));  // never computed: the NaN fill value
  CHECK(file.run_of(0) == 1);
  CHECK(file.run_of(1) == 0);
}

TEST_CASE("resume refuses a file of another sweep or shard, and counts its runs") {
  const auto path = fresh("sweep_file_resume.h5");
  { SweepFile::create(path, header(0, 4, 0, 1), false).record({{1, ok(0.5)}}); }
  SweepHeader other = header(0, 4, 0, 1);
  other.identity = "fedcba9876543210";
  CHECK(input_error_of([&] { SweepFile::resume(path, other); }).find("it belongs to another sweep") !=
        std::string::npos);
  CHECK(input_error_of([&] { SweepFile::resume(path, header(0, 4, 1, 2)); }).find("it holds shard 0/1, not 1/2") !=
        std::string::npos);
  CHECK(input_error_of([&] { SweepFile::create(path, header(0, 4, 0, 1), false); }).find("the file exists") !=
        std::string::npos);
  {
    SweepFile resumed = SweepFile::resume(path, header(0, 4, 0, 1));
    CHECK(resumed.run_number() == 2);
    resumed.record({{3, ok(0.75)}});
  }
  const SweepFile file = SweepFile::read(path);
  CHECK(file.run_of(1) == 1);
  CHECK(file.run_of(3) == 2);
}

TEST_CASE("merge puts the shards' cases in case order and refuses a foreign shard") {
  const auto a = fresh("sweep_file_shard0.h5");
  const auto b = fresh("sweep_file_shard1.h5");
  const auto merged = fresh("sweep_file_merged.h5");
  { SweepFile::create(b, header(2, 2, 1, 2), false).record({{0, ok(2.0)}, {1, ok(3.0)}}); }
  { SweepFile::create(a, header(0, 2, 0, 2), false).record({{0, ok(0.0)}, {1, ok(1.0)}}); }
  const MergeSummary summary = merge_sweep_files({b, a}, merged, false);
  CHECK(summary.finished == 4);
  CHECK(summary.total_cases == 4);
  const SweepFile file = SweepFile::read(merged);
  CHECK(file.header().cases == std::vector<std::int64_t>{0, 1, 2, 3});
  CHECK(file.header().parameters.data == header(0, 4, 0, 1).parameters.data);
  for (std::size_t row = 0; row < 4; ++row) CHECK(file.result(row).outputs[0] == static_cast<double>(row));

  const auto foreign = fresh("sweep_file_foreign.h5");
  SweepHeader h = header(2, 2, 1, 2);
  h.identity = "ffffffffffffffff";
  { SweepFile::create(foreign, h, false); }
  CHECK(input_error_of([&] {
          merge_sweep_files({a, foreign}, fresh("sweep_file_bad_merge.h5"), false);
        }).find("belongs to another sweep") != std::string::npos);
}
