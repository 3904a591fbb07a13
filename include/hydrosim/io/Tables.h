#pragma once
// Plain-text tables for the terminal: recovery, element balance, reagents,
// solver summary. The recovery table prints percentages with 4 decimals; the
// HDF5 file holds the same numbers unrounded.
#include <string>

#include "hydrosim/flowsheet/Results.h"

namespace hydrosim::io {

std::string format_solver_summary(const flowsheet::SolvedFlowsheet& solved);
std::string format_recovery_table(const flowsheet::Results& results);
std::string format_balance_table(const flowsheet::Results& results);
std::string format_reagent_table(const flowsheet::Results& results);

}  // namespace hydrosim::io
