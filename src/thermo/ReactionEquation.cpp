#include "hydrosim/thermo/ReactionEquation.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::thermo {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_terms(std::string_view side) {
  std::vector<std::string_view> terms;
  std::size_t start = 0;
  while (true) {
    const std::size_t plus = side.find(" + ", start);
    terms.push_back(trim(side.substr(start, plus - start)));
    if (plus == std::string_view::npos) break;
    start = plus + 3;
  }
  return terms;
}

void add_side(std::string_view side, double sign, const Database& database, std::string_view whole,
              ReactionEquation& equation) {
  for (const std::string_view term : split_terms(side)) {
    if (term.empty()) throw InputError(fmt::format("reaction '{}': empty term", whole));
    double coefficient = 1.0;
    std::string_view name = term;
    // A leading number followed by a space is the coefficient: "3 H+", "0.5 O2(g)".
    const std::size_t space = term.find(' ');
    if (space != std::string_view::npos) {
      const std::string number(term.substr(0, space));
      char* end = nullptr;
      coefficient = std::strtod(number.c_str(), &end);
      if (end != number.c_str() + number.size() || !(coefficient > 0.0)) {
        throw InputError(
            fmt::format("reaction '{}': '{}' should be a positive coefficient then a species name", whole, term));
      }
      name = trim(term.substr(space + 1));
    }
    std::size_t index = 0;
    try {
      index = database.index_of(name);
    } catch (const InputError& error) {
      throw InputError(fmt::format("reaction '{}': {}", whole, error.what()));
    }
    equation.terms.push_back({index, sign * coefficient});
  }
}

}  // namespace

double ReactionEquation::coefficient_of(std::size_t species) const {
  double total = 0.0;
  for (const auto& term : terms) {
    if (term.species == species) total += term.coefficient;
  }
  return total;
}

ReactionEquation parse_reaction(std::string_view text, const Database& database) {
  std::size_t separator = text.find(" = ");
  std::size_t separator_length = 3;
  if (separator == std::string_view::npos) {
    separator = text.find(" -> ");
    separator_length = 4;
  }
  if (separator == std::string_view::npos) {
    throw InputError(fmt::format("reaction '{}': expected reactants and products separated by ' = '", text));
  }
  ReactionEquation equation;
  equation.text = std::string(text);
  add_side(text.substr(0, separator), -1.0, database, text, equation);
  add_side(text.substr(separator + separator_length), +1.0, database, text, equation);

  // Balance check: sum of coefficient × atoms must vanish for every element.
  Eigen::VectorXd stoichiometry = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(database.size()));
  double scale = 0.0;
  for (const auto& term : equation.terms) {
    stoichiometry(static_cast<Eigen::Index>(term.species)) += term.coefficient;
    scale = std::max(scale, std::abs(term.coefficient));
  }
  const Eigen::VectorXd elements = database.element_matrix().transpose() * stoichiometry;
  for (Eigen::Index e = 0; e < elements.size(); ++e) {
    if (std::abs(elements(e)) > 1e-12 * std::max(scale, 1.0) * 10.0) {
      throw InputError(fmt::format("reaction '{}' does not balance {}: products minus reactants = {:+.6g} atoms", text,
                                   database.elements()[static_cast<std::size_t>(e)]->symbol, elements(e)));
    }
  }
  const double charge = database.charges().dot(stoichiometry);
  if (std::abs(charge) > 1e-12 * std::max(scale, 1.0) * 10.0) {
    throw InputError(
        fmt::format("reaction '{}' does not balance charge: products minus reactants = {:+.6g}", text, charge));
  }
  return equation;
}

}  // namespace hydrosim::thermo
