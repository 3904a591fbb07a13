#include <cmath>

#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/core/Formula.h"

using hydrosim::parse_formula;
using hydrosim::testing::input_error_of;
using hydrosim::testing::relative;

TEST_CASE("molar masses agree with the CRC Handbook") {
  // Reference: CRC Handbook of Chemistry and Physics, 97th ed. (Haynes 2016),
  // "Physical Constants of Inorganic Compounds", molar masses to 0.01 g/mol.
  // Tolerance 0.012 g/mol: the table's rounding (0.005) plus the shift of the
  // conventional atomic weights between the table's edition and IUPAC 2021
  // (at most ~0.001 per atom for these formulas).
  struct Reference {
    const char* formula;
    double grams_per_mol;
  };
  const Reference references[] = {
      {"H2O", 18.02},         {"H2SO4", 98.08},       {"Li2CO3", 73.89},     {"LiCoO2", 97.87},
      {"CoSO4:7H2O", 281.10}, {"NiSO4·6H2O", 262.85}, {"MnSO4:H2O", 169.02}, {"CaSO4:2H2O", 172.17},
      {"Na2SO4", 142.04},     {"Na2CO3", 105.99},     {"NaOH", 40.00},       {"Ca(OH)2", 74.09},
      {"CaF2", 78.07},        {"FePO4", 150.82},      {"LiFePO4", 157.76},   {"Al(OH)3", 78.00},
      {"Ni(OH)2", 92.71},     {"Co(OH)2", 92.95},     {"LiMn2O4", 180.81},   {"H2C2O4:2H2O", 126.07},
      {"LiPF6", 151.91},      {"Li3PO4", 115.79},
  };
  for (const auto& reference : references) {
    CAPTURE(reference.formula);
    const double grams_per_mol = parse_formula(reference.formula).molar_mass() * 1e3;
    CHECK(std::abs(grams_per_mol - reference.grams_per_mol) <= 0.012);
  }
}

TEST_CASE("charges are read from the end of the formula") {
  CHECK(parse_formula("Co+2").charge == 2);
  CHECK(parse_formula("SO4-2").charge == -2);
  CHECK(parse_formula("Li+").charge == 1);
  CHECK(parse_formula("OH-").charge == -1);
  CHECK(parse_formula("Fe+++").charge == 3);
  CHECK(parse_formula("PO4-3").charge == -3);
  CHECK(parse_formula("Al(OH)4-").charge == -1);
  CHECK(parse_formula("H2O").charge == 0);
  CHECK(parse_formula("SO4-2").count("O") == 4);
}

TEST_CASE("hydrates, parentheses and fractional stoichiometry") {
  const auto nmc = parse_formula("LiNi0.6Mn0.2Co0.2O2");
  CHECK(nmc.count("Ni") == relative(0.6));
  CHECK(nmc.count("Co") == relative(0.2));
  CHECK(nmc.count("O") == 2);
  const auto third = parse_formula("LiNi1/3Mn1/3Co1/3O2");
  CHECK(third.count("Ni") == relative(1.0 / 3.0));
  CHECK(parse_formula("CoSO4:7H2O").count("H") == 14);
  CHECK(parse_formula("CoSO4·7H2O").count("O") == 11);
  CHECK(parse_formula("CoSO4*7H2O").molar_mass() == parse_formula("CoSO4:7H2O").molar_mass());
  CHECK(parse_formula("Fe2(SO4)3").count("O") == 12);
  CHECK(parse_formula("Ca5(PO4)3(OH)").count("O") == 13);
  CHECK(parse_formula("CH3COOH").count("C") == 2);
  CHECK(parse_formula("HF(aq)").count("F") == 1);
  CHECK(parse_formula("O2(g)").count("O") == 2);
}

TEST_CASE("bad formulas are refused with the reason") {
  CHECK(input_error_of([] { parse_formula("Xx2O"); }).find("unknown element 'Xx'") != std::string::npos);
  CHECK(input_error_of([] { parse_formula("Ni(OH2"); }).find("missing ')'") != std::string::npos);
  CHECK(input_error_of([] { parse_formula("nickel"); }).find("cannot read formula 'nickel'") != std::string::npos);
  CHECK(input_error_of([] { parse_formula(""); }).find("no elements") != std::string::npos);
}
