#pragma once
// A parameter sweep: which flowsheet, which parameters vary and how, how the
// cases are sampled, and which results are collected. Read from a YAML file
// (docs/sweeps.md); every error names file:line:column.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hydrosim/sweep/Sampling.h"

namespace hydrosim::sweep {

// Another flowsheet path set from a parameter's value x as scale * x + offset
// (e.g. a splitter's other fraction, 1 - x).
struct DerivedValue {
  std::string path;
  double scale = 1.0;
  double offset = 0.0;
};

enum class Distribution { kPoints, kUniform, kLogUniform, kTriangular, kNormal, kLogNormal };

struct Parameter {
  std::string path;  // a flowsheet path, as for --set
  std::string unit;  // appended to the value ("degC"); empty for plain numbers
  // kPoints: the finite list `points` (values, linspace, logspace). Otherwise
  // the continuous distribution with `low`, `high` (and `mode`); for kNormal
  // and kLogNormal `mode` is the mean and `high` the standard deviation (of
  // ln x for kLogNormal).
  Distribution distribution = Distribution::kPoints;
  std::vector<double> points;
  double low = 0.0;
  double mode = 0.0;
  double high = 0.0;
  bool integer = false;  // written without a decimal point (stage counts, iterations)
  std::vector<DerivedValue> derived;

  // The value at quantile u in [0, 1) (inverse CDF; a point list is a discrete
  // uniform choice).
  double value_at(double u) const;
  // The --set text of a value: "85 degC", "0.8", "3".
  std::string override_text(double value) const;
};

enum class Method { kGrid, kLatinHypercube, kSobol, kSaltelli };
std::string to_string(Method method);

struct SweepSpec {
  std::string origin;               // the spec file
  std::filesystem::path flowsheet;  // resolved against the spec's directory
  std::vector<std::string> fixed;   // "path=value" overrides for every case
  std::vector<Parameter> parameters;
  Method method = Method::kGrid;
  std::size_t samples = 0;  // lhs/sobol: cases; saltelli: base samples N
  std::uint64_t seed = 0;
  std::vector<std::string> outputs;  // output paths (OutputPaths.h)

  std::size_t case_count() const;
  // Every parameter's value for every case: [case, parameter].
  Design parameter_values() const;
  // The --set options of case `index`, given its row of parameter values.
  std::vector<std::string> overrides(const double* values) const;
  // A text fully describing the sweep (for the file-identity hash).
  std::string canonical() const;
};

// What the command line adds to (or, without a spec file, defines of) a sweep.
struct SpecAdditions {
  std::filesystem::path flowsheet;   // --flowsheet: replaces the spec's
  std::vector<std::string> fixed;    // --set PATH=VALUE
  std::vector<std::string> vary;     // --vary PATH=KIND:N1,N2,...[:UNIT]
  std::vector<std::string> collect;  // --collect OUTPUT
  std::optional<std::string> method;
  std::optional<std::size_t> samples;  // --cases or --base
  std::optional<std::uint64_t> seed;
  bool empty() const {
    return flowsheet.empty() && fixed.empty() && vary.empty() && collect.empty() && !method && !samples && !seed;
  }
};

// Reads a spec file (empty path: none) and applies the command-line additions.
SweepSpec load_spec(const std::filesystem::path& path, const SpecAdditions& cli = {});

}  // namespace hydrosim::sweep
