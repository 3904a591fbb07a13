#pragma once
// Reaction equations written as text: "NMC622 + 3 H+ + 0.5 H2O2(aq) = Li+ +
// 0.6 Ni+2 + 0.2 Mn+2 + 0.2 Co+2 + 2 H2O + 0.5 O2(g)". Terms are separated by
// " + " with spaces (species names contain '+'), sides by " = " or " -> ".
#include <string>
#include <string_view>
#include <vector>

#include "hydrosim/thermo/Database.h"

namespace hydrosim::thermo {

struct ReactionTerm {
  std::size_t species;
  double coefficient;  // negative for reactants, positive for products
};

struct ReactionEquation {
  std::string text;
  std::vector<ReactionTerm> terms;

  double coefficient_of(std::size_t species) const;  // 0 when absent
};

// Parses the equation against the database and checks that it balances every
// element and the charge to 1e-12 (relative to the largest term). Throws
// InputError naming the unknown species or the unbalanced element.
ReactionEquation parse_reaction(std::string_view text, const Database& database);

}  // namespace hydrosim::thermo
