// MagneticSeparator, EddyCurrentSeparator and AirClassifier: one model
// (RecoverySeparator) with three port sets, tested together.
#include <cmath>

#include <doctest/doctest.h>

#include "PretreatmentSupport.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

std::string plant(const std::string& type, const std::string& outlets, const std::string& parameters) {
  const auto comma = outlets.find(',');
  const std::string first = outlets.substr(0, comma);
  const std::string second = outlets.substr(comma + 1);
  return R"yaml(flowsheet: {thermo: [species.yaml]}
units:
  feed:
    type: BlackMassFeed
    mass_flow: "1 kg/s"
    chemistry: NCA
    composition: {cathode: "40 wt%", graphite: "20 wt%", Al: "10 wt%", Cu: "10 wt%", Fe: "10 wt%", polyethylene: "5 wt%", electrolyte: "5 wt%"}
    psd:
      classes: ["8 mm", "4 mm", "2 mm", "1 mm"]
      model: table
      passing: [1, 0.5, 0.25, 0.1]
  sep:
    type: )yaml" +
         type + "\n" + parameters + R"yaml(
  p: {type: Sink, kind: product}
  q: {type: Sink, kind: waste}
streams:
  a: {from: feed.out, to: sep.in}
  b: {from: sep.)yaml" +
         first + R"yaml(, to: p.in}
  c: {from: sep.)yaml" +
         second + ", to: q.in}\n";
}

double split(const PlantRun& r, const std::string& species) {
  const auto i = r.plant.database->index_of(species);
  return r.stream("b").amount(i) / r.stream("a").amount(i);
}

}  // namespace

TEST_CASE("a magnetic separator sends each component's recovery to the magnetics") {
  const PlantRun r = run_inline("magnet.yaml", plant("MagneticSeparator", "magnetics,nonmagnetics",
                                                     "    recovery: {species: {Fe: 0.97}, default: 0.01}"));
  CHECK(split(r, "Fe") == relative(0.97, 1e-14));
  CHECK(split(r, "Al") == relative(0.01, 1e-14));
  CHECK(split(r, "NCA") == relative(0.01, 1e-14));  // NCA contains Al, but the species, not the element, is listed
  CHECK(element_imbalance(r.stream("a"), {&r.stream("b"), &r.stream("c")}) <= 1e-12);
  CHECK(r.value("sep", "Fe to magnetics") == relative(0.97, 1e-14));
  // Without a size effect every class of a species goes in the same proportion: PSDs unchanged.
  const auto fe = static_cast<Eigen::Index>(r.plant.database->index_of("Fe"));
  for (Eigen::Index c = 0; c < 4; ++c) {
    CHECK(r.stream("b").size_distribution->fractions(fe, c) ==
          relative(r.stream("a").size_distribution->fractions(fe, c), 1e-12));
  }
}

TEST_CASE("an eddy-current separator recovers fewer fine particles") {
  // R(d) = R (1 − exp(−(d/d_c)^m)); at d = d_c the factor is 1 − 1/e.
  const PlantRun r = run_inline("ecs.yaml", plant("EddyCurrentSeparator", "nonferrous,nonmetallic",
                                                  "    recovery: {species: {Al: 0.95, Cu: 0.9}, default: 0.0}\n"
                                                  "    fine_particles: {cutoff: \"2 mm\", exponent: 2}"));
  const auto al = static_cast<Eigen::Index>(r.plant.database->index_of("Al"));
  const auto& feed = r.stream("a");
  const auto& product = r.stream("b");
  const double means[4] = {std::sqrt(32.0), std::sqrt(8.0), std::sqrt(2.0), 1.0 / std::sqrt(2.0)};  // mm
  double expected = 0.0;
  for (Eigen::Index c = 0; c < 4; ++c) {
    const double factor = 1.0 - std::exp(-std::pow(means[c] / 2.0, 2.0));
    const double class_in = feed.mass_flow(static_cast<std::size_t>(al)) * feed.size_distribution->fractions(al, c);
    const double class_out =
        product.mass_flow(static_cast<std::size_t>(al)) * product.size_distribution->fractions(al, c);
    CHECK(class_out == relative(0.95 * factor * class_in, 1e-12));
    expected += 0.95 * factor * feed.size_distribution->fractions(al, c);
  }
  CHECK(split(r, "Al") == relative(expected, 1e-12));
  CHECK(split(r, "NCA") == 0.0);
  CHECK(element_imbalance(feed, {&product, &r.stream("c")}) <= 1e-12);
}

TEST_CASE("an air classifier sends film and liquids to the light product") {
  const PlantRun r = run_inline("air.yaml", plant("AirClassifier", "light,heavy",
                                                  "    recovery: {species: {polyethylene: 0.9}, phases: {liquid: 0.8}, "
                                                  "default: 0.02}"));
  CHECK(split(r, "polyethylene") == relative(0.9, 1e-14));
  CHECK(split(r, "ethylene_carbonate") == relative(0.8, 1e-14));
  CHECK(split(r, "graphite") == relative(0.02, 1e-14));
  CHECK(element_imbalance(r.stream("a"), {&r.stream("b"), &r.stream("c")}) <= 1e-12);
}

TEST_CASE("separators refuse recoveries outside 0-1 and unknown components") {
  CHECK(error_of("rec.yaml", plant("MagneticSeparator", "magnetics,nonmagnetics", "    recovery: {species: {Fe: 1.2}}"))
            .find("units.sep.recovery.species.Fe: 1.2 is outside the allowed range [0, 1]") != std::string::npos);
  CHECK(error_of("neg.yaml", plant("AirClassifier", "light,heavy", "    recovery: {default: -0.1}"))
            .find("units.sep.recovery.default: -0.1 is outside the allowed range [0, 1]") != std::string::npos);
  CHECK(error_of("name.yaml",
                 plant("EddyCurrentSeparator", "nonferrous,nonmetallic", "    recovery: {species: {Aluminium: 0.9}}"))
            .find("units.sep.recovery.species.Aluminium") != std::string::npos);
  CHECK(error_of("cut.yaml", plant("EddyCurrentSeparator", "nonferrous,nonmetallic",
                                   "    recovery: {species: {Al: 0.9}}\n    fine_particles: {cutoff: \"0 mm\"}"))
            .find("the fine-particle cutoff size must be positive") != std::string::npos);
}
