#pragma once
// The one place that knows every unit type. Adding a unit type is one new
// class plus one line in src/units/Registry.cpp.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

struct UnitType {
  std::string_view name;
  std::string_view summary;
  std::unique_ptr<Unit> (*create)(std::string name);
};

const std::vector<UnitType>& unit_types();
std::vector<std::string> unit_type_names();

// nullptr when the type is unknown.
std::unique_ptr<Unit> create_unit(std::string_view type, std::string name);

}  // namespace hydrosim::units
