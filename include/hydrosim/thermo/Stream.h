#pragma once
// How much of each species flows, at which temperature and pressure. A stream
// holds molar flows (mol/s) for every species of the database; the phase of a
// flow is the phase of its species. Mixing and splitting act on the molar
// flows only, so every element and the charge are conserved exactly.
#include <memory>
#include <optional>
#include <vector>

#include <Eigen/Dense>

#include "hydrosim/thermo/Database.h"

namespace hydrosim::thermo {

// How the flow of each solid species divides over particle-size classes.
// The stream's amounts stay the totals; this says where in the size range they
// are, so mills, screens and shrinking-particle leaching can act per class
// while mixing and splitting still conserve every element exactly.
struct SizeDistribution {
  std::vector<double> sizes;  // m, representative particle size of each class, coarsest first
  Eigen::MatrixXd fractions;  // species × class; each row of a solid present sums to 1
  std::size_t classes() const { return sizes.size(); }
};

class Stream {
 public:
  explicit Stream(std::shared_ptr<const Database> database);

  const Database& database() const { return *database_; }
  const std::shared_ptr<const Database>& database_ptr() const { return database_; }

  double temperature = 298.15;  // K
  double pressure = 101325.0;   // Pa

  const Eigen::VectorXd& amounts() const { return amounts_; }  // mol/s, per species
  Eigen::VectorXd& amounts() { return amounts_; }
  double amount(std::size_t species) const { return amounts_(static_cast<Eigen::Index>(species)); }
  void set_amount(std::size_t species, double mol_per_s) { amounts_(static_cast<Eigen::Index>(species)) = mol_per_s; }
  void add_amount(std::size_t species, double mol_per_s) { amounts_(static_cast<Eigen::Index>(species)) += mol_per_s; }

  double mass_flow(std::size_t species) const;  // kg/s
  double total_mass_flow() const;               // kg/s
  double phase_mass_flow(Phase phase) const;    // kg/s
  double phase_amount(Phase phase) const;       // mol/s
  Eigen::VectorXd element_flows() const;        // mol/s of atoms, per database element
  Eigen::VectorXd element_mass_flows() const;   // kg/s, per database element
  double charge_flow() const;                   // mol/s of elementary charge

  // Volumetric flow of the aqueous phase, m³/s. Dilute-solution approximation:
  // the volume of the water it contains at the stream temperature (Kell 1975
  // density), i.e. molarity = molality × ρw. See docs/model-reference.md.
  double aqueous_volume_flow() const;
  double molarity(std::size_t species) const;            // mol/m³ of aqueous phase
  double mass_concentration(std::size_t species) const;  // kg/m³ of aqueous phase

  bool is_zero() const { return amounts_.isZero(0.0); }

  // Solids' particle sizes; empty when the stream carries no size information.
  std::optional<SizeDistribution> size_distribution;
  // kg/s of solids in each size class (empty without a size distribution).
  Eigen::VectorXd solid_mass_by_size() const;

 private:
  std::shared_ptr<const Database> database_;
  Eigen::VectorXd amounts_;
};

// Density of pure liquid water at 1 atm, kg/m³, 0-150 °C: Kell, G.S. (1975)
// J. Chem. Eng. Data 20(1), 97-105, eq. 16.
double water_density(double temperature_kelvin);

// Sum of the flows; temperature is the mass-weighted mean (equal specific heats
// assumed; the energy balance comes with the units that need it), pressure the
// lowest inlet pressure. All streams must share one database. Size
// distributions combine per species, weighted by the species' flow in the
// inlets that carry one (all on the same size classes); solids of inlets
// without one are taken to share that distribution.
Stream mix(const std::vector<const Stream*>& streams);

// A copy with every flow multiplied by `fraction`.
Stream scaled(const Stream& stream, double fraction);

}  // namespace hydrosim::thermo
