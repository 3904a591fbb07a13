// Economics and footprint: price parsing, per-tonne arithmetic against hand
// calculations from the price deck, --set overrides, and bad input.
#include <unistd.h>

#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Economics.h"
#include "hydrosim/flowsheet/PlantAssessment.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/AssessmentLoader.h"
#include "hydrosim/io/FlowsheetLoader.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

flowsheet::Price price(const std::string& key, const std::string& text, flowsheet::PriceCategory category,
                       const std::string& per_element = "") {
  const auto value = io::parse_per_unit(text, "USD");
  flowsheet::Price p;
  p.key = key;
  p.text = text;
  p.usd_per_si = value.per_si;
  p.per = value.per;
  p.category = category;
  p.per_element = per_element;
  return p;
}

const flowsheet::EconomicsLine& line_of(const flowsheet::EconomicsReport& report, const std::string& item,
                                        const std::string& priced_as) {
  for (const auto& line : report.lines) {
    if (line.item == item && line.priced_as == priced_as) return line;
  }
  FAIL("no economics line ", item, " / ", priced_as);
  return report.lines.front();
}

// A plant small enough to compute by hand: 1 t/h of Li2CO3 with 10 kg/h of free water goes
// straight to a product sink; 50 kg/h of H2SO4 goes straight to a waste sink.
constexpr const char* kTinyPlant = R"(flowsheet:
  name: tiny
  thermo: [species.yaml]
  basis_feed: feed
units:
  feed:
    type: Feed
    species: {Li2CO3: "1000 kg/h", H2O: "10 kg/h"}
  acid:
    type: ReagentFeed
    species: {H2SO4: "50 kg/h"}
  product:
    type: Sink
    kind: product
    specification: li2co3_battery_grade
  spent_acid:
    type: Sink
    kind: waste
economics:
  price_deck: price-deck.yaml
  prices: {}
  disposal: {spent_acid: wastewater_treatment}
  utilities:
    electricity: {per_tonne: "150 kWh/t"}
streams:
  s1: {from: feed.out, to: product.in}
  s2: {from: acid.out, to: spent_acid.in}
)";

flowsheet::PlantAssessment assess_tiny(const std::vector<std::string>& overrides) {
  // One file per process: ctest runs the test cases of this file in parallel processes.
  const auto path = write_scratch("tiny-economics-" + std::to_string(::getpid()) + ".yaml", kTinyPlant);
  auto plant = io::load_flowsheet(path, {overrides, data_dir()});
  const auto solved = flowsheet::solve(plant);
  const auto results = flowsheet::compute_results(plant, solved);
  return flowsheet::assess_plant(plant, solved, results);
}

}  // namespace

TEST_CASE("prices and emission factors are read per SI unit of what they price") {
  // 37000 USD/t = 37 USD/kg; 0.08 USD/kWh = 0.08 / 3.6e6 USD/J (1 kWh = 3.6 MJ exactly).
  const auto tonne = io::parse_per_unit("37000 USD/t", "USD");
  CHECK(tonne.per_si == relative(37.0));
  CHECK(tonne.per == Dimension::mass());
  const auto energy = io::parse_per_unit("0.08 USD/kWh", "USD");
  CHECK(energy.per_si == relative(0.08 / 3.6e6));
  CHECK(energy.per == Dimension::energy());
  CHECK(io::parse_per_unit("0.6329 kgCO2e/kg", "kgCO2e").per_si == relative(0.6329));
  CHECK(input_error_of([] { io::parse_per_unit("37000 EUR/t", "USD"); }).find("must start with 'USD/'") !=
        std::string::npos);
  CHECK(input_error_of([] { io::parse_per_unit("lots USD/t", "USD"); }).find("not a number") != std::string::npos);
}

TEST_CASE("revenue, reagent, utility and disposal lines are mass flow per tonne of feed times price") {
  // Hand calculation, feed 2 kg/s (so per tonne = kg/s x 500):
  //   Li2CO3 0.4 kg/s -> 200 kg/t x 10 USD/kg            = 2000 USD/t
  //   NiSO4.6H2O with 0.2 kg/s Ni, priced per Ni at 15 USD/kg -> 100 kg/t x 15 = 1500 USD/t
  //   H2SO4 4 kg/s -> 2000 kg/t x 0.1 USD/kg             =  200 USD/t; 0.1 kg CO2e/kg -> 200 kg/t
  //   NaOH 1 kg/s -> 500 kg/t x 0.4 USD/kg                =  200 USD/t; 0.6329 -> 316.45 kg CO2e/t
  //   electricity 150 kWh/t x 0.08 USD/kWh                =   12 USD/t; 0.5 kg/kWh -> 75 kg CO2e/t
  //   residue 0.6 kg/s -> 300 kg/t x 0.15 USD/kg          =   45 USD/t
  //   margin = 3500 - 400 - 12 - 45 = 3043 USD/t; CO2e = 591.45 kg/t
  using flowsheet::PriceCategory;
  flowsheet::EconomicsSettings settings;
  for (auto p :
       {price("Li2CO3", "10000 USD/t", PriceCategory::kProduct),
        price("NiSO4:6H2O", "15000 USD/t", PriceCategory::kProduct, "Ni"),
        price("H2SO4", "100 USD/t", PriceCategory::kReagent), price("NaOH", "400 USD/t", PriceCategory::kReagent),
        price("electricity", "0.08 USD/kWh", PriceCategory::kUtility),
        price("landfill", "150 USD/t", PriceCategory::kDisposal)}) {
    settings.deck.prices.emplace(p.key, p);
  }
  for (const auto& [key, text] : {std::pair{"H2SO4", "0.1 kgCO2e/kg"}, std::pair{"NaOH", "0.6329 kgCO2e/kg"},
                                  std::pair{"electricity", "0.5 kgCO2e/kWh"}}) {
    const auto value = io::parse_per_unit(text, "kgCO2e");
    flowsheet::EmissionFactor factor;
    factor.key = key;
    factor.text = text;
    factor.kg_per_si = value.per_si;
    factor.per = value.per;
    settings.deck.emission_factors.emplace(key, factor);
  }
  settings.disposal["residue"] = "landfill";
  settings.utilities.push_back({"electricity", "150 kWh/t", 150 * 3.6e6 / 1000.0, Dimension::energy(), ""});
  flowsheet::EconomicsFlows flows;
  flows.feed_mass_flow = 2.0;
  flows.products.push_back({"li", "Li2CO3", 0.4, {{"Li", 0.0752}}});
  flows.products.push_back({"ni", "NiSO4:6H2O", 0.9, {{"Ni", 0.2}}});
  flows.products.push_back({"mystery", "", 0.0, {}});
  flows.reagents.push_back({"acid", {{"H2SO4", 4.0}}});
  flows.reagents.push_back({"caustic", {{"NaOH", 1.0}, {"H2O", 1.0}}});
  flows.wastes = {{"residue", 0.6}, {"vent", 0.1}};
  const auto report = flowsheet::compute_economics(settings, flows);
  CHECK(report.revenue == relative(3500.0, 1e-12));
  CHECK(line_of(report, "ni", "NiSO4:6H2O").usd_per_tonne == relative(1500.0, 1e-12));
  CHECK(report.reagent_cost == relative(400.0, 1e-12));
  CHECK(report.utility_cost == relative(12.0, 1e-12));
  CHECK(report.disposal_cost == relative(45.0, 1e-12));
  CHECK(report.margin == relative(3043.0, 1e-12));
  CHECK(report.co2e == relative(591.45, 1e-12));
  CHECK(report.water == relative(500.0, 1e-12));  // 1 kg/s of H2O in the caustic solution
  // Unpriced water and the product without a specification are listed, the vent carries no cost.
  REQUIRE(report.unpriced.size() == 2);
  CHECK(report.unpriced[0].find("mystery") != std::string::npos);
  CHECK(report.unpriced[1].find("H2O") != std::string::npos);
}

TEST_CASE("a tiny flowsheet is priced from the shipped price deck and --set reprices it") {
  // Hand calculation from thermo-data/reporting/price-deck.yaml, per tonne of the 1.01 t/h feed:
  //   Li2CO3 1000/1.01 kg/t x 37 USD/kg; H2SO4 50/1.01 kg/t x 0.1 USD/kg (0.1 kg CO2e/kg);
  //   electricity 150 kWh/t x 0.08 USD/kWh (0.366 kg CO2e/kWh, EIA 2023 U.S. grid);
  //   spent acid 50/1.01 kg/t x 0.002 USD/kg (wastewater treatment, 2 USD/t).
  const double li2co3 = 1000.0 / 1.01;
  const double acid = 50.0 / 1.01;
  const auto base = assess_tiny({});
  REQUIRE(base.has_economics);
  CHECK(base.economics.revenue == relative(li2co3 * 37.0, 1e-9));
  CHECK(base.economics.reagent_cost == relative(acid * 0.1, 1e-9));
  CHECK(base.economics.utility_cost == relative(12.0, 1e-9));
  CHECK(base.economics.disposal_cost == relative(acid * 0.002, 1e-9));
  CHECK(base.economics.co2e == relative(acid * 0.1 + 150.0 * 0.366, 1e-9));
  CHECK(base.economics.margin == relative(li2co3 * 37.0 - acid * 0.1 - 12.0 - acid * 0.002, 1e-9));

  const auto cheaper = assess_tiny({"economics.prices.Li2CO3=20000 USD/t"});
  CHECK(cheaper.economics.revenue == relative(li2co3 * 20.0, 1e-9));
  CHECK(cheaper.economics.margin < base.economics.margin);

  // Compliance of the same plant: all of the feed's Li reaches the product.
  for (const auto& check : base.compliance.checks) {
    if (check.element == "Li") CHECK(check.recovery == relative(1.0, 1e-12));
  }
}

TEST_CASE("economics input errors name the place and the valid choices") {
  CHECK(input_error_of([] { assess_tiny({"economics.prices.Li2CO4=20000 USD/t"}); }).find("did you mean Li2CO3") !=
        std::string::npos);
  CHECK(input_error_of([] {
          assess_tiny({"economics.prices.Li2CO3=20000 USD/kWh"});
        }).find("per mass, the override per energy") != std::string::npos);
  const std::string message = input_error_of([] { assess_tiny({"economics.disposal.spent_acid=landfill"}); });
  CHECK(message.find("economics.disposal.spent_acid") != std::string::npos);
  CHECK(message.find("hazardous_solid_landfill") != std::string::npos);
}
