#pragma once
// Zig-zag or cross-flow air classifier: separator film and plastics (low
// density, high drag) to `light`, the rest to `heavy`, by the recovery of each
// component to the light product (RecoverySeparator).
#include "hydrosim/units/RecoverySeparator.h"

namespace hydrosim::units {

class AirClassifier : public RecoverySeparator {
 public:
  explicit AirClassifier(std::string name) : RecoverySeparator(std::move(name), "light", "heavy") {}
  std::string_view type() const override { return "AirClassifier"; }
};

}  // namespace hydrosim::units
