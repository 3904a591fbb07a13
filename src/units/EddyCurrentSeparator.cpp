#include "hydrosim/units/EddyCurrentSeparator.h"

#include <cmath>

namespace hydrosim::units {

void EddyCurrentSeparator::configure_size_effect(const io::ParameterReader& parameters) {
  if (const auto fines = parameters.optional_child("fine_particles")) {
    fine_cutoff_ = fines->quantity("cutoff", Dimension::length());
    if (!(fine_cutoff_ > 0.0)) fines->fail("cutoff", "the fine-particle cutoff size must be positive");
    exponent_ = fines->number_or("exponent", 2.0, 1e-3, 20.0);
    fines->finish("the fine-particle efficiency");
  }
}

double EddyCurrentSeparator::size_factor(double d) const {
  if (fine_cutoff_ <= 0.0) return 1.0;
  return -std::expm1(-std::pow(d / fine_cutoff_, exponent_));
}

}  // namespace hydrosim::units
