#pragma once
// The optional energy balance of the leach reactor: the slurry enthalpy
//
//   H(n, T) = Σ_i n_i ΔfH°_i + C(n) (T − T0),   C(n) = Σ_i n_i c_i,   T0 = 298.15 K
//
// with ΔfH°_i from species.yaml (dH_f) or thermo-data/leach-enthalpies.yaml for
// every species of an active reaction, and c_i the standard molar heat capacity
// Cp° of water, of solids, gases and pure liquids from species.yaml; dissolved species
// carry none (the liquor's heat capacity is that of its water, a dilute-solution
// approximation), nor do solids without a Cp° (left out and reported). Species
// that take part in no reaction add only their sensible heat: their formation
// enthalpy cancels between inlet and outlet. The temperature follows from the
// enthalpy algebraically, so the first law holds to rounding at every point.
// Private to src/units (LeachReactor.cpp). See docs/leaching-and-separation.md §10.
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "hydrosim/thermo/Database.h"

namespace hydrosim::units::leach {

constexpr double kEnthalpyReferenceTemperature = 298.15;  // K

// ΔfH° of the species that have none in species.yaml, from every data file
// with a `formation_enthalpies` section (one entry per species).
struct FormationEnthalpies {
  std::vector<std::optional<double>> values;  // J/mol, by species index
  std::vector<std::string> files;             // the files that hold such a section
  static FormationEnthalpies load(const thermo::Database& database);
};

class EnthalpyModel {
 public:
  // `stoichiometry`: species × reactions of the active reactions, named by
  // `reaction_names`. Throws InputError naming each species of a reaction
  // without ΔfH° and the files searched.
  EnthalpyModel(const thermo::Database& database, const FormationEnthalpies& extra,
                const Eigen::MatrixXd& stoichiometry, const std::vector<std::string>& reaction_names);

  double formation(const Eigen::VectorXd& amounts) const { return formation_.dot(amounts); }     // W
  double heat_capacity(const Eigen::VectorXd& amounts) const { return capacity_.dot(amounts); }  // W/K
  double enthalpy(const Eigen::VectorXd& amounts, double temperature) const;                     // W
  // The T at which `amounts` hold `enthalpy` plus the heat ua (tc − T) taken
  // up from a coolant at tc (ua = 0: adiabatic or fixed duty):
  //   enthalpy + ua (tc − T) = formation + C (T − T0).
  double temperature(const Eigen::VectorXd& amounts, double enthalpy, double ua = 0.0, double tc = 0.0) const;
  // ΔrH°(298.15 K) of reaction column r, J per mol of extent.
  double reaction_enthalpy(Eigen::Index r) const { return reaction_enthalpies_(r); }
  // Solids without Cp° (left out of C), by name.
  const std::vector<std::string>& without_heat_capacity() const { return without_heat_capacity_; }

 private:
  Eigen::VectorXd formation_;  // J/mol; zero for a species in no reaction (it cancels)
  Eigen::VectorXd capacity_;   // J/(mol K)
  Eigen::VectorXd reaction_enthalpies_;
  std::vector<std::string> without_heat_capacity_;
};

}  // namespace hydrosim::units::leach
