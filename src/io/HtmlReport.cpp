#include "hydrosim/io/HtmlReport.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "hydrosim/io/GraphvizExport.h"
#include "hydrosim/io/Tables.h"

namespace hydrosim::io {
namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kJoulesPerKilowattHour = 3.6e6;
constexpr std::array<const char*, 10> kPalette{"#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                                               "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#d62728"};

std::string escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string percent(double fraction, int digits = 2) { return fmt::format("{:.{}f} %", 100.0 * fraction, digits); }

std::string verdict(bool pass) {
  return pass ? "<span class=\"pass\">pass</span>" : "<span class=\"fail\">FAIL</span>";
}

// Figure 1: recovery of each element into products (basis-feed denominator), with a
// tick per regulation threshold.
std::string recovery_figure(const flowsheet::PlantAssessment& assessment) {
  const auto& compliance = assessment.compliance;
  const std::size_t n = compliance.elements.size();
  if (n == 0) return "";
  const double width = 640, height = 320, left = 50, bottom = 40, top = 20;
  const double plot_height = height - bottom - top;
  const double slot = (width - left - 160) / static_cast<double>(n);
  const auto y = [&](double fraction) { return top + plot_height * (1.0 - std::clamp(fraction, 0.0, 1.05) / 1.05); };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"recovery to products\">\n",
      width, height);
  for (int tick = 0; tick <= 100; tick += 20) {
    const double ty = y(tick / 100.0);
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{:.1f}\" "
        "font-size=\"10\" text-anchor=\"end\">{}%</text>\n",
        left, ty, width - 160, ty, left - 4, ty + 3, tick);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double x = left + slot * static_cast<double>(i) + slot * 0.2;
    const double r = compliance.recovery[i];
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#4c78a8\"><title>{} {:.3f} "
        "%</title></rect>\n",
        x, y(r), slot * 0.6, y(0.0) - y(r), escape(compliance.elements[i]), 100.0 * r);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                       x + slot * 0.3, height - bottom + 14, escape(compliance.elements[i]));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"middle\">{:.1f}</text>\n",
                       x + slot * 0.3, y(r) - 3, 100.0 * r);
  }
  for (std::size_t g = 0; g < compliance.regulations.size(); ++g) {
    const auto& regulation = compliance.regulations[g];
    const char* colour = kPalette[(g + 2) % kPalette.size()];
    for (const auto& [element, threshold] : regulation.thresholds) {
      const auto it = std::find(compliance.elements.begin(), compliance.elements.end(), element);
      if (it == compliance.elements.end()) continue;
      const double x = left + slot * static_cast<double>(it - compliance.elements.begin()) + slot * 0.1;
      svg += fmt::format(
          "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2.5\" "
          "stroke-dasharray=\"{}\"><title>{} {}: {:.0f} %</title></line>\n",
          x, y(threshold), x + slot * 0.8, y(threshold), colour, g % 2 == 0 ? "none" : "5,3", escape(regulation.key),
          escape(element), 100.0 * threshold);
    }
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"/><text x=\"{}\" "
        "y=\"{}\" font-size=\"10\">{}</text>\n",
        width - 150, top + 14 * g + 5, width - 130, top + 14 * g + 5, colour, width - 126, top + 14 * g + 9,
        escape(regulation.key));
  }
  svg += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"10\" transform=\"rotate(-90 12 {})\">recovery to "
      "products [% of basis feed]</text>\n",
      12, top + plot_height * 0.9, top + plot_height * 0.9);
  return svg + "</svg>\n";
}

// Figure 2: where each element goes (share of its plant input per sink), stacked bars.
std::string distribution_figure(const flowsheet::Results& results) {
  const auto& table = results.recovery;
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < table.elements.size(); ++r) {
    const auto& headline = flowsheet::headline_elements();
    if (std::find(headline.begin(), headline.end(), table.elements[r]) != headline.end()) rows.push_back(r);
  }
  if (rows.empty() || table.sinks.empty()) return "";
  const double bar = 22, gap = 8, left = 40, chart = 420, legend = 200;
  const double height = 30 + static_cast<double>(rows.size()) * (bar + gap);
  const double legend_height = 20 + 14.0 * static_cast<double>(table.sinks.size());
  const double total_height = std::max(height, legend_height);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"element distribution over sinks\">\n",
      left + chart + legend + 20, total_height);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double y = 10 + static_cast<double>(i) * (bar + gap);
    double x = left;
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n", left - 6,
                       y + bar * 0.7, escape(table.elements[rows[i]]));
    for (std::size_t s = 0; s < table.sinks.size(); ++s) {
      const double f = table.fraction(static_cast<Eigen::Index>(rows[i]), static_cast<Eigen::Index>(s));
      if (f <= 0.0) continue;
      const double w = chart * std::min(f, 1.0);
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"{}\" fill=\"{}\"><title>{} → {}: {:.3f} "
          "%</title></rect>\n",
          x, y, w, bar, kPalette[s % kPalette.size()], escape(table.elements[rows[i]]), escape(table.sinks[s].name),
          100.0 * f);
      x += w;
    }
  }
  for (std::size_t s = 0; s < table.sinks.size(); ++s) {
    const double y = 10 + 14.0 * static_cast<double>(s);
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{:.1f}\" "
        "font-size=\"10\">{} ({})</text>\n",
        left + chart + 20, y, kPalette[s % kPalette.size()], left + chart + 34, y + 9, escape(table.sinks[s].name),
        escape(table.sinks[s].kind));
  }
  return svg + "</svg>\n";
}

// Figure 3: revenue per product and cost per category, USD per tonne of basis feed.
std::string economics_figure(const flowsheet::PlantAssessment& assessment) {
  if (!assessment.has_economics) return "";
  const auto& economics = assessment.economics;
  std::vector<std::pair<std::string, double>> bars;
  for (const auto& line : economics.lines) {
    if (line.category == "revenue") bars.emplace_back(line.item, line.usd_per_tonne);
  }
  bars.emplace_back("reagents", -economics.reagent_cost);
  bars.emplace_back("utilities", -economics.utility_cost);
  bars.emplace_back("disposal", -economics.disposal_cost);
  bars.emplace_back("margin", economics.margin);
  double scale = 1.0;
  for (const auto& [name, value] : bars) scale = std::max(scale, std::abs(value));
  const double left = 150, chart = 420, bar = 18, gap = 6;
  const double zero = left + chart * 0.3;
  const double unit = chart * 0.7 / scale;
  const double height = 20 + static_cast<double>(bars.size()) * (bar + gap);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"economics per tonne\">\n",
      left + chart + 90, height);
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"0\" x2=\"{0:.1f}\" y2=\"{1}\" stroke=\"#333\"/>\n", zero, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& [name, value] = bars[i];
    const double y = 10 + static_cast<double>(i) * (bar + gap);
    const double w = std::abs(value) * unit;
    const double x = value >= 0.0 ? zero : zero - w;
    const char* colour = name == "margin" ? "#4c78a8" : value >= 0.0 ? "#54a24b" : "#e45756";
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"{}\" fill=\"{}\"/><text x=\"{}\" y=\"{:.1f}\" "
        "font-size=\"10\" text-anchor=\"end\">{}</text><text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\">{:.0f}</text>\n",
        x, y, w, bar, colour, left - 6, y + bar * 0.7, escape(name), std::max(x + w, zero) + 4, y + bar * 0.7, value);
  }
  return svg + "</svg>\n";
}

// The inline SVG of the flowsheet drawing, without its XML prolog; "" without dot.
std::string flowsheet_figure(const flowsheet::Flowsheet& plant, const flowsheet::SolvedFlowsheet& solved) {
  const auto svg = render_svg(flowsheet_dot(plant, &solved));
  if (!svg) return "";
  const std::size_t start = svg->find("<svg");
  return start == std::string::npos ? "" : svg->substr(start);
}

std::string recovery_table(const flowsheet::Results& results) {
  const auto& table = results.recovery;
  std::string html = "<table><tr><th>element</th>";
  for (const auto& sink : table.sinks)
    html += fmt::format("<th>{}<br><small>{}</small></th>", escape(sink.name), sink.kind);
  html += "</tr>\n";
  for (std::size_t r = 0; r < table.elements.size(); ++r) {
    html += fmt::format("<tr><td>{}</td>", escape(table.elements[r]));
    for (std::size_t s = 0; s < table.sinks.size(); ++s) {
      html += fmt::format("<td>{:.3f}</td>",
                          100.0 * table.fraction(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(s)));
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string products_section(const flowsheet::PlantAssessment& assessment) {
  if (assessment.products.empty()) return "<p>No product sink names a specification.</p>\n";
  std::string html;
  for (const auto& product : assessment.products) {
    html += fmt::format(
        "<h3>{} — {} against {} ({})</h3>\n<p>{:.6g} kg/h as it leaves; purity {} (dry basis), moisture {}; "
        "overall {}</p>\n<table><tr><th>quantity</th><th>value</th><th>limit</th><th>limit verified</th>"
        "<th>result</th></tr>\n",
        escape(product.sink), escape(product.compound), escape(product.specification), escape(product.standard),
        product.mass_flow * kSecondsPerHour, percent(product.purity, 3), percent(product.moisture, 3),
        verdict(product.pass()));
    for (const auto& check : product.checks) {
      const bool mg = check.units == "mg/kg";
      html += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>\n", escape(check.quantity),
          mg ? fmt::format("{:.4g} mg/kg", check.value) : percent(check.value, 3), check.is_minimum ? "&ge;" : "&le;",
          mg ? fmt::format("{:.4g} mg/kg", check.limit) : percent(check.limit, 2),
          check.verified ? "yes" : "<span class=\"warn\">no</span>", verdict(check.pass()));
    }
    html += "</table>\n";
  }
  return html;
}

std::string compliance_section(const flowsheet::PlantAssessment& assessment) {
  const auto& compliance = assessment.compliance;
  std::string html = fmt::format(
      "<p>Recovery = element in the product sinks whose compound contains it (impurities do not count) / element "
      "in the basis feed <code>{}</code>; margin = recovery "
      "&minus; threshold. Thresholds from <code>{}</code>, version {}.</p>\n",
      escape(assessment.basis_label), escape(compliance.regulations_file), escape(compliance.regulations_version));
  html +=
      "<table><tr><th>regulation</th><th>element</th><th>recovery</th><th>threshold</th><th>margin</th>"
      "<th>result</th></tr>\n";
  for (const auto& check : compliance.checks) {
    if (!check.applicable) {
      html += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>&ndash;</td><td>{}</td><td>&ndash;</td><td>n/a (not in "
          "feed)</td></tr>\n",
          escape(check.regulation), escape(check.element), percent(check.threshold, 1));
      continue;
    }
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:+.3f} %</td><td>{}</td></tr>\n",
                        escape(check.regulation), escape(check.element), percent(check.recovery, 3),
                        percent(check.threshold, 1), 100.0 * check.margin(), verdict(check.pass()));
  }
  html += "</table>\n<ul>\n";
  for (const auto& regulation : compliance.regulations) {
    html += fmt::format("<li><b>{}</b>: {} — {}</li>\n", escape(regulation.key), escape(regulation.title),
                        escape(regulation.citation));
  }
  return html + "</ul>\n";
}

std::string economics_section(const flowsheet::PlantAssessment& assessment) {
  if (!assessment.has_economics) return "<p>The flowsheet has no <code>economics:</code> block.</p>\n";
  const auto& economics = assessment.economics;
  std::string html = fmt::format(
      "<p>Per tonne of <code>{}</code>; price deck <code>{}</code> (version {}, dated {}). Prices marked "
      "<span class=\"warn\">unverified</span> are placeholders or overrides.</p>\n<table><tr><th>category</th>"
      "<th>item</th><th>priced as</th><th>quantity per t</th><th>USD per t</th><th>price verified</th><th>kg CO2e "
      "per t</th></tr>\n",
      escape(assessment.basis_label), escape(economics.deck_origin), escape(economics.deck_version),
      escape(economics.deck_date));
  for (const auto& line : economics.lines) {
    const std::string quantity = line.quantity_units == "J"
                                     ? fmt::format("{:.4g} kWh", line.quantity_per_tonne / kJoulesPerKilowattHour)
                                     : fmt::format("{:.4g} {}", line.quantity_per_tonne, line.quantity_units);
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2f}</td><td>{}</td><td>{}</td></tr>\n",
                        line.category, escape(line.item), escape(line.priced_as), quantity, line.usd_per_tonne,
                        line.price_verified ? "yes" : "<span class=\"warn\">no</span>",
                        line.has_emission_factor ? fmt::format("{:.4g}", line.co2e_kg_per_tonne) : "&ndash;");
  }
  html += fmt::format(
      "</table>\n<p><b>Revenue</b> {:.2f}, <b>reagents</b> {:.2f}, <b>utilities</b> {:.2f}, <b>disposal</b> {:.2f} "
      "&rarr; <b>margin {:.2f} USD/t</b>; footprint {:.4g} kg CO2e/t (reagents and utilities); water brought in by "
      "reagents and other feeds {:.6g} kg/t.</p>\n",
      economics.revenue, economics.reagent_cost, economics.utility_cost, economics.disposal_cost, economics.margin,
      economics.co2e, economics.water);
  if (!economics.unpriced.empty()) {
    html += "<p>Not priced:</p><ul>";
    for (const auto& item : economics.unpriced) html += "<li>" + escape(item) + "</li>";
    html += "</ul>\n";
  }
  return html;
}

std::string balance_table(const flowsheet::Results& results) {
  const auto& balance = results.balance;
  std::string html = "<table><tr><th>element</th><th>in [kg/h]</th><th>out [kg/h]</th><th>closure</th></tr>\n";
  for (std::size_t r = 0; r < balance.elements.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    html +=
        fmt::format("<tr><td>{}</td><td>{:.8g}</td><td>{:.8g}</td><td>{:.2e}</td></tr>\n", escape(balance.elements[r]),
                    balance.in(i)*kSecondsPerHour, balance.out(i) * kSecondsPerHour, balance.closure(i));
  }
  html += fmt::format("</table>\n<p>Largest element closure {:.2e}; charge closure {:.2e}.</p>\n",
                      balance.max_closure(), balance.charge_closure());
  return html;
}

std::string reagent_table(const flowsheet::Results& results) {
  std::string html = fmt::format("<table><tr><th>reagent unit</th><th>kg/h</th><th>kg per t of {}</th></tr>\n",
                                 escape(results.basis_label));
  for (const auto& reagent : results.reagents) {
    const double per_tonne = results.feed_mass_flow > 0.0 ? reagent.mass_flow / results.feed_mass_flow * 1e3 : 0.0;
    html += fmt::format("<tr><td>{}</td><td>{:.6g}</td><td>{:.6g}</td></tr>\n", escape(reagent.unit),
                        reagent.mass_flow * kSecondsPerHour, per_tonne);
  }
  return html + "</table>\n";
}

std::string figure(std::string_view id, std::string_view svg, std::string_view caption) {
  if (svg.empty()) return "";
  return fmt::format("<figure id=\"{}\">\n{}<figcaption>{}</figcaption>\n</figure>\n", id, svg, caption);
}

constexpr std::string_view kStyle =
    R"(body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0;font-size:.85em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}.pass{color:#1a7f37;font-weight:bold}
.fail{color:#c62828;font-weight:bold}.warn{color:#b26a00}figure{margin:1em 0}figcaption{font-size:.85em;color:#555}
.summary{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:12em}
code{background:#f6f6f6;padding:0 .2em}pre{background:#f6f6f6;padding:.5em;font-size:.8em;overflow-x:auto})";

}  // namespace

std::string html_report(const flowsheet::Flowsheet& plant, const flowsheet::SolvedFlowsheet& solved,
                        const flowsheet::Results& results, const ReportProvenance& provenance) {
  const bool assessed = plant.assessment != nullptr;
  flowsheet::PlantAssessment assessment;
  if (assessed) assessment = flowsheet::assess_plant(plant, solved, results);
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>hydrosim report — {0}</title>\n"
      "<style>\n{1}\n</style>\n</head>\n<body>\n<h1>hydrosim report — {0}</h1>\n<p>{2}</p>\n<p><small>Source: {3}. "
      "Rendered by hydrosim {4}.</small></p>\n",
      escape(plant.name), kStyle, escape(plant.description), escape(provenance.source),
      escape(provenance.generated_by));
  if (!plant.overrides.empty()) {
    html += "<p>Overrides:</p><ul>";
    for (const auto& option : plant.overrides) html += "<li><code>--set " + escape(option) + "</code></li>";
    html += "</ul>\n";
  }
  if (assessed) {
    int passed = 0;
    int applicable = 0;
    for (const auto& check : assessment.compliance.checks) {
      if (!check.applicable) continue;
      ++applicable;
      if (check.pass()) ++passed;
    }
    int products_pass = 0;
    for (const auto& product : assessment.products) products_pass += product.pass() ? 1 : 0;
    html += "<div class=\"summary\">\n";
    html += fmt::format("<div class=\"card\">Compliance checks passed<br><b>{} of {}</b></div>\n", passed, applicable);
    html += fmt::format("<div class=\"card\">Products within specification<br><b>{} of {}</b></div>\n", products_pass,
                        assessment.products.size());
    if (assessment.has_economics) {
      html += fmt::format("<div class=\"card\">Margin<br><b>{:.0f} USD/t</b></div>\n", assessment.economics.margin);
      html +=
          fmt::format("<div class=\"card\">Footprint<br><b>{:.0f} kg CO2e/t</b></div>\n", assessment.economics.co2e);
    }
    html += "</div>\n";
  }
  html += "<section id=\"flowsheet\">\n<h2>Flowsheet</h2>\n";
  const std::string drawing = flowsheet_figure(plant, solved);
  html += drawing.empty() ? "<p>Graphviz <code>dot</code> is not installed: no flowsheet drawing "
                            "(<code>hydrosim graph</code> writes the DOT file).</p>\n"
                          : figure("figure-flowsheet", drawing, "Units and streams with mass flows (Graphviz).");
  html += "<pre>" + escape(format_solver_summary(solved)) + "</pre>\n</section>\n";
  html += "<section id=\"recovery\">\n<h2>Recovery</h2>\n";
  if (assessed) {
    html += figure("figure-recovery", recovery_figure(assessment),
                   "Recovery of each element into the products, % of the element in the basis feed, with the "
                   "regulatory thresholds checked (one line style per regulation).");
  }
  html += figure("figure-distribution", distribution_figure(results),
                 "Where each element goes: share of its plant input (feeds + reagents) leaving in each sink.");
  html += "<p>Share of each element's plant input (feeds + reagents) leaving in each sink, %:</p>\n" +
          recovery_table(results) + "</section>\n";
  if (assessed) {
    html += "<section id=\"products\">\n<h2>Products and purity</h2>\n" + products_section(assessment) + "</section>\n";
    html += "<section id=\"compliance\">\n<h2>Compliance</h2>\n" + compliance_section(assessment) + "</section>\n";
    html += "<section id=\"economics\">\n<h2>Economics and footprint</h2>\n" +
            figure("figure-economics", economics_figure(assessment),
                   "Revenue per product and costs per category, USD per tonne of basis feed.") +
            economics_section(assessment) + "</section>\n";
  }
  html += "<section id=\"balance\">\n<h2>Element balance</h2>\n" + balance_table(results) + "</section>\n";
  html += "<section id=\"reagents\">\n<h2>Reagents</h2>\n" + reagent_table(results) + "</section>\n";
  return html + "</body>\n</html>\n";
}

}  // namespace hydrosim::io
