// Evaporator: water balance and conservation, the target-concentration mode
// against the analytic water left, the duty against steam-table latent heats,
// steam costed through the price deck, and bad input.
#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "PrecipitationTestSupport.h"
#include "hydrosim/flowsheet/PlantAssessment.h"
#include "hydrosim/units/Evaporator.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

// 1 t/h of water with 0.5 kmol/h Li2SO4 (3.47 kg/h Li, 3.47 g/L at 25 °C) and a little NaCl-free Na2SO4.
const std::string kLiLiquor =
    "      H2O: \"1 t/h\"\n"
    "      Li+: \"0.5 kmol/h\"\n"
    "      Na+: \"0.2 kmol/h\"\n"
    "      SO4-2: \"0.35 kmol/h\"\n";

UnitRun run_evaporator(const std::string& parameters, const std::string& name = "evaporator.yaml",
                       const std::string& feed_temperature = "100 degC") {
  return run_text(name, one_unit_flowsheet(kLiLiquor, "    type: Evaporator\n" + parameters, {"vapour", "concentrate"},
                                           feed_temperature));
}

double water(const UnitRun& run, const std::string& stream) {
  return run.stream(stream).amount(run.plant.database->index_of("H2O"));
}

}  // namespace

TEST_CASE("a fixed water removal sends that fraction of the water to the vapour and nothing else") {
  const auto run = run_evaporator("    temperature: \"100 degC\"\n    water_removal: 0.8\n");
  // Conservation law: water in = vapour + concentrate; the vapour is pure water.
  CHECK(water(run, "vapour") == relative(0.8 * water(run, "feed"), 1e-14));
  CHECK(water(run, "vapour") + water(run, "concentrate") == relative(water(run, "feed"), 1e-14));
  CHECK(run.stream("vapour").total_mass_flow() ==
        relative(water(run, "vapour") * run.plant.database->species(run.plant.database->index_of("H2O")).molar_mass,
                 1e-14));
  const auto li = run.plant.database->index_of("Li+");
  CHECK(run.stream("concentrate").amount(li) == run.stream("feed").amount(li));
  CHECK(run.results.balance.max_closure() <= 1e-9);
  CHECK(run.results.balance.charge_closure() <= 1e-9);
  CHECK(run.stream("concentrate").temperature == relative(373.15, 1e-12));
}

TEST_CASE("the target mode leaves the water that gives the target Li concentration") {
  // Analytic: kept water W = m_Li ρw(T) / c. m_Li = 0.5 kmol/h × 6.941 g/mol
  // (IUPAC; the database's own atomic weight is used below for the exact
  // check) = 3.4705 kg/h; ρw(100 °C) = 958.35 kg/m³ (IAPWS-95 saturated liquid,
  // the Kell 1975 correlation the stream uses gives 958.4: 5e-5). c = 20 g/L:
  // W = 3.4705 × 958.35 / 20 = 166.3 kg/h. Tolerance 2e-4: the Li atomic
  // weight (6.941 vs 6.94) and the density correlation.
  const auto run = run_evaporator(
      "    temperature: \"100 degC\"\n    target: {element: Li, concentration: \"20 g/L\"}\n    steam_economy: 1\n");
  const double kept = water(run, "concentrate") * 18.015e-3 * 3600.0;  // kg/h
  CHECK(kept == doctest::Approx(3.4705 * 958.35 / 20.0).epsilon(2e-4));
  // And the concentrate, by the stream's own volume, holds exactly 20 g/L Li.
  CHECK(run.value("Li concentration out", "reactor") == relative(20.0, 1e-12));
  CHECK(run.value("Li concentration in", "reactor") == doctest::Approx(3.4705 * 958.35 / 1000.0).epsilon(2e-4));
  // Fed at its boiling point with economy 1: steam = water evaporated (no sensible heat).
  CHECK(run.value("steam", "reactor") == relative(run.value("evaporated_water", "reactor"), 1e-12));
  CHECK(run.results.balance.max_closure() <= 1e-9);
}

TEST_CASE("the duty heats the water to the boiling point and boils the vapour off") {
  // Q = m_w cp (T − T_in) + m_v λ(T), cp 4184 J/(kg K); steam = Q / (λ(T) E).
  // λ against the IAPWS-95 steam tables (Wagner & Pruss 2002): 2500.9 kJ/kg at
  // 0.01 °C, 2357.7 at 60 °C, 2256.4 at 100 °C; 0.2 % is the stated accuracy
  // of the linear form.
  CHECK(units::water_latent_heat(273.16) == doctest::Approx(2500.9e3).epsilon(1e-6));
  CHECK(units::water_latent_heat(333.15) == doctest::Approx(2357.7e3).epsilon(2e-3));
  CHECK(units::water_latent_heat(373.15) == doctest::Approx(2256.4e3).epsilon(1e-6));
  const auto run = run_evaporator("    temperature: \"80 degC\"\n    water_removal: 0.5\n    steam_economy: 0.9\n",
                                  "evaporator_duty.yaml", "25 degC");
  const double feed_water = water(run, "feed") * 18.01528e-3;  // kg/s
  const double vapour = 0.5 * feed_water;
  const double latent = units::water_latent_heat(353.15);
  const double duty = feed_water * 4184.0 * 55.0 + vapour * latent;
  CHECK(run.value("heat_duty", "reactor") == doctest::Approx(duty).epsilon(1e-4));  // water molar mass digits
  CHECK(run.value("steam", "reactor") == doctest::Approx(duty / (latent * 0.9)).epsilon(1e-4));
}

TEST_CASE("the evaporator's steam is costed with the price deck's steam utility") {
  // 1 t/h of water evaporated 50 % at 100 °C from a 100 °C feed with economy 1:
  // steam = 0.5 t/h; the basis feed is the liquor (1.0... t/h), so per tonne of
  // feed steam = 0.5 t/h / feed t/h; at 30 USD/t (a test price, set here) and
  // 0.2 kgCO2e/kg (test value).
  std::string text =
      one_unit_flowsheet(kLiLiquor, "    type: Evaporator\n    temperature: \"100 degC\"\n    water_removal: 0.5\n",
                         {"vapour", "concentrate"}, "100 degC");
  text +=
      "economics:\n  price_deck: price-deck.yaml\n  prices: {steam: \"30 USD/t\"}\n"
      "  emission_factors: {steam: \"0.2 kgCO2e/kg\"}\n";
  const auto run = run_text("evaporator_economics.yaml", text);
  const auto assessment = flowsheet::assess_plant(run.plant, run.solved, run.results);
  REQUIRE(assessment.has_economics);
  const double feed = run.stream("feed").total_mass_flow();  // kg/s
  const double steam = run.value("steam", "reactor");        // kg/s
  CHECK(steam == relative(0.5 * water(run, "feed") * 18.01528e-3, 1e-4));
  bool found = false;
  for (const auto& line : assessment.economics.lines) {
    if (line.category != "utility" || line.item != "reactor") continue;
    found = true;
    CHECK(line.priced_as == "steam");
    CHECK(line.quantity_per_tonne == relative(steam / feed * 1000.0, 1e-12));  // kg of steam per t of feed
    CHECK(line.usd_per_tonne == relative(-steam / feed * 1000.0 * 0.03, 1e-12));
    CHECK(line.co2e_kg_per_tonne == relative(steam / feed * 1000.0 * 0.2, 1e-12));
  }
  CHECK(found);
  CHECK(assessment.economics.utility_cost == relative(steam / feed * 1000.0 * 0.03, 1e-12));
}

TEST_CASE("bad evaporator input gives clear messages") {
  const auto message = [](const std::string& parameters) {
    return input_error_of([&] {
      run_text("evaporator_bad.yaml", one_unit_flowsheet(kLiLiquor, "    type: Evaporator\n" + parameters,
                                                         {"vapour", "concentrate"}, "100 degC"));
    });
  };
  CHECK(message("    temperature: \"100 degC\"\n").find("give exactly one of 'water_removal'") != std::string::npos);
  CHECK(message("    temperature: \"100 degC\"\n    water_removal: 0.5\n    target: {element: Li, concentration: "
                "\"20 g/L\"}\n")
            .find("give exactly one of") != std::string::npos);
  CHECK(message("    temperature: \"100 degC\"\n    target: {element: Xx, concentration: \"20 g/L\"}\n")
            .find("'Xx' is not an element") != std::string::npos);
  CHECK(message("    temperature: \"100 degC\"\n    target: {element: Li, concentration: \"20 mol\"}\n")
            .find("target.concentration") != std::string::npos);
  CHECK(message("    temperature: \"100 degC\"\n    water_removal: 1\n").find("must be below 1") != std::string::npos);
  CHECK(message("    water_removal: 0.5\n").find("temperature") != std::string::npos);
  // Already above the target: nothing evaporates, with a warning.
  const auto run = run_evaporator(
      "    temperature: \"100 degC\"\n    target: {element: Li, concentration: \"1 g/L\"}\n", "evaporator_dilute.yaml");
  CHECK(water(run, "vapour") == 0.0);
  REQUIRE(!run.unit().report().warnings.empty());
  CHECK(run.unit().report().warnings.front().find("at or above the target") != std::string::npos);
  // Beyond the cap: a SolveError naming the unit.
  std::string error;
  try {
    run_evaporator("    temperature: \"100 degC\"\n    target: {element: Li, concentration: \"500 g/L\"}\n",
                   "evaporator_cap.yaml");
  } catch (const SolveError& e) {
    error = e.what();
  }
  CHECK(error.find("unit 'reactor' (Evaporator)") != std::string::npos);
  CHECK(error.find("max_water_removal") != std::string::npos);
}
