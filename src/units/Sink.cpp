#include "hydrosim/units/Sink.h"

namespace hydrosim::units {

void Sink::configure(const io::ParameterReader& parameters,
                     const std::shared_ptr<const thermo::Database>& /*database*/) {
  is_product_ = parameters.choice("kind", {"product", "waste"}) == "product";
  description_ = parameters.text_or("description", "");
  specification_ = parameters.text_or("specification", "");
  if (!specification_.empty() && !is_product_) {
    parameters.fail("specification", "only a product sink (kind: product) can name a product specification");
  }
}

std::vector<PortSpec> Sink::ports() const { return {{"in", PortDirection::kInlet}}; }

void Sink::solve(const Inlets& /*inlets*/, Outlets& /*outlets*/) {}

}  // namespace hydrosim::units
