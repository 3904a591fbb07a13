#pragma once
// Helpers shared by the unit tests: paths into the source tree and scratch
// files for flowsheets written inline in a test.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>

#include <unistd.h>

#include <doctest/doctest.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/thermo/Database.h"
#include "hydrosim/thermo/EquilibriumData.h"

namespace hydrosim::testing {

inline std::filesystem::path source_dir() { return HYDROSIM_SOURCE_DIR; }
inline std::filesystem::path data_dir() { return source_dir() / "thermo-data"; }
inline std::filesystem::path flowsheet_path(const std::string& name) { return source_dir() / "flowsheets" / name; }

// One scratch directory per test process, removed at exit: test runs from
// several build trees (or ctest -j) never read each other's files.
inline std::filesystem::path scratch_dir() {
  struct ScratchDirectory {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("hydrosim-unit-tests-" + std::to_string(::getpid()));
    ScratchDirectory() { std::filesystem::create_directories(path); }
    ~ScratchDirectory() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const ScratchDirectory directory;
  return directory.path;
}

// The whole thermo-data directory and its equilibria, loaded once per test run.
struct Chemistry {
  std::shared_ptr<const thermo::Database> database;
  std::shared_ptr<const thermo::EquilibriumData> equilibria;
};

inline const Chemistry& chemistry() {
  static const Chemistry shared = [] {
    auto database =
        std::make_shared<const thermo::Database>(thermo::Database::load(thermo::Database::files_in(data_dir())));
    auto equilibria = std::make_shared<const thermo::EquilibriumData>(thermo::EquilibriumData::load(*database));
    return Chemistry{database, equilibria};
  }();
  return shared;
}

// Writes `text` to a scratch file named `name` and returns its path.
inline std::filesystem::path write_scratch(const std::string& name, const std::string& text) {
  const auto path = scratch_dir() / name;
  std::ofstream(path) << text;
  return path;
}

// Approximate equality relative to the expected value: |a − b| ≤ tolerance ·
// max(|a|, |b|). (doctest::Approx alone adds an absolute floor of `epsilon`,
// which is meaningless for small quantities.)
inline doctest::Approx relative(double expected, double tolerance = 1e-12) {
  return doctest::Approx(expected).epsilon(tolerance).scale(0.0);
}

// The message of the InputError that `action` throws ("" if none is thrown).
template <typename Action>
std::string input_error_of(Action&& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace hydrosim::testing
