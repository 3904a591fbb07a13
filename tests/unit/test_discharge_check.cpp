// DischargeCheck: concentrations from the stream's flows (a unit conversion
// checked by hand), pass/fail against the limits file, and bad input.
#include <doctest/doctest.h>

#include "PrecipitationTestSupport.h"
#include "hydrosim/thermo/Stream.h"
#include "hydrosim/units/DischargeCheck.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

UnitRun check(const std::string& feed, const std::string& standard) {
  return run_text(
      "discharge.yaml",
      one_unit_flowsheet(feed, "    type: DischargeCheck\n    standard: " + standard + "\n", {"out"}, "25 degC"));
}

}  // namespace

TEST_CASE("a discharge check converts flows to mg/L and fails the element above its limit") {
  // 1 t/h water with 2 g/h Ni and 0.1 g/h Cu (as sulfates): 2 mg per kg of
  // water = 2 × ρw(25 °C) mg/L = 1.994 mg/L Ni (Kell 1975: 997.05 kg/m³),
  // above GB 8978-1996's 1.0 mg/L; Cu 0.0997 mg/L below 0.5 mg/L.
  const double ni = 2.0 / 58.6934;  // mol/h
  const double cu = 0.1 / 63.546;
  const std::string feed = "      H2O: \"1 t/h\"\n      Ni+2: \"" + std::to_string(ni) + " mol/h\"\n      Cu+2: \"" +
                           std::to_string(cu) + " mol/h\"\n      SO4-2: \"" + std::to_string(ni + cu) + " mol/h\"\n";
  const auto run = check(feed, "GB8978-1996-table2-grade1");
  const auto& unit = static_cast<const units::DischargeCheck&>(run.unit());
  const auto& result = unit.result();
  // mg of metal per kg of water in the feed, times ρw (kg/L) for mg/L.
  const auto& db = *run.plant.database;
  const auto& feed_stream = run.stream("feed");
  const double water = feed_stream.mass_flow(db.index_of("H2O"));
  auto mg_per_l = [&](const char* ion) {
    return feed_stream.mass_flow(db.index_of(ion)) / water * 1e6 * thermo::water_density(298.15) / 1000.0;
  };
  CHECK(mg_per_l("Ni+2") == relative(1.994, 2e-3));  // the hand value above (flows rounded to 6 digits)
  bool seen_ni = false;
  bool seen_cu = false;
  for (const auto& item : result.items) {
    if (item.element == "Ni") {
      seen_ni = true;
      CHECK(item.concentration == relative(mg_per_l("Ni+2"), 1e-12));
      CHECK_FALSE(item.pass);
    }
    if (item.element == "Cu") {
      seen_cu = true;
      CHECK(item.concentration == relative(mg_per_l("Cu+2"), 1e-12));
      CHECK(item.pass);
    }
  }
  CHECK(seen_ni);
  CHECK(seen_cu);
  CHECK_FALSE(result.pass());
  REQUIRE(result.ph);
  CHECK(run.results.residues.discharge.size() == 1);
  // A pass-through: the outlet equals the inlet.
  CHECK(run.stream("out").amounts() == run.stream("feed").amounts());
}

TEST_CASE("an unknown discharge standard lists the available ones") {
  const auto message = input_error_of([] { check("      H2O: \"1 t/h\"\n", "EU-2000"); });
  CHECK(message.find("no standard 'EU-2000'") != std::string::npos);
  CHECK(message.find("GB8978-1996-table2-grade1") != std::string::npos);
  CHECK(message.find("discharge.yaml:") != std::string::npos);
}
