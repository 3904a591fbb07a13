// Speciation against independent published values. Each tolerance is stated
// with its reason: the activity models (Davies, B-dot) are ion-association
// models that are accurate at low ionic strength and drift from the
// Pitzer-quality references as the ionic strength grows.
#include <cmath>
#include <memory>
#include <tuple>

#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/thermo/ReagentDose.h"
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
    input.totals[component_index(*chemistry().database, *chemistry().equilibria, name)] = molality;
  }
  return input;
}

double molality(const SpeciationResult& result, std::string_view name) {
  const auto* state = result.find(species(name));
  return state != nullptr ? state->molality : 0.0;
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

SpeciationResult speciate(const SolutionInput& input, std::string_view model = "davies") {
  Speciation speciation(chemistry().database, chemistry().equilibria, model);
  auto result = speciation.solve(input);
  check_conservation(input, result);
  return result;
}

// Dissolves `amount` mol/kg of a salt with the solid at equilibrium and returns
// what stays dissolved (the solubility when the solid remains).
double solubility(const char* solid, std::initializer_list<std::pair<const char*, double>> per_mole, double amount,
                  double temperature) {
  SolutionInput input;
  input.temperature = temperature;
  for (const auto& [name, n] : per_mole) {
    input.totals[component_index(*chemistry().database, *chemistry().equilibria, name)] = n * amount;
  }
  input.equilibrium_solids = {species(solid)};
  const auto result = speciate(input);
  const auto* state = result.find_solid(species(solid));
  REQUIRE(state != nullptr);
  REQUIRE(state->at_equilibrium);
  CHECK(std::abs(state->saturation_index) < 1e-9);
  return amount - state->amount;
}

}  // namespace

TEST_CASE("pure water: pH 7 at 25 °C from Kw") {
  // Bandura & Lvov (2006), J. Phys. Chem. Ref. Data 35, 15: pKw = 13.995 at
  // 25 °C; pH = pKw/2 = 6.9975. Tolerance 0.005: the data's log Kw (MINTEQ
  // 13.997) differs by 0.002 from that reference.
  SolutionInput input;
  input.totals[species("Na+")] = 1e-12;  // a trace so that the system has a component
  input.totals[species("Cl-")] = 1e-12;
  const auto result = speciate(input);
  CHECK(std::abs(result.ph - 6.9975) <= 0.005);
}

TEST_CASE("pure water: pKw at 60 and 90 °C follows Marshall & Franck (1981)") {
  // Marshall, W.L., Franck, E.U. (1981), J. Phys. Chem. Ref. Data 10, 295, as
  // tabulated in the CRC Handbook ("Ionization constant of normal and heavy
  // water", saturated vapour pressure): pKw 13.034 at 60 °C, 12.428 at 90 °C.
  // In pure water a(H+) = a(OH-) and a_w = 1, so pH = pKw/2 exactly.
  // H2O = OH- + H+ has ΔrH° 55.81 kJ/mol (minteq.v4) and a large ΔrCp°
  // (Cp° of OH-, H2O and H+ in species.yaml, NBS82: −223.8 J/(mol K)); with
  // ΔrH° held constant pKw is 0.064 low at 60 °C and 0.18 low at 90 °C.
  // Tolerances: 0.005 pH at 60 °C (the 25 °C log Kw already differs by
  // 0.002 in pKw); 0.02 pH at 90 °C, because ΔrCp° is held at its 25 °C value
  // (first-order Kirchhoff form; it gives 0.016 here, the constant-ΔrH° form 0.09).
  for (const auto& [celsius, pkw, tolerance] : {std::tuple{60.0, 13.034, 0.005}, std::tuple{90.0, 12.428, 0.02}}) {
    CAPTURE(celsius);
    SolutionInput input;
    input.temperature = 273.15 + celsius;
    input.totals[species("Na+")] = 1e-12;
    input.totals[species("Cl-")] = 1e-12;
    const auto result = speciate(input);
    CHECK(std::abs(result.ph - pkw / 2.0) <= tolerance);
  }
}

TEST_CASE("the water ionisation carries ΔrCp° from the species data (Hess's law)") {
  // H2O = OH- + H+: ΔrCp° = Cp°(OH-) + Cp°(H+) − Cp°(H2O) = −148.5 + 0 − 75.291
  // J/(mol K) (NBS82 values of species.yaml).
  const AqueousReaction* water = nullptr;
  for (const auto& r : chemistry().equilibria->aqueous_reactions()) {
    if (r.product == species("OH-")) water = &r;
  }
  REQUIRE(water != nullptr);
  REQUIRE(water->log_k.reaction_heat_capacity.has_value());
  CHECK(*water->log_k.reaction_heat_capacity == relative(-148.5 - 75.291, 1e-9));
}

TEST_CASE("HSO4- dissociation in dilute H2SO4 follows Clegg, Rard & Pitzer (1994)") {
  // α = m(SO4-2)/m(total sulfate), CRP94 Table 8 (298.15 K), Pitzer model fitted
  // to emf, isopiestic and Raman data. The Davies ion-association model with
  // MINTEQ's pK2 = 1.99 should agree within 0.03 in α up to 0.01 mol/kg
  // (I ≤ 0.02) and within 0.06 at 0.05 mol/kg, where Davies starts to drift.
  struct Point {
    double molality;
    double alpha;
    double tolerance;
  };
  for (const Point& p : {Point{0.001, 0.87621, 0.03}, Point{0.01, 0.55511, 0.03}, Point{0.05, 0.32895, 0.06}}) {
    CAPTURE(p.molality);
    const auto result = speciate(solution({{"S", p.molality}}));
    const double alpha = molality(result, "SO4-2") / p.molality;
    MESSAGE("m = " << p.molality << " alpha = " << alpha << " (CRP94 " << p.alpha << "), pH " << result.ph);
    CHECK(std::abs(alpha - p.alpha) <= p.tolerance);
  }
}

TEST_CASE("gypsum solubility in pure water at 25 °C") {
  // Published values at 25 °C span 0.0147-0.0182 mol/kg (Lebedev & Kosorukov
  // 2017, Geochem. Int. 55, 205, reviewing the literature); the CRC Handbook
  // (98th ed., 0.205 wt%) gives 0.0151. The model (MINTEQ log Ksp -4.61 and
  // CaSO4(aq) ion pair, Davies) must land inside the published span.
  const double dissolved = solubility("CaSO4:2H2O", {{"Ca", 1.0}, {"S", 1.0}}, 0.05, 298.15);
  MESSAGE("gypsum solubility " << dissolved << " mol/kg (CRC 0.0151)");
  CHECK(dissolved >= 0.0147);
  CHECK(dissolved <= 0.0182);
}

TEST_CASE("log K(T) with a constant ΔrCp° obeys van 't Hoff with ΔrH°(T) = ΔrH° + ΔrCp° (T − T₀)") {
  // Analytic check of the integrated Kirchhoff form: d log K / d(1/T) must be
  // −ΔrH°(T)/(R ln 10) at every T, and log K(T₀) the 25 °C value.
  constexpr double r = 8.314462618 * 2.302585092994046;
  LogK k;
  k.at_25C = -3.10;
  k.reaction_enthalpy = -18.24e3;
  k.reaction_heat_capacity = -252.7;
  CHECK(k.at(298.15) == relative(-3.10, 1e-12));
  for (const double t : {273.15, 323.15, 373.15}) {
    CAPTURE(t);
    const double h = 1e-3;  // K
    const double slope = (k.at(t + h) - k.at(t - h)) / (1.0 / (t + h) - 1.0 / (t - h));
    CHECK(slope == relative(-(-18.24e3 + -252.7 * (t - 298.15)) / r, 1e-6));
  }
}

TEST_CASE("the derived Li2CO3 solubility product carries ΔrH° and ΔrCp° from the species data (Hess's law)") {
  // Li2CO3(s) = 2 Li+ + CO3-2 with species.yaml: ΔfH° −278.5 (Li+, CRC/NBS82),
  // −677.14 (CO3-2, NBS82), −1215.9 kJ/mol (Li2CO3, CRC); Cp° 68.6, −290.8
  // (SH88), 99.1 J/(mol K).
  const SolidReaction* li2co3 = nullptr;
  for (const auto& s : chemistry().equilibria->solids()) {
    if (s.solid == species("Li2CO3")) li2co3 = &s;
  }
  REQUIRE(li2co3 != nullptr);
  REQUIRE(li2co3->log_k.reaction_enthalpy.has_value());
  REQUIRE(li2co3->log_k.reaction_heat_capacity.has_value());
  CHECK(*li2co3->log_k.reaction_enthalpy == relative(2 * -278.5e3 - 677.14e3 + 1215.9e3, 1e-9));
  CHECK(*li2co3->log_k.reaction_heat_capacity == relative(2 * 68.6 - 290.8 - 99.1, 1e-9));
}

// CRC Handbook 98th ed.: Li2CO3 1.28 wt% at 25 °C (0.1755 mol/kg), 0.99 wt%
// at 60 °C (0.1353), 0.85 wt% at 80 °C (0.1160). The solubility product comes
// from the NBS-based ΔfG° of species.yaml (log K = -3.10; the CRC 87th ed.
// Ksp gives -3.089, so the constant itself is right).
TEST_CASE("Li2CO3 solubility falls with temperature (retrograde)") {
  const double at25 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 298.15);
  const double at60 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 333.15);
  const double at80 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 353.15);
  MESSAGE("Li2CO3 solubility " << at25 << " / " << at60 << " / " << at80 << " mol/kg at 25/60/80 °C");
  CHECK(at60 < at25);
  CHECK(at80 < at60);
}

// The temperature dependence on its own, as the solubility relative to 25 °C:
// Seidell (1940), Solubilities of Inorganic and Metal Organic Compounds, 3rd
// ed., vol. 1, pp. 909-911, and Rabinovich & Khavin (1977), Kratkii
// khimicheskii spravochnik, p. 76, as transcribed at
// periodic-table-of-elements.org/SOLUBILITY/lithium_carbonate (secondary):
// 1.53, 1.27, 1.01, 0.85, 0.72 g per 100 g water at 0, 25, 50, 75, 100 °C,
// i.e. ratios 1.205, 1, 0.795, 0.669, 0.567 (the CRC mass-% values, 1.28 at
// 25 °C and 0.85 at 80 °C, agree to 1-3 %; mass % vs g/100 g water changes a
// ratio by < 0.6 %). The ratio removes the 25 °C offset of the known deviation
// below and tests what the temperature data control: log Ksp(T) of Li2CO3 from
// ΔrH° = −18.2 kJ/mol (NBS ΔfH°) and a constant ΔrCp° = −252.7 J/(mol K)
// (Cp° of Li+ and Li2CO3 from NBS/CRC, of CO3-2 from SH88), the carbonate
// equilibria and A(T). Tolerance 10 % of the ratio: the 3 % spread between the
// tabulations plus the constant-ΔrCp° extrapolation over 75 K (ionic Cp°
// changes with temperature; the constant value is its 25 °C one). Without the
// ΔrCp° term the ratios were +12 % and +21 % at 75 and 100 °C.
namespace {
double solubility_ratio(double celsius, double at25) {
  return solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 273.15 + celsius) / at25;
}
}  // namespace

TEST_CASE("Li2CO3 solubility relative to 25 °C follows Seidell's table from 0 to 100 °C") {
  const double at25 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 298.15);
  struct Point {
    double celsius;
    double grams_per_100g;
  };
  for (const Point& p : {Point{0.0, 1.53}, Point{50.0, 1.01}, Point{75.0, 0.85}, Point{100.0, 0.72}}) {
    CAPTURE(p.celsius);
    const double ratio = solubility_ratio(p.celsius, at25);
    MESSAGE("Li2CO3 s(T)/s(25 °C) at " << p.celsius << " °C: " << ratio << " (Seidell " << p.grams_per_100g / 1.27
                                       << ")");
    CHECK(ratio == relative(p.grams_per_100g / 1.27, 0.10));
  }
}

// KNOWN DEVIATION, kept visible: at I ≈ 0.5 mol/kg the Davies and B-dot models
// without a LiCO3- ion pair (no source in MINTEQ/LLNL) put the activity of the
// 1:2 salt too high and give 0.111 mol/kg, 37 % below the measured 0.1755.
// The fair tolerance for an ion-association model is 10 %; this test is
// expected to fail until a Pitzer model or a sourced LiCO3- constant lands
// (doctest reports it as an expected failure, and turns red if it passes).
TEST_CASE("Li2CO3 solubility in water at 25 °C matches the CRC Handbook within 10 %" * doctest::should_fail()) {
  const double at25 = solubility("Li2CO3", {{"Li", 2.0}, {"C", 1.0}}, 0.5, 298.15);
  CHECK(at25 == relative(0.1755, 0.10));
}

TEST_CASE("fixed-pH mode reproduces the requested pH and conserves components") {
  SolutionInput input = solution({{"Ni", 0.1}, {"S", 0.1}});
  input.fixed_ph = 4.0;
  const auto result = speciate(input);
  CHECK(result.ph == relative(4.0, 1e-10));
}

TEST_CASE("NaOH dose that neutralises sulfuric acid to pH 7 is stoichiometric") {
  // 0.05 mol/kg H2SO4 needs 0.1 mol/kg NaOH to reach neutrality (a conservation
  // law: at pH 7 nearly all sulfate is SO4-2/NaSO4- and H+ ≈ OH-).
  Speciation speciation(chemistry().database, chemistry().equilibria, "davies");
  const auto input = solution({{"S", 0.05}});
  const auto reagent = reagent_by_name(*chemistry().database, "NaOH");
  const auto dose = dose_to_ph(speciation, input, reagent, 7.0, 1.0);
  CHECK(dose.solution.ph == relative(7.0, 1e-6));
  CHECK(dose.dose == relative(0.1, 1e-5));
}

TEST_CASE("an unreachable pH names the pH reached at the maximum dose") {
  Speciation speciation(chemistry().database, chemistry().equilibria, "davies");
  const auto reagent = reagent_by_name(*chemistry().database, "NaOH");
  const auto message = input_error_of([&] { dose_to_ph(speciation, solution({{"S", 0.5}}), reagent, 12.0, 0.2); });
  CHECK(message.find("cannot be reached with NaOH") != std::string::npos);
  CHECK(message.find("maximum dose") != std::string::npos);
}

TEST_CASE("bad speciation input is refused") {
  Speciation speciation(chemistry().database, chemistry().equilibria, "davies");
  SolutionInput negative;
  negative.totals[species("Li+")] = -0.1;
  CHECK(input_error_of([&] { speciation.solve(negative); }).find("non-negative") != std::string::npos);
  CHECK(input_error_of([] {
          component_index(*chemistry().database, *chemistry().equilibria, "Xq");
        }).find("unknown species") != std::string::npos);
  CHECK(input_error_of([] {
          component_index(*chemistry().database, *chemistry().equilibria, "NiSO4(aq)");
        }).find("not a master species") != std::string::npos);
  CHECK(input_error_of([] {
          Speciation(chemistry().database, chemistry().equilibria, "truesdell-jones");
        }).find("unknown activity model 'truesdell-jones'") != std::string::npos);
}

namespace {

// The pH at which `solid` first saturates in a solution of `metal` (as sulfate),
// by bisection on a fixed pH: SI rises with pH for a hydroxide.
double onset_ph(const char* metal, int charge, const char* solid, double molality) {
  Speciation speciation(chemistry().database, chemistry().equilibria, "davies");
  SolutionInput input = solution({{metal, molality}, {"S", molality * charge / 2.0}});
  double low = 0.0;
  double high = 12.0;
  for (int i = 0; i < 60; ++i) {
    input.fixed_ph = 0.5 * (low + high);
    const auto result = speciation.solve(input);
    REQUIRE(result.converged);
    (result.find_solid(species(solid))->saturation_index > 0.0 ? high : low) = *input.fixed_ph;
  }
  return 0.5 * (low + high);
}

}  // namespace

TEST_CASE("hydroxides start to precipitate from 0.1 mol/kg sulfate solutions in the textbook order and pH") {
  // Onset pH of M(OH)n from a handbook table of ideal solubility-product
  // calculations (reproduced at tinyblog.cn/?p=4415, source handbook not named;
  // secondary, low-medium credibility): columns for 1 and 0.01 mol/L; 0.1 mol/L
  // is their mean (the ideal calculation is linear in log c). Tolerance 0.6 pH
  // units: the spread of hydroxide solubility products between compilations
  // (e.g. Ni(OH)2 log *K 12.79 in MINTEQ vs 11.67 for crystalline β-Ni(OH)2,
  // ORNL) divided by the hydroxide's n, plus sulfate complexation that the
  // ideal table ignores.
  //
  // The table has no Cu(OH)2 row. Its onset pH comes from the same ideal
  // calculation, pH = pKw + ½ log10(Ksp / c), with Ksp(Cu(OH)2) = 2.2e-20 from
  // the "Solubility Product Constants at 25 °C" appendix of Pichtel (2014),
  // Waste Management Practices, 2nd ed., CRC Press, p. 631, and pKw = 14:
  // 4.17 at 1 mol/L and 5.17 at 0.01 mol/L, 4.67 at 0.1 mol/L. That appendix
  // reproduces the table's own rows (Co(OH)2 1.6e-15 gives 7.10 at 0.1 mol/L,
  // the table's (6.6 + 7.6)/2), so the Cu row is on the same footing as the
  // others; it is independent of MINTEQ's Cu(OH)2 log *K = 8.674 (Ksp 4.7e-20).
  // Same 0.6 pH tolerance. The model lands at 5.25, +0.58: +0.17 from the
  // factor 2.2 between the two Ksp (MINTEQ's ideal onset is 4.84) and +0.41
  // from what the ideal table leaves out, the Davies activity coefficient
  // (γ ≈ 0.31 at I ≈ 0.19) and the CuSO4(aq) ion pair (half the copper),
  // which together lower the free Cu+2 activity by 0.83 log units. Basic
  // copper sulfates (brochantite), which in practice form first from sulfate
  // solutions, are in neither calculation, and the test follows Cu(OH)2 (the
  // phase that forms on neutralisation), not the more stable but slow-forming
  // CuO.
  struct Case {
    const char* metal;
    int charge;
    const char* solid;
    double table_ph;
  };
  const Case cases[] = {{"Fe+3", 3, "Fe(OH)3", (1.5 + 2.3) / 2},
                        {"Al", 3, "Al(OH)3", (3.3 + 4.0) / 2},
                        {"Cu", 2, "Cu(OH)2", 14.0 + 0.5 * std::log10(2.2e-20 / 0.1)},
                        {"Co", 2, "Co(OH)2", (6.6 + 7.6) / 2},
                        {"Ni", 2, "Ni(OH)2", (6.7 + 7.7) / 2},
                        {"Mn", 2, "Mn(OH)2", (7.8 + 8.8) / 2}};
  double previous = 0.0;
  for (const Case& c : cases) {
    CAPTURE(std::string(c.solid));
    const double ph = onset_ph(c.metal, c.charge, c.solid, 0.1);
    MESSAGE(std::string(c.solid) << " onset pH " << ph << " (table " << c.table_ph << ")");
    CHECK(std::abs(ph - c.table_ph) <= 0.6);
    CHECK(ph > previous - 0.2);  // Fe(III) < Al < Cu < Co ≈ Ni < Mn
    previous = ph;
  }
}

TEST_CASE("ferric iron is removed from a leach liquor at pH 3.5, as Chernyaev et al. (2023) found") {
  // Chernyaev, Zhang, Seisko, Louhi-Kultanen, Lundström (2023), Sci. Rep. 13,
  // 21445: ~99 % of Fe(III) removed as hydroxide at pH 3.5 and 60 °C from a
  // synthetic NMC leach solution. With 0.02 mol/kg Fe(III) in a nickel sulfate
  // liquor at pH 3.5, equilibrium with ferrihydrite must leave < 1 % of the Fe.
  SolutionInput input = solution({{"Fe+3", 0.02}, {"Ni", 0.5}, {"S", 0.53}}, 333.15);
  input.fixed_ph = 3.5;
  input.equilibrium_solids = {species("Fe(OH)3")};
  const auto result = speciate(input);
  const auto* ferrihydrite = result.find_solid(species("Fe(OH)3"));
  REQUIRE(ferrihydrite->at_equilibrium);
  const double left = 0.02 - ferrihydrite->amount;
  MESSAGE("Fe(III) left in solution at pH 3.5: " << left / 0.02 * 100 << " %");
  CHECK(left / 0.02 < 0.01);
}

TEST_CASE("a solution beyond the data's temperature dependence warns which species keep their 25 °C log K") {
  const auto result = speciate(solution({{"Ni", 0.1}, {"S", 0.1}, {"Co", 0.05}, {"S", 0.15}}, 353.15));
  bool warned = false;
  for (const auto& warning : result.warnings) warned |= warning.find("no temperature dependence") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("a speciation that cannot converge reports the hardest equation and no NaN") {
  // 1e-6 of the iterations KINSOL needs: the solve must fail cleanly.
  SolutionInput input = solution({{"Al", 1.0}, {"S", 1.5}, {"F", 2.0}});
  Speciation speciation(chemistry().database, chemistry().equilibria, "davies");
  const auto result = speciation.solve(input);
  if (!result.converged) {
    CHECK(result.message.find("hardest equation") != std::string::npos);
  }
  for (const auto& s : result.species) CHECK(std::isfinite(s.molality));
}

TEST_CASE("the solver is robust from pH 0 to 14 and up to ionic strength 6 mol/kg") {
  // A leach-liquor-like set of components at every fixed pH from 0 to 14.
  Speciation speciation(chemistry().database, chemistry().equilibria, "davies");
  SolutionInput liquor = solution({{"Li", 0.3},
                                   {"Ni", 0.5},
                                   {"Co", 0.1},
                                   {"Mn", 0.1},
                                   {"Al", 0.02},
                                   {"Fe+3", 0.01},
                                   {"Cu", 0.01},
                                   {"Na", 0.2},
                                   {"S", 1.2},
                                   {"F", 0.01}});
  for (int ph = 0; ph <= 14; ++ph) {
    CAPTURE(ph);
    liquor.fixed_ph = ph;
    const auto result = speciation.solve(liquor);
    CHECK(result.converged);
    if (result.converged) check_conservation(liquor, result);
  }
  // Charge-balanced solutions from strong acid to strong base, 2 mol/kg Na2SO4,
  // and 6 mol/kg NaCl (I = 6 mol/kg; beyond Davies' range, which the result
  // must say).
  for (const auto& totals : {solution({{"S", 1.0}}), solution({{"Na", 1.0}}), solution({{"Na", 4.0}, {"S", 2.0}}),
                             solution({{"Na", 6.0}, {"Cl", 6.0}})}) {
    const auto result = speciate(totals);
    CHECK(result.ph > -1.0);
    CHECK(result.ph < 15.0);
  }
  const auto brine = speciate(solution({{"Na", 6.0}, {"Cl", 6.0}}));
  CHECK(brine.ionic_strength > 5.0);
  CHECK_FALSE(brine.warnings.empty());
}
