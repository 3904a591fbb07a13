#pragma once
// Aqueous complexation and mineral solubility equilibria read from the
// `aqueous_reactions` and `solids` sections of thermo-data files, with log K
// as a function of temperature.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "hydrosim/thermo/Database.h"

namespace hydrosim::thermo {

// log10 K(T): PHREEQC's analytic form when given, else van 't Hoff with ΔrH°
// (constant), else constant.
struct LogK {
  double at_25C = 0.0;
  std::optional<double> reaction_enthalpy;        // J/mol
  std::optional<double> reaction_heat_capacity;   // ΔrCp°, J/(mol·K), constant; only with reaction_enthalpy
  std::optional<std::array<double, 6>> analytic;  // a1..a6
  double at(double temperature_kelvin) const;
  bool temperature_dependent() const { return reaction_enthalpy || analytic; }
};

struct MassActionTerm {
  std::size_t species;  // a master species
  double coefficient;
};

// product = Σ coefficient · master   (formation of an aqueous species)
struct AqueousReaction {
  std::size_t product;
  std::vector<MassActionTerm> reactants;
  LogK log_k;
  std::string source;  // bibliography key, or "derived: ..." for ΔfG°-based values
};

// solid = Σ coefficient · master   (dissolution; log K is log Ksp as written)
struct SolidReaction {
  std::size_t solid;
  std::string mineral;
  std::vector<MassActionTerm> products;
  LogK log_k;
  std::string source;
};

class EquilibriumData {
 public:
  // Reads every file of the database. Solids of the database without a
  // solubility product get one derived from the ΔfG° (and ΔfH°) of
  // species.yaml when the solid and all its dissolution products have them
  // (log K = −ΔrG°/(RT ln 10)); the dissolution products are the solid's
  // elements as the default master species (Li → Li+, C → CO3-2, ...).
  static EquilibriumData load(const Database& database);

  const std::vector<AqueousReaction>& aqueous_reactions() const { return aqueous_; }
  const std::vector<SolidReaction>& solids() const { return solids_; }
  // Masters: species that appear as reactants. Reactions whose product is
  // itself a master (redox couples such as Fe+2 → Fe+3) are kept out of
  // the speciation: each oxidation state is its own component.
  const std::vector<std::size_t>& masters() const { return masters_; }
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  std::vector<AqueousReaction> aqueous_;
  std::vector<SolidReaction> solids_;
  std::vector<std::size_t> masters_;
  std::vector<std::string> skipped_;
};

// The default master species for an element in sulfate/carbonate media
// (Li → Li+, S → SO4-2, C → CO3-2, N → NH4+, P → PO4-3, Fe → Fe+2 ...);
// empty for H and O, which the solvent and the charge balance account for.
std::string default_master_for(std::string_view element);

}  // namespace hydrosim::thermo
