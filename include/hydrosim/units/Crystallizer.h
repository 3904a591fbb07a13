#pragma once
// A cooling and/or evaporative crystalliser, batch or MSMPR (mixed-suspension
// mixed-product-removal), for a salt such as NiSO4·6H2O, CoSO4·7H2O,
// Na2SO4·10H2O or Na2SO4. The population balance is solved by the method of
// moments (units/MomentModel.h) on CVODE; the supersaturation comes from the
// aqueous-chemistry solver (SI of the salt in the liquor after evaporation)
// or from a cited solubility curve. The crystallised amount is moved out of
// the aqueous phase exactly (thermo::precipitate).
//
// Outlets: "crystals" (the salt with the cake moisture), "liquor" (mother
// liquor), and "vapour" (evaporated water, as liquid condensate) when
// `evaporation` > 0. See docs/precipitation-and-effluent.md.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hydrosim/thermo/EquilibriumData.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/MomentModel.h"
#include "hydrosim/units/ReagentDosing.h"
#include "hydrosim/units/Unit.h"
#include "hydrosim/units/UtilityUse.h"

namespace hydrosim::units {

// thermo-data/solubility/salt-solubility.yaml next to the database's files.
std::filesystem::path solubility_data_file(const thermo::Database& database);

class Crystallizer : public Unit, public DosesReagents, public UsesUtilities {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "Crystallizer"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;
  // Seed crystals of a batch count as a plant input (like a reagent).
  std::vector<DosedReagent> internal_doses() const override;
  // The heating steam of the evaporation (none without `evaporation`), costed
  // as the price deck's `steam` like an Evaporator's.
  std::vector<UtilityDemand> utility_demands() const override;

 private:
  struct CurvePoint {
    double temperature;  // K
    double molality;     // mol of salt per kg water
  };
  double curve_solubility(double temperature) const;
  // The salt's measured curve and dissolution stoichiometry from
  // thermo-data/solubility/salt-solubility.yaml (nullptr when absent).
  // `known`: the salt's reaction in the database, if any (then returned).
  const thermo::SolidReaction* load_data_curve(const io::ParameterReader& parameters, std::size_t solid,
                                               const thermo::SolidReaction* known);

  std::shared_ptr<const thermo::Database> database_;
  std::shared_ptr<const thermo::EquilibriumData> equilibria_;
  std::unique_ptr<thermo::Speciation> speciation_;
  std::string activity_model_;
  std::vector<std::pair<std::size_t, const thermo::SolidReaction*>> candidates_;
  std::size_t solid_ = 0;  // the salt of the current solve
  const thermo::SolidReaction* reaction_ = nullptr;
  CrystallizerMode mode_ = CrystallizerMode::kMsmpr;
  double time_ = 0.0;  // residence time (MSMPR) or batch time, s
  std::optional<double> temperature_;
  double evaporation_ = 0.0;
  double steam_economy_ = 1.0;  // kg of water evaporated per kg of heating steam
  double steam_ = 0.0;          // kg/s of heating steam, last solve
  CrystallizationKinetics kinetics_;
  double shape_factor_ = 0.0;
  double crystal_density_ = 0.0;
  double cake_moisture_ = 0.0;
  std::vector<CurvePoint> curve_;                         // empty: solubility from the speciation
  double seed_loading_ = 0.0;                             // kg of seed crystals per kg of water (batch)
  double seed_size_ = 0.0;                                // m, mono-sized seeds
  double last_seed_ = 0.0;                                // mol/s of seed crystals, last solve
  std::unique_ptr<thermo::SolidReaction> data_reaction_;  // from the solubility data file
  bool from_data_file_ = false;                           // the curve is the data file's
};

}  // namespace hydrosim::units
