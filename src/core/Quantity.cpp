#include "hydrosim/core/Quantity.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim {

Dimension Dimension::operator*(const Dimension& other) const {
  Dimension d;
  for (int i = 0; i < kBaseCount; ++i) d.exponents[i] = exponents[i] + other.exponents[i];
  d.basis = basis != Basis::kNone ? basis : other.basis;
  return d;
}

Dimension Dimension::operator/(const Dimension& other) const { return *this * other.power(-1); }

Dimension Dimension::power(int exponent) const {
  Dimension d;
  for (int i = 0; i < kBaseCount; ++i) d.exponents[i] = exponents[i] * exponent;
  d.basis = basis;
  return d;
}

namespace {

struct NamedDimension {
  Dimension dimension;
  std::string_view name;
  std::string_view example;
};

const std::vector<NamedDimension>& named_dimensions() {
  static const std::vector<NamedDimension> names{
      {Dimension::dimensionless(), "dimensionless number", "0.95"},
      {Dimension::mass_fraction(), "mass fraction", "25 wt%"},
      {Dimension::volume_fraction(), "volume fraction", "3 vol%"},
      {Dimension::mole_fraction(), "mole fraction", "10 mol%"},
      {Dimension::temperature(), "temperature", "80 degC"},
      {Dimension::pressure(), "pressure", "1 atm"},
      {Dimension::time(), "time", "60 min"},
      {Dimension::mass(), "mass", "100 kg"},
      {Dimension::length(), "length", "75 um"},
      {Dimension::volume(), "volume", "10 m3"},
      {Dimension::amount(), "amount", "2 mol"},
      {Dimension::mass_flow(), "mass flow", "5 t/h"},
      {Dimension::molar_flow(), "molar flow", "3 kmol/h"},
      {Dimension::volume_flow(), "volumetric flow", "10 m3/h"},
      {Dimension::molarity(), "molar concentration", "2 mol/L"},
      {Dimension::mass_concentration(), "mass concentration", "100 g/L"},
      {Dimension::energy(), "energy", "1 kWh"},
      {Dimension::molar_energy(), "molar energy", "-54.4 kJ/mol"},
      {Dimension::molar_entropy(), "molar entropy or heat capacity", "75.3 J/mol/K"},
      {Dimension::energy() / Dimension::time(), "power", "50 kW"},
      {Dimension::mass() / Dimension::amount(), "molar mass", "58.93 g/mol"},
      {Dimension::amount() / Dimension::mass(), "molality", "0.1 mol/kg"},
  };
  return names;
}

struct UnitSymbol {
  std::string_view symbol;
  double factor;  // SI value of one unit
  Dimension dimension;
};

const std::vector<UnitSymbol>& unit_symbols() {
  using D = Dimension;
  static const std::vector<UnitSymbol> symbols{
      // mass
      {"kg", 1.0, D::mass()},
      {"g", 1e-3, D::mass()},
      {"mg", 1e-6, D::mass()},
      {"ug", 1e-9, D::mass()},
      {"µg", 1e-9, D::mass()},
      {"t", 1e3, D::mass()},
      {"kt", 1e6, D::mass()},
      // length
      {"m", 1.0, D::length()},
      {"km", 1e3, D::length()},
      {"cm", 1e-2, D::length()},
      {"mm", 1e-3, D::length()},
      {"um", 1e-6, D::length()},
      {"µm", 1e-6, D::length()},
      {"nm", 1e-9, D::length()},
      // volume
      {"L", 1e-3, D::volume()},
      {"l", 1e-3, D::volume()},
      {"mL", 1e-6, D::volume()},
      {"kL", 1.0, D::volume()},
      // time
      {"s", 1.0, D::time()},
      {"min", 60.0, D::time()},
      {"h", 3600.0, D::time()},
      {"d", 86400.0, D::time()},
      {"a", 365.25 * 86400.0, D::time()},  // Julian year
      // temperature (absolute; degC is handled separately because it is affine)
      {"K", 1.0, D::temperature()},
      // amount
      {"mol", 1.0, D::amount()},
      {"kmol", 1e3, D::amount()},
      {"mmol", 1e-3, D::amount()},
      {"M", 1e3, D::molarity()},  // mol/L
      // pressure
      {"Pa", 1.0, D::pressure()},
      {"kPa", 1e3, D::pressure()},
      {"MPa", 1e6, D::pressure()},
      {"bar", 1e5, D::pressure()},
      {"mbar", 1e2, D::pressure()},
      {"atm", 101325.0, D::pressure()},
      // energy and power
      {"J", 1.0, D::energy()},
      {"kJ", 1e3, D::energy()},
      {"MJ", 1e6, D::energy()},
      {"GJ", 1e9, D::energy()},
      {"cal", 4.184, D::energy()},  // thermochemical calorie
      {"kcal", 4184.0, D::energy()},
      {"Wh", 3600.0, D::energy()},
      {"kWh", 3.6e6, D::energy()},
      {"MWh", 3.6e9, D::energy()},
      {"W", 1.0, D::energy() / D::time()},
      {"kW", 1e3, D::energy() / D::time()},
      {"MW", 1e6, D::energy() / D::time()},
      // fractions
      {"%", 1e-2, D::dimensionless()},
      {"wt%", 1e-2, D::mass_fraction()},
      {"vol%", 1e-2, D::volume_fraction()},
      {"mol%", 1e-2, D::mole_fraction()},
      {"ppm", 1e-6, D::dimensionless()},
      {"ppmw", 1e-6, D::mass_fraction()},
  };
  return symbols;
}

const UnitSymbol* find_unit(std::string_view symbol) {
  for (const auto& unit : unit_symbols()) {
    if (unit.symbol == symbol) return &unit;
  }
  return nullptr;
}

std::string known_units_list() {
  std::string list;
  for (const auto& unit : unit_symbols()) {
    if (!list.empty()) list += ' ';
    list += unit.symbol;
  }
  return list + " degC";
}

struct Scaled {
  double factor = 1.0;
  Dimension dimension;
};

// Parser for unit expressions such as "kg/m^3", "J/(mol K)", "m3/h", "t/h".
// A '/' divides by the next factor only, so "J/mol/K" means J·mol⁻¹·K⁻¹.
class UnitExpressionParser {
 public:
  UnitExpressionParser(std::string_view expression, std::string_view whole) : text_(expression), whole_(whole) {}

  Scaled parse() {
    Scaled result = parse_product();
    skip_spaces();
    if (pos_ != text_.size()) fail(fmt::format("unexpected '{}'", text_[pos_]));
    return result;
  }

 private:
  [[noreturn]] void fail(std::string_view why) const {
    throw InputError(fmt::format("cannot read '{}' as a quantity: {} in the unit '{}'", whole_, why, text_));
  }

  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  Scaled parse_product() {
    Scaled result = parse_factor();
    while (true) {
      skip_spaces();
      if (pos_ >= text_.size() || text_[pos_] == ')') return result;
      bool divide = false;
      if (text_[pos_] == '/') {
        divide = true;
        ++pos_;
      } else if (text_[pos_] == '*' || text_[pos_] == '.') {
        ++pos_;
      }
      const Scaled next = parse_factor();
      if (divide) {
        result.factor /= next.factor;
        result.dimension = result.dimension / next.dimension;
      } else {
        result.factor *= next.factor;
        result.dimension = result.dimension * next.dimension;
      }
    }
  }

  Scaled parse_factor() {
    skip_spaces();
    if (pos_ >= text_.size()) fail("missing unit");
    Scaled base;
    if (text_[pos_] == '(') {
      ++pos_;
      base = parse_product();
      skip_spaces();
      if (pos_ >= text_.size() || text_[pos_] != ')') fail("missing ')'");
      ++pos_;
    } else {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != ' ' && text_[pos_] != '/' && text_[pos_] != '*' &&
             text_[pos_] != '(' && text_[pos_] != ')' && text_[pos_] != '^' && !(text_[pos_] == '.' && pos_ > start) &&
             !(std::isdigit(static_cast<unsigned char>(text_[pos_])) && pos_ > start) && text_[pos_] != '-') {
        ++pos_;
      }
      const std::string_view symbol = text_.substr(start, pos_ - start);
      if (symbol == "degC" || symbol == "°C") {
        fail("degC is an affine scale and can only stand alone (\"80 degC\"); use K inside compound units");
      }
      const UnitSymbol* unit = find_unit(symbol);
      if (unit == nullptr) fail(fmt::format("unknown unit '{}' (known: {})", symbol, known_units_list()));
      base = {unit->factor, unit->dimension};
    }
    const int exponent = parse_exponent();
    return {std::pow(base.factor, exponent), base.dimension.power(exponent)};
  }

  // "m3", "m^3", "s^-1", "m^-3".
  int parse_exponent() {
    if (pos_ < text_.size() && text_[pos_] == '^') ++pos_;
    const std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ == start) return 1;
    int exponent = 0;
    const auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, exponent);
    if (ec != std::errc() || ptr != text_.data() + pos_) fail("bad exponent");
    return exponent;
  }

  std::string_view text_;
  std::string_view whole_;
  std::size_t pos_ = 0;
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string Dimension::describe() const {
  for (const auto& named : named_dimensions()) {
    if (named.dimension == *this) return std::string(named.name);
  }
  static constexpr std::array<std::string_view, kBaseCount> symbols{"kg", "m", "s", "K", "mol"};
  std::string text;
  for (int i = 0; i < kBaseCount; ++i) {
    if (exponents[i] == 0) continue;
    if (!text.empty()) text += "·";
    text += symbols[i];
    if (exponents[i] != 1) text += fmt::format("^{}", exponents[i]);
  }
  return text.empty() ? "dimensionless number" : "quantity in " + text;
}

std::string example_for(const Dimension& dimension) {
  for (const auto& named : named_dimensions()) {
    if (named.dimension == dimension) return std::string(named.example);
  }
  return "a number with units";
}

Quantity parse_quantity(std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (trimmed.empty()) throw InputError("expected a quantity but the value is empty");
  // The number: let strtod find where it ends (handles 1e-3, -5, .5).
  const std::string owned(trimmed);
  char* end = nullptr;
  const double number = std::strtod(owned.c_str(), &end);
  if (end == owned.c_str()) {
    throw InputError(fmt::format("cannot read '{}' as a quantity: it does not start with a number", trimmed));
  }
  if (!std::isfinite(number)) {
    throw InputError(fmt::format("cannot read '{}' as a quantity: the number is not finite", trimmed));
  }
  const std::string_view unit = trim(std::string_view(owned).substr(static_cast<std::size_t>(end - owned.c_str())));
  if (unit.empty()) return {number, Dimension::dimensionless()};
  if (unit == "degC" || unit == "°C" || unit == "C") {
    if (unit == "C") {
      // "80 C" is ambiguous (coulomb? Celsius?); never read it as kelvin.
      throw InputError(
          fmt::format("cannot read '{}' as a quantity: write \"degC\" for Celsius or \"K\" for kelvin", trimmed));
    }
    return {number + 273.15, Dimension::temperature()};
  }
  if (unit == "degF" || unit == "°F") {
    return {(number - 32.0) * 5.0 / 9.0 + 273.15, Dimension::temperature()};
  }
  const Scaled scaled = UnitExpressionParser(unit, trimmed).parse();
  return {number * scaled.factor, scaled.dimension};
}

double parse_quantity_as(std::string_view text, const Dimension& expected) {
  const Quantity quantity = parse_quantity(text);
  if (quantity.dimension == expected) return quantity.value;
  if (quantity.dimension == Dimension::dimensionless() && expected != Dimension::dimensionless()) {
    throw InputError(fmt::format("expected a {} with units, like \"{}\", but got the bare number '{}'",
                                 expected.describe(), example_for(expected), trim(text)));
  }
  throw InputError(fmt::format("expected a {} (like \"{}\") but '{}' is a {}", expected.describe(),
                               example_for(expected), trim(text), quantity.dimension.describe()));
}

}  // namespace hydrosim
