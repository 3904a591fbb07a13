#include "hydrosim/sweep/SweepFile.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include <hdf5.h>
#include <hdf5_hl.h>

#include <fmt/format.h>

#include "../io/Hdf5File.h"
#include "hydrosim/core/BuildInfo.h"
#include "hydrosim/core/Error.h"

namespace hydrosim::sweep {
namespace {

using io::hdf5::Handle;

constexpr const char* kFormat = "hydrosim-sweep";
constexpr long long kFormatVersion = 1;
constexpr std::size_t kChunkBytes = 64 * 1024;

void check(herr_t status, std::string_view what) {
  if (status < 0) throw Error(fmt::format("HDF5: failed to {}", what));
}

Handle message_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
  check(H5Tset_size(type.get(), kMessageLength), "set the message length");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "set string padding");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8");
  return type;
}

Handle vlen_string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "set string size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8");
  return type;
}

// A [rows] or [rows, columns] dataset, chunked, with every chunk allocated
// and filled at creation (so later writes never change the file's metadata).
Handle create_rows(hid_t group, const std::string& name, hid_t type, std::size_t rows, std::size_t columns,
                   const void* fill, std::string_view units) {
  const int rank = columns == 0 ? 1 : 2;
  const hsize_t dims[2] = {rows, std::max<std::size_t>(columns, 1)};
  const std::size_t row_bytes = H5Tget_size(type) * dims[1];
  const hsize_t chunk[2] = {std::clamp<hsize_t>(kChunkBytes / std::max<std::size_t>(row_bytes, 1), 1, rows), dims[1]};
  const Handle space(H5Screate_simple(rank, dims, nullptr), H5Sclose, "create a space");
  const Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  check(H5Pset_chunk(properties.get(), rank, chunk), "set the chunk size");
  check(H5Pset_alloc_time(properties.get(), H5D_ALLOC_TIME_EARLY), "set early allocation");
  check(H5Pset_fill_time(properties.get(), H5D_FILL_TIME_ALLOC), "set the fill time");
  if (fill != nullptr) check(H5Pset_fill_value(properties.get(), type, fill), "set the fill value");
  Handle dataset(H5Dcreate2(group, name.c_str(), type, space.get(), H5P_DEFAULT, properties.get(), H5P_DEFAULT),
                 H5Dclose, fmt::format("create dataset '{}'", name));
  io::hdf5::set_attribute(dataset.get(), "units", units);
  return dataset;
}

// Writes `count` rows starting at `row` (each `columns` wide; 0 for 1-D).
void write_rows(hid_t dataset, hid_t type, std::size_t row, std::size_t count, std::size_t columns, const void* data) {
  const int rank = columns == 0 ? 1 : 2;
  const Handle file_space(H5Dget_space(dataset), H5Sclose, "get a dataset space");
  const hsize_t start[2] = {row, 0};
  const hsize_t size[2] = {count, std::max<std::size_t>(columns, 1)};
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, size, nullptr), "select rows");
  const Handle memory_space(H5Screate_simple(rank, size, nullptr), H5Sclose, "create a memory space");
  check(H5Dwrite(dataset, type, memory_space.get(), file_space.get(), H5P_DEFAULT, data), "write rows");
}

void read_rows(hid_t dataset, hid_t type, std::size_t row, std::size_t count, std::size_t columns, void* data) {
  const int rank = columns == 0 ? 1 : 2;
  const Handle file_space(H5Dget_space(dataset), H5Sclose, "get a dataset space");
  const hsize_t start[2] = {row, 0};
  const hsize_t size[2] = {count, std::max<std::size_t>(columns, 1)};
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, size, nullptr), "select rows");
  const Handle memory_space(H5Screate_simple(rank, size, nullptr), H5Sclose, "create a memory space");
  check(H5Dread(dataset, type, memory_space.get(), file_space.get(), H5P_DEFAULT, data), "read rows");
}

std::vector<hsize_t> dims_of(hid_t dataset) {
  const Handle space(H5Dget_space(dataset), H5Sclose, "get a dataset space");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

std::vector<std::string> read_strings(hid_t group, const std::string& name) {
  const Handle dataset(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, fmt::format("open '{}'", name));
  const auto dims = dims_of(dataset.get());
  if (dims.size() != 1) throw Error(fmt::format("'{}' is not a list of names", name));
  std::vector<char*> pointers(dims[0], nullptr);
  const Handle type = vlen_string_type();
  if (dims[0] > 0)
    check(H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "read names");
  std::vector<std::string> values;
  for (char* pointer : pointers) {
    values.emplace_back(pointer != nullptr ? pointer : "");
    H5free_memory(pointer);
  }
  return values;
}

std::string read_text_attribute(hid_t object, const std::string& name) {
  if (H5Aexists(object, name.c_str()) <= 0) throw Error(fmt::format("attribute '{}' is missing", name));
  const Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, fmt::format("open '{}'", name));
  const Handle type = vlen_string_type();
  char* pointer = nullptr;
  check(H5Aread(attribute.get(), type.get(), &pointer), fmt::format("read attribute '{}'", name));
  std::string value = pointer != nullptr ? pointer : "";
  H5free_memory(pointer);
  return value;
}

long long read_integer_attribute(hid_t object, const std::string& name) {
  if (H5Aexists(object, name.c_str()) <= 0) throw Error(fmt::format("attribute '{}' is missing", name));
  const Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, fmt::format("open '{}'", name));
  long long value = 0;
  check(H5Aread(attribute.get(), H5T_NATIVE_LLONG, &value), fmt::format("read attribute '{}'", name));
  return value;
}

void write_integer_attribute(hid_t object, const std::string& name, long long value) {
  if (H5Aexists(object, name.c_str()) > 0) {
    const Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, fmt::format("open '{}'", name));
    check(H5Awrite(attribute.get(), H5T_NATIVE_LLONG, &value), fmt::format("write attribute '{}'", name));
  } else {
    io::hdf5::set_attribute(object, name, value);
  }
}

}  // namespace

struct SweepFile::State {
  std::filesystem::path path;
  SweepHeader header;
  Handle file;
  Handle group;
  Handle outputs, status, message, seconds, run;
  Handle message_type;
  int run_number = 0;
  bool writable = false;

  void open_datasets() {
    const auto open = [&](const char* name) {
      return Handle(H5Dopen2(group.get(), name, H5P_DEFAULT), H5Dclose, fmt::format("open dataset '{}'", name));
    };
    outputs = open("outputs");
    status = open("status");
    message = open("message");
    seconds = open("seconds");
    run = open("run");
    message_type = ::hydrosim::sweep::message_type();
  }

  void flush() const { check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush the file"); }
};

SweepFile::SweepFile(std::unique_ptr<State> state) : state_(std::move(state)) {}
SweepFile::SweepFile(SweepFile&&) noexcept = default;
SweepFile& SweepFile::operator=(SweepFile&&) noexcept = default;
SweepFile::~SweepFile() {
  if (state_ && state_->writable) {
    try {
      state_->flush();
    } catch (const Error&) {  // a destructor may not throw; data was flushed by record()
    }
  }
}

const SweepHeader& SweepFile::header() const { return state_->header; }
int SweepFile::run_number() const { return state_->run_number; }
const std::filesystem::path& SweepFile::path() const { return state_->path; }

SweepFile SweepFile::create(const std::filesystem::path& path, const SweepHeader& header, bool overwrite) {
  if (std::filesystem::exists(path) && !overwrite) {
    throw InputError(
        fmt::format("-o {}: the file exists; pass --resume to continue that sweep or --overwrite to "
                    "replace it",
                    path.string()));
  }
  const auto directory = std::filesystem::absolute(path).parent_path();
  if (!std::filesystem::is_directory(directory)) {
    throw InputError(fmt::format("-o {}: the directory '{}' does not exist", path.string(), directory.string()));
  }
  auto state = std::make_unique<State>();
  state->path = path;
  state->header = header;
  state->writable = true;
  state->run_number = 1;
  state->file = io::hdf5::create_file(path.string());
  state->group = io::hdf5::create_group(state->file.get(), "sweep");
  const hid_t group = state->group.get();
  const std::size_t rows = header.cases.size();
  const std::size_t p = header.parameter_names.size();
  const std::size_t k = header.output_names.size();

  io::hdf5::set_attribute(group, "format", std::string_view(kFormat));
  io::hdf5::set_attribute(group, "format_version", kFormatVersion);
  io::hdf5::set_attribute(group, "identity", std::string_view(header.identity));
  io::hdf5::set_attribute(group, "method", std::string_view(header.method));
  io::hdf5::set_attribute(group, "seed", static_cast<long long>(header.seed));
  io::hdf5::set_attribute(group, "samples", static_cast<long long>(header.samples));
  io::hdf5::set_attribute(group, "total_cases", static_cast<long long>(header.total_cases));
  io::hdf5::set_attribute(group, "shard_index", static_cast<long long>(header.shard_index));
  io::hdf5::set_attribute(group, "shard_count", static_cast<long long>(header.shard_count));
  io::hdf5::set_attribute(group, "spec", std::string_view(header.spec_text));
  io::hdf5::set_attribute(group, "spec_path", std::string_view(header.spec_path));
  io::hdf5::set_attribute(group, "flowsheet", std::string_view(header.flowsheet_path));
  io::hdf5::set_attribute(group, "hydrosim_version", std::string_view(version()));
  io::hdf5::set_attribute(group, "git_hash", std::string_view(git_hash()));
  io::hdf5::set_attribute(group, "runs", 1LL);
  io::hdf5::set_attribute(group, "status_codes", std::string_view("0 pending, 1 ok, 2 solve failed, 3 invalid input"));

  const Handle case_scale = create_rows(group, "case", H5T_NATIVE_INT64, rows, 0, nullptr, "");
  write_rows(case_scale.get(), H5T_NATIVE_INT64, 0, rows, 0, header.cases.data());
  const Handle parameter_scale = io::hdf5::write_strings(group, "parameter", header.parameter_names);
  const Handle output_scale = io::hdf5::write_strings(group, "output", header.output_names);
  const Handle parameter_units = io::hdf5::write_strings(group, "parameter_units", header.parameter_units);
  const Handle output_units = io::hdf5::write_strings(group, "output_units", header.output_units);

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Handle parameters =
      create_rows(group, "parameters", H5T_NATIVE_DOUBLE, rows, p, &nan, "per column: /sweep/parameter_units");
  write_rows(parameters.get(), H5T_NATIVE_DOUBLE, 0, rows, p, header.parameters.data.data());
  const Handle outputs =
      create_rows(group, "outputs", H5T_NATIVE_DOUBLE, rows, k, &nan, "per column: /sweep/output_units");
  const std::int8_t pending = 0;
  const Handle status = create_rows(group, "status", H5T_NATIVE_INT8, rows, 0, &pending, "");
  io::hdf5::set_attribute(status.get(), "codes", std::string_view("0 pending, 1 ok, 2 solve failed, 3 invalid input"));
  const Handle type = message_type();
  const std::string empty(kMessageLength, '\0');
  const Handle message = create_rows(group, "message", type.get(), rows, 0, empty.data(), "");
  const Handle seconds = create_rows(group, "seconds", H5T_NATIVE_DOUBLE, rows, 0, &nan, "s");
  const std::int32_t never = 0;
  const Handle run = create_rows(group, "run", H5T_NATIVE_INT32, rows, 0, &never, "1");
  io::hdf5::set_attribute(run.get(), "meaning",
                          std::string_view("the invocation (1 = first run, 2 = first --resume, ...) that computed "
                                           "the case; 0 = not computed"));

  // Labelled dimensions: xarray/h5netcdf and pandas see named axes.
  io::hdf5::attach_scale(parameters.get(), case_scale.get(), 0, "case");
  io::hdf5::attach_scale(parameters.get(), parameter_scale.get(), 1, "parameter");
  io::hdf5::attach_scale(outputs.get(), case_scale.get(), 0, "case");
  io::hdf5::attach_scale(outputs.get(), output_scale.get(), 1, "output");
  for (const Handle* row_data : {&status, &message, &seconds, &run}) {
    io::hdf5::attach_scale(row_data->get(), case_scale.get(), 0, "case");
  }
  io::hdf5::attach_scale(parameter_units.get(), parameter_scale.get(), 0, "parameter");
  io::hdf5::attach_scale(output_units.get(), output_scale.get(), 0, "output");

  state->open_datasets();
  state->flush();
  return SweepFile(std::move(state));
}

SweepFile SweepFile::read(const std::filesystem::path& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (!std::filesystem::exists(path)) throw InputError(fmt::format("{}: no such file", path.string()));
  if (H5Fis_hdf5(path.string().c_str()) <= 0) {
    throw InputError(
        fmt::format("{}: not an HDF5 file, or damaged beyond reading; refusing to use it (it is left "
                    "untouched; choose another -o, or --overwrite to replace it)",
                    path.string()));
  }
  auto state = std::make_unique<State>();
  state->path = path;
  const hid_t file = H5Fopen(path.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    throw InputError(
        fmt::format("{}: cannot open the HDF5 file (damaged, or in use by a running sweep)", path.string()));
  }
  state->file = Handle(file, H5Fclose, "open the file");
  try {
    if (H5Lexists(file, "sweep", H5P_DEFAULT) <= 0) throw Error("it has no /sweep group");
    state->group = Handle(H5Gopen2(file, "sweep", H5P_DEFAULT), H5Gclose, "open /sweep");
    const hid_t group = state->group.get();
    if (read_text_attribute(group, "format") != kFormat)
      throw Error("its /sweep format attribute is not hydrosim-sweep");
    if (read_integer_attribute(group, "format_version") != kFormatVersion) throw Error("unsupported format version");
    SweepHeader& h = state->header;
    h.identity = read_text_attribute(group, "identity");
    h.method = read_text_attribute(group, "method");
    h.seed = static_cast<std::uint64_t>(read_integer_attribute(group, "seed"));
    h.samples = static_cast<std::uint64_t>(read_integer_attribute(group, "samples"));
    h.total_cases = static_cast<std::uint64_t>(read_integer_attribute(group, "total_cases"));
    h.shard_index = static_cast<std::uint64_t>(read_integer_attribute(group, "shard_index"));
    h.shard_count = static_cast<std::uint64_t>(read_integer_attribute(group, "shard_count"));
    h.spec_text = read_text_attribute(group, "spec");
    h.spec_path = read_text_attribute(group, "spec_path");
    h.flowsheet_path = read_text_attribute(group, "flowsheet");
    state->run_number = static_cast<int>(read_integer_attribute(group, "runs"));
    h.parameter_names = read_strings(group, "parameter");
    h.parameter_units = read_strings(group, "parameter_units");
    h.output_names = read_strings(group, "output");
    h.output_units = read_strings(group, "output_units");
    const Handle cases(H5Dopen2(group, "case", H5P_DEFAULT), H5Dclose, "open /sweep/case");
    const auto rows = dims_of(cases.get());
    if (rows.size() != 1) throw Error("/sweep/case is not one-dimensional");
    h.cases.resize(rows[0]);
    if (rows[0] > 0) read_rows(cases.get(), H5T_NATIVE_INT64, 0, rows[0], 0, h.cases.data());
    const Handle parameters(H5Dopen2(group, "parameters", H5P_DEFAULT), H5Dclose, "open /sweep/parameters");
    const std::size_t p = h.parameter_names.size();
    if (dims_of(parameters.get()) != std::vector<hsize_t>{rows[0], p})
      throw Error("/sweep/parameters has the wrong shape");
    h.parameters = Design{rows[0], p, std::vector<double>(rows[0] * p)};
    if (rows[0] > 0) read_rows(parameters.get(), H5T_NATIVE_DOUBLE, 0, rows[0], p, h.parameters.data.data());
    state->open_datasets();
    const std::size_t k = h.output_names.size();
    if (dims_of(state->outputs.get()) != std::vector<hsize_t>{rows[0], k})
      throw Error("/sweep/outputs has the wrong shape");
    for (const Handle* row_data : {&state->status, &state->message, &state->seconds, &state->run}) {
      if (dims_of(row_data->get()) != std::vector<hsize_t>{rows[0]})
        throw Error("a per-case dataset has the wrong length");
    }
  } catch (const Error& error) {
    if (dynamic_cast<const InputError*>(&error) != nullptr) throw;
    throw InputError(
        fmt::format("{}: not a usable hydrosim sweep file ({}); refusing to use it (it is left untouched; "
                    "choose another -o, or --overwrite to replace it)",
                    path.string(), error.what()));
  }
  return SweepFile(std::move(state));
}

SweepFile SweepFile::resume(const std::filesystem::path& path, const SweepHeader& expected) {
  {
    const SweepFile existing = read(path);
    const SweepHeader& h = existing.header();
    const auto refuse = [&](const std::string& why) {
      throw InputError(
          fmt::format("--resume {}: {}; refusing to resume into it (it is left untouched; choose another "
                      "-o, or --overwrite to start again)",
                      path.string(), why));
    };
    if (h.identity != expected.identity) {
      refuse(fmt::format("it belongs to another sweep (identity {}; this spec, flowsheet and thermo data give {})",
                         h.identity, expected.identity));
    }
    if (h.shard_index != expected.shard_index || h.shard_count != expected.shard_count) {
      refuse(fmt::format("it holds shard {}/{}, not {}/{}", h.shard_index, h.shard_count, expected.shard_index,
                         expected.shard_count));
    }
    if (h.cases != expected.cases) refuse("its case list differs from this sweep's");
    if (h.output_names != expected.output_names) refuse("its outputs differ from this sweep's");
  }
  const hid_t file = H5Fopen(path.string().c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) throw InputError(fmt::format("--resume {}: cannot open the file for writing (in use?)", path.string()));
  auto state = std::make_unique<State>();
  state->path = path;
  state->header = expected;
  state->writable = true;
  state->file = Handle(file, H5Fclose, "open the file");
  state->group = Handle(H5Gopen2(file, "sweep", H5P_DEFAULT), H5Gclose, "open /sweep");
  state->run_number = static_cast<int>(read_integer_attribute(state->group.get(), "runs")) + 1;
  write_integer_attribute(state->group.get(), "runs", state->run_number);
  state->open_datasets();
  state->flush();
  return SweepFile(std::move(state));
}

std::vector<CaseStatus> SweepFile::statuses() const {
  const std::size_t rows = state_->header.cases.size();
  std::vector<std::int8_t> codes(rows, 0);
  if (rows > 0) read_rows(state_->status.get(), H5T_NATIVE_INT8, 0, rows, 0, codes.data());
  std::vector<CaseStatus> statuses;
  statuses.reserve(rows);
  for (const auto code : codes) {
    statuses.push_back(code >= 0 && code <= 3 ? static_cast<CaseStatus>(code) : CaseStatus::kPending);
  }
  return statuses;
}

void SweepFile::record(const std::vector<std::pair<std::size_t, CaseResult>>& rows) {
  if (rows.empty()) return;
  State& s = *state_;
  const std::size_t k = s.header.output_names.size();
  std::vector<char> text(kMessageLength, '\0');
  for (const auto& [row, result] : rows) {
    if (result.outputs.size() != k) throw std::logic_error("case result with the wrong number of outputs");
    write_rows(s.outputs.get(), H5T_NATIVE_DOUBLE, row, 1, k, result.outputs.data());
    std::fill(text.begin(), text.end(), '\0');
    std::memcpy(text.data(), result.message.data(), std::min(result.message.size(), kMessageLength));
    write_rows(s.message.get(), s.message_type.get(), row, 1, 0, text.data());
    write_rows(s.seconds.get(), H5T_NATIVE_DOUBLE, row, 1, 0, &result.seconds);
    const std::int32_t run = s.run_number;
    write_rows(s.run.get(), H5T_NATIVE_INT32, row, 1, 0, &run);
  }
  s.flush();
  for (const auto& [row, result] : rows) {
    const auto code = static_cast<std::int8_t>(result.status);
    write_rows(s.status.get(), H5T_NATIVE_INT8, row, 1, 0, &code);
  }
  s.flush();
}

std::vector<double> SweepFile::outputs(std::size_t row) const {
  std::vector<double> values(state_->header.output_names.size());
  read_rows(state_->outputs.get(), H5T_NATIVE_DOUBLE, row, 1, values.size(), values.data());
  return values;
}

CaseResult SweepFile::result(std::size_t row) const {
  CaseResult result;
  result.outputs = outputs(row);
  std::int8_t code = 0;
  read_rows(state_->status.get(), H5T_NATIVE_INT8, row, 1, 0, &code);
  result.status = static_cast<CaseStatus>(code);
  std::vector<char> text(kMessageLength + 1, '\0');
  read_rows(state_->message.get(), state_->message_type.get(), row, 1, 0, text.data());
  result.message = text.data();
  read_rows(state_->seconds.get(), H5T_NATIVE_DOUBLE, row, 1, 0, &result.seconds);
  return result;
}

int SweepFile::run_of(std::size_t row) const {
  std::int32_t run = 0;
  read_rows(state_->run.get(), H5T_NATIVE_INT32, row, 1, 0, &run);
  return run;
}

MergeSummary merge_sweep_files(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& output,
                               bool overwrite) {
  if (inputs.empty()) throw InputError("merge: give the shard files to combine");
  std::vector<SweepFile> files;
  for (const auto& input : inputs) files.push_back(SweepFile::read(input));
  const SweepHeader& first = files.front().header();
  // case -> (file, row) of its finished result; a case done in two files keeps the first.
  std::map<std::int64_t, std::pair<std::size_t, std::size_t>> source;
  std::map<std::int64_t, std::pair<std::size_t, std::size_t>> any_row;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const SweepHeader& h = files[f].header();
    if (h.identity != first.identity || h.total_cases != first.total_cases || h.output_names != first.output_names ||
        h.parameter_names != first.parameter_names) {
      throw InputError(fmt::format("merge: {} belongs to another sweep than {} (identity {} vs {})", inputs[f].string(),
                                   inputs.front().string(), h.identity, first.identity));
    }
    const auto statuses = files[f].statuses();
    for (std::size_t row = 0; row < h.cases.size(); ++row) {
      any_row.emplace(h.cases[row], std::make_pair(f, row));
      if (statuses[row] != CaseStatus::kPending) source.emplace(h.cases[row], std::make_pair(f, row));
    }
  }
  SweepHeader merged = first;
  merged.shard_index = 0;
  merged.shard_count = 1;
  merged.cases.clear();
  merged.parameters = Design{any_row.size(), first.parameter_names.size(), {}};
  for (const auto& [index, where] : any_row) {
    merged.cases.push_back(index);
    const Design& values = files[where.first].header().parameters;
    for (std::size_t j = 0; j < values.columns; ++j) merged.parameters.data.push_back(values.at(where.second, j));
  }
  SweepFile target = SweepFile::create(output, merged, overwrite);
  std::vector<std::pair<std::size_t, CaseResult>> rows;
  std::size_t row = 0;
  for (const auto& [index, where] : any_row) {
    if (const auto done = source.find(index); done != source.end()) {
      rows.emplace_back(row, files[done->second.first].result(done->second.second));
    }
    ++row;
  }
  target.record(rows);
  return {rows.size(), merged.cases.size(), static_cast<std::size_t>(first.total_cases)};
}

}  // namespace hydrosim::sweep
