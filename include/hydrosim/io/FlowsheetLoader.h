#pragma once
// Reads a flowsheet YAML file (format: docs/flowsheet-format.md), applies
// --set overrides, builds and configures the units and checks the graph.
// Every problem is an InputError naming file:line:column and the key.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hydrosim/flowsheet/Flowsheet.h"

namespace hydrosim::io {

struct LoadOptions {
  std::vector<std::string> overrides;     // "units.leach.temperature=85 degC"
  std::filesystem::path data_dir;         // empty: thermo::Database::default_data_dir()
  std::filesystem::path flowsheet_dir{};  // relative data files (price_deck) resolve here; empty: the file's directory
  // Preloaded species database used instead of reading the thermo files (a
  // parameter sweep loads it once and shares it read-only between cases).
  std::shared_ptr<const thermo::Database> database = nullptr;
};

flowsheet::Flowsheet load_flowsheet(const std::filesystem::path& path, const LoadOptions& options = {});

}  // namespace hydrosim::io
