// Activity models (Davies, B-dot, SIT) against analytic forms and published
// measurements. Each tolerance is stated with its reason.
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/thermo/SitModel.h"
#include "hydrosim/thermo/Speciation.h"

using namespace hydrosim;
using namespace hydrosim::thermo;
using namespace hydrosim::testing;

namespace {

std::size_t species(std::string_view name) { return chemistry().database->index_of(name); }

SolutionInput solution(std::initializer_list<std::pair<const char*, double>> totals, double temperature = 298.15) {
  SolutionInput input;
  input.temperature = temperature;
  for (const auto& [name, molality] : totals) {
    input.totals[component_index(*chemistry().database, *chemistry().equilibria, name)] += molality;
  }
  return input;
}

// Every solve must conserve each component and the charge to 1e-10.
void check_conservation(const SolutionInput& input, const SpeciationResult& result) {
  REQUIRE(result.converged);
  for (const auto& [component, total] : input.totals) {
    CAPTURE(chemistry().database->species(component).name);
    CHECK(std::abs(result.component_totals.at(component) - total) <= 1e-10 * total);
  }
  if (!input.fixed_ph) {
    double ionic = 0.0;
    for (const auto& s : result.species) {
      ionic += std::abs(chemistry().database->species(s.species).charge()) * s.molality;
    }
    CHECK(std::abs(result.charge_imbalance) <= 1e-10 * ionic);
  }
}

SpeciationResult speciate(const SolutionInput& input, std::string_view model) {
  Speciation speciation(chemistry().database, chemistry().equilibria, model);
  auto result = speciation.solve(input);
  check_conservation(input, result);
  return result;
}

// Dissolved amount of a salt with the solid at equilibrium (its solubility).
double solubility(const char* solid, std::initializer_list<std::pair<const char*, double>> per_mole, double amount,
                  double temperature, std::string_view model) {
  SolutionInput input;
  input.temperature = temperature;
  for (const auto& [name, n] : per_mole) {
    input.totals[component_index(*chemistry().database, *chemistry().equilibria, name)] = n * amount;
  }
  input.equilibrium_solids = {species(solid)};
  const auto result = speciate(input, model);
  const auto* state = result.find_solid(species(solid));
  REQUIRE(state != nullptr);
  REQUIRE(state->at_equilibrium);
  CHECK(std::abs(state->saturation_index) < 1e-9);
  return amount - state->amount;
}

}  // namespace

TEST_CASE("the activity models are listed and made by name") {
  const auto names = activity_model_names();
  CHECK(names == std::vector<std::string>{"davies", "b-dot", "sit", "pitzer"});
  for (const auto& name : names) {
    const auto model = make_activity_model(name);
    REQUIRE(model != nullptr);
    CHECK(model->name() == name);
  }
  CHECK(make_activity_model("truesdell-jones") == nullptr);
}

TEST_CASE("SIT ion term is the NEA-TDB Debye-Hückel term, with its exact derivative") {
  // Grenthe, Plyasunov & Spahiu (1997) eq. IX.5: D = 0.509 √I / (1 + 1.5 √I)
  // at 25 °C. This code's A(25 °C) = 0.5108 (Helgeson & Kirkham form with
  // the Malmberg & Maryott dielectric constant) differs from NEA's 0.509 by
  // 0.36 %, hence the 0.5 % tolerance.
  const SitModel sit;
  for (const double strength : {0.01, 0.1, 1.0, 3.0, 6.0}) {
    CAPTURE(strength);
    double value = 0.0;
    double derivative = 0.0;
    sit.log_gamma(2, 0.0, strength, 298.15, value, derivative);
    const double d = 0.509 * std::sqrt(strength) / (1.0 + 1.5 * std::sqrt(strength));
    CHECK(value == relative(-4.0 * d, 5e-3));
    // Central difference of the analytic value (truncation ~h², h = 1e-6 I).
    const double h = 1e-6 * strength;
    double up = 0.0;
    double down = 0.0;
    double unused = 0.0;
    sit.log_gamma(2, 0.0, strength + h, 298.15, up, unused);
    sit.log_gamma(2, 0.0, strength - h, 298.15, down, unused);
    CHECK(derivative == relative((up - down) / (2.0 * h), 1e-6));
  }
  double neutral = 1.0;
  double neutral_derivative = 1.0;
  sit.log_gamma(0, 0.0, 1.0, 298.15, neutral, neutral_derivative);
  CHECK(neutral == 0.0);
  CHECK(neutral_derivative == 0.0);
}

TEST_CASE("the composition-aware interface: ion-only models unchanged, SIT adds ε m") {
  const std::vector<ActivitySpecies> list{{"Na+", 1, 0.0}, {"Cl-", -1, 0.0}, {"SO4-2", -2, 0.0}, {"Li+", 1, 0.0}};
  const std::vector<double> m{2.0, 1.0, 0.5, 0.0};
  const double strength = 0.5 * (2.0 + 1.0 + 4.0 * 0.5);
  std::vector<double> value(list.size());
  std::vector<double> derivative(list.size());
  // Davies: the composition method is the per-species method (backward compatible).
  const DaviesModel davies;
  CHECK(davies.interactions(list, 298.15).empty());
  davies.log_gamma_composition(list, m, strength, 298.15, value, derivative);
  for (std::size_t i = 0; i < list.size(); ++i) {
    double expected = 0.0;
    double expected_derivative = 0.0;
    davies.log_gamma(list[i].charge, 0.0, strength, 298.15, expected, expected_derivative);
    CHECK(value[i] == expected);
    CHECK(derivative[i] == expected_derivative);
  }
  // SIT: log γ(Na+) = −D + ε(Na+,Cl-) m(Cl-) + ε(Na+,SO4-2) m(SO4-2), with the
  // NEA-TDB ε 0.03 and −0.12 kg/mol; log γ(SO4-2) = −4D + ε(Na+,SO4-2) m(Na+);
  // Li+/SO4-2 has no tabulated ε (0). Exact arithmetic.
  const SitModel sit;
  sit.log_gamma_composition(list, m, strength, 298.15, value, derivative);
  const double d = debye_huckel_a(298.15) * std::sqrt(strength) / (1.0 + 1.5 * std::sqrt(strength));
  CHECK(value[0] == relative(-d + 0.03 * 1.0 - 0.12 * 0.5, 1e-12));
  CHECK(value[1] == relative(-d + 0.03 * 2.0, 1e-12));
  CHECK(value[2] == relative(-4.0 * d - 0.12 * 2.0, 1e-12));
  CHECK(value[3] == relative(-d + 0.10 * 1.0, 1e-12));
  // Pairs without a value are reported (they get ε = 0).
  const auto unknown = SitModel::unknown_pairs(list);
  CHECK(std::find(unknown.begin(), unknown.end(), "Li+/SO4-2") != unknown.end());
  CHECK(std::find(unknown.begin(), unknown.end(), "Na+/Cl-") == unknown.end());
}

TEST_CASE("SIT mean activity coefficient of NaCl follows Robinson & Stokes (1959) to 4 mol/kg") {
  // Robinson & Stokes (1959), Electrolyte Solutions, 2nd ed., Appendix 8.10
  // (NaCl, 25 °C). Computed end to end: speciation of m mol/kg NaCl (no NaCl
  // ion pair in the data), γ± = √(a(Na+) a(Cl-)) / m. Tolerance: the NEA-TDB
  // uncertainty of ε(Na+,Cl-) = 0.03 ± 0.01 kg/mol moves log γ± by 0.01 m,
  // plus 0.01 in log γ± for the Debye–Hückel term (A, the fixed 1.5) —
  // 10^(0.01 m + 0.01) − 1 relative, 3.5 % at 1 mol/kg, 12 % at 4 mol/kg.
  struct Point {
    double molality;
    double gamma;
  };
  for (const Point& p : {Point{0.1, 0.778}, Point{0.5, 0.681}, Point{1.0, 0.657}, Point{2.0, 0.668}, Point{3.0, 0.714},
                         Point{4.0, 0.783}}) {
    CAPTURE(p.molality);
    const auto result = speciate(solution({{"Na", p.molality}, {"Cl", p.molality}}), "sit");
    const auto* sodium = result.find(species("Na+"));
    const auto* chloride = result.find(species("Cl-"));
    REQUIRE(sodium != nullptr);
    REQUIRE(chloride != nullptr);
    const double gamma = std::sqrt(sodium->activity * chloride->activity) / p.molality;
    MESSAGE("NaCl " << p.molality << " mol/kg: SIT gamma+- " << gamma << " (Robinson & Stokes " << p.gamma << ")");
    CHECK(gamma == relative(p.gamma, std::pow(10.0, 0.01 * p.molality + 0.01) - 1.0));
  }
}

TEST_CASE("SIT speciation beyond 4 mol/kg converges, conserves and warns") {
  // 6 mol/kg NaCl (I = 6): SIT's constant ε is outside its range (R&S γ± 0.986;
  // SIT gives ≈ 0.82), so the result must carry the range warning.
  const auto brine = speciate(solution({{"Na", 6.0}, {"Cl", 6.0}}), "sit");
  CHECK(brine.ionic_strength > 5.0);
  bool warned = false;
  for (const auto& warning : brine.warnings)
    warned |= warning.find("beyond the sit model's range") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("SIT speciation is robust from pH 0 to 14 and to ionic strength 6 mol/kg") {
  Speciation speciation(chemistry().database, chemistry().equilibria, "sit");
  SolutionInput liquor = solution({{"Li", 0.3},
                                   {"Ni", 0.5},
                                   {"Co", 0.1},
                                   {"Mn", 0.1},
                                   {"Al", 0.02},
                                   {"Fe+3", 0.01},
                                   {"Cu", 0.01},
                                   {"Na", 0.2},
                                   {"S", 1.2},
                                   {"F", 0.01},
                                   {"Cl", 0.05}});
  for (int ph = 0; ph <= 14; ++ph) {
    CAPTURE(ph);
    liquor.fixed_ph = ph;
    const auto result = speciation.solve(liquor);
    CHECK(result.converged);
    if (result.converged) check_conservation(liquor, result);
  }
  // Charge-balanced: strong acid, strong base, 2 mol/kg Na2SO4, a chloride
  // leach liquor at I ≈ 6 (2 mol/kg NiCl2 + 0.5 LiCl + 0.5 HCl).
  for (const auto& totals : {solution({{"S", 1.0}}), solution({{"Na", 1.0}}), solution({{"Na", 4.0}, {"S", 2.0}}),
                             solution({{"Ni", 2.0}, {"Li", 0.5}, {"Cl", 5.0}}), solution({{"Na", 6.0}, {"Cl", 6.0}})}) {
    const auto result = speciate(totals, "sit");
    CHECK(result.ph > -1.5);
    CHECK(result.ph < 15.0);
  }
}

TEST_CASE("SIT warm re-solves converge in a few Newton steps (the Jacobian is exact)") {
  // A true Newton method with the exact Jacobian converges quadratically: after
  // a 0.1 % change of one total from a converged state it needs ≤ 4 iterations
  // to reach the 1e-13 residual. An inexact Jacobian (missing ∂ log γ/∂m terms)
  // converges linearly and needs many more.
  Speciation speciation(chemistry().database, chemistry().equilibria, "sit");
  SolutionInput input = solution({{"Li", 0.6}, {"Ni", 0.5}, {"Co", 0.12}, {"Na", 0.3}, {"S", 1.4}, {"Cl", 0.2}});
  REQUIRE(speciation.solve(input).converged);
  input.totals[species("Ni+2")] *= 1.001;
  const auto result = speciation.solve(input);
  check_conservation(input, result);
  MESSAGE("warm SIT re-solve: " << result.iterations << " Newton iterations");
  CHECK(result.iterations <= 4);
}

// CRC Handbook 98th ed.: Li2CO3 1.28 wt% at 25 °C (0.1755 mol/kg), 0.99 wt% at
// 60 °C (0.1353), 0.85 wt% at 80 °C (0.1160).
TEST_CASE("Li2CO3 solubility with SIT falls with temperature (retrograde)") {
  const double at25 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 298.15, "sit");
  const double at60 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 333.15, "sit");
  const double at80 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 353.15, "sit");
  MESSAGE("SIT Li2CO3 solubility " << at25 << " / " << at60 << " / " << at80 << " mol/kg at 25/60/80 °C");
  CHECK(at60 < at25);
  CHECK(at80 < at60);
}

// Relative to 25 °C against Seidell (1940) vol. 1 pp. 909-911 / Rabinovich &
// Khavin (1977) p. 76 (1.53, 1.27, 1.01, 0.85, 0.72 g/100 g water at 0, 25,
// 50, 75, 100 °C): the same points, tolerance and reasons as the Davies test
// in test_speciation.cpp. ε is its 25 °C value at every temperature.
TEST_CASE("SIT: Li2CO3 solubility relative to 25 °C follows Seidell's table from 0 to 75 °C") {
  const double at25 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 298.15, "sit");
  const double at0 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 273.15, "sit") / at25;
  const double at50 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 323.15, "sit") / at25;
  const double at75 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 348.15, "sit") / at25;
  MESSAGE("SIT Li2CO3 s(T)/s(25 °C): " << at0 << " / " << at50 << " / " << at75
                                       << " at 0 / 50 / 75 °C (Seidell 1.205 / 0.795 / 0.669)");
  CHECK(at0 == relative(1.53 / 1.27, 0.10));
  CHECK(at50 == relative(1.01 / 1.27, 0.10));
  CHECK(at75 == relative(0.85 / 1.27, 0.10));
}

// KNOWN DEVIATION: at 100 °C SIT gives 0.488, −14 % from Seidell's 0.567
// (Davies, with the same log Ksp(T), is −7 %). With no ε(Li+, CO3-2) SIT
// differs from Davies here only in its Debye–Hückel term, so the difference is
// the activity model's, not the data's; expected failure (doctest
// should_fail) until a sourced Li+–CO3-2 interaction lands.
TEST_CASE("SIT: Li2CO3 solubility relative to 25 °C follows Seidell's table at 100 °C" * doctest::should_fail()) {
  const double at25 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 298.15, "sit");
  const double at100 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 373.15, "sit") / at25;
  MESSAGE("SIT Li2CO3 s(100 °C)/s(25 °C): " << at100 << " (Seidell 0.567)");
  CHECK(at100 == relative(0.72 / 1.27, 0.10));
}

// KNOWN DEVIATION, kept visible: SIT has no sourced ε(Li+, CO3-2) (none in the
// NEA-TDB selections / ThermoChimie v12a), so that pair gets 0 and there is no
// LiCO3- ion pair; at I ≈ 0.5 SIT then gives a stoichiometric γ±(Li2CO3) =
// (K_sp/4s³)^(1/3) ≈ 0.47 where the CRC solubility and K_sp imply ≈ 0.33,
// and the solubility is 0.125 mol/kg (−29 %). The fair tolerance is 10 %; the
// test is an expected failure (doctest should_fail) until a sourced ε or ion
// pair lands.
TEST_CASE("Li2CO3 solubility with SIT at 25 °C matches the CRC Handbook within 10 %" * doctest::should_fail()) {
  const double at25 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 298.15, "sit");
  MESSAGE("SIT Li2CO3 solubility at 25 °C: " << at25 << " mol/kg (CRC 0.1755)");
  CHECK(at25 == relative(0.1755, 0.10));
}

TEST_CASE("SIT: HSO4- dissociation in dilute H2SO4 follows Clegg, Rard & Pitzer (1994)") {
  // α = m(SO4-2)/m(total sulfate), CRP94 Table 8 (298.15 K), the same points
  // and tolerances as the Davies test in test_speciation.cpp: at I ≤ 0.15 SIT
  // and Davies differ by < 0.005 in α, so the ion-association limits apply
  // (0.03, and 0.06 at 0.05 mol/kg where MINTEQ's pK2 1.99 starts to show).
  struct Point {
    double molality;
    double alpha;
    double tolerance;
  };
  for (const Point& p : {Point{0.001, 0.87621, 0.03}, Point{0.01, 0.55511, 0.03}, Point{0.05, 0.32895, 0.06}}) {
    CAPTURE(p.molality);
    const auto result = speciate(solution({{"S", p.molality}}), "sit");
    const double alpha = result.find(species("SO4-2"))->molality / p.molality;
    MESSAGE("SIT m = " << p.molality << " alpha = " << alpha << " (CRP94 " << p.alpha << ")");
    CHECK(std::abs(alpha - p.alpha) <= p.tolerance);
  }
}

TEST_CASE("SIT: gypsum solubility in pure water at 25 °C lies in the published span") {
  // Published values at 25 °C span 0.0147-0.0182 mol/kg (Lebedev & Kosorukov
  // 2017, Geochem. Int. 55, 205); CRC 0.0151. No ε(Ca+2,SO4-2) is tabulated
  // (CaSO4(aq) is an ion pair in the data), so SIT differs from Davies only
  // through the Debye-Hückel term.
  const double dissolved = solubility("CaSO4:2H2O", {{"Ca", 1.0}, {"S", 1.0}}, 0.05, 298.15, "sit");
  MESSAGE("SIT gypsum solubility " << dissolved << " mol/kg");
  CHECK(dissolved >= 0.0147);
  CHECK(dissolved <= 0.0182);
}

TEST_CASE("SIT names the major-ion pairs it has no ε for") {
  // Li2CO3 solution: Li+/CO3-2 has no NEA-TDB ε; NaCl has one (no warning).
  const auto lithium = speciate(solution({{"Li", 0.3}, {"C", 0.15}}), "sit");
  bool named = false;
  for (const auto& warning : lithium.warnings)
    named |= warning.find("no interaction parameter for Li+/CO3-2") != std::string::npos;
  CHECK(named);
  const auto sodium = speciate(solution({{"Na", 1.0}, {"Cl", 1.0}}), "sit");
  CHECK(sodium.warnings.empty());
  const auto davies = speciate(solution({{"Li", 0.3}, {"C", 0.15}}), "davies");
  for (const auto& warning : davies.warnings) CHECK(warning.find("interaction parameter") == std::string::npos);
}
