#include "hydrosim/sweep/Spec.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::sweep {
namespace {

const std::vector<std::string> kValueKeys{"values",    "linspace",   "logspace", "range",
                                          "log_range", "triangular", "normal",   "lognormal"};

std::vector<double> numbers(const io::YamlDocument& document, const YAML::Node& node, std::string_view what) {
  if (!node.IsSequence()) document.fail(node, fmt::format("{}: expected a list of numbers, e.g. [0.5, 0.9]", what));
  std::vector<double> values;
  for (const auto& item : node) {
    try {
      if (!item.IsScalar()) throw YAML::Exception(YAML::Mark::null_mark(), "");
      values.push_back(item.as<double>());
    } catch (const YAML::Exception&) {
      document.fail(item, fmt::format("{}: expected a number", what));
    }
  }
  return values;
}

// Sets a parameter's values from its kind ("values", "linspace", ...) and the
// numbers given; returns why they are invalid, or "" when they are fine.
std::string set_values(Parameter& parameter, const std::string& kind, const std::vector<double>& numbers) {
  if (kind == "values") {
    if (numbers.empty()) return "the list is empty";
    parameter.points = numbers;
  } else if (kind == "linspace" || kind == "logspace") {
    // n points from a to b (logspace: 10^a to 10^b), both ends included, as
    // numpy.linspace/logspace.
    if (numbers.size() != 3) return "expected [start, stop, count]";
    if (numbers[2] < 1 || numbers[2] != std::floor(numbers[2]) || numbers[2] > 1e7) {
      return "the number of points must be a whole number from 1 to 1e7";
    }
    const auto n = static_cast<std::size_t>(numbers[2]);
    parameter.points.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
      const double x = i + 1 == n && n > 1 ? numbers[1] : numbers[0] + t * (numbers[1] - numbers[0]);
      parameter.points[i] = kind == "logspace" ? std::pow(10.0, x) : x;
    }
  } else if (kind == "normal" || kind == "lognormal") {
    if (numbers.size() != 2)
      return kind == "normal" ? "expected [mean, standard deviation]"
                              : "expected [mean, standard deviation] of the logarithm";
    if (!(numbers[1] > 0.0)) return "the standard deviation must be positive";
    parameter.distribution = kind == "normal" ? Distribution::kNormal : Distribution::kLogNormal;
    parameter.mode = numbers[0];  // mean (of ln x for lognormal)
    parameter.high = numbers[1];  // standard deviation
  } else {
    const bool triangular = kind == "triangular";
    if (numbers.size() != (triangular ? 3U : 2U))
      return triangular ? "expected [low, mode, high]" : "expected [low, high]";
    parameter.low = numbers.front();
    parameter.high = numbers.back();
    parameter.mode = triangular ? numbers[1] : 0.0;
    if (!(parameter.low < parameter.high)) return "low must be below high";
    parameter.distribution = kind == "range"       ? Distribution::kUniform
                             : kind == "log_range" ? Distribution::kLogUniform
                                                   : Distribution::kTriangular;
    if (kind == "log_range" && parameter.low <= 0.0) return "a log range must be positive";
    if (triangular && (parameter.mode < parameter.low || parameter.mode > parameter.high)) {
      return "the mode must lie between low and high";
    }
  }
  if (parameter.integer) {
    for (const double point : parameter.points) {
      if (point != std::round(point)) return fmt::format("{} is not a whole number", point);
    }
  }
  return "";
}

Parameter read_parameter(const io::YamlDocument& document, const YAML::Node& node, std::size_t index) {
  const std::string where = fmt::format("parameters[{}]", index);
  if (!node.IsMap()) document.fail(node, fmt::format("{}: expected a map with 'path' and the values", where));
  const io::ParameterReader reader(document, node, where);
  Parameter parameter;
  parameter.path = reader.text("path");
  parameter.unit = reader.text_or("unit", "");
  parameter.integer = reader.choice_or("integer", {"true", "false"}, "false") == "true";
  reader.accept("note");
  std::vector<std::string> given;
  for (const auto& key : kValueKeys) {
    if (reader.has(key)) given.push_back(key);
  }
  if (given.size() != 1) {
    reader.fail_here(
        fmt::format("{} ({}): give exactly one of {}", where, parameter.path, fmt::join(kValueKeys, ", ")));
  }
  const std::string& kind = given.front();
  reader.accept(kind);
  const YAML::Node values = node[kind];
  const std::string what = fmt::format("{}.{}", where, kind);
  const std::string problem = set_values(parameter, kind, numbers(document, values, what));
  if (!problem.empty()) document.fail(values, fmt::format("{}: {}", what, problem));
  if (reader.has("derived")) {
    for (const auto& item : reader.list_of_maps("derived")) {
      DerivedValue derived;
      derived.path = item.text("path");
      derived.scale = item.number_or("scale", 1.0, -1e300, 1e300);
      derived.offset = item.number_or("offset", 0.0, -1e300, 1e300);
      item.finish("a derived value (path, scale, offset)");
      parameter.derived.push_back(derived);
    }
  }
  reader.accept("derived");
  reader.finish(fmt::format("{} ({})", where, parameter.path));
  return parameter;
}

// Φ⁻¹(u) by bisection on Φ(x) = erfc(−x/√2)/2 (std::erfc is accurate to a few
// ulp): 200 halvings of [−40, 40] reach the double next to the root. u is
// clamped to [2^−53, 1 − 2^−53] so that the Sobol' origin maps to a finite
// value (−8.2 standard deviations) instead of −∞.
double standard_normal_quantile(double u) {
  u = std::clamp(u, 0x1.0p-53, 1.0 - 0x1.0p-53);
  double low = -40.0;
  double high = 40.0;
  for (int i = 0; i < 200 && high - low > 0.0; ++i) {
    const double middle = 0.5 * (low + high);
    if (middle == low || middle == high) break;
    (0.5 * std::erfc(-middle / std::sqrt(2.0)) < u ? low : high) = middle;
  }
  return 0.5 * (low + high);
}

std::string format_number(double value, bool integer) {
  if (integer) return fmt::format("{}", static_cast<long long>(std::llround(value)));
  return fmt::format("{}", value);  // shortest text that reads back to the same double
}

}  // namespace

std::string to_string(Method method) {
  switch (method) {
    case Method::kGrid: return "grid";
    case Method::kLatinHypercube: return "lhs";
    case Method::kSobol: return "sobol";
    case Method::kSaltelli: return "saltelli";
  }
  return "?";
}

double Parameter::value_at(double u) const {
  double value = 0.0;
  switch (distribution) {
    case Distribution::kPoints: {
      const auto n = points.size();
      value = points[std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)))];
      break;
    }
    case Distribution::kUniform: value = low + u * (high - low); break;
    case Distribution::kLogUniform: value = low * std::pow(high / low, u); break;
    case Distribution::kTriangular: {
      // Inverse CDF of the triangular distribution (e.g. Kotz & van Dorp 2004, eq. 1.11).
      const double c = (mode - low) / (high - low);
      value = u < c ? low + std::sqrt(u * (high - low) * (mode - low))
                    : high - std::sqrt((1.0 - u) * (high - low) * (high - mode));
      break;
    }
    case Distribution::kNormal: value = mode + high * standard_normal_quantile(u); break;
    case Distribution::kLogNormal: value = std::exp(mode + high * standard_normal_quantile(u)); break;
  }
  return integer ? std::round(value) : value;
}

std::string Parameter::override_text(double value) const {
  const std::string number = format_number(value, integer);
  return unit.empty() ? number : fmt::format("{} {}", number, unit);
}

std::size_t SweepSpec::case_count() const {
  if (method == Method::kGrid) {
    std::size_t count = 1;
    for (const auto& parameter : parameters) count *= parameter.points.size();
    return count;
  }
  if (method == Method::kSaltelli) return samples * (parameters.size() + 2);
  return samples;
}

Design SweepSpec::parameter_values() const {
  const std::size_t d = parameters.size();
  Design unit_design;
  switch (method) {
    case Method::kGrid: {
      // Row-major (C) order: the last parameter varies fastest.
      const std::size_t n = case_count();
      Design values{n, d, std::vector<double>(n * d)};
      for (std::size_t i = 0; i < n; ++i) {
        std::size_t rest = i;
        for (std::size_t j = d; j-- > 0;) {
          const auto& points = parameters[j].points;
          values.at(i, j) = points[rest % points.size()];
          rest /= points.size();
        }
      }
      return values;
    }
    case Method::kLatinHypercube: unit_design = latin_hypercube(samples, d, seed); break;
    case Method::kSobol: unit_design = sobol_points(samples, d); break;
    case Method::kSaltelli: unit_design = saltelli_design(samples, d); break;
  }
  for (std::size_t i = 0; i < unit_design.rows; ++i) {
    for (std::size_t j = 0; j < d; ++j) unit_design.at(i, j) = parameters[j].value_at(unit_design.at(i, j));
  }
  return unit_design;
}

std::vector<std::string> SweepSpec::overrides(const double* values) const {
  std::vector<std::string> options = fixed;
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    const Parameter& parameter = parameters[j];
    options.push_back(fmt::format("{}={}", parameter.path, parameter.override_text(values[j])));
    for (const auto& derived : parameter.derived) {
      const double value = derived.scale * values[j] + derived.offset;
      options.push_back(fmt::format("{}={}", derived.path, parameter.override_text(value)));
    }
  }
  return options;
}

std::string SweepSpec::canonical() const {
  std::string text = fmt::format("method={};samples={};seed={};fixed={};outputs={};", to_string(method), samples, seed,
                                 fmt::join(fixed, "|"), fmt::join(outputs, "|"));
  for (const auto& p : parameters) {
    text += fmt::format("param={};unit={};dist={};points={};low={};mode={};high={};integer={};", p.path, p.unit,
                        static_cast<int>(p.distribution), fmt::join(p.points, ","), p.low, p.mode, p.high, p.integer);
    for (const auto& d : p.derived) text += fmt::format("derived={},{},{};", d.path, d.scale, d.offset);
  }
  return text;
}

namespace {

Method method_named(const std::string& name) {
  if (name == "grid") return Method::kGrid;
  if (name == "lhs") return Method::kLatinHypercube;
  if (name == "sobol") return Method::kSobol;
  if (name == "saltelli") return Method::kSaltelli;
  throw InputError(fmt::format("--method {}: expected grid, lhs, sobol or saltelli", name));
}

std::vector<double> parse_numbers(const std::string& text, const std::string& option) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    try {
      std::size_t used = 0;
      values.push_back(std::stod(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw InputError(fmt::format("{}: '{}' is not a number", option, item));
    }
    start = comma + 1;
  }
  return values;
}

// --vary PATH=KIND:N1,N2,...[:UNIT], e.g. units.leach.temperature=linspace:60,90,4:degC
Parameter parse_vary(const std::string& text) {
  const std::string option = "--vary " + text;
  const std::size_t equals = text.find('=');
  const std::size_t colon = text.find(':', equals == std::string::npos ? 0 : equals);
  if (equals == std::string::npos || equals == 0 || colon == std::string::npos) {
    throw InputError(
        fmt::format("{}: expected PATH=KIND:NUMBERS[:UNIT], e.g. --vary "
                    "units.leach.temperature=linspace:60,90,4:degC",
                    option));
  }
  Parameter parameter;
  parameter.path = text.substr(0, equals);
  const std::string kind = text.substr(equals + 1, colon - equals - 1);
  if (std::find(kValueKeys.begin(), kValueKeys.end(), kind) == kValueKeys.end()) {
    throw InputError(fmt::format("{}: unknown kind '{}'; valid: {}", option, kind, fmt::join(kValueKeys, ", ")));
  }
  std::string numbers = text.substr(colon + 1);
  if (const std::size_t unit = numbers.find(':'); unit != std::string::npos) {
    parameter.unit = numbers.substr(unit + 1);
    numbers.resize(unit);
  }
  const std::string problem = set_values(parameter, kind, parse_numbers(numbers, option));
  if (!problem.empty()) throw InputError(fmt::format("{}: {}", option, problem));
  return parameter;
}

// Checks that hold whatever mix of file and command line defined the sweep.
void check_spec(const SweepSpec& spec) {
  if (spec.flowsheet.empty()) throw InputError("the sweep needs a flowsheet: a spec file or --flowsheet");
  if (!std::filesystem::exists(spec.flowsheet)) {
    throw InputError(fmt::format("the flowsheet '{}' does not exist", spec.flowsheet.string()));
  }
  if (spec.parameters.empty()) throw InputError("the sweep varies no parameter: add 'parameters' or --vary");
  if (spec.outputs.empty()) throw InputError("the sweep collects no output: add 'outputs' or --collect");
  for (const auto& parameter : spec.parameters) {
    if (spec.method == Method::kGrid && parameter.distribution != Distribution::kPoints) {
      throw InputError(
          fmt::format("parameter {}: a grid needs a finite list of values (values, linspace or "
                      "logspace), not a distribution",
                      parameter.path));
    }
  }
  if (spec.method != Method::kGrid && spec.samples == 0) {
    throw InputError(fmt::format("sampling method '{}' needs the number of {} ({} in the spec, or {})",
                                 to_string(spec.method), spec.method == Method::kSaltelli ? "base samples" : "cases",
                                 spec.method == Method::kSaltelli ? "base" : "cases",
                                 spec.method == Method::kSaltelli ? "--base" : "--cases"));
  }
  if (spec.case_count() == 0) throw InputError("the sweep has no cases");
}

void read_file(const std::filesystem::path& path, SweepSpec& spec, bool method_from_cli) {
  const io::YamlDocument document = io::YamlDocument::load_file(path);
  const YAML::Node& root = document.root();
  if (!root.IsMap()) document.fail(root, "a sweep spec must be a map with 'flowsheet', 'parameters' and 'outputs'");
  const io::ParameterReader top(document, root, "");
  if (top.has("flowsheet")) {
    const std::filesystem::path flowsheet = top.text("flowsheet");
    spec.flowsheet = flowsheet.is_absolute() ? flowsheet : path.parent_path() / flowsheet;
    if (!std::filesystem::exists(spec.flowsheet)) {
      top.fail("flowsheet", fmt::format("the flowsheet '{}' does not exist (paths are relative to the spec file)",
                                        spec.flowsheet.string()));
    }
  }
  top.accept("flowsheet");
  top.accept("note");
  top.accept("description");
  if (const auto fixed = top.optional_child("set")) {
    for (const auto& key : fixed->keys()) spec.fixed.push_back(fmt::format("{}={}", key, fixed->text(key)));
  } else {
    top.accept("set");
  }
  top.accept("parameters");
  const YAML::Node parameters = root["parameters"];
  if (parameters && (!parameters.IsSequence() || parameters.size() == 0)) {
    top.fail("parameters", "expected a list of parameters, each with a 'path' and values");
  }
  if (parameters) {
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      spec.parameters.push_back(read_parameter(document, parameters[i], i));
    }
  }
  if (const auto sampling = top.optional_child("sampling")) {
    spec.method = method_named(sampling->choice("method", {"grid", "lhs", "sobol", "saltelli"}));
    spec.seed = static_cast<std::uint64_t>(sampling->number_or("seed", 0.0, 0.0, 9.007199254740992e15));
    spec.samples = static_cast<std::size_t>(
        sampling->integer_or(spec.method == Method::kSaltelli ? "base" : "cases", 0, 1, 100000000));
    sampling->finish("the sampling block (method, cases, base, seed)");
    if (spec.method == Method::kGrid && !method_from_cli) {
      for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
        if (spec.parameters[i].distribution != Distribution::kPoints) {
          document.fail(parameters[i], fmt::format("parameters[{}] ({}): a grid needs a finite list of values "
                                                   "(values, linspace or logspace), not a distribution",
                                                   i, spec.parameters[i].path));
        }
      }
    }
  } else {
    top.accept("sampling");
  }
  if (top.has("outputs")) spec.outputs = top.text_list("outputs");
  top.accept("outputs");
  top.finish("a sweep spec (flowsheet, set, parameters, sampling, outputs)");
}

}  // namespace

SweepSpec load_spec(const std::filesystem::path& path, const SpecAdditions& cli) {
  SweepSpec spec;
  spec.origin = path.empty() ? "the command line" : path.string();
  if (!path.empty()) read_file(path, spec, cli.method.has_value());
  if (!cli.flowsheet.empty()) spec.flowsheet = cli.flowsheet;
  spec.fixed.insert(spec.fixed.end(), cli.fixed.begin(), cli.fixed.end());
  for (const auto& vary : cli.vary) spec.parameters.push_back(parse_vary(vary));
  spec.outputs.insert(spec.outputs.end(), cli.collect.begin(), cli.collect.end());
  if (cli.method) spec.method = method_named(*cli.method);
  if (cli.samples) spec.samples = *cli.samples;
  if (cli.seed) spec.seed = *cli.seed;
  check_spec(spec);
  return spec;
}

}  // namespace hydrosim::sweep
