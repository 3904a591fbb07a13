#include "hydrosim/io/StoredRun.h"

#include <unistd.h>
#include <fstream>

#include <fmt/format.h>
#include <hdf5.h>

#include "Hdf5File.h"
#include "hydrosim/core/Error.h"
#include "hydrosim/io/AssessmentLoader.h"
#include "hydrosim/thermo/Database.h"

namespace hydrosim::io {
namespace {

std::string read_string_attribute(hid_t object, const std::string& name, const std::string& file) {
  if (H5Aexists(object, name.c_str()) <= 0) {
    throw InputError(fmt::format("{}: /meta has no attribute '{}'; not a hydrosim results file", file, name));
  }
  const hdf5::Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  const hdf5::Handle type(H5Aget_type(attribute.get()), H5Tclose, "attribute type " + name);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) <= 0) {
    throw InputError(fmt::format("{}: /meta attribute '{}' is not a variable-length string", file, name));
  }
  char* data = nullptr;
  const hdf5::Handle memory(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  H5Tset_size(memory.get(), H5T_VARIABLE);
  H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
  if (H5Aread(attribute.get(), memory.get(), &data) < 0) {
    throw InputError(fmt::format("{}: cannot read /meta attribute '{}'", file, name));
  }
  std::string text = data == nullptr ? "" : data;
  const hdf5::Handle space(H5Aget_space(attribute.get()), H5Sclose, "attribute space " + name);
  H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, &data);
  return text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) lines.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

bool is_results_file(const std::filesystem::path& path) {
  const auto extension = path.extension().string();
  return extension == ".h5" || extension == ".hdf5";
}

StoredRun read_stored_run(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw InputError(fmt::format("{}: no such file", path.string()));
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(fmt::format("{}: not an HDF5 file", path.string()));
  const hdf5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path.string());
  if (H5Lexists(file.get(), "meta", H5P_DEFAULT) <= 0) {
    throw InputError(fmt::format("{}: no /meta group; not a hydrosim results file", path.string()));
  }
  const hdf5::Handle meta(H5Gopen2(file.get(), "meta", H5P_DEFAULT), H5Gclose, "open /meta");
  StoredRun run;
  run.path = path.string();
  run.flowsheet_name = read_string_attribute(meta.get(), "flowsheet_name", run.path);
  run.flowsheet_file = read_string_attribute(meta.get(), "flowsheet_file", run.path);
  if (H5Aexists(meta.get(), "flowsheet_path") > 0) {
    run.flowsheet_path = read_string_attribute(meta.get(), "flowsheet_path", run.path);
  }
  run.flowsheet_text = read_string_attribute(meta.get(), "flowsheet_text", run.path);
  run.overrides = lines_of(read_string_attribute(meta.get(), "overrides", run.path));
  run.hydrosim_version = read_string_attribute(meta.get(), "hydrosim_version", run.path);
  run.created_utc = read_string_attribute(meta.get(), "created_utc", run.path);
  return run;
}

std::filesystem::path original_flowsheet_dir(const StoredRun& run) {
  std::filesystem::path original(run.flowsheet_path);
  if (original.empty() && std::filesystem::path(run.flowsheet_file).is_absolute()) original = run.flowsheet_file;
  if (original.empty() || !std::filesystem::is_regular_file(original)) return {};
  return original.parent_path();
}

flowsheet::Flowsheet load_stored_flowsheet(const StoredRun& run, const LoadOptions& options) {
  const auto name = std::filesystem::path(run.flowsheet_file).filename();
  const auto scratch =
      std::filesystem::temp_directory_path() /
      fmt::format("hydrosim-stored-{}-{}", ::getpid(), name.empty() ? "flowsheet.yaml" : name.string());
  std::ofstream(scratch) << run.flowsheet_text;
  LoadOptions load = options;
  load.overrides = run.overrides;
  load.overrides.insert(load.overrides.end(), options.overrides.begin(), options.overrides.end());
  // Never the scratch file's directory (a stray price-deck.yaml in /tmp must not be used).
  load.flowsheet_dir = original_flowsheet_dir(run);
  if (load.flowsheet_dir.empty()) {
    load.flowsheet_dir =
        reporting_dir(options.data_dir.empty() ? thermo::Database::default_data_dir() : options.data_dir);
  }
  try {
    flowsheet::Flowsheet plant = load_flowsheet(scratch, load);
    std::filesystem::remove(scratch);
    plant.origin = run.flowsheet_file;
    return plant;
  } catch (...) {
    std::filesystem::remove(scratch);
    throw;
  }
}

}  // namespace hydrosim::io
