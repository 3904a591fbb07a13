// Sweep specs (sweep/Spec.h): parameter values, grids, overrides, errors.
#include <doctest/doctest.h>

#include <cmath>

#include "TestSupport.h"
#include "hydrosim/sweep/Spec.h"

using namespace hydrosim;
using namespace hydrosim::sweep;
using namespace hydrosim::testing;

namespace {

std::filesystem::path spec_file(const std::string& name, const std::string& body) {
  return write_scratch(name, "flowsheet: " + flowsheet_path("recycle_analytic.yaml").string() + "\n" + body);
}

}  // namespace

TEST_CASE("a grid is the full product, last parameter fastest, with linspace ends exact") {
  const auto path = spec_file("grid.yaml", R"(
parameters:
  - {path: a.x, linspace: [0.5, 0.9, 3]}
  - {path: a.y, values: [1, 2], unit: degC}
sampling: {method: grid}
outputs: [balance.max_closure]
)");
  const SweepSpec spec = load_spec(path);
  REQUIRE(spec.case_count() == 6);
  const Design values = spec.parameter_values();
  // numpy.linspace(0.5, 0.9, 3) = [0.5, 0.7, 0.9] (the end point exactly).
  const std::vector<double> expected{0.5, 1, 0.5, 2, 0.7, 1, 0.7, 2, 0.9, 1, 0.9, 2};
  CHECK(values.data == expected);
  const auto options = spec.overrides(&values.data[2]);
  CHECK(options == std::vector<std::string>{"a.x=0.5", "a.y=2 degC"});
}

TEST_CASE("logspace, integers and derived values give the --set texts") {
  const auto path = spec_file("derived.yaml", R"(
set: {solver.tolerance: 1e-12}
parameters:
  - {path: solver.max_iterations, logspace: [1, 3, 3], integer: true}
  - path: units.purge.fractions.recycle
    values: [0.25]
    derived: [{path: units.purge.fractions.bleed, scale: -1, offset: 1}]
sampling: {method: grid}
outputs: [balance.max_closure]
)");
  const SweepSpec spec = load_spec(path);
  const Design values = spec.parameter_values();
  CHECK(values.data == std::vector<double>{10, 0.25, 100, 0.25, 1000, 0.25});
  CHECK(spec.overrides(&values.data[4]) ==
        std::vector<std::string>{"solver.tolerance=1e-12", "solver.max_iterations=1000",
                                 "units.purge.fractions.recycle=0.25", "units.purge.fractions.bleed=0.75"});
}

TEST_CASE("continuous distributions map quantiles by their inverse CDFs") {
  Parameter uniform;
  uniform.distribution = Distribution::kUniform;
  uniform.low = 2.0;
  uniform.high = 4.0;
  CHECK(uniform.value_at(0.25) == 2.5);
  Parameter log_uniform = uniform;
  log_uniform.distribution = Distribution::kLogUniform;
  log_uniform.low = 1e-3;
  log_uniform.high = 1e-1;
  CHECK(log_uniform.value_at(0.5) == relative(1e-2, 1e-14));  // geometric midpoint
  Parameter triangular = uniform;
  triangular.distribution = Distribution::kTriangular;
  triangular.low = 0.0;
  triangular.mode = 1.0;
  triangular.high = 2.0;
  // Symmetric triangle: the median is the mode; F(x) = x^2/2 on [0, 1], so
  // the 1/8 quantile is x = 0.5.
  CHECK(triangular.value_at(0.5) == relative(1.0, 1e-15));
  CHECK(triangular.value_at(0.125) == relative(0.5, 1e-15));
  // Standard normal quantiles from the tables (e.g. Abramowitz & Stegun 1964,
  // table 26.5): z(0.975) = 1.959963984540054, and Phi(1) = 0.841344746068543.
  Parameter normal;
  normal.distribution = Distribution::kNormal;
  normal.mode = 10.0;  // mean
  normal.high = 2.0;   // standard deviation
  CHECK(normal.value_at(0.5) == relative(10.0, 1e-14));
  CHECK(normal.value_at(0.975) == relative(10.0 + 2.0 * 1.959963984540054, 1e-13));
  CHECK(normal.value_at(0.841344746068543) == relative(12.0, 1e-12));
  CHECK(std::isfinite(normal.value_at(0.0)));  // the Sobol' origin stays finite
  Parameter lognormal = normal;
  lognormal.distribution = Distribution::kLogNormal;
  lognormal.mode = std::log(3.0);
  lognormal.high = 0.5;
  CHECK(lognormal.value_at(0.5) == relative(3.0, 1e-13));  // the median is exp(mu)
  Parameter points;
  points.points = {3, 5, 7};
  CHECK(points.value_at(0.0) == 3);
  CHECK(points.value_at(0.5) == 5);
  CHECK(points.value_at(0.999) == 7);
}

TEST_CASE("a Saltelli sweep has base x (d + 2) cases") {
  const auto path = spec_file("saltelli.yaml", R"(
parameters:
  - {path: a.x, range: [0, 1]}
  - {path: a.y, log_range: [1, 100]}
  - {path: a.z, triangular: [0, 1, 3]}
sampling: {method: saltelli, base: 32}
outputs: [balance.max_closure]
)");
  const SweepSpec spec = load_spec(path);
  CHECK(spec.case_count() == 32 * 5);
  CHECK(spec.parameter_values().rows == 160);
}

TEST_CASE("bad sweep specs are refused with file:line:column") {
  const auto range_in_grid = spec_file("bad1.yaml", R"(
parameters:
  - {path: a.x, range: [0, 1]}
sampling: {method: grid}
outputs: [balance.max_closure]
)");
  CHECK(input_error_of([&] { load_spec(range_in_grid); })
            .find("bad1.yaml:4:5: parameters[0] (a.x): a grid needs a "
                  "finite list of values") != std::string::npos);
  const auto two_kinds = spec_file("bad2.yaml", R"(
parameters:
  - {path: a.x, range: [0, 1], values: [1]}
sampling: {method: lhs, cases: 4}
outputs: [balance.max_closure]
)");
  CHECK(input_error_of([&] { load_spec(two_kinds); }).find("give exactly one of values, linspace") !=
        std::string::npos);
  const auto no_cases = spec_file("bad3.yaml", R"(
parameters:
  - {path: a.x, range: [0, 1]}
sampling: {method: sobol}
outputs: [balance.max_closure]
)");
  CHECK(input_error_of([&] {
          load_spec(no_cases);
        }).find("sampling method 'sobol' needs the number of cases (cases in the spec, or --cases)") !=
        std::string::npos);
  const auto typo = spec_file("bad4.yaml", R"(
parameters:
  - {path: a.x, values: [1]}
sampling: {method: grid, sed: 3}
outputs: [balance.max_closure]
)");
  CHECK(input_error_of([&] { load_spec(typo); }).find("sed") != std::string::npos);
}
