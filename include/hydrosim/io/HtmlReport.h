#pragma once
// A self-contained HTML report of a solved flowsheet: inline CSS, figures as
// inline SVG drawn here (recovery to products against the regulatory
// thresholds, element distribution over the sinks, economics) plus the
// Graphviz flowsheet drawing when `dot` is installed; tables of recovery,
// products and purity, compliance, economics, element balance and reagents.
#include <string>

#include "hydrosim/flowsheet/PlantAssessment.h"

namespace hydrosim::io {

struct ReportProvenance {
  std::string generated_by;  // hydrosim version that rendered the report
  std::string source;        // "flowsheet X" or "results file Y (written by hydrosim V at T), re-run"
};

std::string html_report(const flowsheet::Flowsheet& plant, const flowsheet::SolvedFlowsheet& solved,
                        const flowsheet::Results& results, const ReportProvenance& provenance);

}  // namespace hydrosim::io
