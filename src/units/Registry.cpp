#include "hydrosim/units/Registry.h"

#include "hydrosim/units/AirClassifier.h"
#include "hydrosim/units/BlackMassFeed.h"
#include "hydrosim/units/ComponentSeparator.h"
#include "hydrosim/units/Crystallizer.h"
#include "hydrosim/units/DischargeCheck.h"
#include "hydrosim/units/EddyCurrentSeparator.h"
#include "hydrosim/units/Evaporator.h"
#include "hydrosim/units/Feed.h"
#include "hydrosim/units/LeachReactor.h"
#include "hydrosim/units/MagneticSeparator.h"
#include "hydrosim/units/Mixer.h"
#include "hydrosim/units/PrecipitationReactor.h"
#include "hydrosim/units/Screen.h"
#include "hydrosim/units/Shredder.h"
#include "hydrosim/units/Sink.h"
#include "hydrosim/units/SolidLiquidSeparator.h"
#include "hydrosim/units/SolventExtraction.h"
#include "hydrosim/units/Splitter.h"
#include "hydrosim/units/StoichiometricReactor.h"

namespace hydrosim::units {
namespace {

template <typename T>
std::unique_ptr<Unit> make(std::string name) {
  return std::make_unique<T>(std::move(name));
}

}  // namespace

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kProcess: return "process";
    case Role::kFeed: return "feed";
    case Role::kReagent: return "reagent";
    case Role::kProduct: return "product";
    case Role::kWaste: return "waste";
  }
  return "process";
}

// Every unit type, in the order `hydrosim --help` lists them. One line per type.
const std::vector<UnitType>& unit_types() {
  static const std::vector<UnitType> types{
      {"Feed", "boundary stream entering the plant (species flows or mass flow + wt%)", make<Feed>},
      {"ReagentFeed", "a Feed counted as reagent consumption", make<ReagentFeed>},
      {"Mixer", "combines any number of streams", make<Mixer>},
      {"Splitter", "divides a stream by fractions, same composition in every outlet", make<Splitter>},
      {"ComponentSeparator", "split fractions per species, element or phase to each outlet", make<ComponentSeparator>},
      {"StoichiometricReactor", "balanced reactions with the conversion of a key reactant",
       make<StoichiometricReactor>},
      {"PrecipitationReactor", "reagent to a pH setpoint or dose, equilibrium solids, co-precipitation, cake moisture",
       make<PrecipitationReactor>},
      {"Crystallizer", "cooling/evaporative batch or MSMPR crystalliser, method of moments, SI-based supersaturation",
       make<Crystallizer>},
      {"Evaporator", "boils water off a liquor (fraction or target concentration of an element), steam from the duty",
       make<Evaporator>},
      {"DischargeCheck", "treated water vs the discharge limits of a standard, pass/fail per element and pH",
       make<DischargeCheck>},
      {"LeachReactor", "leaching with shrinking-core/Avrami kinetics per solid: batch (CVODE) or CSTR series",
       make<LeachReactor>},
      {"SolidLiquidSeparator", "thickener or filter: solids recovery, cake moisture, displacement washing",
       make<SolidLiquidSeparator>},
      {"BlackMassFeed",
       "black mass or shredded cells by chemistry with a wt% composition or an element assay, and a PSD",
       make<BlackMassFeed>},
      {"Shredder", "breakage population balance per component (Austin selection/breakage), liberation, RTD",
       make<Shredder>},
      {"Screen", "size classification by a Whiten partition curve (d50, sharpness, bypass)", make<Screen>},
      {"MagneticSeparator", "recovery per component to the magnetics (steel)", make<MagneticSeparator>},
      {"EddyCurrentSeparator", "recovery per component to the non-ferrous product, lower for fines",
       make<EddyCurrentSeparator>},
      {"AirClassifier", "recovery per component to the light product (film, plastics)", make<AirClassifier>},
      {"SolventExtraction",
       "counter-current mixer-settler section with an acidic extractant (extraction, scrub, strip)",
       make<SolventExtraction>},
      {"Sink", "stream leaving the plant as a product or a waste", make<Sink>},
  };
  return types;
}

std::vector<std::string> unit_type_names() {
  std::vector<std::string> names;
  for (const auto& type : unit_types()) names.emplace_back(type.name);
  return names;
}

std::unique_ptr<Unit> create_unit(std::string_view type, std::string name) {
  for (const auto& entry : unit_types()) {
    if (entry.name == type) return entry.create(std::move(name));
  }
  return nullptr;
}

}  // namespace hydrosim::units
