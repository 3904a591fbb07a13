#include "hydrosim/io/Tables.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace hydrosim::io {
namespace {

constexpr double kSecondsPerHour = 3600.0;

}  // namespace

std::string format_solver_summary(const flowsheet::SolvedFlowsheet& solved) {
  const auto& report = solved.report;
  std::string text = fmt::format("Solved in {:.3f} ms with {} unit solves; ", report.seconds * 1e3, report.unit_solves);
  if (report.loops.empty()) return text + "no recycle loops.\n";
  text += fmt::format("{} recycle loop{}:\n", report.loops.size(), report.loops.size() == 1 ? "" : "s");
  for (const auto& loop : report.loops) {
    text += fmt::format("  tear stream{} {} — {} iterations, final relative change {:.2e} (units: {})\n",
                        loop.tear_streams.size() == 1 ? "" : "s", fmt::join(loop.tear_streams, ", "), loop.iterations,
                        loop.residual, fmt::join(loop.units, " → "));
  }
  return text;
}

std::string format_recovery_table(const flowsheet::Results& results) {
  const auto& table = results.recovery;
  std::string text = "Recovery: % of each element's plant input (feeds + reagents) leaving in each sink\n";
  std::vector<std::size_t> widths;
  text += fmt::format("{:<8}", "element");
  for (const auto& sink : table.sinks) {
    const std::string header = fmt::format("{} ({})", sink.name, sink.kind);
    widths.push_back(std::max<std::size_t>(header.size(), 9) + 2);
    text += fmt::format("{:>{}}", header, widths.back());
  }
  text += "\n";
  for (std::size_t r = 0; r < table.elements.size(); ++r) {
    text += fmt::format("{:<8}", table.elements[r]);
    for (std::size_t s = 0; s < table.sinks.size(); ++s) {
      text += fmt::format(
          "{:>{}.4f}", 100.0 * table.fraction(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(s)), widths[s]);
    }
    text += "\n";
  }
  return text;
}

std::string format_balance_table(const flowsheet::Results& results) {
  const auto& balance = results.balance;
  std::string text = "Element balance (steady state)\n";
  text += fmt::format("{:<8}{:>18}{:>18}{:>14}\n", "element", "in [kg/h]", "out [kg/h]", "closure");
  for (std::size_t r = 0; r < balance.elements.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    text += fmt::format("{:<8}{:>18.8g}{:>18.8g}{:>14.2e}\n", balance.elements[r], balance.in(i)*kSecondsPerHour,
                        balance.out(i) * kSecondsPerHour, balance.closure(i));
  }
  text += fmt::format("largest element closure {:.2e}; charge closure {:.2e}\n", balance.max_closure(),
                      balance.charge_closure());
  return text;
}

std::string format_reagent_table(const flowsheet::Results& results) {
  if (results.reagents.empty()) return "";
  std::string text = "Reagents\n";
  text += fmt::format("{:<24}{:>16}{:>24}\n", "unit", "[kg/h]", fmt::format("[kg/t of {}]", results.basis_label));
  for (const auto& reagent : results.reagents) {
    const double per_tonne = results.feed_mass_flow > 0.0 ? reagent.mass_flow / results.feed_mass_flow * 1000.0 : 0.0;
    text += fmt::format("{:<24}{:>16.6g}{:>24.6g}\n", reagent.unit, reagent.mass_flow * kSecondsPerHour, per_tonne);
  }
  return text;
}

}  // namespace hydrosim::io
