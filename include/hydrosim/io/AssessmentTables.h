#pragma once
// Terminal tables of the plant assessment: products against specifications,
// recovery against regulations (pass/fail with margin), economics and footprint.
#include <string>

#include "hydrosim/flowsheet/PlantAssessment.h"

namespace hydrosim::io {

std::string format_products_table(const flowsheet::PlantAssessment& assessment);
std::string format_compliance_table(const flowsheet::PlantAssessment& assessment);
std::string format_economics_table(const flowsheet::PlantAssessment& assessment);

}  // namespace hydrosim::io
