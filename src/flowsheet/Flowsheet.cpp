#include "hydrosim/flowsheet/Flowsheet.h"

namespace hydrosim::flowsheet {

const units::Unit* Flowsheet::find_unit(std::string_view unit_name) const {
  for (const auto& unit : units) {
    if (unit->name() == unit_name) return unit.get();
  }
  return nullptr;
}

}  // namespace hydrosim::flowsheet
