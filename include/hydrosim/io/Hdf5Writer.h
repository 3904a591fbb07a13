#pragma once
// Writes a run's results to HDF5 in the layout of docs/hdf5-layout.md. The
// file is written under a temporary name and renamed when complete, so a
// results file either exists whole or not at all.
#include <filesystem>

#include "hydrosim/flowsheet/Results.h"

namespace hydrosim::io {

void write_results_hdf5(const std::filesystem::path& path, const flowsheet::Flowsheet& plant,
                        const flowsheet::SolvedFlowsheet& solved, const flowsheet::Results& results);

}  // namespace hydrosim::io
