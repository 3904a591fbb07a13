#pragma once
// Quantities with units at the input boundary: "80 degC", "2 mol/L", "5 t/h",
// "25 wt%". Everything inside hydrosim is SI (kg, m, s, K, mol, Pa, J).
#include <array>
#include <string>
#include <string_view>

namespace hydrosim {

// Exponents of the SI base dimensions, plus a "basis" that tells fractions apart:
// 25 wt% and 25 vol% are both dimensionless, but mixing them up is a real error.
struct Dimension {
  enum Base { kMass, kLength, kTime, kTemperature, kAmount, kBaseCount };
  enum class Basis { kNone, kMassFraction, kVolumeFraction, kMoleFraction };

  std::array<int, kBaseCount> exponents{};
  Basis basis = Basis::kNone;

  bool operator==(const Dimension&) const = default;
  Dimension operator*(const Dimension& other) const;
  Dimension operator/(const Dimension& other) const;
  Dimension power(int exponent) const;

  // A readable name ("temperature", "molar flow", "kg·m^-3") for messages.
  std::string describe() const;

  static Dimension dimensionless() { return {}; }
  static Dimension mass() { return base(kMass); }
  static Dimension length() { return base(kLength); }
  static Dimension time() { return base(kTime); }
  static Dimension temperature() { return base(kTemperature); }
  static Dimension amount() { return base(kAmount); }
  static Dimension volume() { return length().power(3); }
  static Dimension pressure() { return mass() / length() / time().power(2); }
  static Dimension energy() { return mass() * length().power(2) / time().power(2); }
  static Dimension mass_flow() { return mass() / time(); }
  static Dimension molar_flow() { return amount() / time(); }
  static Dimension volume_flow() { return volume() / time(); }
  static Dimension molarity() { return amount() / volume(); }
  static Dimension mass_concentration() { return mass() / volume(); }
  static Dimension molality() { return amount() / mass(); }
  static Dimension molar_energy() { return energy() / amount(); }
  static Dimension molar_entropy() { return energy() / amount() / temperature(); }
  static Dimension mass_fraction() { return fraction(Basis::kMassFraction); }
  static Dimension volume_fraction() { return fraction(Basis::kVolumeFraction); }
  static Dimension mole_fraction() { return fraction(Basis::kMoleFraction); }

 private:
  static Dimension base(Base b) {
    Dimension d;
    d.exponents[b] = 1;
    return d;
  }
  static Dimension fraction(Basis basis) {
    Dimension d;
    d.basis = basis;
    return d;
  }
};

struct Quantity {
  double value = 0.0;  // SI
  Dimension dimension;
};

// Parses "<number> <unit expression>" to SI. Unit expressions combine symbols
// with '*', '/', spaces, parentheses and exponents ("J/(mol K)", "kg/m^3",
// "m3/h"). Temperatures in degC are affine and allowed only on their own.
// Throws InputError naming the text and what is wrong.
Quantity parse_quantity(std::string_view text);

// parse_quantity, then checks the dimension; the error says what was expected
// and what was given, e.g. "expected a temperature (like \"80 degC\") but
// \"2 mol/L\" is a molarity".
double parse_quantity_as(std::string_view text, const Dimension& expected);

// A typical example input for a dimension, used in error messages.
std::string example_for(const Dimension& dimension);

}  // namespace hydrosim
