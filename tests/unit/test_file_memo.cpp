// The reporting-file memo: parse once per file version, re-read an edited file,
// cache nothing when the loader fails.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "TestSupport.h"
#include "hydrosim/io/FileMemo.h"

using namespace hydrosim;

namespace {

void write(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::trunc);
  out << text;
}

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("FileMemo parses a file once and re-reads it after an edit") {
  const auto file = hydrosim::testing::scratch_dir() / "file_memo_test.yaml";
  write(file, "version: 1\n");
  io::FileMemo<std::string> memo;
  int parses = 0;
  const auto load = [&](const std::filesystem::path& path) {
    ++parses;
    return read(path);
  };
  CHECK(memo.get(file, load) == "version: 1\n");
  CHECK(memo.get(file, load) == "version: 1\n");
  CHECK(parses == 1);

  // A different size is a different version even within one timestamp tick.
  write(file, "version: 22\n");
  CHECK(memo.get(file, load) == "version: 22\n");
  CHECK(parses == 2);
  std::filesystem::remove(file);
}

TEST_CASE("FileMemo caches nothing when the loader throws, so every case sees the error") {
  const auto file = hydrosim::testing::scratch_dir() / "file_memo_bad.yaml";
  write(file, "bad\n");
  io::FileMemo<std::string> memo;
  int attempts = 0;
  const auto failing = [&](const std::filesystem::path&) -> std::string {
    ++attempts;
    throw std::runtime_error("bad.yaml:1:1: expected a map");
  };
  CHECK_THROWS_WITH(memo.get(file, failing), "bad.yaml:1:1: expected a map");
  CHECK_THROWS_WITH(memo.get(file, failing), "bad.yaml:1:1: expected a map");
  CHECK(attempts == 2);
  std::filesystem::remove(file);

  // A missing file goes straight to the loader, which names it.
  const auto missing = [](const std::filesystem::path& path) -> std::string {
    throw std::runtime_error(path.string() + ": no such file");
  };
  CHECK_THROWS_WITH(memo.get(file, missing), (file.string() + ": no such file").c_str());
}
