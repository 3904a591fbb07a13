#pragma once
// The flowsheet as a Graphviz DOT graph: one node per unit (shape and colour by
// role: feed, reagent, process, product, waste), one edge per stream, labelled
// with its name and, for a solved flowsheet, its mass flow in kg/h.
#include <filesystem>
#include <optional>
#include <string>

#include "hydrosim/flowsheet/Flowsheet.h"
#include "hydrosim/flowsheet/Solver.h"

namespace hydrosim::io {

std::string flowsheet_dot(const flowsheet::Flowsheet& plant, const flowsheet::SolvedFlowsheet* solved = nullptr);

// True when the Graphviz `dot` program is on the PATH.
bool graphviz_available();

// Runs `dot -Tsvg` on `dot_text`; nullopt when dot is missing. Throws Error
// with dot's message when dot rejects the graph.
std::optional<std::string> render_svg(const std::string& dot_text);

}  // namespace hydrosim::io
