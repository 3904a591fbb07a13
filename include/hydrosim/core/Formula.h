#pragma once
// Chemical formulas: "Co+2", "SO4-2", "CoSO4:7H2O" (or "CoSO4·7H2O"),
// "LiNi0.6Mn0.2Co0.2O2", "Ni(OH)2", "LiNi1/3Mn1/3Co1/3O2", "HF(aq)".
#include <string>
#include <string_view>
#include <vector>

#include "hydrosim/core/Elements.h"

namespace hydrosim {

struct ElementCount {
  const Element* element;
  double count;  // atoms per formula unit (may be fractional)
};

struct Formula {
  std::vector<ElementCount> elements;  // sorted by atomic number, no zero counts
  int charge = 0;                      // in units of the elementary charge

  // Atoms of `symbol` per formula unit (0 when absent).
  double count(std::string_view symbol) const;
  // Molar mass in kg/mol (SI). Electrons are not counted: the mass of an ion is
  // that of its atoms, the convention of thermodynamic tables.
  double molar_mass() const;
};

// Parses a formula; throws InputError explaining what is wrong and where.
// A trailing phase tag in lower case, e.g. "(aq)", "(s)", "(g)", "(l)", "(org)",
// is accepted and ignored, so species names parse as their formulas.
Formula parse_formula(std::string_view text);

}  // namespace hydrosim
