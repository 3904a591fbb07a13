#include "hydrosim/io/GraphvizExport.h"

#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::io {
namespace {

constexpr double kSecondsPerHour = 3600.0;

// A DOT double-quoted string: backslash and quote escaped.
std::string dot_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string node_style(units::Role role) {
  switch (role) {
    case units::Role::kFeed: return "shape=box, style=\"rounded,filled\", fillcolor=\"#cfe8ff\"";
    case units::Role::kReagent: return "shape=parallelogram, style=filled, fillcolor=\"#fff2c2\"";
    case units::Role::kProduct: return "shape=doubleoctagon, style=filled, fillcolor=\"#c9f2c9\"";
    case units::Role::kWaste: return "shape=octagon, style=filled, fillcolor=\"#f6d0d0\"";
    case units::Role::kProcess: return "shape=box, style=filled, fillcolor=\"#eeeeee\"";
  }
  return "shape=box";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string flowsheet_dot(const flowsheet::Flowsheet& plant, const flowsheet::SolvedFlowsheet* solved) {
  std::string dot = fmt::format("digraph {} {{\n", dot_string(plant.name));
  dot += "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10, label=" + dot_string(plant.name) + "];\n";
  dot += "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];\n";
  for (const auto& unit : plant.units) {
    dot += fmt::format("  {} [label={}, {}];\n", dot_string(unit->name()),
                       dot_string(fmt::format("{}\\n{}", unit->name(), unit->type())), node_style(unit->role()));
  }
  for (const auto& connection : plant.connections) {
    std::string label = connection.name;
    if (solved != nullptr) {
      if (const auto it = solved->streams.find(connection.name); it != solved->streams.end()) {
        label += fmt::format("\\n{:.4g} kg/h", it->second.total_mass_flow() * kSecondsPerHour);
      }
    }
    dot += fmt::format("  {} -> {} [label={}];\n", dot_string(connection.from.unit), dot_string(connection.to.unit),
                       dot_string(label));
  }
  return dot + "}\n";
}

bool graphviz_available() { return std::system("command -v dot >/dev/null 2>&1") == 0; }

std::optional<std::string> render_svg(const std::string& dot_text) {
  if (!graphviz_available()) return std::nullopt;
  const auto directory = std::filesystem::temp_directory_path();
  const auto stem = fmt::format("hydrosim-graph-{}", ::getpid());
  const auto input = directory / (stem + ".dot");
  const auto output = directory / (stem + ".svg");
  const auto errors = directory / (stem + ".err");
  std::ofstream(input) << dot_text;
  const std::string command =
      fmt::format("dot -Tsvg '{}' -o '{}' 2>'{}'", input.string(), output.string(), errors.string());
  const int status = std::system(command.c_str());
  std::string svg = read_file(output);
  const std::string message = read_file(errors);
  for (const auto& path : {input, output, errors}) std::filesystem::remove(path);
  if (status != 0) throw Error(fmt::format("dot -Tsvg failed: {}", message));
  return svg;
}

}  // namespace hydrosim::io
