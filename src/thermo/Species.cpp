#include "hydrosim/thermo/Species.h"

namespace hydrosim::thermo {

const std::vector<std::string>& phase_names() {
  static const std::vector<std::string> names{"aqueous", "solid", "liquid", "gas", "organic"};
  return names;
}

std::string_view to_string(Phase phase) { return phase_names().at(static_cast<std::size_t>(phase)); }

std::optional<Phase> phase_from_string(std::string_view text) {
  const auto& names = phase_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<Phase>(i);
  }
  return std::nullopt;
}

}  // namespace hydrosim::thermo
