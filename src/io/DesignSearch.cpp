#include "hydrosim/io/DesignSearch.h"

#include <cmath>
#include <regex>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/core/Quantity.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::io {
namespace {

struct BaseValue {
  double number = 0.0;
  std::string units;  // text after the number ("kmol/h"), empty for plain numbers
};

// The value of a dotted parameter path as written in the flowsheet file.
BaseValue base_value(const std::filesystem::path& flowsheet, const std::string& path) {
  const YamlDocument document = YamlDocument::load_file(flowsheet);
  YAML::Node node;
  node.reset(document.root());
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const YAML::Node& const_node = node;
    if (!node.IsMap() || !const_node[key]) {
      throw InputError(fmt::format("--vary {}: the flowsheet {} has no parameter '{}'", path, flowsheet.string(), key));
    }
    node.reset(const_node[key]);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (!node.IsScalar()) throw InputError(fmt::format("--vary {}: not a single value", path));
  const std::string text = node.Scalar();
  std::size_t used = 0;
  BaseValue value;
  try {
    value.number = std::stod(text, &used);
  } catch (const std::exception&) {
    throw InputError(fmt::format("--vary {}: '{}' is not a number (with optional units)", path, text));
  }
  value.units = text.substr(used);
  while (!value.units.empty() && value.units.front() == ' ') value.units.erase(0, 1);
  return value;
}

std::string with_units(double number, const std::string& units) {
  return units.empty() ? fmt::format("{:.12g}", number) : fmt::format("{:.12g} {}", number, units);
}

// The target metric of a solved flowsheet, in display units.
double metric_of(const flowsheet::Flowsheet& plant, const flowsheet::SolvedFlowsheet& solved,
                 const DesignTarget& target) {
  if (target.kind == DesignTarget::Kind::kToOrganic) {
    const units::Unit* unit = plant.find_unit(target.where);
    if (unit == nullptr) throw InputError(fmt::format("target '{}': no unit '{}'", target.text, target.where));
    const std::string name = target.element + " to organic";
    for (const auto& value : unit->report().values) {
      if (value.name == name) return value.value * target.display_factor;
    }
    return 0.0;  // the metal never reached the unit
  }
  const auto it = solved.streams.find(target.where);
  if (it == solved.streams.end()) {
    throw InputError(fmt::format("target '{}': no stream '{}' in the flowsheet", target.text, target.where));
  }
  const thermo::Stream& stream = it->second;
  const thermo::Database& db = stream.database();
  const auto element = db.element_index(target.element);
  if (!element) throw InputError(fmt::format("target '{}': no element '{}' in the data", target.text, target.element));
  double mass = 0.0;
  for (std::size_t s = 0; s < db.size(); ++s) {
    if (db.species(s).phase != thermo::Phase::kAqueous) continue;
    mass += stream.amount(s) * db.element_matrix()(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(*element)) *
            db.elements()[*element]->atomic_weight * 1e-3;  // g/mol → kg/mol
  }
  const double volume = stream.aqueous_volume_flow();
  return volume > 0.0 ? mass / volume * target.display_factor : 0.0;
}

}  // namespace

DesignTarget parse_design_target(const std::string& text) {
  static const std::regex concentration(R"(^\s*([A-Z][a-z]?)\s+in\s+(\S+)\s*([<>])\s*(.+?)\s*$)");
  static const std::regex organic(R"(^\s*([A-Z][a-z]?)\s+to\s+organic\s+in\s+(\S+)\s*([<>])\s*(.+?)\s*$)");
  DesignTarget target;
  target.text = text;
  std::smatch match;
  std::string quantity;
  if (std::regex_match(text, match, organic)) {
    target.kind = DesignTarget::Kind::kToOrganic;
  } else if (std::regex_match(text, match, concentration)) {
    target.kind = DesignTarget::Kind::kConcentration;
  } else {
    throw InputError(
        fmt::format("--target '{}': expected '<El> in <stream> < 5 mg/L' or '<El> to organic in <unit> "
                    "< 1 %'",
                    text));
  }
  target.element = match[1];
  target.where = match[2];
  target.below = match[3] == "<";
  quantity = match[4];
  const std::size_t space = quantity.find_first_not_of("0123456789.eE+-");
  target.display_units = space == std::string::npos ? "" : quantity.substr(space);
  while (!target.display_units.empty() && target.display_units.front() == ' ') target.display_units.erase(0, 1);
  if (target.kind == DesignTarget::Kind::kToOrganic) {
    target.limit = parse_quantity_as(quantity, Dimension::dimensionless());
  } else {
    target.limit = parse_quantity_as(quantity, Dimension::mass_concentration());
  }
  const double unit_value = parse_quantity(fmt::format("1 {}", target.display_units)).value;
  target.display_factor = 1.0 / unit_value;
  return target;
}

DesignAnswer design_search(const DesignRequest& request) {
  const DesignTarget target = parse_design_target(request.target);
  if (request.vary.empty()) throw InputError("--vary: give the parameter path to vary, e.g. units.sx.stages");
  if (!(request.high > request.low)) {
    throw InputError(fmt::format("--range {} {}: the upper end must exceed the lower", request.low, request.high));
  }
  std::vector<BaseValue> bases;
  for (const auto& path : request.vary) bases.push_back(base_value(request.flowsheet, path));
  if (request.integer && !bases.front().units.empty()) {
    throw InputError(fmt::format("--vary {}: an integer parameter has no units", request.vary.front()));
  }
  DesignAnswer answer;
  answer.value_units = bases.front().units;
  const double limit = target.limit * target.display_factor;
  auto evaluate = [&](double value) {
    LoadOptions options{request.overrides, request.data_dir};
    for (std::size_t k = 0; k < request.vary.size(); ++k) {
      const double scaled = k == 0 ? value : bases[k].number * value / bases.front().number;
      options.overrides.push_back(fmt::format(
          "{}={}", request.vary[k],
          request.integer && k == 0 ? fmt::format("{}", std::lround(value)) : with_units(scaled, bases[k].units)));
    }
    flowsheet::Flowsheet plant = load_flowsheet(request.flowsheet, options);
    const flowsheet::SolvedFlowsheet solved = flowsheet::solve(plant);
    const double metric = metric_of(plant, solved, target);
    const bool meets = target.below ? metric < limit : metric > limit;
    answer.evaluations.push_back({value, metric, meets});
    return answer.evaluations.back();
  };

  if (request.integer) {
    std::optional<DesignPoint> previous;
    for (long n = std::lround(request.low); n <= std::lround(request.high); ++n) {
      const DesignPoint point = evaluate(static_cast<double>(n));
      if (point.meets) {
        answer.feasible = true;
        answer.value = point.value;
        answer.metric = point.metric;
        if (previous) {
          answer.sensitivity = point.metric - previous->metric;
        } else if (n < std::lround(request.high)) {
          answer.sensitivity = evaluate(n + 1.0).metric - point.metric;
        }
        return answer;
      }
      previous = point;
    }
    answer.message = fmt::format("no value from {} to {} meets '{}' (at {}: {:.6g} {})", request.low, request.high,
                                 target.text, request.high, previous->metric, target.display_units);
    return answer;
  }

  DesignPoint low = evaluate(request.low);
  DesignPoint high = evaluate(request.high);
  if (!low.meets && !high.meets) {
    answer.message =
        fmt::format("infeasible: '{}' is met nowhere in [{}, {}] {} ({:.6g} and {:.6g} {} at the ends)", target.text,
                    request.low, request.high, answer.value_units, low.metric, high.metric, target.display_units);
    return answer;
  }
  DesignPoint found = low.meets ? low : high;
  if (low.meets && high.meets) answer.message = "the target is met over the whole range; the lower end is given";
  if (low.meets != high.meets) {
    // Bisection on the boundary between "meets" and "does not meet".
    for (int i = 0; i < 40 && std::abs(high.value - low.value) > 1e-4 * (request.high - request.low); ++i) {
      const DesignPoint middle = evaluate(0.5 * (low.value + high.value));
      if (middle.meets == low.meets) {
        low = middle;
      } else {
        high = middle;
      }
    }
    found = low.meets ? low : high;
  }
  answer.feasible = true;
  answer.value = found.value;
  answer.metric = found.metric;
  const double delta = 1e-3 * (request.high - request.low);
  const double lo = std::max(request.low, found.value - delta);
  const double hi = std::min(request.high, found.value + delta);
  answer.sensitivity = (evaluate(hi).metric - evaluate(lo).metric) / (hi - lo);
  return answer;
}

std::string format_design_answer(const DesignRequest& request, const DesignAnswer& answer) {
  const DesignTarget target = parse_design_target(request.target);
  std::string text = fmt::format("Design target: {}\nVary: {}", target.text, request.vary.front());
  for (std::size_t k = 1; k < request.vary.size(); ++k) text += fmt::format(" (and {} in proportion)", request.vary[k]);
  text += fmt::format(" over [{}, {}] {}\n", request.low, request.high, answer.value_units);
  text += fmt::format("{:>16}  {:>16}  {}\n", "value", fmt::format("metric [{}]", target.display_units), "meets");
  for (const auto& point : answer.evaluations) {
    text += fmt::format("{:>16.8g}  {:>16.6g}  {}\n", point.value, point.metric, point.meets ? "yes" : "no");
  }
  if (!answer.feasible) return text + fmt::format("No design found: {}\n", answer.message);
  std::string quantity = target.text.substr(0, target.text.find_first_of("<>"));
  while (!quantity.empty() && quantity.back() == ' ') quantity.pop_back();
  text += fmt::format("Answer: {} = {:.6g} {} gives {} = {:.6g} {}\n", request.vary.front(), answer.value,
                      answer.value_units, quantity, answer.metric, target.display_units);
  if (!answer.message.empty()) text += fmt::format("Note: {}\n", answer.message);
  text +=
      fmt::format("Sensitivity: d(metric)/d(value) = {:.6g} {} per {}\n", answer.sensitivity, target.display_units,
                  request.integer ? "stage (unit step)" : (answer.value_units.empty() ? "unit" : answer.value_units));
  return text;
}

}  // namespace hydrosim::io
