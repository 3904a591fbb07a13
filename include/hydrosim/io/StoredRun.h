#pragma once
// Reading back what a results file needs to be reproduced: the flowsheet text,
// the --set overrides and the provenance stored in /meta. `hydrosim report
// RESULTS.h5` re-runs the stored flowsheet from these (it does not read the
// stored result groups back), so the report always matches the code version
// that renders it; the report states both versions.
#include <filesystem>
#include <string>
#include <vector>

#include "hydrosim/flowsheet/Flowsheet.h"
#include "hydrosim/io/FlowsheetLoader.h"

namespace hydrosim::io {

struct StoredRun {
  std::string path;
  std::string flowsheet_name;
  std::string flowsheet_file;
  std::string flowsheet_path;  // absolute path of flowsheet_file when written; empty in older files
  std::string flowsheet_text;
  std::vector<std::string> overrides;
  std::string hydrosim_version;
  std::string created_utc;
};

// Throws InputError when the file is not a hydrosim results file.
StoredRun read_stored_run(const std::filesystem::path& path);

// The directory of the flowsheet file the results were written from, if that
// file still exists: relative data files (economics.price_deck) resolve there as
// in the original run. Empty when it is gone, or when only a relative name was
// stored (older files), which cannot be located reliably.
std::filesystem::path original_flowsheet_dir(const StoredRun& run);

// Loads the stored flowsheet text with the stored overrides followed by
// `options.overrides`; the flowsheet's origin is the stored file name. Relative
// data files resolve in original_flowsheet_dir(run), else in thermo-data/reporting/.
flowsheet::Flowsheet load_stored_flowsheet(const StoredRun& run, const LoadOptions& options);

bool is_results_file(const std::filesystem::path& path);

}  // namespace hydrosim::io
