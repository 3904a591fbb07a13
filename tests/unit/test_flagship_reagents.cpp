// The flagship NMC622 plant's reagent use per tonne of black mass, checked
// against what is independent of the program: conservation of sulfate, carbonate
// and electrons (lower bounds computed here from the feed the plant reads), and
// the acid excess of published sulfuric-acid/H2O2 leach conditions.
//
// No published plant or life-cycle inventory figure of reagent use per tonne of
// NMC black mass for the sulfate route could be read in full text this session
// (EverBatt ANL-19/16 documentation, Rinne et al. 2021/2024 HSC Sim inventories,
// Gonzales-Calienes et al. 2023 and Lander et al. 2021 were searched; only their
// abstracts were retrievable), so the only published ranges used are laboratory
// leach conditions, whose acid dose per kg of cathode powder follows from the
// molarity and the pulp density they state.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

// Molar masses in g/mol (CRC Handbook values, rounded; every bound below is
// looser than the rounding).
constexpr double kH2SO4 = 98.08;
constexpr double kH2O2 = 34.015;
constexpr double kNa2CO3 = 105.99;
constexpr double kLiCoO2 = 97.87;
constexpr double kNMC111 = 96.46;  // LiNi1/3Mn1/3Co1/3O2

// Mol/s of an element in a stream.
double element_amount(const thermo::Stream& stream, const std::string& symbol) {
  const auto index = stream.database().element_index(symbol);
  REQUIRE(index.has_value());
  return stream.element_flows()(static_cast<Eigen::Index>(*index));
}

// Mol/s of a species in a stream.
double species_amount(const thermo::Stream& stream, const std::string& name) {
  return stream.amount(stream.database().index_of(name));
}

struct Flagship {
  flowsheet::Flowsheet plant;
  flowsheet::SolvedFlowsheet solved;
  flowsheet::Results results;

  const thermo::Stream& outlet(const std::string& unit) const {
    return flowsheet::port_stream(plant, solved, unit, true);
  }
  const thermo::Stream& inlet(const std::string& unit) const {
    return flowsheet::port_stream(plant, solved, unit, false);
  }
  double feed() const { return results.feed_mass_flow; }  // kg/s of black mass

  // mol of a species per kg of black mass, summed over the given reagent feeds.
  double reagent_mol_per_kg(const std::vector<std::string>& units, const std::string& species) const {
    double total = 0.0;
    for (const auto& unit : units) total += species_amount(outlet(unit), species);
    return total / feed();
  }
};

Flagship run_flagship() {
  auto plant = io::load_flowsheet(flowsheet_path("nmc622_sulfate_route.yaml"), {{}, data_dir()});
  auto solved = flowsheet::solve(plant);
  for (const auto& loop : solved.report.loops) CHECK(loop.converged);
  auto results = flowsheet::compute_results(plant, solved);
  CHECK(results.balance.max_closure() <= 1e-9);
  return Flagship{std::move(plant), std::move(solved), std::move(results)};
}

// The stoichiometric sulfuric acid of the black mass, mol per kg: every metal of
// the feed dissolved as its sulfate - LiMO2 + 1.5 H2SO4 (Li2SO4 + 2 MSO4 per 2
// LiMO2, any NMC or LCO), Al2(SO4)3, CuSO4, FeSO4 (Fe(II) from the acid, as the
// flowsheet's leach writes it). NMC622 is counted through its Ni (0.6 Ni per
// formula unit). Computed from the feed stream the plant reads, not from any
// program output.
struct AcidNeed {
  double cathode = 0.0;  // mol/kg, the cathode share
  double total = 0.0;    // mol/kg, cathode + Al + Cu + Fe fines
};

AcidNeed stoichiometric_acid(const Flagship& f) {
  const auto& bm = f.outlet("black_mass");
  const double n_cathode = element_amount(bm, "Ni") / 0.6;
  AcidNeed need;
  need.cathode = 1.5 * n_cathode / f.feed();
  need.total =
      need.cathode + (1.5 * element_amount(bm, "Al") + element_amount(bm, "Cu") + element_amount(bm, "Fe")) / f.feed();
  return need;
}

}  // namespace

TEST_CASE("flagship: the leach acid lies within the excess over stoichiometry of published H2SO4/H2O2 leaches") {
  const Flagship f = run_flagship();
  const AcidNeed need = stoichiometric_acid(f);
  const double acid = f.reagent_mol_per_kg({"leach_acid"}, "H2SO4");  // mol per kg of black mass

  // Conservation: the leach must bring at least the sulfate of the cathode it
  // dissolves (>= 99 % of it, He et al. 2017) - the metal fines and the recycled
  // hydroxide cake only add to this.
  CHECK(acid >= 0.99 * need.cathode);

  // Published acid excess (acid fed / stoichiometric need of the cathode powder,
  // from the molarity and pulp density each paper states; the powders are taken
  // as pure cathode, so these are the smallest excesses the conditions allow):
  //  - Jha et al. (2013), Waste Management 33, 1890: LiCoO2 powder, 2 M H2SO4 +
  //    5 vol% H2O2, 100 g/L: 20 mol/kg / (1.5/97.87 g/mol) = 1.30;
  //  - RSC Advances 11 (2021) 27689, Table 1 (thermo-data/leaching-kinetics.yaml,
  //    LCO_TABLE21): 2 M at 50 g/L = 2.61 and 2 M at 20 g/L = 6.52 (LCO);
  //  - He et al. (2017), Waste Management 64, 171: NMC111, 1 M H2SO4 + 1 vol%
  //    H2O2, 40 g/L: 25 mol/kg / (1.5/96.46 g/mol) = 1.61.
  // (Kang et al. 2010, whose 2 M at 100 g/L the flowsheet adopts, is left out:
  // the plant's dose is taken from it, so it is not an independent check.)
  const double stoich_lco = 1.5 / (kLiCoO2 * 1e-3);
  const double stoich_nmc111 = 1.5 / (kNMC111 * 1e-3);
  const std::vector<double> published = {
      2000.0 / 100.0 / stoich_lco,    // Jha 2013
      2000.0 / 50.0 / stoich_lco,     // RSC Adv. 2021 Table 1
      2000.0 / 20.0 / stoich_lco,     // RSC Adv. 2021 Table 1
      1000.0 / 40.0 / stoich_nmc111,  // He 2017
  };
  const double lowest = *std::min_element(published.begin(), published.end());
  const double highest = *std::max_element(published.begin(), published.end());
  CHECK(lowest == doctest::Approx(1.305).epsilon(2e-3));
  CHECK(highest == doctest::Approx(6.52).epsilon(2e-3));

  // The plant's excess over the full need of its black mass (cathode + Al/Cu/Fe
  // fines, all of which the flowsheet dissolves). Tolerance: none beyond the
  // published span, which is already wide - these are laboratory leaches of
  // cathode powder at low pulp density, the range a plant designer would start
  // from; a plant dose outside it would be matched by no cited test.
  const double excess = acid / need.total;
  CAPTURE(excess);
  CAPTURE(acid * kH2SO4);  // g of H2SO4 per kg of black mass
  CHECK(excess >= lowest);
  CHECK(excess <= highest);
}

TEST_CASE("flagship: total sulfuric acid per tonne covers the sulfate that leaves in products and effluent") {
  const Flagship f = run_flagship();
  // Every H2SO4 fed (leach plus the two SX strips) is the plant's only sulfate
  // source apart from none in the feed (LiPF6 and PVDF carry no S), so the
  // sulfuric acid per tonne must at least supply the stoichiometric sulfate of
  // the dissolved black mass: acid >= need (mol/kg), here 10.4 mol/kg = 1.02 t/t.
  const AcidNeed need = stoichiometric_acid(f);
  const double acid = f.reagent_mol_per_kg({"leach_acid", "mn_strip_acid", "co_strip_acid"}, "H2SO4");
  CHECK(need.total * kH2SO4 * 1e-3 == doctest::Approx(1.02).epsilon(0.01));
  CHECK(acid >= need.total);
}

TEST_CASE("flagship: the peroxide covers the electrons the cathode must gain and the Fe(II) must lose") {
  const Flagship f = run_flagship();
  const auto& bm = f.outlet("black_mass");
  // Electron conservation in the leach. NMC622 = Li Ni0.6 Mn0.2 Co0.2 O2 with
  // Mn(IV) and Co(III) has Ni at +2.67, so reduction of the metals to M(II) needs
  // 0.6 x 0.667 + 0.2 x 1 + 0.2 x 2 = 1.0 electron per formula unit, >= 99 % of it
  // dissolved (He et al. 2017). At most the metal fines could supply electrons
  // too (Cu -> Cu(II) 2, Fe -> Fe(II) 2, Al -> Al(III) 3 per atom; in the flowsheet
  // they instead evolve H2 or consume peroxide), and each H2O2 -> O2 gives 2. The
  // peroxide fed to the leach must cover what is left: a strict lower bound.
  const double n_cathode = element_amount(bm, "Ni") / 0.6;
  const double electrons = 0.99 * n_cathode - 2.0 * element_amount(bm, "Cu") - 2.0 * element_amount(bm, "Fe") -
                           3.0 * element_amount(bm, "Al");
  const double leach_peroxide = f.reagent_mol_per_kg({"leach_peroxide"}, "H2O2(aq)");
  CAPTURE(leach_peroxide * kH2O2);  // g per kg of black mass
  CHECK(leach_peroxide >= 0.5 * electrons / f.feed());

  // Oxidation of Fe(II) to Fe(III) before the hydroxide precipitation (Peng et al.
  // 2020, JOM 72, 790): 0.5 H2O2 per Fe(II), which is all the iron entering the
  // oxidation step (the black mass's Fe, the cementation iron and the Fe returned
  // with the crystalliser bleeds, all as Fe+2 in the liquor the oxidiser receives).
  const double fe2 = species_amount(f.inlet("oxidation"), "Fe+2");
  const double oxidant = f.reagent_mol_per_kg({"oxidant"}, "H2O2(aq)");
  CHECK(oxidant >= 0.5 * fe2 / f.feed());
}

TEST_CASE("flagship: soda ash per tonne is at least one carbonate per Li2CO3 produced") {
  const Flagship f = run_flagship();
  // Li2CO3 takes one CO3(2-) per two Li: the Na2CO3 fed (the plant's only
  // carbonate) must be at least the Li of the product / 2, in mol.
  const double li_product = element_amount(f.inlet("li2co3_product"), "Li");
  const double soda = f.reagent_mol_per_kg({"soda_ash"}, "Na2CO3");
  CAPTURE(soda * kNa2CO3);  // g per kg of black mass
  CHECK(soda >= 0.5 * li_product / f.feed());
}
