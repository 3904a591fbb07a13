#include "hydrosim/io/ResidueTables.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace hydrosim::io {
namespace {

constexpr double kSecondsPerHour = 3600.0;

}  // namespace

std::string format_residue_table(const flowsheet::Results& results) {
  const auto& rows = results.residues.residues;
  if (rows.empty()) return "";
  std::string text = fmt::format("Residues and effluents per tonne of {} (waste sinks)\n", results.basis_label);
  text += fmt::format("{:<22}{:>10}{:>14}{:>14}{:>12}{:>12}  {}\n", "sink", "category", "wet [kg/t]", "dry [kg/t]",
                      "liquid [%]", "[kg/h]", "main elements of the dry matter (wt%)");
  for (const auto& row : rows) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < std::min<std::size_t>(row.composition.size(), 5); ++i) {
      parts.push_back(fmt::format("{} {:.3g}", row.composition[i].first, 100.0 * row.composition[i].second));
    }
    text +=
        fmt::format("{:<22}{:>10}{:>14.6g}{:>14.6g}{:>12.2f}{:>12.6g}  {}\n", row.sink, row.category, row.per_tonne_wet,
                    row.per_tonne_dry, 100.0 * row.moisture, row.total * kSecondsPerHour, fmt::join(parts, ", "));
    for (const auto& flag : row.flags) text += fmt::format("{:<22}classification flag: {}\n", "", flag);
  }
  if (!results.residues.thresholds_source.empty()) {
    text += fmt::format("classification thresholds: {}\n", results.residues.thresholds_source);
  }
  return text;
}

std::string format_water_sulfate_table(const flowsheet::Results& results) {
  const auto& tables = results.residues;
  if (tables.water_sulfate.empty()) return "";
  const double basis = results.feed_mass_flow > 0.0 ? 1000.0 / results.feed_mass_flow : 0.0;
  std::string text =
      fmt::format("Water and sulfate (SO4 equivalent of all S), kg per tonne of {}\n", results.basis_label);
  text += fmt::format("{:<36}{:>6}{:>16}{:>16}\n", "stream", "", "H2O [kg/t]", "SO4 [kg/t]");
  for (const auto& row : tables.water_sulfate) {
    text +=
        fmt::format("{:<36}{:>6}{:>16.6g}{:>16.6g}\n", row.name, row.direction, row.water * basis, row.sulfate * basis);
  }
  text +=
      fmt::format("{:<36}{:>6}{:>16.6g}{:>16.6g}\n", "total", "in", tables.water_in * basis, tables.sulfate_in * basis);
  text += fmt::format("{:<36}{:>6}{:>16.6g}{:>16.6g}\n", "total", "out", tables.water_out * basis,
                      tables.sulfate_out * basis);
  text += fmt::format("water formed (+) or bound (−) by reactions and hydrates: {:.6g} kg/t\n",
                      (tables.water_out - tables.water_in) * basis);
  return text;
}

std::string format_discharge_table(const flowsheet::Results& results) {
  const auto& checks = results.residues.discharge;
  if (checks.empty()) return "";
  std::string text;
  for (const auto& check : checks) {
    const auto& r = check.result;
    text += fmt::format("Discharge check '{}' against {} — {}\n", check.unit, r.standard, r.pass() ? "PASS" : "FAIL");
    text += fmt::format("  {}\n", r.title);
    text += fmt::format("  {:<10}{:>16}{:>14}{:>8}{:>12}\n", "item", "value", "limit", "", "verified");
    if (r.ph) {
      text += fmt::format("  {:<10}{:>16.3f}{:>14}{:>8}{:>12}\n", "pH", *r.ph, fmt::format("{}-{}", r.ph_min, r.ph_max),
                          r.ph_pass ? "pass" : "FAIL", "");
    } else {
      text += fmt::format("  {:<10}{:>16}{:>14}{:>8}{:>12}\n", "pH", "not computed",
                          fmt::format("{}-{}", r.ph_min, r.ph_max), "FAIL", "");
    }
    for (const auto& item : r.items) {
      text += fmt::format("  {:<10}{:>11.4g} mg/L{:>9.4g} mg/L{:>8}{:>12}\n", item.element, item.concentration,
                          item.limit, item.pass ? "pass" : "FAIL", item.verified ? "yes" : "NO");
    }
  }
  return text;
}

}  // namespace hydrosim::io
