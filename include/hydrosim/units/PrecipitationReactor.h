#pragma once
// A stirred precipitation reactor at equilibrium: doses a reagent to a pH
// setpoint, a fixed flow or a ratio to an element's inlet flow; equilibrates
// the liquor with a chosen set of solids (thermo::Speciation, SI = 0 for each
// solid present); moves the precipitated amounts out of the aqueous phase
// exactly (thermo::precipitate); applies an empirical co-precipitation loss;
// sends the solids with the cake moisture to "solids" and the rest to "liquor".
// Optional oxidant (O2 or H2O2) turns a fraction of Fe(II) into Fe(III) first.
// See docs/precipitation-and-effluent.md for the equations and parameters.
#include <map>
#include <optional>

#include "hydrosim/thermo/EquilibriumData.h"
#include "hydrosim/thermo/ReagentDose.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/ReagentDosing.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class PrecipitationReactor : public Unit, public DosesReagents {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "PrecipitationReactor"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;
  std::vector<DosedReagent> internal_doses() const override;

 private:
  struct Coprecipitation {
    std::size_t element;  // database element index
    std::string symbol;
    double fraction;                     // of the element's dissolved flow after equilibrium
    const thermo::SolidReaction* solid;  // the form it leaves in
    double atoms_per_formula;
  };
  enum class DoseMode { kPh, kFlow, kRatio };

  void oxidise(thermo::Stream& stream);

  std::shared_ptr<const thermo::Database> database_;
  std::shared_ptr<const thermo::EquilibriumData> equilibria_;
  std::string activity_model_;
  std::optional<ReagentDissolution> reagent_;
  std::optional<thermo::Reagent> speciation_reagent_;
  DoseMode mode_ = DoseMode::kPh;
  double target_ph_ = 7.0;
  double dose_flow_ = 0.0;  // mol/s (kFlow)
  std::string ratio_element_;
  double ratio_ = 0.0;     // mol reagent per mol of element (kRatio)
  double max_dose_ = 5.0;  // mol/kg water
  std::optional<double> temperature_;
  std::vector<std::size_t> solids_;
  std::optional<ReagentDissolution> oxidant_;
  double oxidant_excess_ = 1.0;
  double oxidised_fraction_ = 0.0;
  std::vector<Coprecipitation> coprecipitation_;
  // Reagents dosed in a fixed ratio to an element before the pH control, e.g.
  // NH3 as a complexant for Ni/Co/Mn hydroxide precursor precipitation.
  struct Additive {
    ReagentDissolution reagent;
    std::size_t element;
    double ratio;  // mol of additive per mol of the element in the inlet
    double last = 0.0;
  };
  std::vector<Additive> additives_;
  double cake_moisture_ = 0.0;                      // mass fraction of liquor in the wet cake
  double last_dose_ = 0.0;                          // mol/s
  double last_oxidant_ = 0.0;                       // mol/s
  std::unique_ptr<thermo::Speciation> speciation_;  // kept for its warm start
};

}  // namespace hydrosim::units
