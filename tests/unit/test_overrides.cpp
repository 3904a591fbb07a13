// --set overrides: missing maps below an existing section (or unit) are created,
// so `economics.prices.X` works without `prices: {}` in the file; a path whose
// section or unit does not exist, or that creates a key no model reads, is an
// InputError naming the option.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/PlantAssessment.h"
#include "hydrosim/io/FlowsheetLoader.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

// An economics block without `prices:`, `emission_factors:` or `utilities:` maps.
const std::string kPlant = R"yaml(flowsheet: {name: overrides, thermo: [species.yaml], basis_feed: feed}
units:
  feed:
    type: Feed
    species: {Li2CO3: "1000 kg/h"}
  product: {type: Sink, kind: product, specification: li2co3_battery_grade}
streams:
  s1: {from: feed.out, to: product.in}
economics:
  price_deck: price-deck.yaml
)yaml";

const std::string kNoEconomics = R"yaml(flowsheet: {name: plain, thermo: [species.yaml]}
units:
  feed:
    type: Feed
    species: {Li2CO3: "1000 kg/h"}
  product: {type: Sink, kind: product}
streams:
  s1: {from: feed.out, to: product.in}
)yaml";

flowsheet::Flowsheet load(const std::string& name, const std::string& text, std::vector<std::string> overrides) {
  return io::load_flowsheet(write_scratch(name, text), {std::move(overrides), data_dir()});
}

std::string error_loading(const std::string& name, const std::string& text, std::vector<std::string> overrides) {
  return input_error_of([&] { load(name, text, std::move(overrides)); });
}

bool contains(const std::string& text, const std::string& part) {
  CAPTURE(text);
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("--set economics.prices.X creates the missing prices map") {
  // 20000 USD/t = 20000 USD / 1000 kg = 20 USD/kg: unit arithmetic, exact in binary floating point
  // to 1e-15; an overridden price is reported as unverified.
  const auto plant = load("prices.yaml", kPlant, {"economics.prices.Li2CO3=20000 USD/t"});
  REQUIRE(plant.assessment);
  const auto& price = plant.assessment->economics.deck.prices.at("Li2CO3");
  CHECK(price.usd_per_si == relative(20.0, 1e-15));
  CHECK(price.overridden);
  CHECK_FALSE(price.verified);
}

TEST_CASE("--set creates nested maps: a utility that the file does not list") {
  // 0.9 t of steam per tonne of feed = 0.9 kg per kg; the file has no `utilities:` block at all.
  const auto plant = load("utilities.yaml", kPlant, {"economics.utilities.steam.per_tonne=0.9 t/t"});
  REQUIRE(plant.assessment);
  const auto& utilities = plant.assessment->economics.utilities;
  REQUIRE(utilities.size() == 1);
  CHECK(utilities[0].name == "steam");
  CHECK(utilities[0].si_per_kg_feed == relative(0.9, 1e-15));
}

TEST_CASE("--set still refuses a unit or section that does not exist") {
  CHECK(contains(error_loading("unit.yaml", kPlant, {"units.fed.temperature=80 degC"}),
                 "--set units.fed.temperature=80 degC: the flowsheet has no 'units.fed' here; did you mean feed"));
  // A deeper path under a mistyped unit is refused at the unit, not created.
  CHECK(contains(error_loading("unit_deep.yaml", kPlant, {"units.fed.a.b=1"}),
                 "--set units.fed.a.b=1: the flowsheet has no 'units.fed' here"));
  CHECK(contains(error_loading("stream.yaml", kPlant, {"streams.s2.from=feed.out"}),
                 "--set streams.s2.from=feed.out: the flowsheet has no 'streams.s2' here"));
  // A section the file leaves out is not created either: economics stays off unless the file asks.
  CHECK(contains(error_loading("section.yaml", kNoEconomics, {"economics.prices.Li2CO3=20000 USD/t"}),
                 "--set economics.prices.Li2CO3=20000 USD/t: the flowsheet has no 'economics' here"));
  CHECK(contains(error_loading("typo_section.yaml", kPlant, {"economic.prices.Li2CO3=20000 USD/t"}),
                 "did you mean economics"));
}

TEST_CASE("a map created by --set that no model reads is refused by the unknown-key check") {
  CHECK(contains(error_loading("unread_unit.yaml", kPlant, {"units.feed.colour.shade=red"}),
                 "--set units.feed.colour.shade=red: unit 'feed' (Feed) has no parameter 'colour'"));
  // `price` instead of `prices`: the created map is unknown to the economics block.
  const auto message = error_loading("unread_economics.yaml", kPlant, {"economics.price.Li2CO3=20000 USD/t"});
  CHECK(contains(message, "--set economics.price.Li2CO3=20000 USD/t:"));
  CHECK(contains(message, "has no parameter 'price'"));
  CHECK(contains(message, "prices"));
  // A created prices entry must still name a deck entry.
  CHECK(contains(error_loading("unknown_price.yaml", kPlant, {"economics.prices.Li2CO4=20000 USD/t"}),
                 "did you mean Li2CO3"));
}

TEST_CASE("--set cannot create a map below a scalar parameter") {
  CHECK(contains(error_loading("scalar.yaml", kPlant, {"units.feed.species.Li2CO3.x=1"}), "is not a map"));
}
