#pragma once
// A counter-current section of mixer-settlers with an acidic (cation-exchange)
// extractant: extraction, scrubbing or stripping, which differ only in their
// feeds. Aqueous enters stage 1 and leaves stage N as the raffinate; organic
// enters stage N and leaves stage 1 loaded. Every metal cation competes for the
// free extractant dimer; the H+ released sets the pH of each stage. Alkali
// (NaOH, for saponification) can be fed to the aqueous of one stage.
//
//   type: SolventExtraction
//   extractant: P507            # name or alias in thermo-data (extractants:)
//   stages: 4
//   murphree_efficiency: 0.95   # organic-phase Murphree efficiency, default 1
//   alkali_stage: 4             # optional: adds inlet 'alkali' to that stage
//   inert: [K+]                 # cations treated as not extracted
//   distribution_ratios: {Co+2: 2.0}   # constant D instead of the mass-action law
//   raffinate_speciation: davies       # or none: full-speciation pH of the raffinate
//   aqueous_entrainment: "300 ppm"     # aqueous in the loaded organic (volume per volume)
//   organic_entrainment: "100 ppm"     # organic in the raffinate
//
// Ports: aqueous_in, organic_in (, alkali) → raffinate, loaded.
// Equations and sources: docs/solvent-extraction.md.
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "hydrosim/thermo/EquilibriumData.h"
#include "hydrosim/thermo/ExtractionData.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/units/MixerSettlerCascade.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class SolventExtraction : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "SolventExtraction"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

  // The last cascade solution and the metals it was solved for (species
  // indices, in the order of the solution's columns).
  const CascadeSolution& last_solution() const { return solution_; }
  const std::vector<std::size_t>& last_metals() const { return metals_; }
  const thermo::Extractant& extractant() const { return *extractant_; }

 private:
  CascadeProblem build_problem(const thermo::Stream& aqueous, const thermo::Stream& organic,
                               const thermo::Stream* alkali);
  void report_speciated_ph(const thermo::Stream& raffinate);
  void settle_acidity(thermo::Stream& stream) const;
  void entrain(const CascadeProblem& problem, const thermo::Stream& aqueous, const thermo::Stream& organic,
               const thermo::Stream* alkali, thermo::Stream& raffinate, thermo::Stream& loaded) const;
  void fill_report(const thermo::Stream& aqueous, const thermo::Stream& organic, const thermo::Stream* alkali,
                   const thermo::Stream& raffinate, const thermo::Stream& loaded, const CascadeProblem& problem);

  std::shared_ptr<const thermo::Database> database_;
  std::shared_ptr<const thermo::ExtractionData> data_;
  std::shared_ptr<const thermo::EquilibriumData> equilibria_;
  std::unique_ptr<thermo::Speciation> speciation_;
  bool speciate_raffinate_ = true;
  const thermo::Extractant* extractant_ = nullptr;
  std::string where_;  // "file:line:col (units.NAME)" for messages
  int stages_ = 1;
  double efficiency_ = 1.0;
  double aqueous_entrainment_ = 0.0;  // volume of aqueous per volume of loaded organic
  double organic_entrainment_ = 0.0;  // volume of organic per volume of raffinate
  double organic_density_ = 800.0;
  std::optional<int> alkali_stage_;
  std::set<std::size_t> inert_;
  std::map<std::size_t, double> constant_distribution_;
  double bisulfate_k_ = 0.0;  // m³/mol at 25 °C
  std::optional<std::size_t> h_, oh_, hso4_, so4_, water_;

  std::vector<std::size_t> metals_;
  std::vector<std::size_t> warm_metals_;        // metals of solution_.state
  std::optional<CascadeProblem> warm_problem_;  // the problem solution_.state solves
  CascadeSolution solution_;
};

}  // namespace hydrosim::units
