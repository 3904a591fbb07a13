#include <cmath>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "PretreatmentSupport.h"
#include "hydrosim/units/ParticleSize.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

std::string plant(const std::string& feed_block) {
  return "flowsheet: {thermo: [species.yaml]}\nunits:\n  feed:\n    type: BlackMassFeed\n    mass_flow: \"1 kg/s\"\n" +
         feed_block + "\n  out: {type: Sink, kind: product}\nstreams:\n  a: {from: feed.out, to: out.in}\n";
}

double mass_fraction(const thermo::Stream& s, const std::string& species) {
  return s.mass_flow(s.database().index_of(species)) / s.total_mass_flow();
}

double element_fraction(const thermo::Stream& s, const std::string& symbol) {
  return s.element_mass_flows()(static_cast<Eigen::Index>(*s.database().element_index(symbol))) / s.total_mass_flow();
}

// The assay block of a stream: wt% of the listed elements, to 17 digits.
std::string assay_of(const thermo::Stream& s, const std::vector<std::string>& elements) {
  std::string text = "    assay: {";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    text += fmt::format("{}{}: \"{:.17g} wt%\"", i ? ", " : "", elements[i], 100.0 * element_fraction(s, elements[i]));
  }
  return text + "}";
}

const std::vector<std::string> kAssayElements{"Li", "Ni", "Co", "Mn", "Al", "Cu", "Fe", "C", "F", "P"};

}  // namespace

TEST_CASE("a chemistry mix divides the cathode by the given shares") {
  const PlantRun r = run_inline("mix.yaml", plant(R"yaml(    chemistry: {NMC622: "70 wt%", LFP: "30 wt%"}
    composition: {cathode: "50 wt%", graphite: "30 wt%", Al: "5 wt%", Cu: "5 wt%", electrolyte: "4 wt%", moisture: "6 wt%"})yaml"));
  const auto& s = r.stream("a");
  CHECK(mass_fraction(s, "NMC622") == relative(0.35, 1e-12));
  CHECK(mass_fraction(s, "LiFePO4") == relative(0.15, 1e-12));
  CHECK(mass_fraction(s, "H2O") == relative(0.06, 1e-12));
  // Default electrolyte: 11.7 wt% LiPF6 (1 mol/L over 1.3 kg/L) in EC:DMC 1:1.
  CHECK(mass_fraction(s, "LiPF6") == relative(0.04 * 0.117, 1e-12));
  CHECK(s.total_mass_flow() == relative(1.0, 1e-14));
}

TEST_CASE("an element assay is allocated to species that reproduce it exactly") {
  // Round trip: a composition → its element assay (conservation of atoms) → the
  // assay route must return the same species and reproduce every assayed element.
  const PlantRun original = run_inline("composed.yaml", plant(R"yaml(    chemistry: NMC622
    composition: {cathode: "41 wt%", graphite: "22 wt%", Al: "3.5 wt%", Cu: "2.5 wt%", Fe: "0.8 wt%", PVDF: "4 wt%", LiPF6: "1.7 wt%", moisture: "24.5 wt%"})yaml"));
  const auto& composed = original.stream("a");
  const PlantRun r = run_inline("assay.yaml", plant("    chemistry: NMC622\n" + assay_of(composed, kAssayElements)));
  const auto& s = r.stream("a");
  for (const auto& element : kAssayElements) {
    CAPTURE(element);
    CHECK(element_fraction(s, element) == relative(element_fraction(composed, element), 1e-9));
  }
  for (const auto* species : {"NMC622", "graphite", "Al", "Cu", "Fe", "PVDF", "LiPF6", "H2O"}) {
    CAPTURE(species);
    CHECK(mass_fraction(s, species) == relative(mass_fraction(composed, species), 1e-9));
  }
  CHECK(r.unit("feed").report().warnings.empty());
}

TEST_CASE("an assay finds the proportions of a listed chemistry mix") {
  // NMC811 + LFP in unknown proportions: Ni fixes NMC811, P and Fe fix LFP (no LiPF6, F or metallic Fe given).
  const PlantRun original =
      run_inline("mix_composed.yaml", plant(R"yaml(    chemistry: {NMC811: "62.5 wt%", LFP: "37.5 wt%"}
    composition: {cathode: "48 wt%", graphite: "30 wt%", Al: "2 wt%", Cu: "3 wt%", moisture: "17 wt%"})yaml"));
  const auto& composed = original.stream("a");
  const PlantRun r =
      run_inline("mix_assay.yaml", plant("    chemistry: [NMC811, LFP]\n    assay_species: [graphite, Al, Cu]\n" +
                                         assay_of(composed, {"Li", "Ni", "Co", "Mn", "Fe", "P", "Al", "Cu", "C"})));
  const auto& s = r.stream("a");
  CHECK(mass_fraction(s, "NMC811") == relative(0.30, 1e-9));
  CHECK(mass_fraction(s, "LiFePO4") == relative(0.18, 1e-9));
  CHECK(mass_fraction(s, "H2O") == relative(0.17, 1e-9));
}

TEST_CASE("an assay that contradicts the chemistry is refused, naming the element") {
  // NMC622 has Ni:Co = 3:1 by moles; an assay with Ni:Co = 1:1 cannot be NMC622.
  const std::string message = error_of("bad_assay.yaml", plant(R"yaml(    chemistry: NMC622
    assay: {Li: "3 wt%", Ni: "12 wt%", Co: "12 wt%", Mn: "4 wt%", C: "20 wt%"})yaml"));
  CHECK(message.find("units.feed.assay: the assay is inconsistent with the chemistry's fixed element ratios") !=
        std::string::npos);
  CHECK(message.find("Co") != std::string::npos);
  // With a loose tolerance the same assay is accepted, with a warning saying it is not exact.
  const PlantRun loose = run_inline("loose_assay.yaml", plant(R"yaml(    chemistry: NMC622
    assay_tolerance: "20 wt%"
    assay: {Li: "3 wt%", Ni: "12 wt%", Co: "12 wt%", Mn: "4 wt%", C: "20 wt%"})yaml"));
  REQUIRE(loose.unit("feed").report().warnings.size() == 1);
  CHECK(loose.unit("feed").report().warnings[0].find("not exactly") != std::string::npos);
  // More assayed mass than 100 wt% of species can hold.
  // 90 wt% LiCoO2 (Li 7.0910 %, Co 60.2149 % of LiCoO2) plus 30 wt% C cannot fit in 100 wt%.
  CHECK(error_of("over.yaml", plant(R"yaml(    chemistry: LCO
    assay: {Li: "6.3819 wt%", Co: "54.1934 wt%", C: "30 wt%"})yaml"))
            .find("add up to") != std::string::npos);
  // An element no species carries.
  CHECK(error_of("nothing.yaml", plant(R"yaml(    chemistry: LFP
    assay: {Li: "4 wt%", Fe: "34 wt%", P: "19 wt%", Ni: "1 wt%"})yaml"))
            .find("no species of this feed contains Ni") != std::string::npos);
}

TEST_CASE("a black-mass composition must add up to 100 wt% and name known chemistries") {
  CHECK(error_of("sum.yaml", plant(R"yaml(    chemistry: NMC111
    composition: {cathode: "60 wt%", graphite: "30 wt%"})yaml"))
            .find("units.feed.composition: the composition adds up to 90 wt%, not 100 wt%") != std::string::npos);
  CHECK(error_of("chem.yaml", plant(R"yaml(    chemistry: NMC721
    composition: {cathode: "100 wt%"})yaml"))
            .find("unknown cell chemistry 'NMC721'") != std::string::npos);
  CHECK(error_of("shares.yaml", plant(R"yaml(    chemistry: {NMC622: "70 wt%", LFP: "20 wt%"}
    composition: {cathode: "100 wt%"})yaml"))
            .find("the chemistry shares add up to 90 wt%") != std::string::npos);
  CHECK(error_of("both.yaml", plant(R"yaml(    chemistry: LCO
    composition: {cathode: "100 wt%"}
    assay: {Co: "60 wt%"})yaml"))
            .find("give either 'composition'") != std::string::npos);
}

TEST_CASE("the feed PSD follows Rosin-Rammler per component") {
  // Class masses from P(x) = 1 − exp(−(x/d63)^n) at the sieve sizes (Rosin & Rammler 1933).
  const PlantRun r = run_inline("psd.yaml", plant(R"yaml(    chemistry: NMC532
    composition: {cathode: "90 wt%", Al: "10 wt%"}
    psd:
      classes: ["1 mm", "0.5 mm", "0.25 mm", "0.125 mm"]
      model: rosin_rammler
      d63: "150 um"
      n: 1.2
      components:
        Al: {model: gates_gaudin_schuhmann, x_max: "2 mm", m: 1.5})yaml"));
  const auto& s = r.stream("a");
  REQUIRE(s.size_distribution);
  const auto& psd = *s.size_distribution;
  const double sizes[4] = {1e-3, 0.5e-3, 0.25e-3, 0.125e-3};
  auto rr = [](double x) { return 1.0 - std::exp(-std::pow(x / 150e-6, 1.2)); };
  auto ggs = [](double x) { return std::pow(x / 2e-3, 1.5); };
  const auto nmc = static_cast<Eigen::Index>(s.database().index_of("NMC532"));
  const auto al = static_cast<Eigen::Index>(s.database().index_of("Al"));
  CHECK(psd.fractions(nmc, 0) == relative(1.0 - rr(sizes[1]), 1e-12));
  CHECK(psd.fractions(nmc, 1) == relative(rr(sizes[1]) - rr(sizes[2]), 1e-12));
  CHECK(psd.fractions(nmc, 3) == relative(rr(sizes[3]), 1e-12));
  CHECK(psd.fractions(al, 0) == relative(1.0 - ggs(sizes[1]), 1e-12));
  CHECK(psd.fractions(al, 3) == relative(ggs(sizes[3]), 1e-12));
  CHECK(psd.fractions.row(nmc).sum() == relative(1.0, 1e-14));
  // 65 % of the Al (1 − (1/2)^1.5) is coarser than the 1 mm top sieve: a warning says so.
  REQUIRE_FALSE(r.unit("feed").report().warnings.empty());
  CHECK(r.unit("feed").report().warnings[0].find("coarser than the top sieve") != std::string::npos);
  // Solids per class in kg/s: the species' masses times their fractions.
  const Eigen::VectorXd solids = s.solid_mass_by_size();
  CHECK(solids.sum() == relative(1.0, 1e-12));
}

TEST_CASE("bad size distributions are refused with clear messages") {
  auto with_psd = [](const std::string& psd) {
    return plant("    chemistry: LMO\n    composition: {cathode: \"100 wt%\"}\n    psd: " + psd);
  };
  CHECK(error_of("d63.yaml", with_psd(R"({classes: ["1 mm", "0.1 mm"], model: rosin_rammler, d63: "0 um", n: 1})"))
            .find("the Rosin-Rammler size d63 must be positive") != std::string::npos);
  CHECK(error_of("order.yaml", with_psd(R"({classes: ["1 mm", "2 mm"], model: rosin_rammler, d63: "1 mm", n: 1})"))
            .find("size classes must be strictly decreasing") != std::string::npos);
  CHECK(error_of("table.yaml", with_psd(R"({classes: ["1 mm", "0.5 mm"], model: table, passing: [0.5, 0.9]})"))
            .find("cumulative passing must not increase") != std::string::npos);
  CHECK(error_of("count.yaml", with_psd(R"({classes: ["1 mm", "0.5 mm"], model: table, passing: [1]})"))
            .find("give one cumulative passing fraction per size class") != std::string::npos);
  CHECK(error_of("none.yaml", with_psd(R"({classes: ["1 mm"], components: {Al: {model: table, passing: [1]}}})"))
            .find("no size distribution for the solid 'LiMn2O4'") != std::string::npos);
}

TEST_CASE("passing sizes interpolate log-linearly between sieves") {
  // Two classes (2–1 mm and the pan) with equal mass: P(1 mm) = 0.5, P(2 mm) = 1,
  // so P80 = 1 mm · 2^((0.8−0.5)/0.5) = 2^0.6 mm.
  const std::vector<double> sizes{2e-3, 1e-3};
  Eigen::VectorXd mass(2);
  mass << 1.0, 1.0;
  CHECK(units::passing_size(sizes, mass, 0.8) == relative(1e-3 * std::pow(2.0, 0.6), 1e-12));
  CHECK(units::passing_size(sizes, mass, 0.5) == relative(1e-3, 1e-12));
}

TEST_CASE("'cathode' under psd.components gives every cathode species of a mix its distribution") {
  const PlantRun r = run_inline("cathode_psd.yaml", plant(R"yaml(    chemistry: {NMC622: "50 wt%", LFP: "50 wt%"}
    composition: {cathode: "80 wt%", Cu: "20 wt%"}
    psd:
      classes: ["1 mm", "0.1 mm"]
      model: table
      passing: [1, 0.2]
      components: {cathode: {model: table, passing: [1, 0.9]}})yaml"));
  const auto& s = r.stream("a");
  for (const auto* species : {"NMC622", "LiFePO4"}) {
    CAPTURE(species);
    const auto row = static_cast<Eigen::Index>(s.database().index_of(species));
    CHECK(s.size_distribution->fractions(row, 1) == relative(0.9, 1e-14));
  }
  const auto cu = static_cast<Eigen::Index>(s.database().index_of("Cu"));
  CHECK(s.size_distribution->fractions(cu, 1) == relative(0.2, 1e-14));
}

TEST_CASE("the assay route names species it cannot determine and unallocated mass") {
  // Without F in the assay, PVDF (C2H2F2) cannot be told apart from graphite.
  CHECK(error_of("listed.yaml", plant(R"yaml(    chemistry: LCO
    assay_species: [graphite, PVDF]
    assay: {Li: "3.5 wt%", Co: "30 wt%", C: "20 wt%"})yaml"))
            .find("'PVDF' contains F, which the assay does not report") != std::string::npos);
  // balance: none requires the species to account for all of the mass.
  CHECK(error_of("balance.yaml", plant(R"yaml(    chemistry: LCO
    balance: none
    assay: {Li: "3.5456 wt%", Co: "30.1075 wt%", C: "20 wt%"})yaml"))
            .find("name a 'balance' species") != std::string::npos);
  // A cathode whose metals are not all assayed.
  CHECK(error_of("cathode.yaml", plant(R"yaml(    chemistry: NMC111
    assay: {Li: "3 wt%", Ni: "10 wt%"})yaml"))
            .find("the assay lacks Mn, Co, needed to determine the cathode NMC111") != std::string::npos);
}
