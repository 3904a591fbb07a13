#pragma once
// Drum or overbelt magnet: steel casing scrap (Fe) to `magnetics`, the rest to
// `nonmagnetics`, by the recovery of each component (RecoverySeparator).
#include "hydrosim/units/RecoverySeparator.h"

namespace hydrosim::units {

class MagneticSeparator : public RecoverySeparator {
 public:
  explicit MagneticSeparator(std::string name) : RecoverySeparator(std::move(name), "magnetics", "nonmagnetics") {}
  std::string_view type() const override { return "MagneticSeparator"; }
};

}  // namespace hydrosim::units
