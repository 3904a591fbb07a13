#pragma once
// The dose of a reagent that brings a solution to a target pH, with or
// without solids precipitating: the question behind every neutralisation,
// impurity-removal and effluent unit.
#include <map>
#include <string>
#include <vector>

#include "hydrosim/thermo/Speciation.h"

namespace hydrosim::thermo {

// What one mole of reagent adds to the component totals. Hydrogen and oxygen
// are carried by the solvent and the charge balance, so NaOH adds one Na+,
// H2SO4 one SO4-2, Na2CO3 two Na+ and one CO3-2.
struct Reagent {
  std::string name;
  std::map<std::size_t, double> components;  // master species -> mol per mol of reagent
};

// Reagent of a known name: NaOH, KOH, Ca(OH)2, CaO, Na2CO3, NH3, H2SO4, HCl.
Reagent reagent_by_name(const Database& database, std::string_view name);
std::vector<std::string> reagent_names();

struct DoseResult {
  double dose = 0.0;  // mol of reagent per kg of water
  SpeciationResult solution;
};

// Finds the dose in [0, max_dose] that gives target_ph (to 1e-6 pH units) by
// bracketed regula falsi (Illinois; bisection steps where that fails) on the
// monotone pH(dose). Throws InputError when the target is
// not reachable, naming the pH at no dose and at the maximum dose, and
// SolveError when a speciation along the way does not converge.
DoseResult dose_to_ph(Speciation& speciation, const SolutionInput& solution, const Reagent& reagent, double target_ph,
                      double max_dose);

}  // namespace hydrosim::thermo
