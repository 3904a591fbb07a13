#pragma once
// A boundary stream entering the plant. Given either as species flows
// (species: {H2O: "2 t/h", ...}) or as a total mass flow with a composition in
// wt% (mass_flow + composition), where for black mass `chemistry: NMC622`
// lets the key `cathode` stand for that cathode material.
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class Feed : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "Feed"; }
  Role role() const override { return Role::kFeed; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

  const thermo::Stream& stream() const { return *stream_; }

 private:
  std::unique_ptr<thermo::Stream> stream_;
};

// A Feed whose flows count as reagent consumption in the results.
class ReagentFeed : public Feed {
 public:
  using Feed::Feed;
  std::string_view type() const override { return "ReagentFeed"; }
  Role role() const override { return Role::kReagent; }
};

// The cathode species for a cell chemistry name ("NMC622" -> "NMC622",
// "LCO" -> "LiCoO2"), or an empty view when the name is unknown.
std::string_view cathode_species_for(std::string_view chemistry);
std::vector<std::string> chemistry_names();

}  // namespace hydrosim::units
