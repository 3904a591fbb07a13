#pragma once
// What an engineer reads after a run: element balances of the whole plant,
// the recovery of each element into each product and waste sink, reagent use.
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "hydrosim/flowsheet/Residues.h"
#include "hydrosim/flowsheet/Solver.h"

namespace hydrosim::flowsheet {

struct ElementBalance {
  std::vector<std::string> elements;  // every element that enters or leaves
  Eigen::VectorXd in;                 // kg/s, feeds + reagents
  Eigen::VectorXd out;                // kg/s, product + waste sinks
  Eigen::VectorXd closure;            // (in − out) / max(in, out), 0 when both are 0
  double charge_in = 0.0;             // mol/s of elementary charge
  double charge_out = 0.0;
  double max_closure() const;
  double charge_closure() const;  // relative to the total ionic flow through the sinks and feeds
  double ionic_flow = 0.0;        // Σ|z|·n over feeds and sinks, the scale of charge_closure
};

struct SinkSummary {
  std::string name;
  std::string kind;  // "product" or "waste"
  std::string description;
  double mass_flow = 0.0;  // kg/s
};

struct RecoveryTable {
  std::vector<std::string> elements;  // rows
  std::vector<SinkSummary> sinks;     // columns, products first, in file order
  Eigen::MatrixXd fraction;           // element × sink: share of the element's input
};

struct ReagentUse {
  std::string unit;
  double mass_flow = 0.0;  // kg/s
};

struct Results {
  ElementBalance balance;
  RecoveryTable recovery;
  std::vector<ReagentUse> reagents;
  double feed_mass_flow = 0.0;  // kg/s of the basis feed (Flowsheet::basis_feed), or of all Feed units
  std::string basis_label;      // what feed_mass_flow measures, for table headers
  ResidueTables residues;       // residues and effluents per tonne, water/sulfate, discharge checks
};

Results compute_results(const Flowsheet& plant, const SolvedFlowsheet& solved);

// Elements listed first in tables, in this order, when present.
const std::vector<std::string>& headline_elements();

}  // namespace hydrosim::flowsheet
