#include "hydrosim/io/SpeciationReport.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace hydrosim::io {
namespace {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

// JSON has no NaN or infinity; none should reach here, but never emit them.
std::string json_number(double value) { return std::isfinite(value) ? fmt::format("{:.10g}", value) : "null"; }

}  // namespace

std::string format_speciation(const thermo::SpeciationResult& result, const thermo::Speciation& speciation,
                              const std::string& title) {
  const auto& db = speciation.database();
  std::string text = fmt::format("Solution {} at {:.2f} °C, activity model {}\n", title, result.temperature - 273.15,
                                 speciation.activity_model().name());
  if (!result.converged) return text + result.message + "\n";
  text += fmt::format("  pH                 {:.4f}\n", result.ph);
  text += fmt::format("  ionic strength     {:.6g} mol/kg\n", result.ionic_strength);
  text += fmt::format("  water activity     {:.6f}\n", result.water_activity);
  text += fmt::format("  charge imbalance   {:.3e} eq/kg water\n", result.charge_imbalance);
  text += fmt::format("  solver             {}\n\n", result.message);

  text += "Component totals (mol/kg water)\n";
  for (const auto& [index, total] : result.component_totals) {
    if (db.species(index).name == "H+") continue;
    text += fmt::format("  {:<16}{:>14.6e}\n", db.species(index).name, total);
  }
  std::vector<thermo::SpeciesState> species = result.species;
  std::sort(species.begin(), species.end(), [](const auto& a, const auto& b) { return a.molality > b.molality; });
  text += fmt::format("\n{:<20}{:>14}{:>14}{:>10}{:>10}\n", "Species", "molality", "activity", "log m", "log γ");
  for (const auto& s : species) {
    if (s.molality < 1e-15) continue;
    text += fmt::format("{:<20}{:>14.4e}{:>14.4e}{:>10.3f}{:>10.3f}\n", db.species(s.species).name, s.molality,
                        s.activity, std::log10(s.molality), s.log_gamma);
  }
  std::vector<thermo::SaturationState> solids = result.solids;
  std::sort(solids.begin(), solids.end(),
            [](const auto& a, const auto& b) { return a.saturation_index > b.saturation_index; });
  text += fmt::format("\n{:<20}{:>9}{:>11}{:>11}   {}\n", "Saturation indices", "SI", "log IAP", "log K(T)", "");
  for (const auto& s : solids) {
    text += fmt::format("{:<20}{:>9.3f}{:>11.3f}{:>11.3f}   {}\n", db.species(s.solid).name, s.saturation_index,
                        s.saturation_index + s.log_k, s.log_k,
                        s.at_equilibrium ? fmt::format("at equilibrium: {:.6e} mol/kg precipitated", s.amount)
                                         : (s.saturation_index > 0 ? "supersaturated" : ""));
  }
  for (const auto& warning : result.warnings) text += "warning: " + warning + "\n";
  return text;
}

std::string speciation_json(const thermo::SpeciationResult& result, const thermo::Speciation& speciation) {
  const auto& db = speciation.database();
  std::string json = "{\n";
  json += fmt::format("  \"converged\": {},\n  \"message\": {},\n", result.converged ? "true" : "false",
                      json_string(result.message));
  json += fmt::format("  \"activity_model\": {},\n  \"temperature_K\": {},\n",
                      json_string(speciation.activity_model().name()), json_number(result.temperature));
  if (result.converged) {
    json += fmt::format("  \"pH\": {},\n  \"ionic_strength_mol_per_kg\": {},\n  \"water_activity\": {},\n",
                        json_number(result.ph), json_number(result.ionic_strength), json_number(result.water_activity));
    json += fmt::format("  \"charge_imbalance_eq_per_kg\": {},\n  \"iterations\": {},\n",
                        json_number(result.charge_imbalance), result.iterations);
    json += "  \"species\": [\n";
    for (std::size_t i = 0; i < result.species.size(); ++i) {
      const auto& s = result.species[i];
      json += fmt::format("    {{\"name\": {}, \"molality\": {}, \"activity\": {}, \"log_gamma\": {}}}{}\n",
                          json_string(db.species(s.species).name), json_number(s.molality), json_number(s.activity),
                          json_number(s.log_gamma), i + 1 < result.species.size() ? "," : "");
    }
    json += "  ],\n  \"solids\": [\n";
    for (std::size_t i = 0; i < result.solids.size(); ++i) {
      const auto& s = result.solids[i];
      json += fmt::format(
          "    {{\"name\": {}, \"saturation_index\": {}, \"log_k\": {}, \"at_equilibrium\": {}, "
          "\"amount_mol_per_kg\": {}}}{}\n",
          json_string(db.species(s.solid).name), json_number(s.saturation_index), json_number(s.log_k),
          s.at_equilibrium ? "true" : "false", json_number(s.amount), i + 1 < result.solids.size() ? "," : "");
    }
    json += "  ],\n";
  }
  json += "  \"warnings\": [";
  for (std::size_t i = 0; i < result.warnings.size(); ++i) {
    json += (i ? ", " : "") + json_string(result.warnings[i]);
  }
  return json + "]\n}\n";
}

}  // namespace hydrosim::io
