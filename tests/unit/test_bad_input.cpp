// Every kind of bad flowsheet input gives one clear InputError naming the
// file, line and key (or the --set option), and what was expected.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/io/FlowsheetLoader.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

// A small valid plant; each test breaks one thing in it.
const std::string kValid = R"yaml(flowsheet: {name: small, thermo: [species.yaml]}
units:
  feed:
    type: Feed
    temperature: "60 degC"
    species: {H2O: "1 t/h", Li+: "1 kmol/h", SO4-2: "0.5 kmol/h"}
  split:
    type: Splitter
    fractions: {a: 0.5, b: 0.5}
  out_a: {type: Sink, kind: product}
  out_b: {type: Sink, kind: waste}
streams:
  s1: {from: feed.out, to: split.in}
  s2: {from: split.a, to: out_a.in}
  s3: {from: split.b, to: out_b.in}
)yaml";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string error_loading(const std::string& name, const std::string& text, std::vector<std::string> overrides = {}) {
  const auto path = write_scratch(name, text);
  return input_error_of([&] { io::load_flowsheet(path, {std::move(overrides), data_dir()}); });
}

bool contains(const std::string& text, const std::string& part) {
  CAPTURE(text);
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the valid template loads") { CHECK(error_loading("valid.yaml", kValid).empty()); }

TEST_CASE("malformed YAML names the file and line") {
  const auto message =
      error_loading("malformed.yaml", replace(kValid, "fractions: {a: 0.5, b: 0.5}", "fractions: {a: 0.5, b: 0.5"));
  CHECK(contains(message, "malformed.yaml:"));
  CHECK(contains(message, "malformed YAML"));
}

TEST_CASE("an unknown unit type lists the valid types") {
  const auto message = error_loading("type.yaml", replace(kValid, "type: Splitter", "type: Spliter"));
  CHECK(contains(message, "type.yaml:8:11: units.split.type: unknown unit type 'Spliter'"));
  CHECK(contains(message, "Splitter"));
  CHECK(contains(message, "ComponentSeparator"));
}

TEST_CASE("an unknown species suggests the closest names") {
  const auto message = error_loading("species.yaml", replace(kValid, "SO4-2: ", "SO4-3: "));
  CHECK(contains(message, "species.yaml:6:"));
  CHECK(contains(message, "units.feed.species.SO4-3: unknown species 'SO4-3'; did you mean"));
  CHECK(contains(message, "SO4-2"));
}

TEST_CASE("a missing parameter is named") {
  const auto message = error_loading("missing.yaml", replace(kValid, "{type: Sink, kind: product}", "{type: Sink}"));
  CHECK(contains(message, "missing.yaml:10:"));
  CHECK(contains(message, "missing parameter 'units.out_a.kind'"));
}

TEST_CASE("an extra (misspelt) parameter is refused with the valid ones") {
  const auto message =
      error_loading("extra.yaml", replace(kValid, "temperature: \"60 degC\"", "temprature: \"60 degC\""));
  CHECK(contains(message, "extra.yaml:5:5: units.feed.temprature: unit 'feed' (Feed) has no parameter 'temprature'"));
  CHECK(contains(message, "temperature"));
}

TEST_CASE("a wrong unit dimension says what was expected") {
  const auto message = error_loading("dimension.yaml", replace(kValid, "\"60 degC\"", "\"2 mol/L\""));
  CHECK(contains(message, "dimension.yaml:5:18: units.feed.temperature: expected a temperature"));
  CHECK(contains(message, "molar concentration"));
}

TEST_CASE("a bare number for a dimensional parameter is refused") {
  const auto message = error_loading("bare.yaml", replace(kValid, "\"60 degC\"", "60"));
  CHECK(contains(message, "bare number"));
}

TEST_CASE("a negative flow is refused") {
  const auto message = error_loading("negative.yaml", replace(kValid, "\"1 kmol/h\"", "\"-1 kmol/h\""));
  CHECK(contains(message, "negative.yaml:6:"));
  CHECK(contains(message, "negative flow"));
}

TEST_CASE("a port connected twice is refused") {
  const auto message = error_loading("twice.yaml", replace(kValid, "s3: {from: split.b,", "s3: {from: split.a,"));
  CHECK(contains(message, "twice.yaml:15:"));
  CHECK(contains(message, "outlet split.a is already connected by stream 's2'"));
}

TEST_CASE("an inlet fed twice is refused") {
  const auto message = error_loading("inlet-twice.yaml", replace(kValid, "to: out_b.in}", "to: out_a.in}"));
  CHECK(contains(message, "inlet out_a.in is already connected by stream 's2'"));
}

TEST_CASE("an unconnected port is refused") {
  const auto message = error_loading("open.yaml", replace(kValid, "  s3: {from: split.b, to: out_b.in}\n", ""));
  CHECK(contains(message, "is not connected to any stream"));
}

TEST_CASE("a duplicate key is refused rather than silently dropped") {
  const auto message = error_loading("duplicate.yaml",
                                     replace(kValid, "  out_b: {type: Sink, kind: waste}",
                                             "  out_b: {type: Sink, kind: waste}\n  out_a: {type: Sink, kind: waste}"));
  CHECK(contains(message, "duplicate.yaml:12:3: duplicate key 'out_a'"));
}

TEST_CASE("a stream to an unknown unit or port is refused") {
  const auto unit = error_loading("unit.yaml", replace(kValid, "to: out_b.in", "to: out_c.in"));
  CHECK(contains(unit, "unit.yaml:15:"));
  CHECK(contains(unit, "there is no unit 'out_c'; did you mean"));
  CHECK(contains(unit, "out_b"));
  CHECK(contains(error_loading("port.yaml", replace(kValid, "from: split.b", "from: split.c")),
                 "unit 'split' (Splitter) has no outlet 'c'; its outlets are: a, b"));
  CHECK(contains(error_loading("direction.yaml", replace(kValid, "from: split.b", "from: split.in")),
                 "'in' of unit 'split' (Splitter) is not an outlet"));
}

TEST_CASE("an unbalanced reaction is refused") {
  const std::string reactor = replace(kValid, "  split:\n    type: Splitter",
                                      "  react:\n    type: StoichiometricReactor\n    reactions:\n"
                                      "      - {equation: \"2 Li+ + SO4-2 = Li2CO3\", key: Li+, conversion: 0.5}\n"
                                      "  split:\n    type: Splitter");
  const auto wired = replace(replace(reactor, "s1: {from: feed.out, to: split.in}",
                                     "s1: {from: feed.out, to: react.in}\n  s0: {from: react.out, to: split.in}"),
                             "", "");
  CHECK(contains(error_loading("unbalanced.yaml", wired), "does not balance C"));
}

TEST_CASE("an unknown section and an undefined citation are refused") {
  CHECK(contains(error_loading("section.yaml", kValid + "solvers: {}\n"),
                 "unknown section 'solvers'; did you mean solver"));
  CHECK(contains(error_loading("cite.yaml", replace(kValid, "type: Splitter", "type: Splitter\n    source: smith2020")),
                 "source 'smith2020' is not defined"));
}

TEST_CASE("--set errors name the option") {
  CHECK(contains(error_loading("set1.yaml", kValid, {"units.feeed.temperature=80 degC"}),
                 "--set units.feeed.temperature=80 degC: the flowsheet has no 'units.feeed' here; did you mean feed"));
  CHECK(contains(error_loading("set2.yaml", kValid, {"units.feed.temperature=hot"}),
                 "--set units.feed.temperature=hot: cannot read 'hot' as a quantity"));
  CHECK(contains(error_loading("set3.yaml", kValid, {"units.feed.colour=red"}),
                 "--set units.feed.colour=red: unit 'feed' (Feed) has no parameter 'colour'"));
  CHECK(contains(error_loading("set4.yaml", kValid, {"units.feed.temperature"}), "expected path=value"));
}
