// PrecipitationReactor against published removal data, conservation laws and
// bad input. Tolerances are stated with their reasons at each check.
#include <cmath>
#include <memory>
#include <regex>

#include <doctest/doctest.h>

#include "PrecipitationTestSupport.h"
#include "hydrosim/thermo/AqueousPhase.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/PrecipitationSupport.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

// A synthetic NMC leach liquor in the spirit of Chernyaev et al. (2023): per
// 1 t/h of water, mol/kg: Ni 0.3, Co 0.05, Li 0.2, Fe(III) 0.036 (2 g/L),
// Al 0.037 (1 g/L), Cu 0.016 (1 g/L), free acid 0.01; sulfate by charge balance.
// (The composition is illustrative, not the paper's exact solution.)
const std::string kLeachLiquor =
    "      H2O: \"1 t/h\"\n"
    "      Ni+2: \"0.3 kmol/h\"\n"
    "      Co+2: \"0.05 kmol/h\"\n"
    "      Li+: \"0.2 kmol/h\"\n"
    "      Fe+3: \"0.036 kmol/h\"\n"
    "      Al+3: \"0.037 kmol/h\"\n"
    "      Cu+2: \"0.016 kmol/h\"\n"
    "      H+: \"0.01 kmol/h\"\n"
    "      SO4-2: \"0.6405 kmol/h\"\n";

std::string reactor(const std::string& extra) {
  return "    type: PrecipitationReactor\n    reagent: NaOH\n    temperature: \"60 degC\"\n"
         "    solids: [Fe(OH)3, Al(OH)3, Cu(OH)2, Ni(OH)2, Co(OH)2]\n" +
         extra;
}

double removal(const UnitRun& run, const std::string& element) {
  const auto e = run.plant.database->element_index(element);
  REQUIRE(e);
  const double in = run.stream("feed").element_flows()(static_cast<Eigen::Index>(*e));
  return run.stream("solids").element_flows()(static_cast<Eigen::Index>(*e)) / in;
}

// Every element and the charge: feed + internal dose = solids + liquor.
void check_unit_balance(const UnitRun& run) {
  CHECK(run.results.balance.max_closure() <= 1e-9);
  CHECK(run.results.balance.charge_closure() <= 1e-9);
}

UnitRun run_at_ph(double ph, const std::string& extra = "") {
  return run_text("precip_ph.yaml",
                  one_unit_flowsheet(kLeachLiquor, reactor("    ph: " + std::to_string(ph) + "\n" + extra),
                                     {"solids", "liquor"}, "60 degC"));
}

}  // namespace

TEST_CASE("Fe(III) is removed at pH 3.5-4 and 60 °C as Chernyaev et al. (2023) and Peng et al. (2020) report") {
  // Chernyaev, Zhang, Seisko, Louhi-Kultanen, Lundström (2023), Sci. Rep. 13,
  // 21445 (abstract): hydroxide precipitation at 60 °C gives complete (~99 %)
  // Fe removal at pH 3.5; Peng et al. (2020), JOM 72, 790: ca. 90 % Fe at pH
  // 3.5. Equilibrium with ferrihydrite is the limit their 3 h experiments
  // approach, so the model must remove at least 99 % at pH 3.5 and 4.0.
  for (const double ph : {3.5, 4.0}) {
    CAPTURE(ph);
    const auto run = run_at_ph(ph);
    CHECK(run.value("pH") == doctest::Approx(ph).epsilon(1e-5));
    CHECK(removal(run, "Fe") >= 0.99);
    check_unit_balance(run);
  }
}

TEST_CASE("aluminium is removed as Al(OH)3 by pH 5; the pH 3.5-4 spread of published data is recorded") {
  // Published Al removal at pH 3.5 spans ca. 20 % (Peng et al. 2020, JOM 72,
  // 790) to ~99 % (Chernyaev et al. 2023, 60 °C); Chernyaev et al. (2021),
  // Sci. Rep. 11 (s41598-021-02019-2), find Al precipitating at ca. pH 4. With
  // gibbsite only (no basic aluminium sulfate such as jurbanite in the data)
  // the model sits at the low end at pH 3.5-4 (printed, not asserted) and
  // must have removed >= 99 % by pH 5, where all sources agree.
  for (const double ph : {3.5, 4.0, 4.5}) {
    const auto run = run_at_ph(ph);
    MESSAGE("Al removed at pH " << ph << ": " << 100.0 * removal(run, "Al") << " %");
  }
  const auto run = run_at_ph(5.0);
  CHECK(removal(run, "Al") >= 0.99);
  check_unit_balance(run);
}

TEST_CASE("copper stays in solution at pH 4 and precipitates by pH 6.5; nickel and cobalt stay dissolved at pH 4") {
  // Onset pH of Cu(OH)2 from 0.01-1 mol/L Cu(II): 4.4-5.4 (the hydroxide
  // table used in test_speciation; secondary source). At pH 4 less than 10 %
  // of the Cu may precipitate, at pH 6.5 more than 90 % must. Ni(OH)2 and
  // Co(OH)2 start near pH 7 (same table), so at pH 4 without a loss model
  // none of either is removed.
  const auto low = run_at_ph(4.0);
  CHECK(removal(low, "Cu") < 0.10);
  CHECK(removal(low, "Ni") == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(removal(low, "Co") == doctest::Approx(0.0).epsilon(1e-12));
  const auto high = run_at_ph(6.5);
  CHECK(removal(high, "Cu") > 0.90);
  check_unit_balance(high);
}

TEST_CASE("the co-precipitation loss model moves the cited fraction of Li, Ni and Co to the cake") {
  // Chernyaev et al. (2023): 4-5 % of Li, Ni and Co co-precipitate with the
  // Fe/Al hydroxide cake at pH 4. The model takes that as its parameter; the
  // check is that exactly the given fraction reaches the cake (no cake
  // moisture here) and that the balance still closes.
  const auto run = run_at_ph(4.0,
                             "    coprecipitation:\n"
                             "      - {element: Li, fraction: 0.045, as: LiOH, source: chernyaev2023}\n"
                             "      - {element: Ni, fraction: 0.045, as: Ni(OH)2, source: chernyaev2023}\n"
                             "      - {element: Co, fraction: 0.045, as: Co(OH)2, source: chernyaev2023}\n");
  CHECK(removal(run, "Li") == doctest::Approx(0.045).epsilon(1e-9));
  CHECK(removal(run, "Ni") == doctest::Approx(0.045).epsilon(1e-9));
  CHECK(removal(run, "Co") == doctest::Approx(0.045).epsilon(1e-9));
  check_unit_balance(run);
}

namespace {

// pH of a stream's aqueous phase by an independent speciation of that stream
// alone (Davies, the reactor's model, at the stream's temperature).
double liquor_ph(const UnitRun& run, const std::string& stream) {
  const auto equilibria = units::shared_equilibria(run.plant.database);
  thermo::Speciation speciation(run.plant.database, equilibria, "davies");
  const auto result = speciation.solve(thermo::solution_of(run.stream(stream), *equilibria).input);
  REQUIRE(result.converged);
  return result.ph;
}

}  // namespace

TEST_CASE("with co-precipitation the liquor still leaves at the pH setpoint and the lost hydroxide is dosed") {
  // A pH setpoint means the liquor leaving is at that pH. Co-precipitating
  // Li, Ni and Co as LiOH, Ni(OH)2, Co(OH)2 (M+z + z H2O = M(OH)z + z H+)
  // releases z H+ per cation into the liquor, which the pH control must
  // neutralise with reagent like any hydroxide's. Checks: (1) the outlet
  // liquor, speciated on its own, is at the setpoint (control: the same check
  // without co-precipitation, which only repeats the reactor's speciation);
  // (2) by the charge balance at fixed pH, the extra NaOH equals sum z*n over
  // the lost cations (1 Li, 2 Ni, 2 Co), up to the small change of I and of
  // HSO4-/SO4-2 when 6 % of the cation charge leaves (2 %). The pH tolerance
  // (2e-4) is the speciation's fixed solvent: it keeps the inlet's 1 kg of
  // water, while the ~0.5 mol/kg of water that the neutralisation forms
  // dilutes the outlet liquor by ~0.9 % (3e-5 pH here; docs, known issues).
  const auto without = run_at_ph(4.0);
  const auto with = run_at_ph(4.0,
                              "    coprecipitation:\n"
                              "      - {element: Li, fraction: 0.045, as: LiOH, source: chernyaev2023}\n"
                              "      - {element: Ni, fraction: 0.045, as: Ni(OH)2, source: chernyaev2023}\n"
                              "      - {element: Co, fraction: 0.045, as: Co(OH)2, source: chernyaev2023}\n");
  CHECK(liquor_ph(without, "liquor") == doctest::Approx(4.0).epsilon(5e-5));
  CHECK(liquor_ph(with, "liquor") == doctest::Approx(4.0).epsilon(5e-5));
  CHECK(with.value("pH") == doctest::Approx(4.0).epsilon(1e-6));
  const double lost = with.value("coprecipitated[Li]") + 2.0 * with.value("coprecipitated[Ni]") +
                      2.0 * with.value("coprecipitated[Co]");
  CHECK(with.value("dose") - without.value("dose") == relative(lost, 0.02));
  CHECK(removal(with, "Li") == doctest::Approx(0.045).epsilon(1e-9));
  check_unit_balance(with);
}

TEST_CASE("cake moisture carries liquor to the solids outlet at the stated mass fraction") {
  const auto run = run_at_ph(4.0, "    cake_moisture: 0.4\n");
  const auto& cake = run.stream("solids");
  double solids = 0.0;
  for (std::size_t i = 0; i < run.plant.database->size(); ++i) {
    if (run.plant.database->species(i).phase == thermo::Phase::kSolid) solids += cake.mass_flow(i);
  }
  CHECK((cake.total_mass_flow() - solids) / cake.total_mass_flow() == doctest::Approx(0.4).epsilon(1e-12));
  check_unit_balance(run);
}

TEST_CASE("the NaOH dose is counted as a plant reagent and an element input") {
  const auto run = run_at_ph(4.0);
  const double dose = run.value("dose");  // mol/s
  CHECK(dose > 0.0);
  bool found = false;
  for (const auto& reagent : run.results.reagents) {
    if (reagent.unit == "reactor:NaOH") {
      found = true;
      CHECK(reagent.mass_flow == relative(dose * 0.039997, 1e-4));  // NaOH 39.997 g/mol (CRC)
    }
  }
  CHECK(found);
  check_unit_balance(run);
}

TEST_CASE("Fe(II) is oxidised by H2O2 before precipitation and the oxidant is counted") {
  const std::string liquor =
      "      H2O: \"1 t/h\"\n      Ni+2: \"0.3 kmol/h\"\n      Fe+2: \"0.036 kmol/h\"\n"
      "      SO4-2: \"0.336 kmol/h\"\n";
  const auto run =
      run_text("precip_ox.yaml", one_unit_flowsheet(liquor,
                                                    "    type: PrecipitationReactor\n    reagent: NaOH\n    ph: 3.5\n"
                                                    "    temperature: \"60 degC\"\n    solids: [Fe(OH)3, Ni(OH)2]\n"
                                                    "    oxidant: {reagent: H2O2, fe2_oxidised: 1.0, excess: 1.0}\n",
                                                    {"solids", "liquor"}, "60 degC"));
  // 2 Fe+2 + H2O2 = 2 Fe+3 + 2 OH-: 0.018 kmol/h of H2O2 for 0.036 kmol/h of Fe(II).
  CHECK(run.value("oxidant[H2O2]") == relative(0.018e3 / 3600.0, 1e-12));
  CHECK(removal(run, "Fe") >= 0.99);
  check_unit_balance(run);
}

TEST_CASE("lime neutralisation leaves the gypsum solubility in solution") {
  // 0.1 mol/kg H2SO4 neutralised with Ca(OH)2 to pH 7 with gypsum at
  // equilibrium leaves a CaSO4-saturated water: dissolved Ca must lie in
  // the published span of gypsum solubility at 25 °C, 0.0147-0.0182 mol/kg
  // (Lebedev & Kosorukov 2017, Geochem. Int. 55, 205).
  const std::string acid = "      H2O: \"1 t/h\"\n      H+: \"0.2 kmol/h\"\n      SO4-2: \"0.1 kmol/h\"\n";
  const auto run = run_text("precip_lime.yaml",
                            one_unit_flowsheet(acid,
                                               "    type: PrecipitationReactor\n    reagent: Ca(OH)2\n    ph: 7\n"
                                               "    solids: [\"CaSO4:2H2O\"]\n",
                                               {"solids", "liquor"}, "25 degC"));
  const auto& liquor = run.stream("liquor");
  const auto& db = *run.plant.database;
  const double water = liquor.mass_flow(db.index_of("H2O"));
  const double calcium = liquor.amount(db.index_of("Ca+2")) / water;
  MESSAGE("dissolved Ca " << calcium << " mol/kg");
  CHECK(calcium >= 0.0147);
  CHECK(calcium <= 0.0182);
  check_unit_balance(run);
}

TEST_CASE("lithium carbonate yield rises with temperature and with Na2CO3 excess") {
  // Li2CO3 solubility is retrograde (CRC Handbook 98th ed.: 1.28 wt% at
  // 25 °C, 0.85 wt% at 80 °C) and a carbonate excess lowers it by the common
  // ion (Molecules 2025, 30, 3617: Li2CO3 solubility falls with the Na2CO3
  // molality). Yield = Li to the cake / Li in, from 2 mol/kg Li2SO4-free Li
  // (as Li2SO4). Known limitation: the Davies model without a LiCO3- pair
  // underestimates Li2CO3 solubility (test_speciation), so absolute yields
  // are high; the trends must still hold.
  const std::string li = "      H2O: \"1 t/h\"\n      Li+: \"2 kmol/h\"\n      SO4-2: \"1 kmol/h\"\n";
  auto yield = [&](const std::string& temperature, double ratio) {
    const auto run = run_text(
        "precip_li.yaml",
        one_unit_flowsheet(li,
                           "    type: PrecipitationReactor\n    reagent: Na2CO3\n    temperature: \"" + temperature +
                               "\"\n    dose_ratio: {element: Li, ratio: " + std::to_string(ratio) +
                               "}\n    solids: [Li2CO3]\n",
                           {"solids", "liquor"}, temperature));
    check_unit_balance(run);
    return removal(run, "Li");
  };
  const double cold = yield("25 degC", 0.5);
  const double hot = yield("90 degC", 0.5);
  const double hot_excess = yield("90 degC", 0.6);
  MESSAGE("Li2CO3 yield: 25 °C " << cold << ", 90 °C " << hot << ", 90 °C 20 % excess " << hot_excess);
  CHECK(hot > cold);
  CHECK(hot_excess > hot);
}

TEST_CASE("bad precipitation input gives clear messages") {
  SUBCASE("unreachable pH names the pH at the maximum dose") {
    const auto message = input_error_of([] { run_at_ph(9.0, "    max_dose: \"0.05 mol/kg\"\n"); });
    CHECK(message.find("unit 'reactor'") != std::string::npos);
    CHECK(message.find("cannot be reached with NaOH") != std::string::npos);
    CHECK(message.find("maximum dose") != std::string::npos);
  }
  SUBCASE("negative dose") {
    const auto message = input_error_of([] {
      run_text("precip_neg.yaml",
               one_unit_flowsheet(kLeachLiquor, reactor("    dose: \"-5 kg/h\"\n"), {"solids", "liquor"}, "60 degC"));
    });
    CHECK(message.find("cannot be negative") != std::string::npos);
    CHECK(message.find("precip_neg.yaml:") != std::string::npos);
  }
  SUBCASE("a solid without solubility data") {
    const auto message = input_error_of([] {
      run_text("precip_nodata.yaml", one_unit_flowsheet(kLeachLiquor,
                                                        "    type: PrecipitationReactor\n    reagent: NaOH\n    ph: 4\n"
                                                        "    solids: [\"MnSO4:H2O\"]\n",
                                                        {"solids", "liquor"}, "60 degC"));
    });
    CHECK(message.find("no solubility data") != std::string::npos);
  }
  SUBCASE("two dose modes") {
    const auto message = input_error_of([] {
      run_text("precip_two.yaml", one_unit_flowsheet(kLeachLiquor, reactor("    ph: 4\n    dose: \"5 kg/h\"\n"),
                                                     {"solids", "liquor"}, "60 degC"));
    });
    CHECK(message.find("exactly one of 'ph'") != std::string::npos);
  }
}

TEST_CASE("fluorite solubility from a stoichiometric CaF2 solution matches the tabulated Ksp") {
  // Widely tabulated Ksp(CaF2, 25 °C) = 3.9e-11 (log −10.41; the MINTEQ value
  // in the data is −10.50): s = (Ksp/4)^(1/3) = 2.14e-4 mol/kg in pure water.
  // Tolerance 15 %: 0.09 in log Ksp is 7 % in s, plus the CaF+ pair and
  // activity coefficients (I ≈ 1e-3) that the ideal formula ignores.
  const std::string feed = "      H2O: \"1 t/h\"\n      Ca+2: \"1 mol/h\"\n      F-: \"2 mol/h\"\n";
  const auto run = run_text("precip_caf2.yaml", one_unit_flowsheet(feed,
                                                                   "    type: PrecipitationReactor\n    reagent: NaOH\n"
                                                                   "    dose: \"0 kg/h\"\n    solids: [CaF2]\n",
                                                                   {"solids", "liquor"}, "25 degC"));
  const auto& db = *run.plant.database;
  const auto& liquor = run.stream("liquor");
  const double calcium = liquor.amount(db.index_of("Ca+2")) / liquor.mass_flow(db.index_of("H2O"));
  MESSAGE("dissolved Ca over fluorite: " << calcium << " mol/kg");
  CHECK(calcium == relative(2.14e-4, 0.15));
  check_unit_balance(run);
}

TEST_CASE("lime removes fluoride from an acidic sulfate effluent below the GB 8978-1996 limit") {
  // 0.02 mol/kg HF (380 mg/L F) in 0.05 mol/kg H2SO4, lime to pH 9.5 with
  // gypsum and fluorite at equilibrium. GB 8978-1996 allows 10 mg/L F; at
  // equilibrium with fluorite and the Ca of a gypsum-saturated water the
  // residual F is ~1 mg/L (Ksp 10^-10.5 / m(Ca) ~ 0.015), so it must pass.
  const std::string feed =
      "      H2O: \"1 t/h\"\n      H+: \"0.12 kmol/h\"\n      SO4-2: \"0.05 kmol/h\"\n      F-: \"0.02 kmol/h\"\n";
  const auto run = run_text("precip_fluoride.yaml",
                            one_unit_flowsheet(feed,
                                               "    type: PrecipitationReactor\n    reagent: Ca(OH)2\n    ph: 9.5\n"
                                               "    solids: [\"CaSO4:2H2O\", CaF2]\n",
                                               {"solids", "liquor"}, "25 degC"));
  const auto& db = *run.plant.database;
  const auto& liquor = run.stream("liquor");
  const double fluoride_mg_per_l = liquor.mass_flow(db.index_of("F-")) / liquor.aqueous_volume_flow() * 1e3;
  MESSAGE("residual F " << fluoride_mg_per_l << " mg/L");
  CHECK(fluoride_mg_per_l < 10.0);
  CHECK(run.value("precipitated[CaF2]") > 0.0);
  check_unit_balance(run);
}

TEST_CASE("NH3 as a complexant keeps more nickel in solution at the same pH") {
  // Ni(II) ammine complexes (Ni(NH3)n+2, n = 1-6; ThermoChimie v10a and
  // MINTEQ constants in aqueous-equilibria.yaml) raise the solubility of
  // Ni(OH)2 at a given pH: the reason NH3 is used in precursor
  // co-precipitation (slower, denser growth). With 1 mol NH3 per mol Ni the
  // Ni left in solution at pH 9 must exceed the NH3-free value, and the NH3
  // dose must be counted as a reagent input.
  const std::string feed = "      H2O: \"1 t/h\"\n      Ni+2: \"0.5 kmol/h\"\n      SO4-2: \"0.5 kmol/h\"\n";
  auto dissolved_ni = [&](const std::string& extra) {
    const auto run =
        run_text("precip_nh3.yaml", one_unit_flowsheet(feed,
                                                       "    type: PrecipitationReactor\n    reagent: NaOH\n    ph: 9\n"
                                                       "    temperature: \"50 degC\"\n    solids: [Ni(OH)2]\n" +
                                                           extra,
                                                       {"solids", "liquor"}, "50 degC"));
    check_unit_balance(run);
    return 1.0 - removal(run, "Ni");
  };
  const double plain = dissolved_ni("");
  const double ammoniacal =
      dissolved_ni("    additives:\n      - {reagent: NH3, dose_ratio: {element: Ni, ratio: 1.0}}\n");
  MESSAGE("Ni left at pH 9: " << plain << " without NH3, " << ammoniacal << " with 1 mol NH3/mol Ni");
  CHECK(ammoniacal > plain);
}

namespace {

thermo::SpeciationResult speciate_totals(std::initializer_list<std::pair<const char*, double>> totals,
                                         double temperature) {
  static const auto database =
      std::make_shared<const thermo::Database>(thermo::Database::load(thermo::Database::files_in(data_dir())));
  static const auto equilibria =
      std::make_shared<const thermo::EquilibriumData>(thermo::EquilibriumData::load(*database));
  thermo::Speciation speciation(database, equilibria);
  thermo::SolutionInput input;
  input.temperature = temperature;
  for (const auto& [name, molality] : totals) input.totals[database->index_of(name)] = molality;
  return speciation.solve(input);
}

}  // namespace

// Regression tests: two liquors of the precipitation units (an alkaline
// Na2SO4/Na2CO3 brine with a phosphate trace and gypsum-level Ca, and a
// Li2CO3 mother liquor with Cu(II) and Mn(II) traces) on which the speciation
// used to stop after one iteration; they converge since the speciation
// update merged from main.
TEST_CASE("speciation converges for an alkaline sulfate brine with PO4 and Ca traces") {
  const auto result = speciate_totals(
      {{"Na+", 4.5}, {"SO4-2", 2.1}, {"CO3-2", 0.19}, {"Li+", 0.15}, {"Ca+2", 1e-3}, {"PO4-3", 2e-5}}, 298.15);
  CHECK(result.converged);
}

TEST_CASE("speciation converges for a Li2CO3 mother liquor with Cu and Mn traces") {
  // A Li2CO3 feed of flowsheets/effluent_and_li2co3.yaml (mol/kg, 90 °C).
  const auto result = speciate_totals({{"Li+", 0.601},
                                       {"Na+", 4.3},
                                       {"SO4-2", 2.12},
                                       {"CO3-2", 0.33},
                                       {"Mn+2", 3.65e-5},
                                       {"Co+2", 8.26e-6},
                                       {"Ni+2", 2.03e-7},
                                       {"Al+3", 3.73e-4},
                                       {"Fe+3", 1.11e-7},
                                       {"Cu+2", 6.87e-9}},
                                      363.15);
  CHECK(result.converged);
}

TEST_CASE("neat liquid H2SO4 in the inlet is neutralised by the pH control like the same acid as ions") {
  // 0.05 kmol/h of H2SO4(l) is, by its stoichiometry, 0.1 kmol/h H+ + 0.05
  // kmol/h SO4-2: the NaOH dose to pH 4 must be the same either way (to the
  // speciation's own tolerance, 1e-6 relative), and larger than without the acid.
  const auto with_ions = run_text(
      "precip_acid_ions.yaml",
      one_unit_flowsheet(std::regex_replace(std::regex_replace(kLeachLiquor, std::regex("H\\+: \"0.01 kmol/h\""),
                                                               "H+: \"0.11 kmol/h\""),
                                            std::regex("SO4-2: \"0.6405 kmol/h\""), "SO4-2: \"0.6905 kmol/h\""),
                         reactor("    ph: 4\n"), {"solids", "liquor"}, "60 degC"));
  const auto with_liquid =
      run_text("precip_acid_liquid.yaml", one_unit_flowsheet(kLeachLiquor + "      H2SO4: \"0.05 kmol/h\"\n",
                                                             reactor("    ph: 4\n"), {"solids", "liquor"}, "60 degC"));
  const auto without = run_at_ph(4.0);
  CHECK(with_liquid.value("dose") == relative(with_ions.value("dose"), 1e-6));
  CHECK(with_liquid.value("dose") > without.value("dose") + 0.9 * 0.1 / 3.6);  // ≥ 90 % of the 0.1 kmol/h H+
  const auto h2so4 = with_liquid.plant.database->index_of("H2SO4");
  CHECK(with_liquid.stream("liquor").amount(h2so4) == 0.0);
  check_unit_balance(with_liquid);
}

TEST_CASE("a Pitzer PrecipitationReactor neutralises H2SO4 to pH 7 with the stoichiometric NaOH") {
  // 0.5 mol/kg H2SO4 taken to pH 7 with NaOH: at pH 7 the acid is all SO4-2
  // (HSO4-/SO4-2 ~ 10^(1.99 − 7) γ-ratio ≈ 1e-5, H+ and OH- ~ 1e-7 mol/kg),
  // so the dose is 2 mol NaOH per mol H2SO4 (the stoichiometry) to 1e-4,
  // with any activity model; Pitzer has the Na+/SO4-2/HSO4-/OH- parameters.
  const std::string acid = "      H2O: \"1 t/h\"\n      H+: \"1 kmol/h\"\n      SO4-2: \"0.5 kmol/h\"\n";
  const auto run =
      run_text("precip_pitzer.yaml", one_unit_flowsheet(acid,
                                                        "    type: PrecipitationReactor\n    reagent: NaOH\n    ph: 7\n"
                                                        "    activity_model: pitzer\n    solids: []\n",
                                                        {"solids", "liquor"}, "25 degC"));
  CHECK(run.value("pH") == doctest::Approx(7.0).epsilon(1e-9));
  CHECK(run.value("dose") == relative(1000.0 / 3600.0, 1e-4));
  check_unit_balance(run);
}
