#pragma once
// Terminal tables of the residue/effluent, water/sulfate and discharge-limit
// results (flowsheet/Residues.h). Empty strings when there is nothing to show.
#include <string>

#include "hydrosim/flowsheet/Results.h"

namespace hydrosim::io {

std::string format_residue_table(const flowsheet::Results& results);
std::string format_water_sulfate_table(const flowsheet::Results& results);
std::string format_discharge_table(const flowsheet::Results& results);

}  // namespace hydrosim::io
