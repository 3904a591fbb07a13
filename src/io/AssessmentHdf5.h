#pragma once
// /products, /compliance and /economics groups of the results file
// (docs/hdf5-layout.md, docs/reports-compliance-economics.md). Private to io.
#include <hdf5.h>

#include "hydrosim/flowsheet/PlantAssessment.h"

namespace hydrosim::io {

void write_assessment(hid_t file, const flowsheet::PlantAssessment& assessment);

}  // namespace hydrosim::io
