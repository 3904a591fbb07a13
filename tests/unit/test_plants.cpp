// The three additional shipped plants (LCO oxalate route, LFP selective leach,
// NMC precursor route): each lands in the range published for its route, uses
// at least the reagent its chemistry needs, and responds to --set overrides in
// the direction physics says. Balances of every shipped flowsheet are checked in
// test_flowsheet.cpp.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

// Molar masses in g/mol (CRC Handbook values, rounded; the bounds below are far
// wider than the rounding).
constexpr double kLiCoO2 = 97.87;
constexpr double kLiFePO4 = 157.76;
constexpr double kH2SO4 = 98.08;
constexpr double kNa2CO3 = 105.99;
constexpr double kLi2CO3 = 73.89;
constexpr double kNi = 58.693;
constexpr double kCo = 58.933;
constexpr double kMn = 54.938;

struct Plant {
  flowsheet::Results results;

  double recovery(const std::string& element, const std::string& sink) const {
    const auto& table = results.recovery;
    for (std::size_t e = 0; e < table.elements.size(); ++e) {
      for (std::size_t s = 0; s < table.sinks.size(); ++s) {
        if (table.elements[e] == element && table.sinks[s].name == sink) {
          return table.fraction(static_cast<Eigen::Index>(e), static_cast<Eigen::Index>(s));
        }
      }
    }
    FAIL("no recovery of ", element, " into ", sink);
    return 0.0;
  }

  // kg of the reagent per kg of the basis feed.
  double reagent_per_feed(const std::string& unit) const {
    for (const auto& reagent : results.reagents) {
      if (reagent.unit == unit) return reagent.mass_flow / results.feed_mass_flow;
    }
    FAIL("no reagent unit ", unit);
    return 0.0;
  }

  // Element flow (kg/s) leaving in a sink.
  double element_flow(const std::string& element, const std::string& sink) const {
    const auto& elements = results.balance.elements;
    for (std::size_t e = 0; e < elements.size(); ++e) {
      if (elements[e] == element) return results.balance.in(static_cast<Eigen::Index>(e)) * recovery(element, sink);
    }
    FAIL("no element ", element);
    return 0.0;
  }
};

Plant run(const std::string& file, const std::vector<std::string>& overrides = {}) {
  auto plant = io::load_flowsheet(flowsheet_path(file), {overrides, data_dir()});
  const auto solved = flowsheet::solve(plant);
  for (const auto& loop : solved.report.loops) CHECK(loop.converged);
  Plant p{flowsheet::compute_results(plant, solved)};
  CHECK(p.results.balance.max_closure() <= 1e-9);
  CHECK(p.results.balance.charge_closure() <= 1e-9);
  return p;
}

}  // namespace

// ------------------------------------------------------------------ LCO oxalate route

TEST_CASE("LCO oxalate route: Co and Li recoveries lie in the range published for the route") {
  const Plant lco = run("lco_oxalate_route.yaml");
  // Zhu et al. (2012), Trans. Nonferrous Met. Soc. China 22, 2274: 96.3 % of the Co
  // dissolved and 94.7 % recovered as CoC2O4.2H2O in single-pass laboratory tests.
  // The plant cannot recover more Co than it leaches (96.3 %); it recycles its
  // Co-bearing streams, so it should reach the laboratory's 94.7 % less at most one
  // percentage point for the cake-entrainment losses a filter on plant scale has
  // and the laboratory did not report (tolerance stated: 1 point).
  const double co = lco.recovery("Co", "co_oxalate_product");
  CHECK(co >= 0.947 - 0.01);
  CHECK(co <= 0.963);
  // Li: 71.0 % recovered as Li2CO3 by zhu2012 without any mother-liquor recycle
  // (lower bound: the plant recycles its mother liquor and wash filtrate); at most
  // the best Li leaching reported for the H2SO4/H2O2 system, 99.1 % (Jha et al.
  // 2013, Waste Management 33, 1890).
  const double li = lco.recovery("Li", "li2co3_product");
  CHECK(li >= 0.710);
  CHECK(li <= 0.991);
  // Cobalt oxalate and lithium carbonate are separate products: cross
  // contamination below 1 % of either metal (zhu2012 report separate products).
  CHECK(lco.recovery("Co", "li2co3_product") < 0.01);
  CHECK(lco.recovery("Li", "co_oxalate_product") < 0.01);
}

TEST_CASE("LCO oxalate route: reagent use per tonne respects the leach and precipitation stoichiometry") {
  const Plant lco = run("lco_oxalate_route.yaml");
  // LiCoO2 + 3 H+ + 0.5 H2O2 = Li+ + Co2+ + 2 H2O + 0.5 O2: 1.5 mol H2SO4 per mol
  // LiCoO2 dissolved. With 95 wt% LiCoO2 in the powder and 96.3 % leached (zhu2012),
  // the acid per kg of powder must be at least that need, and it is the 2 mol/L at
  // 100 g/L of Jha et al. (2013): 20 mol/kg = 1.9616 kg/kg (to 0.1 %).
  const double acid_need = 1.5 * 0.95 * 0.963 / kLiCoO2 * kH2SO4;
  const double acid = lco.reagent_per_feed("leach_acid");
  CHECK(acid >= acid_need);
  CHECK(acid == doctest::Approx(20.0 * kH2SO4 / 1000.0).epsilon(1e-3));
  // One CO3(2-) per Li2CO3: soda ash per kg of product Li2CO3 at least 105.99/73.89.
  const double li2co3_kg = lco.element_flow("Li", "li2co3_product") / 6.94e-3 / 2.0 * kLi2CO3 * 1e-3;
  const double soda = lco.reagent_per_feed("soda_ash") * lco.results.feed_mass_flow;
  CHECK(soda / li2co3_kg >= kNa2CO3 / kLi2CO3);
}

TEST_CASE("LCO oxalate route: recycling more Li2CO3 mother liquor raises the lithium recovery") {
  const double base = run("lco_oxalate_route.yaml").recovery("Li", "li2co3_product");
  const double more = run("lco_oxalate_route.yaml",
                          {"units.li_ml_split.fractions.recycle=0.8", "units.li_ml_split.fractions.bleed=0.2"})
                          .recovery("Li", "li2co3_product");
  // R = X / (1 - r (1 - X)) for the precipitation loop rises with r: at X = 0.811
  // going from r = 0.5 to 0.8 is worth several points.
  CHECK(more > base + 0.02);
}

// ------------------------------------------------------------------ LFP selective leach

TEST_CASE("LFP selective leach: Li, Fe and P recoveries lie in the range published for the route") {
  const Plant lfp = run("lfp_selective_leach.yaml");
  // Li into Li2CO3: at most the best selective Li leaching reported with H2SO4 +
  // H2O2, "up to 98 %" (Batteries 10 (2024) 415, doi:10.3390/batteries10120415); at
  // least the 60 % lower end of overall Li recovery of hydrometallurgical routes
  // quoted by Peng et al. (2019), J. Power Sources 415, 179.
  const double li = lfp.recovery("Li", "li2co3_product");
  CHECK(li >= 0.60);
  CHECK(li <= 0.98);
  // Fe and P stay in the FePO4 residue: "up to 98 %" (Batteries 2024) and "more
  // than 99 %" of the Fe (the O2 pressure-leach variant of the stoichiometric-acid
  // route), so 98-100 %; tolerance 0.2 point for the rounding of "up to 98 %".
  CHECK(lfp.recovery("Fe", "fepo4_residue") >= 0.98 - 0.002);
  CHECK(lfp.recovery("P", "fepo4_residue") >= 0.98 - 0.002);
  // Selectivity: the Li2CO3 carries almost no Fe or P.
  CHECK(lfp.recovery("Fe", "li2co3_product") < 0.001);
}

TEST_CASE("LFP selective leach: the acid is between the stoichiometric need and the lowest published dose") {
  const Plant lfp = run("lfp_selective_leach.yaml");
  // 2 LiFePO4 + H2SO4 + H2O2 = Li2SO4 + 2 FePO4 + 2 H2O: at least 0.5 mol H2SO4 per
  // mol LiFePO4 (64.5 wt% of the black mass) for complete delithiation, less the
  // 3 % left unleached - the "stoichiometric" acid of Li et al. (2017), ACS Sustain.
  // Chem. Eng. 5, 8017 (the Al and Cu fines need more). Upper bound: the lowest acid
  // tested in Batteries 10 (2024) 415, 0.25 mol/L at 50 g/L = 5 mol/kg of solids.
  const double need = 0.5 * 0.645 * 0.97 / kLiFePO4 * kH2SO4;
  const double lowest_published = 5.0 * kH2SO4 / 1000.0;
  const double acid = lfp.reagent_per_feed("leach_acid");
  CHECK(acid >= need);
  CHECK(acid <= lowest_published);
}

TEST_CASE("LFP selective leach: a drier washed residue returns more lithium to the leach") {
  const double base = run("lfp_selective_leach.yaml").recovery("Li", "li2co3_product");
  const double drier =
      run("lfp_selective_leach.yaml", {"units.residue_wash_filter.fractions.residue.phases.aqueous=0.05"})
          .recovery("Li", "li2co3_product");
  // The washed FePO4 cake keeps a share of its wash liquor (0.15) and with it the
  // entrained Li; a drier cake (0.05) sends that Li back to the leach with the wash
  // filtrate, so more of it reaches the Li2CO3 (about 0.1 x 5 % of the Li, i.e.
  // half a point after the Li2CO3 loop).
  CHECK(drier > base + 0.002);
}

// ------------------------------------------------------------------ NMC precursor route

TEST_CASE("NMC precursor route: Ni/Co/Mn recovery, precursor stoichiometry and Li recovery") {
  const Plant nmc = run("nmc_precursor_route.yaml");
  // No end-to-end published recovery for this route was retrieved, so the metals
  // are checked against the range implied by the published step efficiencies:
  // leach 99-99.7 % (Kang et al. 2010, Hydrometallurgy 100, 168: > 99 %; He et al.
  // 2017, Waste Management 64, 171: 99.7 %) times 95-96 % kept through the Fe/Al
  // hydroxide removal (Chernyaev et al. 2023, Sci. Rep. 13, 21445: 4-5 %
  // co-precipitation) - 0.940 to 0.957 - with 1.5 points of tolerance below for the
  // leach-residue entrainment that the cited laboratory tests did not have.
  for (const char* metal : {"Ni", "Co", "Mn"}) {
    CAPTURE(metal);
    const double r = nmc.recovery(metal, "precursor_product");
    CHECK(r >= 0.99 * 0.95 - 0.015);
    CHECK(r <= 0.997 * 0.96);
  }
  // The precursor keeps the NMC111 ratio Ni : Mn : Co = 1/3 : 1/3 : 1/3 (the target
  // (Ni1/3Mn1/3Co1/3)(OH)2 of the route) to within 0.1 %.
  const double ni = nmc.element_flow("Ni", "precursor_product") / kNi;
  const double co = nmc.element_flow("Co", "precursor_product") / kCo;
  const double mn = nmc.element_flow("Mn", "precursor_product") / kMn;
  const double total = ni + co + mn;
  CHECK(ni / total == doctest::Approx(1.0 / 3.0).epsilon(1e-3));
  CHECK(co / total == doctest::Approx(1.0 / 3.0).epsilon(1e-3));
  CHECK(mn / total == doctest::Approx(1.0 / 3.0).epsilon(1e-3));
  // Li: 60-90 % overall (Peng et al. 2019: 60-80 % for earlier hydrometallurgical
  // routes, ~90 % for their nitrate route).
  const double li = nmc.recovery("Li", "li2co3_product");
  CHECK(li >= 0.60);
  CHECK(li <= 0.90);
  // The hydroxide precipitant: at least 2 mol NaOH per mol of Ni+Co+Mn precipitated.
  const double naoh_mol = nmc.reagent_per_feed("precursor_caustic") * nmc.results.feed_mass_flow / 2.0 / 39.997e-3;
  CHECK(naoh_mol >= 2.0 * total * 1e3 * (1.0 - 1e-9));
}

TEST_CASE("NMC precursor route: more co-precipitation in the Fe/Al removal lowers the metal recovery") {
  const double base = run("nmc_precursor_route.yaml").recovery("Ni", "precursor_product");
  const double lossier = run("nmc_precursor_route.yaml", {"units.purification_filter.fractions.cake.species.Ni+2=0.08"})
                             .recovery("Ni", "precursor_product");
  // 4.5 % -> 8 % of the Ni lost to the Fe/Al cake: the precursor gets about
  // 0.92 / 0.955 of the base Ni, i.e. some 3.4 points less. (An override that
  // raises the Ni would run out of the fixed NaOH dose, which is sized for the base
  // case, so the test goes the other way.)
  CHECK(lossier < base - 0.03);
}
