#include "hydrosim/units/Sink.h"

namespace hydrosim::units {

void Sink::configure(const io::ParameterReader& parameters,
                     const std::shared_ptr<const thermo::Database>& /*database*/) {
  is_product_ = parameters.choice("kind", {"product", "waste"}) == "product";
  description_ = parameters.text_or("description", "");
}

std::vector<PortSpec> Sink::ports() const { return {{"in", PortDirection::kInlet}}; }

void Sink::solve(const Inlets& /*inlets*/, Outlets& /*outlets*/) {}

}  // namespace hydrosim::units
