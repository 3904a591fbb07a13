#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/core/Quantity.h"

using hydrosim::Dimension;
using hydrosim::parse_quantity;
using hydrosim::parse_quantity_as;
using hydrosim::testing::input_error_of;
using hydrosim::testing::relative;

TEST_CASE("quantities at the YAML boundary convert to SI") {
  CHECK(parse_quantity_as("80 degC", Dimension::temperature()) == relative(353.15));
  CHECK(parse_quantity_as("353.15 K", Dimension::temperature()) == relative(353.15));
  CHECK(parse_quantity_as("2 mol/L", Dimension::molarity()) == relative(2000.0));
  CHECK(parse_quantity_as("2 M", Dimension::molarity()) == relative(2000.0));
  CHECK(parse_quantity_as("100 g/L", Dimension::mass_concentration()) == relative(100.0));
  CHECK(parse_quantity_as("5 t/h", Dimension::mass_flow()) == relative(5000.0 / 3600.0));
  CHECK(parse_quantity_as("1.2 kg/s", Dimension::mass_flow()) == relative(1.2));
  CHECK(parse_quantity_as("3 vol%", Dimension::volume_fraction()) == relative(0.03));
  CHECK(parse_quantity_as("60 min", Dimension::time()) == relative(3600.0));
  CHECK(parse_quantity_as("25 wt%", Dimension::mass_fraction()) == relative(0.25));
  CHECK(parse_quantity_as("1 atm", Dimension::pressure()) == relative(101325.0));
  CHECK(parse_quantity_as("10 m3/h", Dimension::volume_flow()) == relative(10.0 / 3600.0));
  CHECK(parse_quantity_as("1 kg/m^3", Dimension::mass_concentration()) == relative(1.0));
  CHECK(parse_quantity_as("75 um", Dimension::length()) == relative(75e-6));
  CHECK(parse_quantity_as("-54.4 kJ/mol", Dimension::molar_energy()) == relative(-54400.0));
  CHECK(parse_quantity_as("75.3 J/mol/K", Dimension::molar_entropy()) == relative(75.3));
  CHECK(parse_quantity_as("75.3 J/(mol K)", Dimension::molar_entropy()) == relative(75.3));
  CHECK(parse_quantity_as("3 kmol/h", Dimension::molar_flow()) == relative(3000.0 / 3600.0));
  CHECK(parse_quantity_as("1 kcal/mol", Dimension::molar_energy()) == relative(4184.0));
  CHECK(parse_quantity_as("32 degF", Dimension::temperature()) == relative(273.15));
}

TEST_CASE("a wrong dimension is refused with what was expected") {
  const auto message = input_error_of([] { parse_quantity_as("2 mol/L", Dimension::temperature()); });
  CHECK(message.find("expected a temperature") != std::string::npos);
  CHECK(message.find("molar concentration") != std::string::npos);
  CHECK(input_error_of([] { parse_quantity_as("25 vol%", Dimension::mass_fraction()); }).find("volume fraction") !=
        std::string::npos);
  CHECK(input_error_of([] { parse_quantity_as("80", Dimension::temperature()); }).find("bare number") !=
        std::string::npos);
}

TEST_CASE("ambiguous and unknown units are refused") {
  // "80 C" must never be read as 80 K (or coulombs).
  CHECK(input_error_of([] { parse_quantity("80 C"); }).find("degC") != std::string::npos);
  CHECK(input_error_of([] { parse_quantity("2 furlongs"); }).find("unknown unit 'furlongs'") != std::string::npos);
  CHECK(input_error_of([] { parse_quantity("hot"); }).find("does not start with a number") != std::string::npos);
  CHECK(input_error_of([] { parse_quantity("5 J/degC"); }).find("affine") != std::string::npos);
}
