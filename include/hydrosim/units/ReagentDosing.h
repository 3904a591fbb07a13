#pragma once
// Reagents a unit doses itself (a pH-controlled reactor adds as much NaOH as
// the setpoint needs, so no fixed-flow ReagentFeed can supply it). A unit
// that doses internally implements DosesReagents; the plant results count
// every internal dose as a plant input (element balance) and as reagent use,
// exactly as a ReagentFeed would be counted.
//
// A dose enters the process stream dissociated by the reaction below, so
// every element and the charge are conserved exactly:
//   NaOH     = Na+ + OH-                Ca(OH)2 = Ca+2 + 2 OH-
//   CaO + H2O = Ca+2 + 2 OH-            Na2CO3  = 2 Na+ + CO3-2
//   NH3(g) + H2O = NH4+ + OH-           H2SO4   = 2 H+ + SO4-2
//   O2(g)  = O2(aq)                     H2O2 enters as H2O2(aq) itself
#include <string>
#include <vector>

#include "hydrosim/thermo/ReactionEquation.h"
#include "hydrosim/thermo/Stream.h"

namespace hydrosim::units {

struct DosedReagent {
  std::string reagent;     // "NaOH"
  std::size_t species;     // the neat reagent species (NaOH, CaO, NH3(g), ...)
  double mol_per_s = 0.0;  // last solve
};

class DosesReagents {
 public:
  virtual ~DosesReagents() = default;
  virtual std::vector<DosedReagent> internal_doses() const = 0;
};

// The dissolution of a reagent into the aqueous phase, as above; InputError
// for a reagent without one.
struct ReagentDissolution {
  std::string name;
  std::size_t species;  // the neat reagent
  thermo::ReactionEquation reaction;
};
ReagentDissolution reagent_dissolution(const thermo::Database& database, std::string_view reagent);
std::vector<std::string> dosable_reagents();

// Adds `mol_per_s` of the reagent to `stream`, dissociated.
void dose_into(thermo::Stream& stream, const ReagentDissolution& reagent, double mol_per_s);

}  // namespace hydrosim::units
