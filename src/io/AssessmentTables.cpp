#include "hydrosim/io/AssessmentTables.h"

#include <fmt/format.h>

namespace hydrosim::io {
namespace {

constexpr double kJoulesPerKilowattHour = 3.6e6;

std::string format_value(const flowsheet::QualityCheck& check) {
  if (check.units == "mg/kg") return fmt::format("{:.4g} mg/kg", check.value);
  return fmt::format("{:.4f} %", 100.0 * check.value);
}

std::string format_limit(const flowsheet::QualityCheck& check) {
  const std::string sign = check.is_minimum ? ">=" : "<=";
  if (check.units == "mg/kg") return fmt::format("{} {:.4g} mg/kg", sign, check.limit);
  return fmt::format("{} {:.2f} %", sign, 100.0 * check.limit);
}

}  // namespace

std::string format_products_table(const flowsheet::PlantAssessment& assessment) {
  if (assessment.products.empty()) return "";
  std::string text = "Products against specifications (dry basis; limits marked * are unverified)\n";
  for (const auto& product : assessment.products) {
    text += fmt::format("  {} — {} ({}), {:.6g} kg/h, purity {:.4f} %, moisture {:.4f} % — {}\n", product.sink,
                        product.compound, product.standard, product.mass_flow * 3600.0, 100.0 * product.purity,
                        100.0 * product.moisture, product.pass() ? "PASS" : "FAIL");
    for (const auto& check : product.checks) {
      text += fmt::format("    {:<12}{:>18}{:>20}{:>2}  {}\n", check.quantity, format_value(check), format_limit(check),
                          check.verified ? "" : "*", check.pass() ? "pass" : "FAIL");
    }
  }
  return text;
}

std::string format_compliance_table(const flowsheet::PlantAssessment& assessment) {
  const auto& compliance = assessment.compliance;
  if (compliance.regulations.empty()) return "";
  std::string text = fmt::format(
      "Compliance: recovery = element in products whose compound contains it / element in the basis feed ({}); "
      "thresholds from {} (version {})\n",
      assessment.basis_label, compliance.regulations_file, compliance.regulations_version);
  text += fmt::format("{:<22}{:<8}{:>12}{:>12}{:>12}  {}\n", "regulation", "element", "recovery", "threshold", "margin",
                      "result");
  for (const auto& check : compliance.checks) {
    if (!check.applicable) {
      text += fmt::format("{:<22}{:<8}{:>12}{:>11.1f}%{:>12}  n/a (not in the feed)\n", check.regulation, check.element,
                          "-", 100.0 * check.threshold, "-");
      continue;
    }
    text += fmt::format("{:<22}{:<8}{:>11.4f}%{:>11.1f}%{:>+11.4f}%  {}\n", check.regulation, check.element,
                        100.0 * check.recovery, 100.0 * check.threshold, 100.0 * check.margin(),
                        check.pass() ? "pass" : "FAIL");
  }
  return text;
}

std::string format_economics_table(const flowsheet::PlantAssessment& assessment) {
  if (!assessment.has_economics) return "";
  const auto& economics = assessment.economics;
  std::string text =
      fmt::format("Economics and footprint per t of {} (price deck {}, dated {}; * = unverified price)\n",
                  assessment.basis_label, economics.deck_origin, economics.deck_date);
  text += fmt::format("{:<10}{:<24}{:<26}{:>16}{:>14}{:>16}\n", "category", "item", "priced as", "quantity/t", "USD/t",
                      "kg CO2e/t");
  for (const auto& line : economics.lines) {
    const std::string quantity = line.quantity_units == "J"
                                     ? fmt::format("{:.4g} kWh", line.quantity_per_tonne / kJoulesPerKilowattHour)
                                     : fmt::format("{:.4g} {}", line.quantity_per_tonne, line.quantity_units);
    text += fmt::format("{:<10}{:<24}{:<26}{:>16}{:>13.2f}{}{:>16}\n", line.category, line.item, line.priced_as,
                        quantity, line.usd_per_tonne, line.price_verified ? " " : "*",
                        line.has_emission_factor ? fmt::format("{:.4g}", line.co2e_kg_per_tonne) : "-");
  }
  text += fmt::format(
      "revenue {:.2f}, reagents {:.2f}, utilities {:.2f}, disposal {:.2f} → margin {:.2f} USD/t; "
      "{:.4g} kg CO2e/t (reagents + utilities)\n",
      economics.revenue, economics.reagent_cost, economics.utility_cost, economics.disposal_cost, economics.margin,
      economics.co2e);
  text += fmt::format("water brought in by reagents and other feeds: {:.6g} kg/t\n", economics.water);
  if (economics.unverified_prices > 0) {
    text += fmt::format("{} of the prices used are unverified placeholders or overrides (see the price deck)\n",
                        economics.unverified_prices);
  }
  for (const auto& item : economics.unpriced) text += fmt::format("not priced: {}\n", item);
  return text;
}

}  // namespace hydrosim::io
