#pragma once
// Eddy-current separator: Al and Cu foil to `nonferrous`, the rest to
// `nonmetallic`, by the recovery of each component, reduced for fine particles:
//
//   R_s(d) = R_s · (1 − exp(−(d / d_c)^m))
//
// The repulsive force on a conducting particle falls with its size, so ECS
// work poorly below a few millimetres (Smith, Nagel & Rajamani 2019, Minerals
// Engineering, review). The functional form and d_c, m (given in the
// flowsheet) are an engineering assumption, not a fitted model; see
// docs/pretreatment.md.
#include "hydrosim/units/RecoverySeparator.h"

namespace hydrosim::units {

class EddyCurrentSeparator : public RecoverySeparator {
 public:
  explicit EddyCurrentSeparator(std::string name) : RecoverySeparator(std::move(name), "nonferrous", "nonmetallic") {}
  std::string_view type() const override { return "EddyCurrentSeparator"; }

 protected:
  void configure_size_effect(const io::ParameterReader& parameters) override;
  double size_factor(double d) const override;
  bool needs_sizes() const override { return fine_cutoff_ > 0.0; }

 private:
  double fine_cutoff_ = 0.0;  // d_c, m; 0 = no size effect
  double exponent_ = 2.0;     // m
};

}  // namespace hydrosim::units
