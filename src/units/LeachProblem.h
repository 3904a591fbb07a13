#pragma once
// The bookkeeping shared by the batch and continuous leach reactors: which
// solids react in which size classes, the liquor composition that follows
// exactly from the reaction extents, the rates of each class at a given
// liquor, element extractions, and the outlet size distribution.
// Private to src/units (LeachReactor.cpp).
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "hydrosim/thermo/LeachingKinetics.h"
#include "hydrosim/thermo/Stream.h"
#include "hydrosim/units/ShrinkingCore.h"

namespace hydrosim::units::leach {

struct ActiveSolid {
  const thermo::SolidKinetics* kinetics = nullptr;
  double solid_coefficient = 1.0;  // |ν| of the solid in its reaction
  Eigen::VectorXd initial;         // mol/s per size class
  std::string name;
};

struct ActiveReaction {  // a homogeneous liquor reaction (first order)
  const thermo::HomogeneousKinetics* kinetics = nullptr;
};

class LeachProblem {
 public:
  // `feed` in master form at the reactor temperature; sizes are the class
  // diameters (coarsest first) and `class_fractions` (species × class) where
  // each solid's amount sits.
  LeachProblem(const thermo::Stream& feed, double temperature, std::vector<double> sizes,
               const Eigen::MatrixXd& class_fractions, std::vector<ActiveSolid> solids,
               std::vector<ActiveReaction> reactions);

  const thermo::Stream& feed() const { return feed_; }
  double temperature() const { return temperature_; }
  const std::vector<double>& sizes() const { return sizes_; }
  const std::vector<ActiveSolid>& solids() const { return solids_; }
  const std::vector<ActiveReaction>& reactions() const { return reactions_; }
  // Species whose concentration drives some rate (acid, reductant, the
  // species of each homogeneous reaction), each once.
  const std::vector<std::size_t>& drivers() const { return drivers_; }

  // Extents (mol/s) of the solid reactions from the class conversions
  // (solids × classes), and the outlet amounts for those plus the
  // homogeneous extents. Exact stoichiometry.
  Eigen::VectorXd solid_extents(const Eigen::MatrixXd& conversions) const;
  Eigen::VectorXd amounts(const Eigen::VectorXd& solid_extents, const Eigen::VectorXd& homogeneous_extents) const;
  // species × (solid reactions, then homogeneous reactions)
  const Eigen::MatrixXd& stoichiometry() const { return stoichiometry_; }

  // Aqueous volume (m³/s) and concentration (mol/m³) of species in `amounts`.
  double liquid_volume(const Eigen::VectorXd& amounts) const { return liquid_volume(amounts, temperature_); }
  double liquid_volume(const Eigen::VectorXd& amounts, double temperature) const;
  // Rates of every class of solid `i` when the drivers are at `concentrations` (mol/m³),
  // at the reactor temperature or (energy balance) at `temperature`.
  std::vector<shrinking_core::ClassRates> class_rates(std::size_t i, const Eigen::VectorXd& concentrations) const {
    return class_rates(i, concentrations, temperature_);
  }
  std::vector<shrinking_core::ClassRates> class_rates(std::size_t i, const Eigen::VectorXd& concentrations,
                                                      double temperature) const;
  double homogeneous_rate_constant(std::size_t r) const { return homogeneous_rate_constant(r, temperature_); }
  double homogeneous_rate_constant(std::size_t r, double temperature) const;  // 1/s
  std::size_t driver_slot(std::size_t species) const;

  // Fraction of each element's solid feed dissolved into the liquor.
  std::vector<std::pair<std::string, double>> extractions(const Eigen::VectorXd& solid_extents) const;
  // Conversion of each solid over all classes (mol-weighted).
  double overall_conversion(std::size_t i, const Eigen::VectorXd& class_conversions) const;

  // Outlet size distribution: each (class, remaining mol/s, diameter) piece
  // is put back on the class sizes, split between the two neighbouring
  // classes linearly in log(size); a solid product of a leaching reaction
  // (FePO4 from LiFePO4) sits in the class of the particle it formed on (its
  // feed amount, if any, keeps the inlet's fractions); solids that neither
  // react nor form keep their rows. `conversions`: solids × classes.
  struct Piece {
    std::size_t solid;  // index into solids()
    std::size_t size_class;
    double remaining;  // mol/s
    double diameter;   // m
  };
  thermo::SizeDistribution outlet_distribution(const Eigen::MatrixXd& inlet_fractions, const std::vector<Piece>& pieces,
                                               const Eigen::MatrixXd& conversions) const;

 private:
  thermo::Stream feed_;
  double temperature_;
  std::vector<double> sizes_;
  std::vector<ActiveSolid> solids_;
  std::vector<ActiveReaction> reactions_;
  std::vector<std::size_t> drivers_;
  Eigen::MatrixXd stoichiometry_;  // species × (solid reactions, homogeneous reactions)
  std::vector<std::string> extraction_elements_;
  std::size_t water_;  // index of H2O, looked up once: liquid_volume() runs in every right-hand side
};

// (c⁺ / c_ref)^n for n > 0 (c⁺: smooth positive part, width 1e-9 c_ref); for n = 0 the factor c/(c + 1e-6 c_ref)
// (c/(1e-6 c_ref) below zero) stops a zero-order rate when the species is used up and pulls an overshoot back.
double concentration_factor(double concentration, double reference, double order);

}  // namespace hydrosim::units::leach
