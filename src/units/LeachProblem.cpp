#include "LeachProblem.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units::leach {
namespace {

// Elements whose extraction the reactor reports, in this order.
const std::vector<std::string> kReportedElements{"Li", "Ni", "Co", "Mn", "Fe", "Al", "Cu", "P"};

double element_count(const thermo::Species& species, std::string_view symbol) {
  for (const auto& entry : species.formula.elements) {
    if (entry.element->symbol == symbol) return entry.count;
  }
  return 0.0;
}

}  // namespace

double concentration_factor(double concentration, double reference, double order) {
  if (order > 0.0) {
    // Smooth positive part (softplus) c⁺ = δ ln(1 + e^(c/δ)), δ = 1e-9 c_ref:
    // c for any real concentration, vanishing exponentially below zero (so a
    // rate cannot run on into a used-up reagent), and differentiable through
    // zero so Newton on a tank whose reagent is used up meets no kink.
    const double smoothing = 1e-9 * reference;
    const double ratio = concentration / smoothing;
    const double c = ratio > 30.0 ? concentration : smoothing * std::log1p(std::exp(ratio));
    return std::pow(c / reference, order);
  }
  // Zero order: the rate holds until the species is nearly used up, then
  // stops: c/(c + ε), ε = 1e-6 c_ref (a fraction of the reference, so it sits
  // at the same electron equivalents for every reductant, see
  // thermo::with_reductant; 0.49 µmol/L for 0.49 mol/L H2O2). Below zero the
  // factor goes on linearly, c/ε (same value and slope at 0), so a used-up
  // species is an attracting zero from both sides. A factor that is merely
  // zero below zero lets a high-order BDF step extrapolate past the cut-off
  // and stay there (the right-hand side is 0, so the error test sees
  // nothing): metabisulfite ended 1e-3 of its dose below zero that way.
  const double presence = 1e-6 * reference;
  return concentration >= 0.0 ? concentration / (concentration + presence) : concentration / presence;
}

LeachProblem::LeachProblem(const thermo::Stream& feed, double temperature, std::vector<double> sizes,
                           const Eigen::MatrixXd& class_fractions, std::vector<ActiveSolid> solids,
                           std::vector<ActiveReaction> reactions)
    : feed_(feed),
      temperature_(temperature),
      sizes_(std::move(sizes)),
      solids_(std::move(solids)),
      reactions_(std::move(reactions)),
      water_(feed.database().index_of("H2O")) {
  const auto classes = static_cast<Eigen::Index>(sizes_.size());
  const auto species = static_cast<Eigen::Index>(feed_.database().size());
  stoichiometry_ = Eigen::MatrixXd::Zero(species, static_cast<Eigen::Index>(solids_.size() + reactions_.size()));
  for (std::size_t i = 0; i < solids_.size(); ++i) {
    ActiveSolid& solid = solids_[i];
    const std::size_t index = solid.kinetics->solid;
    solid.name = feed_.database().species(index).name;
    solid.solid_coefficient = -solid.kinetics->reaction.coefficient_of(index);
    solid.initial = Eigen::VectorXd(classes);
    for (Eigen::Index c = 0; c < classes; ++c) {
      solid.initial(c) = feed_.amount(index) * class_fractions(static_cast<Eigen::Index>(index), c);
    }
    for (const auto& term : solid.kinetics->reaction.terms) {
      stoichiometry_(static_cast<Eigen::Index>(term.species), static_cast<Eigen::Index>(i)) += term.coefficient;
    }
    for (const auto& dependence : solid.kinetics->dependences) {
      if (std::find(drivers_.begin(), drivers_.end(), dependence.species) == drivers_.end()) {
        drivers_.push_back(dependence.species);
      }
    }
  }
  for (std::size_t r = 0; r < reactions_.size(); ++r) {
    const auto column = static_cast<Eigen::Index>(solids_.size() + r);
    for (const auto& term : reactions_[r].kinetics->reaction.terms) {
      stoichiometry_(static_cast<Eigen::Index>(term.species), column) += term.coefficient;
    }
    const std::size_t driver = reactions_[r].kinetics->species;
    if (std::find(drivers_.begin(), drivers_.end(), driver) == drivers_.end()) drivers_.push_back(driver);
  }
  for (const auto& symbol : kReportedElements) {
    for (const auto& solid : solids_) {
      if (element_count(feed_.database().species(solid.kinetics->solid), symbol) > 0.0) {
        extraction_elements_.push_back(symbol);
        break;
      }
    }
  }
}

Eigen::VectorXd LeachProblem::solid_extents(const Eigen::MatrixXd& conversions) const {
  Eigen::VectorXd extents(static_cast<Eigen::Index>(solids_.size()));
  for (std::size_t i = 0; i < solids_.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    extents(row) = solids_[i].initial.dot(conversions.row(row).transpose()) / solids_[i].solid_coefficient;
  }
  return extents;
}

Eigen::VectorXd LeachProblem::amounts(const Eigen::VectorXd& solid_extents,
                                      const Eigen::VectorXd& homogeneous_extents) const {
  Eigen::VectorXd extents(stoichiometry_.cols());
  extents << solid_extents, homogeneous_extents;
  return feed_.amounts() + stoichiometry_ * extents;
}

double LeachProblem::liquid_volume(const Eigen::VectorXd& amounts, double temperature) const {
  const double water_mass = amounts(static_cast<Eigen::Index>(water_)) * feed_.database().species(water_).molar_mass;
  return water_mass / thermo::water_density(std::clamp(temperature, 273.15, 423.15));
}

std::size_t LeachProblem::driver_slot(std::size_t species) const {
  return static_cast<std::size_t>(std::find(drivers_.begin(), drivers_.end(), species) - drivers_.begin());
}

std::vector<shrinking_core::ClassRates> LeachProblem::class_rates(std::size_t i, const Eigen::VectorXd& concentrations,
                                                                  double temperature) const {
  const thermo::SolidKinetics& kinetics = *solids_[i].kinetics;
  double factor = 1.0;
  for (const auto& dependence : kinetics.dependences) {
    factor *= concentration_factor(concentrations(static_cast<Eigen::Index>(driver_slot(dependence.species))),
                                   dependence.reference, dependence.order);
  }
  const double reaction = kinetics.reaction_rate ? kinetics.reaction_rate->at(temperature) * factor : 0.0;
  const double diffusion = kinetics.diffusion_rate ? kinetics.diffusion_rate->at(temperature) * factor : 0.0;
  const double avrami = kinetics.avrami_rate ? kinetics.avrami_rate->at(temperature) * factor : 0.0;
  std::vector<shrinking_core::ClassRates> rates;
  for (const double size : sizes_) {
    // τ_r ∝ R0 (Levenspiel eq. 25.22), τ_d ∝ R0² (eq. 25.17); Avrami k carries no size.
    const double ratio = kinetics.reference_particle_size / size;
    rates.push_back({reaction * ratio, diffusion * ratio * ratio, avrami});
  }
  return rates;
}

double LeachProblem::homogeneous_rate_constant(std::size_t r, double temperature) const {
  return reactions_[r].kinetics->rate.at(temperature);
}

std::vector<std::pair<std::string, double>> LeachProblem::extractions(const Eigen::VectorXd& solid_extents) const {
  const thermo::Database& database = feed_.database();
  std::vector<std::pair<std::string, double>> result;
  for (const auto& symbol : extraction_elements_) {
    double in_solids = 0.0;
    for (std::size_t s = 0; s < database.size(); ++s) {
      if (database.species(s).phase == thermo::Phase::kSolid) {
        in_solids += feed_.amount(s) * element_count(database.species(s), symbol);
      }
    }
    double dissolved = 0.0;
    for (std::size_t i = 0; i < solids_.size(); ++i) {
      for (const auto& term : solids_[i].kinetics->reaction.terms) {
        const thermo::Species& species = database.species(term.species);
        if (term.coefficient > 0.0 && species.phase == thermo::Phase::kAqueous) {
          dissolved += solid_extents(static_cast<Eigen::Index>(i)) * term.coefficient * element_count(species, symbol);
        }
      }
    }
    result.emplace_back(symbol, in_solids > 0.0 ? dissolved / in_solids : 0.0);
  }
  return result;
}

double LeachProblem::overall_conversion(std::size_t i, const Eigen::VectorXd& class_conversions) const {
  const double total = solids_[i].initial.sum();
  return total > 0.0 ? solids_[i].initial.dot(class_conversions) / total : 0.0;
}

thermo::SizeDistribution LeachProblem::outlet_distribution(const Eigen::MatrixXd& inlet_fractions,
                                                           const std::vector<Piece>& pieces,
                                                           const Eigen::MatrixXd& conversions) const {
  thermo::SizeDistribution distribution{sizes_, inlet_fractions};
  const auto classes = static_cast<Eigen::Index>(sizes_.size());
  Eigen::MatrixXd moles = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(solids_.size()), classes);
  for (const auto& piece : pieces) {
    if (!(piece.remaining > 0.0)) continue;
    const auto row = static_cast<Eigen::Index>(piece.solid);
    // Sizes run coarsest first. Find the neighbours of the new diameter.
    if (classes == 1 || piece.diameter >= sizes_.front()) {
      moles(row, 0) += piece.remaining;
    } else if (piece.diameter <= sizes_.back()) {
      moles(row, classes - 1) += piece.remaining;
    } else {
      Eigen::Index upper = 0;  // coarser neighbour
      while (sizes_[static_cast<std::size_t>(upper + 1)] > piece.diameter) ++upper;
      const double coarse = std::log(sizes_[static_cast<std::size_t>(upper)]);
      const double fine = std::log(sizes_[static_cast<std::size_t>(upper + 1)]);
      const double share_fine = (coarse - std::log(piece.diameter)) / (coarse - fine);
      moles(row, upper) += piece.remaining * (1.0 - share_fine);
      moles(row, upper + 1) += piece.remaining * share_fine;
    }
  }
  for (std::size_t i = 0; i < solids_.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    const double total = moles.row(row).sum();
    if (total > 0.0) {
      distribution.fractions.row(static_cast<Eigen::Index>(solids_[i].kinetics->solid)) = moles.row(row) / total;
    }
  }
  // Solid products: ν_p / |ν_s| mol per mol of solid s reacted in class c.
  const thermo::Database& database = feed_.database();
  std::vector<std::size_t> products;
  for (const auto& solid : solids_) {
    for (const auto& term : solid.kinetics->reaction.terms) {
      const bool reacting_solid = std::any_of(solids_.begin(), solids_.end(), [&](const ActiveSolid& other) {
        return other.kinetics->solid == term.species;
      });
      if (term.coefficient > 0.0 && database.species(term.species).phase == thermo::Phase::kSolid && !reacting_solid &&
          std::find(products.begin(), products.end(), term.species) == products.end()) {
        products.push_back(term.species);
      }
    }
  }
  for (const std::size_t product : products) {
    const auto row = static_cast<Eigen::Index>(product);
    Eigen::RowVectorXd formed = feed_.amount(product) * inlet_fractions.row(row);
    for (std::size_t i = 0; i < solids_.size(); ++i) {
      const double per_solid = solids_[i].kinetics->reaction.coefficient_of(product) / solids_[i].solid_coefficient;
      if (per_solid == 0.0) continue;
      for (Eigen::Index c = 0; c < classes; ++c) {
        formed(c) += per_solid * solids_[i].initial(c) * conversions(static_cast<Eigen::Index>(i), c);
      }
    }
    const double total = formed.sum();
    if (total > 0.0) distribution.fractions.row(row) = formed / total;
  }
  return distribution;
}

}  // namespace hydrosim::units::leach
