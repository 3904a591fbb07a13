// Salt solubilities in pure water: the speciation model (log K(T) of
// aqueous-equilibria.yaml with Davies activities) against the measured CRC
// Handbook values, and the measured curves of
// thermo-data/solubility/salt-solubility.yaml against the CRC mass percents
// they were converted from.
//
// Reference: CRC Handbook of Chemistry and Physics, 91st ed. (2010), "Aqueous
// Solubility of Inorganic Compounds at Various Temperatures", pp. 8-112 to
// 8-117: mass percent of the anhydrous salt, 100 w, typed in below;
// molality m = 1000 w / (M (1 − w)).
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "PrecipitationTestSupport.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/Crystallizer.h"

using namespace hydrosim;
using namespace hydrosim::thermo;
using namespace hydrosim::testing;

namespace {

struct Point {
  double celsius;
  double mass_percent;  // CRC, anhydrous salt
};

// Anhydrous molar masses, g/mol (IUPAC 2013 atomic weights).
constexpr double kMnSO4 = 151.001;
constexpr double kNiSO4 = 154.756;
constexpr double kCoSO4 = 154.996;
constexpr double kNa2SO4 = 142.042;

double molality(const Point& p, double molar_mass) {
  const double w = p.mass_percent / 100.0;
  return 1000.0 * w / (molar_mass * (1.0 - w));
}

std::size_t species(std::string_view name) { return chemistry().database->index_of(name); }

// The model's solubility (mol of salt per kg water) in pure water: `amount`
// mol/kg of the salt's ions with the solid at equilibrium; what stays
// dissolved is the solubility. `ions` per formula unit, by element.
double model_solubility(const char* solid, std::initializer_list<std::pair<const char*, double>> ions, double amount,
                        double kelvin) {
  SolutionInput input;
  input.temperature = kelvin;
  for (const auto& [name, n] : ions) {
    input.totals[component_index(*chemistry().database, *chemistry().equilibria, name)] = n * amount;
  }
  input.equilibrium_solids = {species(solid)};
  Speciation speciation(chemistry().database, chemistry().equilibria, "davies");
  const auto result = speciation.solve(input);
  REQUIRE(result.converged);
  for (const auto& [component, total] : input.totals) {
    CHECK(std::abs(result.component_totals.at(component) - total) <= 1e-10 * total);
  }
  const auto* state = result.find_solid(species(solid));
  REQUIRE(state != nullptr);
  REQUIRE(state->at_equilibrium);
  return amount - state->amount;
}

// The curves of the data file, by salt: (K, mol/kg).
std::map<std::string, std::vector<std::pair<double, double>>> data_file_curves() {
  const auto file = data_dir() / "solubility" / "salt-solubility.yaml";
  const auto document = io::YamlDocument::load_file(file);
  const io::ParameterReader root(document, document.root(), "");
  const auto curves = root.child("curves");
  std::map<std::string, std::vector<std::pair<double, double>>> out;
  for (const auto& salt : curves.keys()) {
    for (const auto& point : curves.child(salt).list_of_maps("points")) {
      out[salt].push_back(
          {point.quantity("temperature", Dimension::temperature()), point.quantity("molality", Dimension::molality())});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the data file's molalities are the CRC mass percents converted (to its 4 printed decimals)") {
  const auto curves = data_file_curves();
  auto check = [&](const std::string& salt, double molar_mass, std::initializer_list<Point> points) {
    const auto& curve = curves.at(salt);
    REQUIRE(curve.size() == points.size());
    std::size_t i = 0;
    for (const auto& p : points) {
      CAPTURE(salt);
      CAPTURE(p.celsius);
      CHECK(curve[i].first == relative(273.15 + p.celsius, 1e-12));
      CHECK(std::abs(curve[i].second - molality(p, molar_mass)) <= 5e-5);  // rounded to 1e-4 mol/kg
      ++i;
    }
  };
  check("MnSO4:H2O", kMnSO4,
        {{30, 38.9}, {40, 37.7}, {50, 36.3}, {60, 34.6}, {70, 32.8}, {80, 30.8}, {90, 28.8}, {100, 26.7}});
  check("NiSO4:6H2O", kNiSO4, {{40, 32.0}, {50, 34.1}});
  check("CoSO4:7H2O", kCoSO4, {{0, 19.9}, {10, 23.0}, {20, 26.1}, {25, 27.7}, {30, 29.2}});
  check("Na2SO4:10H2O", kNa2SO4, {{20, 16.13}, {25, 21.94}, {30, 29.22}});
  check("Na2SO4", kNa2SO4, {{40, 32.35}, {60, 30.90}, {80, 30.02}, {100, 29.67}});
}

// KNOWN GAP, kept visible: the speciation's solubility of the concentrated
// sulfate hydrates. Tolerance 15 %: the solubility sets a crystalliser's
// yield directly, and 15 % is about the spread between compilations of these
// salts' solubility products; a model worth using for design should meet it.
// The ion-association activity models of this project (Davies, B-dot, SIT
// without ion-interaction coefficients for these pairs) are used here at
// I = 5-15 mol/kg, far beyond their range (Davies I ≲ 0.5): the model gives
// 1.2-1.4 × the CRC value for NiSO4·6H2O and 0.3-0.5 × for CoSO4·7H2O,
// mirabilite and thenardite (the same with B-dot; SIT fails to converge or
// dissolves everything). A Pitzer model (pitzer.dat has Na-SO4, Mn-SO4 and
// Mg-SO4 parameters) would be needed. Each salt is an expected failure and
// turns red when it starts to pass. Until then a Crystallizer can use the
// measured curve (`solubility: measured`, test_crystallizer). With
// activity_model: pitzer (tests/unit/test_pitzer.cpp) mirabilite, thenardite
// and retgersite come within 15 %; CoSO4 has no Pitzer parameters yet.
namespace {

void compare_with_crc(const char* solid, std::initializer_list<std::pair<const char*, double>> ions, double molar_mass,
                      std::initializer_list<Point> points) {
  for (const auto& p : points) {
    const double measured = molality(p, molar_mass);
    const double model = model_solubility(solid, ions, 2.0 * measured, 273.15 + p.celsius);
    MESSAGE(std::string(solid) << " at " << p.celsius << " °C: model " << model << " mol/kg, CRC " << measured
                               << " (ratio " << model / measured << ")");
    CHECK(model == relative(measured, 0.15));
  }
}

}  // namespace

TEST_CASE("model solubility of NiSO4·6H2O at 40 and 50 °C within 15 % of the CRC Handbook" * doctest::should_fail()) {
  compare_with_crc("NiSO4:6H2O", {{"Ni", 1.0}, {"S", 1.0}}, kNiSO4, {{40, 32.0}, {50, 34.1}});
}

TEST_CASE("model solubility of CoSO4·7H2O at 0-30 °C within 15 % of the CRC Handbook" * doctest::should_fail()) {
  compare_with_crc("CoSO4:7H2O", {{"Co", 1.0}, {"S", 1.0}}, kCoSO4,
                   {{0, 19.9}, {10, 23.0}, {20, 26.1}, {25, 27.7}, {30, 29.2}});
}

TEST_CASE("model solubility of Na2SO4·10H2O at 20-30 °C within 15 % of the CRC Handbook" * doctest::should_fail()) {
  compare_with_crc("Na2SO4:10H2O", {{"Na", 2.0}, {"S", 1.0}}, kNa2SO4, {{20, 16.13}, {25, 21.94}, {30, 29.22}});
}

TEST_CASE("model solubility of Na2SO4 at 40-100 °C within 15 % of the CRC Handbook" * doctest::should_fail()) {
  compare_with_crc("Na2SO4", {{"Na", 2.0}, {"S", 1.0}}, kNa2SO4, {{40, 32.35}, {60, 30.90}, {80, 30.02}, {100, 29.67}});
}

TEST_CASE("model solubility of Li3PO4 in water at 25 °C lies in the CRC Handbook's range") {
  // CRC 91st ed. aqueous-solubility table, read at 0.01 g/100 g: 0.03 g per
  // 100 g water, i.e. 0.025-0.035 g/100 g = 0.0022-0.0030 mol/kg (M =
  // 115.794 g/mol). The model's log K is the CRC 87th ed. Ksp (2.37e-11), an
  // independent table (solubility products from thermodynamic data); the
  // speciation adds the PO4-3 hydrolysis (HPO4-2) that raises the solubility
  // above the ideal (Ksp/27)^(1/4) = 9.7e-4 mol/kg.
  const double model = model_solubility("Li3PO4", {{"Li", 3.0}, {"P", 1.0}}, 0.01, 298.15);
  MESSAGE("Li3PO4 at 25 °C: model " << model << " mol/kg, CRC 0.0022-0.0030");
  CHECK(model >= 0.025 * 10.0 / 115.794);
  CHECK(model <= 0.035 * 10.0 / 115.794);
}
