#include "hydrosim/units/DischargeCheck.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/thermo/AqueousPhase.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/PrecipitationSupport.h"

namespace hydrosim::units {

bool DischargeResult::pass() const {
  // A pH that could not be computed is not a pass: the check cannot confirm compliance.
  return ph.has_value() && ph_pass &&
         std::all_of(items.begin(), items.end(), [](const auto& item) { return item.pass; });
}

std::filesystem::path limits_directory(const thermo::Database& database) {
  const auto& files = database.files();
  return (files.empty() ? thermo::Database::default_data_dir() : files.front().parent_path()) / "limits";
}

void DischargeCheck::configure(const io::ParameterReader& parameters,
                               const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  equilibria_ = shared_equilibria(database);
  std::filesystem::path file = limits_directory(*database) / "discharge-limits.yaml";
  if (parameters.has("limits_file")) {
    file = parameters.text("limits_file");
    if (file.is_relative()) {
      file = std::filesystem::path(parameters.document().origin()).parent_path() / file;
    }
  }
  if (!std::filesystem::exists(file)) {
    parameters.fail(parameters.has("limits_file") ? "limits_file" : "standard",
                    fmt::format("discharge-limits file '{}' not found", file.string()));
  }
  const auto document = io::YamlDocument::load_file(file);
  const io::ParameterReader root(document, document.root(), "");
  const auto standards = root.child("standards");
  const std::string key = parameters.text("standard");
  const auto names = standards.keys();
  if (std::find(names.begin(), names.end(), key) == names.end()) {
    parameters.fail("standard",
                    fmt::format("no standard '{}' in {}; available: {}", key, file.string(), fmt::join(names, ", ")));
  }
  const auto standard = standards.child(key);
  result_.standard = key;
  result_.title = standard.text("title");
  standard.accept("tables");
  standard.accept("source");
  if (standard.has("ph")) {
    const auto range = standard.text_list("ph");
    if (range.size() != 2) standard.fail("ph", "give [min, max]");
    result_.ph_min = std::stod(range[0]);
    result_.ph_max = std::stod(range[1]);
  }
  const auto limits = standard.child("limits");
  for (const auto& symbol : limits.keys()) {
    const auto entry = limits.child(symbol);
    const auto index = database->element_index(symbol);
    const double value = entry.number("value", 0.0, 1e6);
    const bool verified = entry.choice("verified", {"true", "false"}) == "true";
    entry.finish("a discharge limit");
    // An element no species contains can never be present: it always passes.
    if (index) limits_.push_back({symbol, *index, value, verified});
  }
  standard.finish("a discharge standard");
}

std::vector<PortSpec> DischargeCheck::ports() const {
  return {{"in", PortDirection::kInlet}, {"out", PortDirection::kOutlet}};
}

void DischargeCheck::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = {};
  const thermo::Stream& stream = *inlets.at("in").front();
  const double volume = stream.aqueous_volume_flow();  // m³/s
  const Eigen::VectorXd masses = stream.element_mass_flows();
  result_.items.clear();
  for (const auto& limit : limits_) {
    DischargeItem item{limit.element, 0.0, limit.value, limit.verified, true};
    // kg/s ÷ m³/s = kg/m³ = g/L; ×1000 for mg/L.
    if (volume > 0.0) item.concentration = masses(static_cast<Eigen::Index>(limit.index)) / volume * 1e3;
    item.pass = item.concentration <= item.limit;
    report_.values.push_back({fmt::format("concentration[{}]", item.element), item.concentration * 1e-3, "kg/m^3"});
    report_.values.push_back({fmt::format("limit[{}]", item.element), item.limit * 1e-3, "kg/m^3"});
    report_.values.push_back({fmt::format("pass[{}]", item.element), item.pass ? 1.0 : 0.0, "1"});
    if (!item.pass) {
      report_.warnings.push_back(fmt::format("{} {:.4g} mg/L exceeds the {} limit of {:.4g} mg/L", item.element,
                                             item.concentration, result_.standard, item.limit));
    }
    result_.items.push_back(item);
  }
  result_.ph.reset();
  result_.ph_pass = true;
  if (thermo::water_mass_flow(stream) > 0.0) {
    try {
      auto solution = thermo::solution_of(stream, *equilibria_);
      thermo::Speciation speciation(database_, equilibria_);
      auto speciated = speciation.solve(solution.input);
      if (!speciated.converged) {
        // Trace components can stop the speciation (docs, known issues): retry without them.
        const auto dropped = drop_traces(*database_, *equilibria_, solution.input, 1e-4);
        if (!dropped.empty()) {
          speciated = speciation.solve(solution.input);
          if (speciated.converged) {
            report_.warnings.push_back(fmt::format(
                "the pH was computed without the trace components {} (< 1e-4 mol/kg)", fmt::join(dropped, ", ")));
          }
        }
      }
      if (speciated.converged) {
        result_.ph = speciated.ph;
        result_.ph_pass = speciated.ph >= result_.ph_min && speciated.ph <= result_.ph_max;
        report_.values.push_back({"pH", speciated.ph, "1"});
        report_.values.push_back({"pass[pH]", result_.ph_pass ? 1.0 : 0.0, "1"});
      } else {
        report_.warnings.push_back("the pH could not be computed: " + speciated.message);
      }
    } catch (const Error& error) {
      report_.warnings.push_back(std::string("the pH could not be computed: ") + error.what());
    }
  }
  report_.values.push_back({"pass", result_.pass() ? 1.0 : 0.0, "1"});
  outlets.insert_or_assign("out", stream);
}

}  // namespace hydrosim::units
