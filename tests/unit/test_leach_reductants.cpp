// Alternative reductants of the reductive leach (SO2, metabisulfite, glucose
// instead of H2O2; thermo-data/leaching-kinetics.yaml, reductants): the
// rewritten reactions against equations balanced by hand from oxidation
// states, the electron balance as the cap on extraction when the reductant
// runs short (batch and cascade), conservation of every element and the
// charge, and the errors for bad input.
#include <cmath>

#include <fmt/format.h>

#include "LeachTestSupport.h"
#include "hydrosim/thermo/LeachingKinetics.h"
#include "hydrosim/units/LeachReactor.h"

using namespace hydrosim;
using namespace hydrosim::testing;
using units::LeachReactor;

namespace {

struct Solved {
  thermo::Stream out;
  units::UnitReport report;
};

Solved run(LeachReactor& unit, const thermo::Stream& feed) {
  units::Inlets inlets{{"in", {&feed}}};
  units::Outlets outlets;
  unit.solve(inlets, outlets);
  return {outlets.at("out"), unit.report()};
}

// Coefficients per mol of solid.
void check_reaction(const thermo::ReactionEquation& reaction, const thermo::Database& db, const std::string& solid,
                    const std::vector<std::pair<std::string, double>>& expected) {
  CAPTURE(reaction.text);
  const double per = -reaction.coefficient_of(db.index_of(solid));
  REQUIRE(per > 0.0);
  for (const auto& [name, coefficient] : expected) {
    CAPTURE(name);
    CHECK(reaction.coefficient_of(db.index_of(name)) / per == doctest::Approx(coefficient).epsilon(1e-9));
  }
  // H2O2 and O2 are gone: the other reductant does the whole reduction.
  CHECK(reaction.coefficient_of(db.index_of("H2O2(aq)")) == 0.0);
  CHECK(reaction.coefficient_of(db.index_of("O2(g)")) == 0.0);
  CHECK(reaction.terms.size() == expected.size() + 1);
}

}  // namespace

TEST_CASE("each reductant rewrites the reductive reactions as the electron balance gives them") {
  // Expected equations balanced by hand from oxidation states (independent of
  // the exchange reactions in the data file). LiCoO2 (Co+3) and NMC111 (mean
  // transition-metal state +3: Ni+2, Co+3, Mn+4) each take 1 electron per
  // formula to end as M+2: LiMO2 + 4 H+ + e- = Li+ + M+2 + 2 H2O.
  //   SO2 + 2 H2O = SO4-2 + 4 H+ + 2 e-           -> per LiMO2: 1/2 SO2, 2 H+, 1/2 SO4-2, 1 H2O
  //   S2O5-2 + 3 H2O = 2 SO4-2 + 6 H+ + 4 e-      -> per LiMO2: 1/4 S2O5-2, 5/2 H+, 1/2 SO4-2, 5/4 H2O
  //   C6H12O6 + 6 H2O = 6 CO2 + 24 H+ + 24 e-     -> per LiMO2: 1/24 C6H12O6, 3 H+, 1/4 CO2, 7/4 H2O
  const auto db = leach_database();
  const auto data = thermo::LeachingKineticsData::load(*db);
  const auto* so2 = data.find_reductant(db->index_of("SO2(aq)"));
  const auto* s2o5 = data.find_reductant(db->index_of("S2O5-2"));
  const auto* glucose = data.find_reductant(db->index_of("C6H12O6(aq)"));
  REQUIRE(so2 != nullptr);
  REQUIRE(s2o5 != nullptr);
  REQUIRE(glucose != nullptr);
  // Electron equivalents of 1 H2O2 (2 e-): 1 SO2, 1/2 S2O5-2, 1/12 glucose.
  CHECK(so2->per_peroxide == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(s2o5->per_peroxide == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(glucose->per_peroxide == doctest::Approx(1.0 / 12.0).epsilon(1e-12));

  for (const std::string solid : {"LiCoO2", "NMC111"}) {
    CAPTURE(solid);
    const thermo::SolidKinetics& base = *data.find(db->index_of(solid));
    const auto with_so2 = thermo::with_reductant(base, *so2, *db);
    const auto with_s2o5 = thermo::with_reductant(base, *s2o5, *db);
    const auto with_glucose = thermo::with_reductant(base, *glucose, *db);
    std::vector<std::pair<std::string, double>> metals{{"Li+", 1.0}};
    if (solid == "LiCoO2") {
      metals.push_back({"Co+2", 1.0});
    } else {
      metals.push_back({"Ni+2", 0.3333});
      metals.push_back({"Mn+2", 0.3333});
      metals.push_back({"Co+2", 0.3334});
    }
    auto with = [&](std::vector<std::pair<std::string, double>> rest) {
      rest.insert(rest.end(), metals.begin(), metals.end());
      return rest;
    };
    check_reaction(with_so2.reaction, *db, solid,
                   with({{"SO2(aq)", -0.5}, {"H+", -2.0}, {"SO4-2", 0.5}, {"H2O", 1.0}}));
    check_reaction(with_s2o5.reaction, *db, solid,
                   with({{"S2O5-2", -0.25}, {"H+", -2.5}, {"SO4-2", 0.5}, {"H2O", 1.25}}));
    check_reaction(with_glucose.reaction, *db, solid,
                   with({{"C6H12O6(aq)", -1.0 / 24.0}, {"H+", -3.0}, {"CO2(g)", 0.25}, {"H2O", 1.75}}));
    // The reductant dependence moves to the new species at the same electron equivalents.
    const auto& dependence = with_s2o5.dependences.back();
    CHECK(dependence.species == db->index_of("S2O5-2"));
    CHECK(dependence.reference == doctest::Approx(0.5 * base.dependences.back().reference).epsilon(1e-12));
    // The rewritten equation still balances every element and the charge (parse_reaction checks).
    CHECK_NOTHROW(thermo::parse_reaction(with_glucose.reaction.text, *db));
  }

  SUBCASE("H2O2 as an oxidant (LFP) cannot be replaced by a reductant") {
    const thermo::SolidKinetics& lfp = *data.find(db->index_of("LiFePO4"));
    CHECK_FALSE(thermo::uses_peroxide_as_reductant(lfp, *db));
    const std::string message = input_error_of([&] { thermo::with_reductant(lfp, *so2, *db); });
    CHECK(message.find("LiFePO4") != std::string::npos);
    CHECK(message.find("does not use H2O2(aq) as a reductant") != std::string::npos);
  }
}

TEST_CASE("a short reductant caps extraction at its electron equivalents, batch and cascade") {
  // 50 g/L LiCoO2 (0.5108 mol/L) in 2 M H2SO4 (acid in excess), no H2O2, 80 degC.
  // LiCoO2 takes 1 e-; the dose gives 0.2 mol/L of electrons in each case:
  // 0.1 mol/L SO2 (2 e- each), 0.05 mol/L S2O5-2 (4 e-), 1/120 mol/L glucose
  // (24 e-). So X_max = 0.2 / 0.5108 = 0.3915, whatever the reductant. The
  // products follow the same balance: 1 SO4-2 per SO2, 2 per S2O5-2 and 6 CO2
  // per glucose consumed.
  const auto db = leach_database();
  struct Dose {
    std::string species;
    double mol_per_litre;
    double electrons;
    std::string product;
    double product_per_reductant;
  };
  for (const Dose& dose : {Dose{"SO2(aq)", 0.1, 2.0, "SO4-2", 1.0}, Dose{"S2O5-2", 0.05, 4.0, "SO4-2", 2.0},
                           Dose{"C6H12O6(aq)", 1.0 / 120.0, 24.0, "CO2(g)", 6.0}}) {
    CAPTURE(dose.species);
    thermo::Stream feed = slurry(db, {{{"LiCoO2", 50.0}}, 2.0, 0.0, 353.15});
    const std::size_t reductant = db->index_of(dose.species);
    feed.set_amount(reductant, dose.mol_per_litre);
    if (dose.species == "S2O5-2") feed.set_amount(db->index_of("Na+"), 2.0 * dose.mol_per_litre);  // as Na2S2O5
    const std::size_t lco = db->index_of("LiCoO2");
    const double limit = dose.electrons * dose.mol_per_litre / feed.amount(lco);
    for (const std::string& mode : {std::string("mode: batch\ntime: \"4 h\""),
                                    std::string("mode: continuous\ntanks: 3\nresidence_time: \"2 h\"")}) {
      CAPTURE(mode);
      auto unit =
          configured<LeachReactor>(mode + fmt::format("\ntemperature: \"80 degC\"\nreductant: {}", dose.species), db);
      const Solved solved = run(*unit, feed);
      const double x = value_named(solved.report, "conversion[LiCoO2]");
      CHECK(x <= limit * (1.0 + 1e-12));
      CHECK(x >= limit * (1.0 - 1e-3));
      CHECK(solved.out.amount(reductant) >= 0.0);
      const double used = feed.amount(reductant) - solved.out.amount(reductant);
      // Sulfate counted as SO4-2 + HSO4- (the feed carries the acid as HSO4-).
      const auto made = [&](const thermo::Stream& s) {
        double total = s.amount(db->index_of(dose.product));
        if (dose.product == "SO4-2") total += s.amount(db->index_of("HSO4-"));
        return total;
      };
      CHECK(made(solved.out) - made(feed) == doctest::Approx(dose.product_per_reductant * used).epsilon(1e-9));
      CHECK(used * dose.electrons == doctest::Approx(feed.amount(lco) - solved.out.amount(lco)).epsilon(1e-9));
      CHECK(element_closure({&feed}, {&solved.out}) <= 1e-9);
      CHECK(charge_closure({&feed}, {&solved.out}) <= 1e-9);
    }
  }
}

TEST_CASE("with SO2 as the reductant a mixed NMC + LFP black mass still closes, LFP keeping H2O2 as its oxidant") {
  // NMC622 is reduced by SO2; LiFePO4 is oxidised by H2O2 (its reaction is not
  // rewritten); graphite inert. Closure of every element and the charge.
  const auto db = leach_database();
  thermo::Stream feed = slurry(db, {{{"NMC622", 60.0}, {"LiFePO4", 30.0}, {"graphite", 20.0}}, 2.0, 0.3, 333.15});
  feed.set_amount(db->index_of("SO2(aq)"), 0.5);
  for (const std::string& mode : {std::string("mode: batch\ntime: \"2 h\""),
                                  std::string("mode: continuous\ntanks: 4\nresidence_time: \"30 min\"")}) {
    CAPTURE(mode);
    auto unit =
        configured<LeachReactor>(mode + "\ntemperature: \"60 degC\"\ninert: [graphite]\nreductant: SO2(aq)", db);
    const Solved solved = run(*unit, feed);
    const std::size_t nmc = db->index_of("NMC622");
    const std::size_t lfp = db->index_of("LiFePO4");
    const double nmc_used = feed.amount(nmc) - solved.out.amount(nmc);
    const double lfp_used = feed.amount(lfp) - solved.out.amount(lfp);
    CHECK(nmc_used > 0.0);
    CHECK(lfp_used > 0.0);
    // NMC622 (mean state +3) takes 1 e- per formula, 1/2 SO2; LiFePO4 takes 1/2 H2O2.
    const double so2_used = feed.amount(db->index_of("SO2(aq)")) - solved.out.amount(db->index_of("SO2(aq)"));
    CHECK(so2_used == doctest::Approx(0.5 * nmc_used).epsilon(1e-9));
    const double h2o2_used = feed.amount(db->index_of("H2O2(aq)")) - solved.out.amount(db->index_of("H2O2(aq)"));
    CHECK(h2o2_used == doctest::Approx(0.5 * lfp_used).epsilon(1e-9));
    CHECK(solved.out.amount(db->index_of("O2(g)")) == 0.0);
    CHECK(element_closure({&feed}, {&solved.out}) <= 1e-9);
    CHECK(charge_closure({&feed}, {&solved.out}) <= 1e-9);
  }
}

TEST_CASE("bad reductant input gives clear errors") {
  SUBCASE("a reductant the data file does not define") {
    const auto db = leach_database();
    const std::string message =
        input_error_of([&] { configured<LeachReactor>("mode: batch\ntime: \"1 h\"\nreductant: Fe+2", db); });
    CHECK(message.find("test.yaml:3") != std::string::npos);
    CHECK(message.find("reductant") != std::string::npos);
    CHECK(message.find("no reductant 'Fe+2'") != std::string::npos);
    CHECK(message.find("SO2(aq)") != std::string::npos);  // the known ones are listed
  }
  SUBCASE("an exchange reaction that does not trade the reductant for H2O2") {
    const std::string message = input_error_of([&] {
      const auto db = leach_database(R"yaml(meta:
  sources: {TEST: "made-up entry for the error test"}
leaching_kinetics:
  reductants:
    - species: SO2(aq)
      exchange: "SO2(aq) + 0.5 O2(g) + H2O = SO4-2 + 2 H+"
      source: [TEST]
)yaml",
                                     "bad-reductant.yaml");
      thermo::LeachingKineticsData::load(*db);
    });
    CHECK(message.find("bad-reductant.yaml:6") != std::string::npos);
    CHECK(message.find("exchange") != std::string::npos);
    CHECK(message.find("H2O2(aq)") != std::string::npos);
  }
}
