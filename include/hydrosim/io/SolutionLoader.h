#pragma once
// Reads a solution for `hydrosim speciate` from YAML:
//
//   temperature: "25 degC"
//   activity_model: davies          # davies | b-dot | sit
//   pH: 2.0                         # optional: fixed pH instead of the charge balance
//   totals:                         # per kg of water: mol/kg, mmol/kg; or per litre
//     Li: "0.2 mol/kg"              #   (mol/L, g/L, mg/L, converted with the water density)
//     SO4-2: "9.6 g/L"              # element symbols or master species names
//   equilibrium_solids: [CaSO4:2H2O]  # optional: solids allowed to precipitate/dissolve
#include <filesystem>
#include <string>

#include "hydrosim/thermo/Speciation.h"

namespace hydrosim::io {

struct SolutionSpec {
  thermo::SolutionInput input;
  std::string activity_model = "davies";
  std::string origin;
};

SolutionSpec load_solution(const std::filesystem::path& path, const thermo::Database& database,
                           const thermo::EquilibriumData& equilibria);

}  // namespace hydrosim::io
