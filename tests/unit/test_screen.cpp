#include <cmath>

#include <doctest/doctest.h>

#include "PretreatmentSupport.h"
#include "hydrosim/units/Screen.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

std::string plant(const std::string& screen) {
  return R"yaml(flowsheet: {thermo: [species.yaml]}
units:
  feed:
    type: BlackMassFeed
    mass_flow: "2 kg/s"
    chemistry: NMC811
    composition: {cathode: "60 wt%", graphite: "25 wt%", Al: "8 wt%", Cu: "5 wt%", moisture: "2 wt%"}
    psd:
      classes: ["4 mm", "2 mm", "1 mm", "0.5 mm", "0.25 mm"]
      model: rosin_rammler
      d63: "0.3 mm"
      n: 1.1
      components:
        Al: {model: table, passing: [1, 0.6, 0.3, 0.1, 0.05]}
        Cu: {model: table, passing: [1, 0.7, 0.4, 0.2, 0.1]}
  screen:
)yaml" + screen +
         R"yaml(
  over: {type: Sink, kind: waste}
  under: {type: Sink, kind: product}
streams:
  a: {from: feed.out, to: screen.in}
  b: {from: screen.oversize, to: over.in}
  c: {from: screen.undersize, to: under.in}
)yaml";
}

}  // namespace

TEST_CASE("Whiten's partition curve gives one half at the corrected cut size") {
  // E_c(d50c) = (e^α − 1)/(2 e^α − 2) = 1/2 for any α (Napier-Munn et al. 1996).
  for (const double alpha : {0.5, 2.0, 6.0}) {
    CHECK(units::whiten_partition(1e-3, 1e-3, alpha, 0.0) == relative(0.5, 1e-14));
    CHECK(units::whiten_partition(1e-3, 1e-3, alpha, 0.1) == relative(0.1 + 0.9 * 0.5, 1e-14));
  }
  CHECK(units::whiten_partition(0.0, 1e-3, 3.0, 0.05) == relative(0.05, 1e-14));  // the bypass alone
  CHECK(units::whiten_partition(1.0, 1e-3, 3.0, 0.0) == relative(1.0, 1e-12));    // coarse: all oversize
}

TEST_CASE("a screen splits each size class by the partition curve and conserves every element") {
  const PlantRun r = run_inline("screen.yaml", plant(R"yaml(    type: Screen
    d50: "0.7 mm"
    sharpness: 3
    bypass: 0.04)yaml"));
  const auto& feed = r.stream("a");
  const auto& over = r.stream("b");
  const auto& under = r.stream("c");
  CHECK(element_imbalance(feed, {&over, &under}) <= 1e-12);
  // Class by class, oversize = E(d̄) × feed, with d̄ the geometric mean of the
  // class limits and the pan's mean one half-step below its top (√(0.25·0.125) mm).
  const double means[5] = {std::sqrt(4.0 * 2.0), std::sqrt(2.0 * 1.0), std::sqrt(0.5), std::sqrt(0.5 * 0.25),
                           std::sqrt(0.25 * 0.125)};
  const Eigen::VectorXd in = feed.solid_mass_by_size();
  const Eigen::VectorXd out = over.solid_mass_by_size();
  const Eigen::VectorXd down = under.solid_mass_by_size();
  for (Eigen::Index c = 0; c < 5; ++c) {
    const double x = means[c] / 0.7;
    const double e = 0.04 + 0.96 * std::expm1(3.0 * x) / (std::exp(3.0 * x) + std::exp(3.0) - 2.0);
    CHECK(out(c) == relative(e * in(c), 1e-12));
    CHECK(out(c) + down(c) == relative(in(c), 1e-12));
  }
  // Moisture follows the solids' mass split.
  const auto water = r.plant.database->index_of("H2O");
  CHECK(over.amount(water) / feed.amount(water) == relative(out.sum() / in.sum(), 1e-12));
  // The unit reports the split of each component and the PSD of each product.
  CHECK(r.value("screen", "Al to oversize") ==
        relative(over.amount(r.plant.database->index_of("Al")) / feed.amount(r.plant.database->index_of("Al")), 1e-14));
  const auto& psd = r.profile("screen", "psd");
  CHECK(psd.axis == "size");
  CHECK(psd.series.size() == 4);  // feed, oversize, undersize, partition
}

TEST_CASE("a screen refuses a non-positive cut size and a bypass of 1 or more") {
  CHECK(error_of("d50.yaml", plant("    type: Screen\n    d50: \"0 mm\"\n    sharpness: 3"))
            .find("units.screen.d50: the cut size d50 must be positive") != std::string::npos);
  CHECK(error_of("bypass.yaml", plant("    type: Screen\n    d50: \"1 mm\"\n    sharpness: 3\n    bypass: 1.2"))
            .find("units.screen.bypass: 1.2 is outside the allowed range [0, 1]") != std::string::npos);
  CHECK(error_of("sharp.yaml", plant("    type: Screen\n    d50: \"1 mm\""))
            .find("missing parameter 'units.screen.sharpness'") != std::string::npos);
}
