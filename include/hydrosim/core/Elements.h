#pragma once
// The periodic table as far as hydrometallurgy needs it, with IUPAC standard
// atomic weights.
#include <span>
#include <string_view>

namespace hydrosim {

struct Element {
  std::string_view symbol;
  std::string_view name;
  int atomic_number;
  double atomic_weight;  // g/mol (numerically equal to the relative atomic mass)
};

// All elements known to hydrosim, ordered by atomic number.
std::span<const Element> all_elements();

// The element with this symbol ("Co", "Li"), or nullptr.
const Element* find_element(std::string_view symbol);

}  // namespace hydrosim
