#pragma once
// Speciation results for people (a PHREEQC-like text report) and for
// programs (JSON).
#include <string>

#include "hydrosim/thermo/Speciation.h"

namespace hydrosim::io {

std::string format_speciation(const thermo::SpeciationResult& result, const thermo::Speciation& speciation,
                              const std::string& title);
std::string speciation_json(const thermo::SpeciationResult& result, const thermo::Speciation& speciation);

}  // namespace hydrosim::io
