#pragma once
// /residues, /water_sulfate and /discharge groups of the results file
// (docs/hdf5-layout.md, docs/precipitation-and-effluent.md).
#include <hdf5.h>

#include "hydrosim/flowsheet/Results.h"

namespace hydrosim::io {

void write_residue_groups(hid_t file, const flowsheet::Results& results);

}  // namespace hydrosim::io
