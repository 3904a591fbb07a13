// SolidLiquidSeparator: cake moisture, solids recovery and displacement
// washing checked against the defining balances and the Choudhury-Dahlstrom
// wash equation R = (1 - E)^n, plus conservation of every element and charge.
#include <cmath>

#include "LeachTestSupport.h"
#include "hydrosim/units/SolidLiquidSeparator.h"

using namespace hydrosim;
using namespace hydrosim::testing;
using units::SolidLiquidSeparator;

namespace {

struct Split {
  thermo::Stream cake;
  thermo::Stream filtrate;
  units::UnitReport report;
};

Split separate(SolidLiquidSeparator& unit, const thermo::Stream& feed, const thermo::Stream* wash = nullptr) {
  units::Inlets inlets{{"in", {&feed}}};
  if (wash != nullptr) inlets["wash"] = {wash};
  units::Outlets outlets;
  unit.solve(inlets, outlets);
  return {outlets.at("cake"), outlets.at("filtrate"), unit.report()};
}

// 1 kg/s water with 0.5 mol/s Li2SO4 (as ions) and 0.2 kg/s of graphite + NMC622.
thermo::Stream leach_slurry(const std::shared_ptr<const thermo::Database>& db) {
  thermo::Stream s(db);
  s.set_amount(db->index_of("H2O"), 1.0 / db->species(db->index_of("H2O")).molar_mass);
  s.set_amount(db->index_of("Li+"), 1.0);
  s.set_amount(db->index_of("SO4-2"), 0.5);
  s.set_amount(db->index_of("graphite"), 0.15 / db->species(db->index_of("graphite")).molar_mass);
  s.set_amount(db->index_of("NMC622"), 0.05 / db->species(db->index_of("NMC622")).molar_mass);
  return s;
}

thermo::Stream water(const std::shared_ptr<const thermo::Database>& db, double kg_per_s) {
  thermo::Stream s(db);
  s.set_amount(db->index_of("H2O"), kg_per_s / db->species(db->index_of("H2O")).molar_mass);
  return s;
}

double liquor_mass(const thermo::Stream& s) { return s.phase_mass_flow(thermo::Phase::kAqueous); }
double solids_mass(const thermo::Stream& s) { return s.phase_mass_flow(thermo::Phase::kSolid); }

}  // namespace

TEST_CASE("a filter cake holds its moisture and its share of every solute") {
  const auto db = leach_database();
  auto unit = configured<SolidLiquidSeparator>("mode: filter\nsolids_recovery: 0.99\ncake_moisture: \"25 wt%\"", db);
  const thermo::Stream feed = leach_slurry(db);
  const Split split = separate(*unit, feed);
  // Definition of cake moisture: liquor / (liquor + solids) = 0.25.
  CHECK(liquor_mass(split.cake) / (liquor_mass(split.cake) + solids_mass(split.cake)) == relative(0.25, 1e-12));
  CHECK(solids_mass(split.cake) == relative(0.99 * solids_mass(feed), 1e-12));
  // Without washing the cake liquor has the feed liquor's composition, so Li
  // follows the liquor mass: loss = cake liquor / feed liquor.
  const double retained = liquor_mass(split.cake) / liquor_mass(feed);
  CHECK(value_named(split.report, "soluble_loss[Li]") == relative(retained, 1e-12));
  CHECK(element_closure({&feed}, {&split.cake, &split.filtrate}) <= 1e-12);
  CHECK(charge_closure({&feed}, {&split.cake, &split.filtrate}) <= 1e-12);
}

TEST_CASE("displacement washing leaves R = (1 - E)^n of the cake's solute (Choudhury & Dahlstrom 1957)") {
  const auto db = leach_database();
  auto unit = configured<SolidLiquidSeparator>(
      "mode: filter\nsolids_recovery: 1\ncake_moisture: \"30 wt%\"\nwash_efficiency: 0.6", db);
  const thermo::Stream feed = leach_slurry(db);
  // Cake liquor = 0.3/0.7 x 0.2 kg/s = 0.0857 kg/s; wash 0.2 kg/s gives n = 2.333.
  const thermo::Stream wash = water(db, 0.2);
  const Split split = separate(*unit, feed, &wash);
  const double cake_liquor = 0.3 / 0.7 * solids_mass(feed);
  const double n = 0.2 / cake_liquor;
  CHECK(value_named(split.report, "wash_ratio") == relative(n, 1e-9));
  const double remaining = std::pow(1.0 - 0.6, n);
  CHECK(value_named(split.report, "remaining_solute_fraction") == relative(remaining, 1e-12));
  // Li lost = R x (share of feed liquor held in the cake); the wash brings none.
  CHECK(value_named(split.report, "soluble_loss[Li]") == relative(remaining * cake_liquor / liquor_mass(feed), 1e-9));
  // The cake keeps its moisture after washing.
  CHECK(liquor_mass(split.cake) == relative(cake_liquor, 1e-9));
  CHECK(element_closure({&feed, &wash}, {&split.cake, &split.filtrate}) <= 1e-12);
  CHECK(charge_closure({&feed, &wash}, {&split.cake, &split.filtrate}) <= 1e-12);
}

TEST_CASE("a wash cannot displace more liquor than its own volume") {
  // Ideal plug-flow displacement bounds R >= 1 - n (here E = 1 would give R = 0).
  CHECK(SolidLiquidSeparator::remaining_solute_fraction(0.4, 1.0) == relative(0.6, 1e-15));
  CHECK(SolidLiquidSeparator::remaining_solute_fraction(2.0, 0.5) == relative(0.25, 1e-15));
  CHECK(SolidLiquidSeparator::remaining_solute_fraction(0.0, 0.5) == 1.0);
}

TEST_CASE("a thickener underflow carries solids at its stated density") {
  const auto db = leach_database();
  auto unit =
      configured<SolidLiquidSeparator>("mode: thickener\nsolids_recovery: 0.98\nunderflow_solids: \"40 wt%\"", db);
  const thermo::Stream feed = leach_slurry(db);
  const Split split = separate(*unit, feed);
  CHECK(solids_mass(split.cake) / (solids_mass(split.cake) + liquor_mass(split.cake)) == relative(0.40, 1e-12));
  CHECK(solids_mass(split.filtrate) == relative(0.02 * solids_mass(feed), 1e-9));
  CHECK(element_closure({&feed}, {&split.cake, &split.filtrate}) <= 1e-12);
}

TEST_CASE("bad separator input gives clear errors") {
  const auto db = leach_database();
  SUBCASE("a cake that needs more liquor than the feed brings") {
    auto unit = configured<SolidLiquidSeparator>("mode: filter\nsolids_recovery: 1\ncake_moisture: \"90 wt%\"", db);
    const thermo::Stream feed = leach_slurry(db);
    const std::string message = [&] {
      try {
        separate(*unit, feed);
      } catch (const SolveError& error) {
        return std::string(error.what());
      }
      return std::string();
    }();
    CHECK(message.find("unit 'test'") != std::string::npos);
    CHECK(message.find("too thick") != std::string::npos);
  }
  SUBCASE("filter keys in a thickener") {
    const std::string message = input_error_of([&] {
      configured<SolidLiquidSeparator>(
          "mode: thickener\nsolids_recovery: 1\nunderflow_solids: \"40 wt%\"\n"
          "wash_efficiency: 0.5",
          db);
    });
    CHECK(message.find("test.yaml:4") != std::string::npos);
    CHECK(message.find("belongs to mode: filter") != std::string::npos);
  }
  SUBCASE("moisture without units") {
    const std::string message = input_error_of(
        [&] { configured<SolidLiquidSeparator>("mode: filter\nsolids_recovery: 1\ncake_moisture: 0.3", db); });
    CHECK(message.find("cake_moisture") != std::string::npos);
  }
}
