#pragma once
// Utilities a unit computes itself (an evaporator's steam from its own water
// removal), as opposed to the per-tonne utilities a flowsheet states in its
// economics block. The plant assessment costs each demand with the price
// deck's utility of the same name and its emission factor, per tonne of the
// basis feed, exactly as a per-tonne utility.
#include <string>
#include <vector>

#include "hydrosim/core/Quantity.h"

namespace hydrosim::units {

struct UtilityDemand {
  std::string utility;  // price-deck key: "steam", "electricity"
  double rate = 0.0;    // SI per second: kg/s of steam, W of electricity
  Dimension dimension;  // of the quantity consumed (mass for steam, energy for electricity)
};

class UsesUtilities {
 public:
  virtual ~UsesUtilities() = default;
  // What the last solve() used.
  virtual std::vector<UtilityDemand> utility_demands() const = 0;
};

}  // namespace hydrosim::units
