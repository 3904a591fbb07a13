#include "Hdf5File.h"

#include <algorithm>

#include <hdf5_hl.h>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::io::hdf5 {
namespace {

void check(herr_t status, std::string_view what) {
  if (status < 0) throw Error(fmt::format("HDF5: failed to {}", what));
}

// Variable-length UTF-8 string type.
Handle string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "set string size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8");
  return type;
}

}  // namespace

Handle::Handle(hid_t id, Closer closer, std::string_view what) : id_(id), closer_(closer) {
  if (id_ < 0) throw Error(fmt::format("HDF5: failed to {}", what));
}

Handle::~Handle() {
  if (id_ >= 0 && closer_ != nullptr) closer_(id_);
}

Handle::Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}

Handle create_file(const std::string& path) {
  // Errors are reported through our exceptions; keep HDF5's own stack dumps quiet.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                fmt::format("create file '{}'", path));
}

Handle create_group(hid_t parent, const std::string& name) {
  return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                fmt::format("create group '{}'", name));
}

void set_attribute(hid_t object, const std::string& name, std::string_view value) {
  const Handle type = string_type();
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  const Handle attribute(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                         fmt::format("create attribute '{}'", name));
  const std::string text(value);
  const char* data = text.c_str();
  check(H5Awrite(attribute.get(), type.get(), &data), fmt::format("write attribute '{}'", name));
}

void set_attribute(hid_t object, const std::string& name, double value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  const Handle attribute(H5Acreate2(object, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                         H5Aclose, fmt::format("create attribute '{}'", name));
  check(H5Awrite(attribute.get(), H5T_NATIVE_DOUBLE, &value), fmt::format("write attribute '{}'", name));
}

void set_attribute(hid_t object, const std::string& name, long long value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  const Handle attribute(H5Acreate2(object, name.c_str(), H5T_NATIVE_LLONG, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                         H5Aclose, fmt::format("create attribute '{}'", name));
  check(H5Awrite(attribute.get(), H5T_NATIVE_LLONG, &value), fmt::format("write attribute '{}'", name));
}

Handle write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values) {
  const Handle type = string_type();
  const hsize_t size = values.size();
  const Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "create a space");
  Handle dataset(H5Dcreate2(parent, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose, fmt::format("create dataset '{}'", name));
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& value : values) pointers.push_back(value.c_str());
  if (!values.empty()) {
    // A variable-length write goes through HDF5's type-conversion buffer, by
    // default 1 MiB allocated and zeroed per H5Dwrite: sized to these few
    // strings instead (a results file writes hundreds of them).
    const Handle transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "create a transfer property list");
    const std::size_t bytes = std::max<std::size_t>(4096, values.size() * sizeof(char*) * 2);
    check(H5Pset_buffer(transfer.get(), bytes, nullptr, nullptr), "set the conversion buffer");
    check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, transfer.get(), pointers.data()),
          fmt::format("write dataset '{}'", name));
  }
  set_attribute(dataset.get(), "units", std::string_view(""));
  return dataset;
}

Handle write_vector(hid_t parent, const std::string& name, const Eigen::VectorXd& values, std::string_view units) {
  const hsize_t size = static_cast<hsize_t>(values.size());
  const Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "create a space");
  Handle dataset(
      H5Dcreate2(parent, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
      fmt::format("create dataset '{}'", name));
  if (size > 0) {
    check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          fmt::format("write dataset '{}'", name));
  }
  set_attribute(dataset.get(), "units", units);
  return dataset;
}

Handle write_matrix(hid_t parent, const std::string& name, const Eigen::MatrixXd& values, std::string_view units) {
  const hsize_t dims[2] = {static_cast<hsize_t>(values.rows()), static_cast<hsize_t>(values.cols())};
  const Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "create a space");
  Handle dataset(
      H5Dcreate2(parent, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
      fmt::format("create dataset '{}'", name));
  // HDF5 is row-major; Eigen's default is column-major.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major = values;
  if (values.size() > 0) {
    check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, row_major.data()),
          fmt::format("write dataset '{}'", name));
  }
  set_attribute(dataset.get(), "units", units);
  return dataset;
}

Handle write_scalar(hid_t parent, const std::string& name, double value, std::string_view units) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  Handle dataset(
      H5Dcreate2(parent, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
      fmt::format("create dataset '{}'", name));
  check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value),
        fmt::format("write dataset '{}'", name));
  set_attribute(dataset.get(), "units", units);
  return dataset;
}

void attach_scale(hid_t dataset, hid_t scale, unsigned dimension, const std::string& label) {
  if (H5DSis_scale(scale) <= 0) check(H5DSset_scale(scale, label.c_str()), fmt::format("make '{}' a scale", label));
  check(H5DSattach_scale(dataset, scale, dimension), fmt::format("attach scale '{}'", label));
}

}  // namespace hydrosim::io::hdf5
