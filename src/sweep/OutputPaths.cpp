#include "hydrosim/sweep/OutputPaths.h"

#include <algorithm>
#include <functional>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/core/Text.h"

namespace hydrosim::sweep {
namespace {

struct Value {
  double value;
  std::string units;
};

// `rest` is the path after "<group>."; `path` is the whole path for messages.
using Resolver = std::function<Value(const CaseView&, std::string_view rest, std::string_view path)>;
using Lister = std::function<std::vector<std::string>(const CaseView&)>;

struct Group {
  std::string name;
  Resolver resolve;
  Lister list;
};

[[noreturn]] void unknown(std::string_view path, std::string_view what, std::string_view name,
                          const std::vector<std::string>& valid) {
  const auto close = closest_matches(name, valid, 3);
  const std::string hint =
      close.empty() ? fmt::format("valid: {}", fmt::join(valid, ", "))
                    : fmt::format("did you mean {}? (valid: {})", fmt::join(close, ", "), fmt::join(valid, ", "));
  throw InputError(fmt::format("output '{}': no {} '{}'; {}", path, what, name, hint));
}

// Splits "a.b.c" at the first dot: {"a", "b.c"}; no dot: {"a", ""}.
std::pair<std::string, std::string> head(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) return {std::string(text), ""};
  return {std::string(text.substr(0, dot)), std::string(text.substr(dot + 1))};
}

std::size_t index_in(const std::vector<std::string>& names, const std::string& name, std::string_view path,
                     std::string_view what) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) unknown(path, what, name, names);
  return static_cast<std::size_t>(it - names.begin());
}

std::vector<std::string> sink_names(const flowsheet::Results& results) {
  std::vector<std::string> names;
  for (const auto& sink : results.recovery.sinks) names.push_back(sink.name);
  return names;
}

// recovery.<element>.<sink>: fraction of the element's plant input leaving in the sink.
Value recovery(const CaseView& view, std::string_view rest, std::string_view path) {
  const auto& table = view.results.recovery;
  const auto [element, sink] = head(rest);
  const std::size_t e = index_in(table.elements, element, path, "element");
  const std::size_t s = index_in(sink_names(view.results), sink, path, "sink");
  return {table.fraction(static_cast<Eigen::Index>(e), static_cast<Eigen::Index>(s)), "1"};
}

std::vector<std::string> list_recovery(const CaseView& view) {
  std::vector<std::string> paths;
  for (const auto& element : view.results.recovery.elements) {
    for (const auto& sink : view.results.recovery.sinks)
      paths.push_back(fmt::format("recovery.{}.{}", element, sink.name));
  }
  return paths;
}

// balance.max_closure, balance.charge_closure, balance.{closure,in,out}.<element>.
Value balance(const CaseView& view, std::string_view rest, std::string_view path) {
  const auto& b = view.results.balance;
  const auto [key, element] = head(rest);
  if (key == "max_closure" && element.empty()) return {b.max_closure(), "1"};
  if (key == "charge_closure" && element.empty()) return {b.charge_closure(), "1"};
  const std::vector<std::string> keys{"max_closure", "charge_closure", "closure", "in", "out"};
  if (key != "closure" && key != "in" && key != "out") unknown(path, "balance quantity", key, keys);
  const auto e = static_cast<Eigen::Index>(index_in(b.elements, element, path, "element"));
  if (key == "closure") return {b.closure(e), "1"};
  return {key == "in" ? b.in(e) : b.out(e), "kg/s"};
}

std::vector<std::string> list_balance(const CaseView& view) {
  std::vector<std::string> paths{"balance.max_closure", "balance.charge_closure"};
  for (const auto& key : {"closure", "in", "out"}) {
    for (const auto& element : view.results.balance.elements)
      paths.push_back(fmt::format("balance.{}.{}", key, element));
  }
  return paths;
}

// units.<unit>.<report value name>, as the unit reports it after solving.
Value unit_value(const CaseView& view, std::string_view rest, std::string_view path) {
  const auto [unit_name, value_name] = head(rest);
  const units::Unit* unit = view.plant.find_unit(unit_name);
  if (unit == nullptr) {
    std::vector<std::string> names;
    for (const auto& u : view.plant.units) names.push_back(u->name());
    unknown(path, "unit", unit_name, names);
  }
  std::vector<std::string> names;
  for (const auto& value : unit->report().values) {
    if (value.name == value_name) return {value.value, value.units};
    names.push_back(value.name);
  }
  if (names.empty()) {
    throw InputError(fmt::format("output '{}': unit '{}' ({}) reports no values", path, unit_name, unit->type()));
  }
  unknown(path, fmt::format("report value of unit '{}'", unit_name), value_name, names);
}

std::vector<std::string> list_units(const CaseView& view) {
  std::vector<std::string> paths;
  for (const auto& unit : view.plant.units) {
    for (const auto& value : unit->report().values)
      paths.push_back(fmt::format("units.{}.{}", unit->name(), value.name));
  }
  return paths;
}

const std::vector<std::string> kStreamQuantities{"mass_flow", "temperature", "pressure",     "aqueous_volume_flow",
                                                 "species",   "element",     "concentration"};

// streams.<name>.{mass_flow, temperature, pressure, aqueous_volume_flow},
// streams.<name>.species.<species> (mol/s), streams.<name>.element.<El> (kg/s),
// streams.<name>.concentration.<species> (kg/m3 of aqueous phase),
// streams.<name>.mass_fraction.<species> and .phase_mass_fraction.<species> (purities).
Value stream_value(const CaseView& view, std::string_view rest, std::string_view path) {
  const auto [name, quantity_path] = head(rest);
  const auto it = view.solved.streams.find(name);
  if (it == view.solved.streams.end()) {
    std::vector<std::string> names;
    for (const auto& entry : view.solved.streams) names.push_back(entry.first);
    unknown(path, "stream", name, names);
  }
  const thermo::Stream& stream = it->second;
  const auto [quantity, item] = head(quantity_path);
  if (quantity == "mass_flow" && item.empty()) return {stream.total_mass_flow(), "kg/s"};
  if (quantity == "temperature" && item.empty()) return {stream.temperature, "K"};
  if (quantity == "pressure" && item.empty()) return {stream.pressure, "Pa"};
  if (quantity == "aqueous_volume_flow" && item.empty()) return {stream.aqueous_volume_flow(), "m3/s"};
  const thermo::Database& database = stream.database();
  if (quantity == "species" || quantity == "concentration" || quantity == "mass_fraction" ||
      quantity == "phase_mass_fraction") {
    const auto species = database.find(item);
    if (!species) unknown(path, "species", item, database.closest_names(item, 3));
    if (quantity == "species") return {stream.amount(*species), "mol/s"};
    if (quantity == "concentration") return {stream.mass_concentration(*species), "kg/m3"};
    // Purity: the species' share of the stream's mass, or of the mass of its
    // own phase (a crystal product's purity on a dry basis, without the
    // entrained mother liquor).
    const double total = quantity == "mass_fraction" ? stream.total_mass_flow()
                                                     : stream.phase_mass_flow(database.species(*species).phase);
    return {total > 0.0 ? stream.mass_flow(*species) / total : 0.0, "1"};
  }
  if (quantity == "element") {
    const auto element = database.element_index(item);
    if (!element) {
      std::vector<std::string> symbols;
      for (const auto* e : database.elements()) symbols.emplace_back(e->symbol);
      unknown(path, "element", item, symbols);
    }
    return {stream.element_mass_flows()(static_cast<Eigen::Index>(*element)), "kg/s"};
  }
  unknown(path, "stream quantity", quantity, kStreamQuantities);
}

std::vector<std::string> list_streams(const CaseView& view) {
  std::vector<std::string> paths;
  for (const auto& [name, stream] : view.solved.streams) {
    for (const auto& quantity : {"mass_flow", "temperature", "pressure", "aqueous_volume_flow"}) {
      paths.push_back(fmt::format("streams.{}.{}", name, quantity));
    }
    paths.push_back(fmt::format("streams.{}.species.<species>", name));
    paths.push_back(fmt::format("streams.{}.element.<element>", name));
    paths.push_back(fmt::format("streams.{}.concentration.<species>", name));
    paths.push_back(fmt::format("streams.{}.mass_fraction.<species>", name));
    paths.push_back(fmt::format("streams.{}.phase_mass_fraction.<species>", name));
  }
  return paths;
}

// reagents.<unit>.mass_flow (kg/s) and .per_feed_mass (kg per kg of basis feed).
Value reagent(const CaseView& view, std::string_view rest, std::string_view path) {
  const auto [unit, quantity] = head(rest);
  std::vector<std::string> names;
  for (const auto& use : view.results.reagents) {
    if (use.unit == unit) {
      if (quantity == "mass_flow") return {use.mass_flow, "kg/s"};
      if (quantity == "per_feed_mass") {
        return {view.results.feed_mass_flow > 0.0 ? use.mass_flow / view.results.feed_mass_flow : 0.0, "1"};
      }
      unknown(path, "reagent quantity", quantity, {"mass_flow", "per_feed_mass"});
    }
    names.push_back(use.unit);
  }
  unknown(path, "reagent feed", unit, names);
}

std::vector<std::string> list_reagents(const CaseView& view) {
  std::vector<std::string> paths;
  for (const auto& use : view.results.reagents) {
    paths.push_back(fmt::format("reagents.{}.mass_flow", use.unit));
    paths.push_back(fmt::format("reagents.{}.per_feed_mass", use.unit));
  }
  return paths;
}

// solver.iterations (recycle iterations, all loops), solver.unit_solves,
// solver.residual (largest final tear residual), solver.seconds.
Value solver(const CaseView& view, std::string_view rest, std::string_view path) {
  const auto& report = view.solved.report;
  if (rest == "iterations") {
    int total = 0;
    for (const auto& loop : report.loops) total += loop.iterations;
    return {static_cast<double>(total), "1"};
  }
  if (rest == "unit_solves") return {static_cast<double>(report.unit_solves), "1"};
  if (rest == "residual") {
    double worst = 0.0;
    for (const auto& loop : report.loops) worst = std::max(worst, loop.residual);
    return {worst, "1"};
  }
  if (rest == "seconds") return {report.seconds, "s"};
  unknown(path, "solver quantity", rest, {"iterations", "unit_solves", "residual", "seconds"});
}

std::vector<std::string> list_solver(const CaseView&) {
  return {"solver.iterations", "solver.unit_solves", "solver.residual", "solver.seconds"};
}

// feed.mass_flow: the basis feed (kg/s).
Value feed(const CaseView& view, std::string_view rest, std::string_view path) {
  if (rest == "mass_flow") return {view.results.feed_mass_flow, "kg/s"};
  unknown(path, "feed quantity", rest, {"mass_flow"});
}

std::vector<std::string> list_feed(const CaseView&) { return {"feed.mass_flow"}; }

[[noreturn]] void no_assessment(std::string_view path, std::string_view section) {
  throw InputError(fmt::format("output '{}': the flowsheet has no '{}' section (docs/reports-compliance-economics.md)",
                               path, section));
}

// products.<sink>.{purity, moisture, mass_flow, dry_mass_flow, compound_mass_flow, pass},
// products.<sink>.impurity.<El> (mg/kg): product quality against its specification.
Value product(const CaseView& view, std::string_view rest, std::string_view path) {
  if (!view.plant.assessment || view.plant.assessment->sink_specifications.empty()) {
    no_assessment(path, "specifications of the product sinks");
  }
  const auto [sink, quantity_path] = head(rest);
  std::vector<std::string> sinks;
  for (const auto& quality : view.assessment().products) {
    sinks.push_back(quality.sink);
    if (quality.sink != sink) continue;
    const auto [quantity, element] = head(quantity_path);
    if (quantity == "purity" && element.empty()) return {quality.purity, "1"};
    if (quantity == "moisture" && element.empty()) return {quality.moisture, "1"};
    if (quantity == "mass_flow" && element.empty()) return {quality.mass_flow, "kg/s"};
    if (quantity == "dry_mass_flow" && element.empty()) return {quality.dry_mass_flow, "kg/s"};
    if (quantity == "compound_mass_flow" && element.empty()) return {quality.compound_mass_flow, "kg/s"};
    if (quantity == "pass" && element.empty()) return {quality.pass() ? 1.0 : 0.0, "1"};
    if (quantity == "impurity") {
      const auto it = quality.impurities_mg_per_kg.find(element);
      if (it != quality.impurities_mg_per_kg.end()) return {it->second, "mg/kg"};
      std::vector<std::string> elements;
      for (const auto& entry : quality.impurities_mg_per_kg) elements.push_back(entry.first);
      unknown(path, "impurity element", element, elements);
    }
    unknown(path, "product quantity", quantity,
            {"purity", "moisture", "mass_flow", "dry_mass_flow", "compound_mass_flow", "pass", "impurity"});
  }
  unknown(path, "product sink with a specification", sink, sinks);
}

std::vector<std::string> list_products(const CaseView& view) {
  std::vector<std::string> paths;
  if (!view.plant.assessment) return paths;
  for (const auto& quality : view.assessment().products) {
    for (const auto& quantity : {"purity", "moisture", "mass_flow", "dry_mass_flow", "compound_mass_flow", "pass"}) {
      paths.push_back(fmt::format("products.{}.{}", quality.sink, quantity));
    }
    for (const auto& [element, value] : quality.impurities_mg_per_kg) {
      paths.push_back(fmt::format("products.{}.impurity.{}", quality.sink, element));
    }
  }
  return paths;
}

// compliance.<regulation>.<element>.{margin, recovery, threshold, pass} and
// compliance.recovery.<element> (to all products, basis-feed denominator).
Value compliance(const CaseView& view, std::string_view rest, std::string_view path) {
  if (!view.plant.assessment || view.plant.assessment->regulations.empty()) no_assessment(path, "compliance");
  const auto& report = view.assessment().compliance;
  const auto [first, remainder] = head(rest);
  if (first == "recovery") {
    const std::size_t e = index_in(report.elements, remainder, path, "element");
    return {report.recovery[e], "1"};
  }
  const auto [element, quantity] = head(remainder);
  std::vector<std::string> regulations{"recovery"};
  bool known = false;
  std::vector<std::string> elements;
  for (const auto& check : report.checks) {
    if (std::find(regulations.begin(), regulations.end(), check.regulation) == regulations.end()) {
      regulations.push_back(check.regulation);
    }
    if (check.regulation != first) continue;
    known = true;
    elements.push_back(check.element);
    if (check.element != element) continue;
    if (quantity == "recovery") return {check.recovery, "1"};
    if (quantity == "threshold") return {check.threshold, "1"};
    if (quantity == "pass") return {check.pass() ? 1.0 : 0.0, "1"};
    if (quantity == "margin") {
      // An element absent from the feed is not applicable: no margin.
      return {check.applicable ? check.margin() : std::numeric_limits<double>::quiet_NaN(), "1"};
    }
    unknown(path, "compliance quantity", quantity, {"margin", "recovery", "threshold", "pass"});
  }
  if (!known) unknown(path, "regulation", first, regulations);
  unknown(path, fmt::format("element regulated by {}", first), element, elements);
}

std::vector<std::string> list_compliance(const CaseView& view) {
  std::vector<std::string> paths;
  if (!view.plant.assessment || view.plant.assessment->regulations.empty()) return paths;
  const auto& report = view.assessment().compliance;
  for (const auto& element : report.elements) paths.push_back(fmt::format("compliance.recovery.{}", element));
  for (const auto& check : report.checks) {
    for (const auto& quantity : {"margin", "recovery", "threshold", "pass"}) {
      paths.push_back(fmt::format("compliance.{}.{}.{}", check.regulation, check.element, quantity));
    }
  }
  return paths;
}

// economics.{revenue, reagent_cost, utility_cost, disposal_cost, margin} (USD
// per tonne of basis feed), economics.co2e and economics.water (kg per tonne).
Value economics(const CaseView& view, std::string_view rest, std::string_view path) {
  if (!view.plant.assessment || !view.plant.assessment->has_economics) no_assessment(path, "economics");
  const auto& e = view.assessment().economics;
  if (rest == "revenue") return {e.revenue, "USD/t"};
  if (rest == "reagent_cost") return {e.reagent_cost, "USD/t"};
  if (rest == "utility_cost") return {e.utility_cost, "USD/t"};
  if (rest == "disposal_cost") return {e.disposal_cost, "USD/t"};
  if (rest == "margin") return {e.margin, "USD/t"};
  if (rest == "co2e") return {e.co2e, "kg/t"};
  if (rest == "water") return {e.water, "kg/t"};
  unknown(path, "economics quantity", rest,
          {"revenue", "reagent_cost", "utility_cost", "disposal_cost", "margin", "co2e", "water"});
}

std::vector<std::string> list_economics(const CaseView& view) {
  if (!view.plant.assessment || !view.plant.assessment->has_economics) return {};
  std::vector<std::string> paths;
  for (const auto& q : {"revenue", "reagent_cost", "utility_cost", "disposal_cost", "margin", "co2e", "water"}) {
    paths.push_back(fmt::format("economics.{}", q));
  }
  return paths;
}

const std::vector<Group>& groups() {
  static const std::vector<Group> table{
      {"recovery", recovery, list_recovery},
      {"balance", balance, list_balance},
      {"units", unit_value, list_units},
      {"streams", stream_value, list_streams},
      {"reagents", reagent, list_reagents},
      {"solver", solver, list_solver},
      {"feed", feed, list_feed},
      {"products", product, list_products},
      {"compliance", compliance, list_compliance},
      {"economics", economics, list_economics},
  };
  return table;
}

Value resolve(const CaseView& view, std::string_view path) {
  const auto [group, rest] = head(path);
  for (const auto& entry : groups()) {
    if (entry.name == group) {
      if (rest.empty()) {
        auto examples = entry.list(view);
        examples.resize(std::min<std::size_t>(examples.size(), 3));
        throw InputError(fmt::format("output '{}': incomplete path; e.g. {}", path, fmt::join(examples, ", ")));
      }
      return entry.resolve(view, rest, path);
    }
  }
  unknown(path, "output group", group, output_groups());
}

}  // namespace

const flowsheet::PlantAssessment& CaseView::assessment() const {
  if (!assessment_cache) {
    assessment_cache =
        std::make_shared<const flowsheet::PlantAssessment>(flowsheet::assess_plant(plant, solved, results));
  }
  return *assessment_cache;
}

double output_value(const CaseView& view, std::string_view path) { return resolve(view, path).value; }

std::string output_units(const CaseView& view, std::string_view path) { return resolve(view, path).units; }

std::vector<std::string> valid_output_paths(const CaseView& view) {
  std::vector<std::string> paths;
  for (const auto& group : groups()) {
    const auto listed = group.list(view);
    paths.insert(paths.end(), listed.begin(), listed.end());
  }
  return paths;
}

std::vector<std::string> output_groups() {
  std::vector<std::string> names;
  for (const auto& group : groups()) names.push_back(group.name);
  return names;
}

}  // namespace hydrosim::sweep
