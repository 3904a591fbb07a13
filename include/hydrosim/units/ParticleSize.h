#pragma once
// Particle-size classes and distributions shared by the black-mass feed and
// the pretreatment units (docs/pretreatment.md).
//
// Convention: a stream's SizeDistribution::sizes are the sieve sizes x_1 >
// x_2 > ... > x_n, coarsest first. Class i holds the material passing sieve
// x_i and retained on x_{i+1}; the last class (the "pan") holds everything
// passing x_n. The top class also takes any material coarser than x_1. This
// is the √2-series convention of Austin, Klimpel & Luckie (1984), where x_i is
// the upper size of interval i.
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/thermo/Stream.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

// Reads a list of sieve sizes ("classes: [\"16 mm\", \"8 mm\", ...]"): lengths,
// positive and strictly decreasing, at least one.
std::vector<double> read_size_classes(const io::ParameterReader& parameters, std::string_view key);

// Mass fraction of a solid in each class from a distribution block:
//   {model: rosin_rammler, d63: "150 um", n: 1.2}
//   {model: gates_gaudin_schuhmann, x_max: "20 mm", m: 0.7}
//   {model: table, passing: [1.0, 0.8, ...]}   # cumulative passing at each class's sieve size
// `warnings` receives a note when more than 0.1 % is coarser than the top sieve.
Eigen::VectorXd read_class_fractions(const io::ParameterReader& distribution, const std::vector<double>& sizes,
                                     std::vector<std::string>& warnings);

// Cumulative fraction passing size x: Rosin & Rammler (1933) and Gates-Gaudin-Schuhmann (Schuhmann 1940).
double rosin_rammler_passing(double x, double d63, double n);
double gates_gaudin_schuhmann_passing(double x, double x_max, double m);

// Class masses from a cumulative-passing function P evaluated at the sieve sizes:
// f_1 = 1 − P(x_2), f_i = P(x_i) − P(x_{i+1}), f_n = P(x_n).
Eigen::VectorXd fractions_from_passing(const std::vector<double>& passing_at_sieves);

// Geometric-mean size of each class, √(x_i x_{i+1}); for the pan class the
// same ratio below x_n as between x_{n−1} and x_n (x_n/√2 with a single class).
// Used where a class needs one size (partition curves, size-dependent recoveries).
std::vector<double> class_mean_sizes(const std::vector<double>& sizes);

// kg/s of each species in each class (species × class); rows of species that
// are not solids are zero. The stream must carry a size distribution.
Eigen::MatrixXd species_mass_by_size(const thermo::Stream& stream);

// Mass-weighted size below which `fraction` of the solids pass (e.g. 0.8 for
// P80), interpolated log-linearly between sieve sizes; 0 if no solids.
double passing_size(const std::vector<double>& sizes, const Eigen::VectorXd& class_mass, double fraction);

// A size profile (axis "size", m) with one kg/s series per named class-mass vector.
Profile size_profile(std::string name, const std::vector<double>& sizes,
                     const std::vector<std::pair<std::string, Eigen::VectorXd>>& class_masses);

}  // namespace hydrosim::units
