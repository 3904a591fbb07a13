#pragma once
// Thin RAII helpers over the HDF5 C API, private to the io layer: every call
// is checked and a failure names the object being written.
#include <string>
#include <string_view>
#include <vector>

#include <hdf5.h>

#include <Eigen/Dense>

namespace hydrosim::io::hdf5 {

// Owns an hid_t and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer, std::string_view what);
  ~Handle();
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

Handle create_file(const std::string& path);
Handle create_group(hid_t parent, const std::string& name);

// Datasets; each gets a `units` attribute ("1" for dimensionless, "" for labels).
Handle write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values);
Handle write_vector(hid_t parent, const std::string& name, const Eigen::VectorXd& values, std::string_view units);
Handle write_matrix(hid_t parent, const std::string& name, const Eigen::MatrixXd& values, std::string_view units);
Handle write_scalar(hid_t parent, const std::string& name, double value, std::string_view units);

// Makes `scale` a dimension scale named `label` and attaches it to `dataset`'s
// dimension `dimension`, so readers see labelled axes.
void attach_scale(hid_t dataset, hid_t scale, unsigned dimension, const std::string& label);

void set_attribute(hid_t object, const std::string& name, std::string_view value);
void set_attribute(hid_t object, const std::string& name, double value);
void set_attribute(hid_t object, const std::string& name, long long value);

}  // namespace hydrosim::io::hdf5
