#pragma once
// The bridge between a Stream (molar flows of species) and the speciation
// solver (component totals per kg of water), and the exact bookkeeping of
// solids leaving or entering the aqueous phase. Units that equilibrate a
// solution (precipitation, leaching, effluent treatment) use these so that
// every element and the charge stay conserved to rounding.
#include <optional>
#include <string>
#include <vector>

#include "hydrosim/thermo/EquilibriumData.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/thermo/Stream.h"

namespace hydrosim::thermo {

// kg/s of liquid water (the H2O species) in the stream.
double water_mass_flow(const Stream& stream);

struct StreamSolution {
  SolutionInput input;                // totals in mol/kg water, temperature of the stream
  std::vector<std::string> warnings;  // species counted by their elements (no formation reaction)
};

// Component totals of the stream's aqueous phase. Each aqueous species counts
// as its formation reaction from the master species (NiSO4(aq) → Ni+2 +
// SO4-2); a species without one counts by its elements' default masters,
// with a warning. H+ and H2O are left out: the charge balance and the solvent
// account for them. A liquid-phase inorganic species (H2SO4 fed neat) counts
// as dissolved: the default masters of its elements other than H and O, with
// water and H+ making up O and H (H2SO4 = 2 H+ + SO4-2); one that cannot be
// written so exactly is not counted, with a warning naming it.
// Throws InputError when the stream holds no water.
StreamSolution solution_of(const Stream& stream, const EquilibriumData& equilibria);

// Rewrites every aqueous species that has a formation reaction as its master
// species (with H2O and H+ from the reaction; a net H+ deficit is carried as
// OH-), and every neat liquid solute that solution_of counts as dissolved
// (H2SO4 → 2 H+ + SO4-2), conserving every element and the charge exactly. After this, a
// precipitation by a solid's dissolution reaction draws only on masters.
void to_master_form(Stream& stream, const EquilibriumData& equilibria);

// The dissolution reaction of a solid species; nullptr when it has none.
const SolidReaction* find_solid_reaction(const EquilibriumData& equilibria, std::size_t solid_species);

// Forms `mol_per_s` of the solid from the aqueous phase (negative: dissolves
// it) by its dissolution reaction run backwards: the solid's flow rises and
// each master species of the reaction (H2O and H+ included) changes by
// −coefficient × mol_per_s. Exact in every element and the charge. Throws
// SolveError when a master species would be left below zero by more than
// rounding; rounding-level negatives (≤ 1e-12 of the aqueous flow) are set to 0.
void precipitate(Stream& stream, const SolidReaction& reaction, double mol_per_s);

}  // namespace hydrosim::thermo
