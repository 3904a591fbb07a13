#include "hydrosim/units/Mixer.h"

namespace hydrosim::units {

void Mixer::configure(const io::ParameterReader& /*parameters*/,
                      const std::shared_ptr<const thermo::Database>& /*database*/) {}

std::vector<PortSpec> Mixer::ports() const {
  return {{"in", PortDirection::kInlet, /*accepts_many=*/true}, {"out", PortDirection::kOutlet}};
}

void Mixer::solve(const Inlets& inlets, Outlets& outlets) {
  outlets.insert_or_assign("out", thermo::mix(inlets.at("in")));
}

}  // namespace hydrosim::units
