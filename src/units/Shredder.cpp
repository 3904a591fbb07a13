#include "hydrosim/units/Shredder.h"

#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/solvers/OdeSolver.h"
#include "hydrosim/units/ParticleSize.h"
#include "hydrosim/units/SolverReport.h"

namespace hydrosim::units {
namespace {

// dy/dt = A y: the grinding equation of every species (and the attached and
// free parts of each coating) stacked; A is constant, so it is its own Jacobian.
class LinearGrinding : public solvers::OdeSystem {
 public:
  LinearGrinding(const Eigen::MatrixXd& a, std::vector<std::string> names) : a_(a), names_(std::move(names)) {}
  std::size_t size() const override { return static_cast<std::size_t>(a_.rows()); }
  int rhs(double /*t*/, const Eigen::VectorXd& y, Eigen::VectorXd& ydot) override {
    ydot.noalias() = a_ * y;
    return 0;
  }
  bool has_jacobian() const override { return true; }
  int jacobian(double /*t*/, const Eigen::VectorXd& /*y*/, Eigen::MatrixXd& df_dy) override {
    df_dy = a_;
    return 0;
  }
  std::string component_name(std::size_t i) const override { return names_.at(i); }

 private:
  const Eigen::MatrixXd& a_;
  std::vector<std::string> names_;
};

// Where one species' classes sit in the stacked state.
struct Block {
  std::size_t species = 0;
  Eigen::Index offset = 0;     // mass fractions of the species (its free part for a coating)
  Eigen::Index attached = -1;  // offset of the attached part of a coating, -1 otherwise
};

}  // namespace

Shredder::Parameters Shredder::read_parameters(const io::ParameterReader& block, const Parameters& fallback) const {
  Parameters p = fallback;
  const Dimension rate = Dimension::time().power(-1);
  if (block.has("a")) {
    p.selection.a = block.quantity("a", rate);
    if (p.selection.a < 0.0) block.fail("a", "the specific breakage rate must not be negative");
  }
  if (block.has("x0")) {
    p.selection.x0 = block.quantity("x0", Dimension::length());
    if (!(p.selection.x0 > 0.0)) block.fail("x0", "the reference size must be positive");
  }
  p.selection.alpha = block.number_or("alpha", p.selection.alpha, 0.0, 10.0);
  if (block.has("mu")) {
    p.selection.mu = block.quantity("mu", Dimension::length());
    if (!(*p.selection.mu > 0.0)) block.fail("mu", "the size of the maximum breakage rate must be positive");
  }
  p.selection.lambda = block.number_or("lambda", p.selection.lambda, 1e-6, 20.0);
  p.breakage.phi = block.number_or("phi", p.breakage.phi, 0.0, 1.0);
  p.breakage.gamma = block.number_or("gamma", p.breakage.gamma, 1e-6, 20.0);
  p.breakage.beta = block.number_or("beta", p.breakage.beta, 1e-6, 50.0);
  return p;
}

const Shredder::Parameters& Shredder::parameters_for(std::size_t species) const {
  const auto it = components_.find(species);
  return it == components_.end() ? default_ : it->second;
}

void Shredder::configure(const io::ParameterReader& parameters,
                         const std::shared_ptr<const thermo::Database>& database) {
  database_ = database;
  const std::string model = parameters.choice("flow_model", {"plug_flow", "perfect_mixer", "tanks_in_series"});
  flow_model_ = model == "plug_flow"       ? FlowModel::kPlugFlow
                : model == "perfect_mixer" ? FlowModel::kPerfectMixer
                                           : FlowModel::kTanksInSeries;
  residence_time_ = parameters.quantity("residence_time", Dimension::time());
  if (!(residence_time_ > 0.0)) parameters.fail("residence_time", "must be positive");
  if (flow_model_ == FlowModel::kTanksInSeries) {
    tanks_ = parameters.integer_or("tanks", 2, 1, 1000);
  } else if (parameters.has("tanks")) {
    parameters.fail("tanks", "only the tanks_in_series flow model has tanks");
  }
  relative_tolerance_ = parameters.number_or("relative_tolerance", 1e-10, 1e-14, 1e-3);

  const io::ParameterReader breakage = parameters.child("breakage");
  if (!breakage.has("a"))
    breakage.fail_here(
        fmt::format("{}: missing the specific breakage rate 'a' (like \"0.5 "
                    "s^-1\")",
                    breakage.path()));
  default_ = read_parameters(breakage, Parameters{});
  breakage.finish("a breakage block");
  if (const auto components = parameters.optional_child("components")) {
    for (const auto& key : components->keys()) {
      std::size_t s = 0;
      try {
        s = database->index_of(key);
      } catch (const InputError& error) {
        components->fail(key, error.what());
      }
      if (database->species(s).phase != thermo::Phase::kSolid) components->fail(key, "only solids break");
      const io::ParameterReader block = components->child(key);
      components_[s] = read_parameters(block, default_);
      block.finish(fmt::format("the breakage block of {}", key));
    }
  }
  liberation_.clear();
  if (parameters.has("liberation")) {
    for (const auto& entry : parameters.list_of_maps("liberation")) {
      Liberation l;
      for (const auto& [key, target] : {std::pair{"coating", &l.coating}, std::pair{"substrate", &l.substrate}}) {
        try {
          *target = database->index_of(entry.text(key));
        } catch (const InputError& error) {
          entry.fail(key, error.what());
        }
        if (database->species(*target).phase != thermo::Phase::kSolid) entry.fail(key, "must be a solid species");
      }
      if (l.coating == l.substrate) entry.fail("substrate", "the coating and its substrate must differ");
      for (const auto& other : liberation_) {
        if (other.coating == l.coating) entry.fail("coating", "this coating already has a liberation entry");
      }
      l.attached = entry.number_or("attached", 1.0, 0.0, 1.0);
      l.rate = entry.quantity("detachment_rate", Dimension::time().power(-1));
      if (l.rate < 0.0) entry.fail("detachment_rate", "must not be negative");
      l.exponent = entry.number_or("size_exponent", 0.0, -10.0, 10.0);
      l.reference = entry.quantity_or("x0", Dimension::length(), "1 mm");
      if (!(l.reference > 0.0)) entry.fail("x0", "must be positive");
      entry.finish("a liberation entry");
      liberation_.push_back(l);
    }
  }
  for (const auto& l : liberation_) {
    for (const auto& other : liberation_) {
      if (other.coating == l.substrate) {
        parameters.fail("liberation",
                        fmt::format("'{}' is a substrate and a coating at once", database->species(l.substrate).name));
      }
    }
  }
}

std::vector<PortSpec> Shredder::ports() const {
  return {{"in", PortDirection::kInlet}, {"out", PortDirection::kOutlet}};
}

void Shredder::solve(const Inlets& inlets, Outlets& outlets) {
  report_ = {};
  const thermo::Stream& feed = *inlets.at("in").front();
  if (!feed.size_distribution) {
    throw SolveError(
        fmt::format("unit '{}': the inlet carries no particle-size distribution; give the feed a 'psd'", name()));
  }
  const std::vector<double>& sizes = feed.size_distribution->sizes;
  const auto n = static_cast<Eigen::Index>(sizes.size());
  const Eigen::MatrixXd& psd = feed.size_distribution->fractions;

  auto liberation_of = [&](std::size_t s) -> const Liberation* {
    for (const auto& l : liberation_) {
      if (l.coating == s) return &l;
    }
    return nullptr;
  };
  // The operator of one species' parameters on these classes.
  auto operator_for = [&](std::size_t s) {
    const Parameters& p = parameters_for(s);
    return grinding_operator(selection_rates(p.selection, sizes),
                             breakage_matrix(cumulative_breakage(p.breakage, sizes)));
  };

  std::vector<Block> blocks;
  Eigen::Index size = 0;
  for (std::size_t s = 0; s < database_->size(); ++s) {
    if (database_->species(s).phase != thermo::Phase::kSolid || feed.amount(s) <= 0.0) continue;
    // The attached part of a coating comes first, so detachment (attached → free) stays below the diagonal.
    Block block{s, size, -1};
    if (liberation_of(s) != nullptr) {
      block.attached = size;
      size += n;
      block.offset = size;
    }
    size += n;
    blocks.push_back(block);
  }
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(size, size);
  Eigen::VectorXd y0 = Eigen::VectorXd::Zero(size);
  std::vector<std::string> names(static_cast<std::size_t>(size));
  for (const auto& block : blocks) {
    const std::string& species = database_->species(block.species).name;
    a.block(block.offset, block.offset, n, n) = operator_for(block.species);
    const Eigen::VectorXd own = psd.row(static_cast<Eigen::Index>(block.species)).transpose();
    if (!(std::abs(own.sum() - 1.0) <= 1e-9)) {
      throw SolveError(
          fmt::format("unit '{}': the solid '{}' flows but its size fractions add up to {:.6g}, not 1 "
                      "(it came from a stream without a size distribution?)",
                      name(), species, own.sum()));
    }
    const Liberation* l = liberation_of(block.species);
    if (l == nullptr) {
      y0.segment(block.offset, n) = own;
    } else {
      if (feed.amount(l->substrate) <= 0.0) {
        throw SolveError(fmt::format("unit '{}': the coating {} is attached to {}, which is not in the inlet", name(),
                                     species, database_->species(l->substrate).name));
      }
      // Attached coating sits on substrate fragments: it has their size and breaks with them.
      Eigen::VectorXd detach(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        detach(i) = l->rate * std::pow(sizes[static_cast<std::size_t>(i)] / l->reference, l->exponent);
      }
      Eigen::MatrixXd attached = operator_for(l->substrate);
      attached.diagonal() -= detach;
      a.block(block.attached, block.attached, n, n) = attached;
      a.block(block.offset, block.attached, n, n) = detach.asDiagonal();
      y0.segment(block.attached, n) = l->attached * psd.row(static_cast<Eigen::Index>(l->substrate)).transpose();
      y0.segment(block.offset, n) = (1.0 - l->attached) * own;
      for (Eigen::Index i = 0; i < n; ++i) {
        names[static_cast<std::size_t>(block.attached + i)] =
            fmt::format("{} attached to {}, size class {}", species, database_->species(l->substrate).name, i + 1);
      }
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      names[static_cast<std::size_t>(block.offset + i)] =
          fmt::format("{}{}, size class {}", species, l != nullptr ? " (free)" : "", i + 1);
    }
  }

  // Solids kg/s per class and P80 of a state, for the profiles.
  auto class_mass = [&](const Eigen::VectorXd& y) {
    Eigen::VectorXd mass = Eigen::VectorXd::Zero(n);
    for (const auto& block : blocks) {
      Eigen::VectorXd part = y.segment(block.offset, n);
      if (block.attached >= 0) part += y.segment(block.attached, n);
      mass += feed.mass_flow(block.species) * part;
    }
    return mass;
  };
  auto liberated = [&](const Eigen::VectorXd& y, const Block& block) {
    const double free = y.segment(block.offset, n).sum();
    return free / (free + y.segment(block.attached, n).sum());
  };

  Eigen::VectorXd y = y0;
  Profile history;
  if (flow_model_ == FlowModel::kPlugFlow) {
    constexpr int kOutputs = 20;
    std::vector<double> times;
    for (int k = 1; k <= kOutputs; ++k) times.push_back(residence_time_ * k / kOutputs);
    LinearGrinding system(a, names);
    solvers::OdeOptions options;
    options.relative_tolerance = relative_tolerance_;
    options.absolute_tolerance = relative_tolerance_ * 1e-2;
    const solvers::OdeResult result = solvers::integrate(system, 0.0, y0, times, options);
    report_.solver_statistics.push_back(ode_statistics("CVODE BDF", result.statistics));
    if (!result.success) {
      throw SolveError(fmt::format("unit '{}': batch grinding failed at t = {:.6g} s of {:.6g} s: {}", name(),
                                   result.time_reached, residence_time_, result.message));
    }
    y = result.states.back();
    history = Profile{"grinding", "time", "s", {0.0}, {}};
    history.axis_values.insert(history.axis_values.end(), result.times.begin(), result.times.end());
    std::vector<Eigen::VectorXd> states{y0};
    states.insert(states.end(), result.states.begin(), result.states.end());
    ProfileSeries p80{"solids P80", "m", {}};
    for (const auto& state : states) p80.values.push_back(passing_size(sizes, class_mass(state), 0.8));
    history.series.push_back(std::move(p80));
    for (const auto& block : blocks) {
      if (block.attached < 0) continue;
      ProfileSeries free{fmt::format("{} liberated", database_->species(block.species).name), "1", {}};
      for (const auto& state : states) free.values.push_back(liberated(state, block));
      history.series.push_back(std::move(free));
    }
  } else {
    // Steady state of each mixed stage: (I − h A) y_k = y_{k−1}, h = τ/N. A is
    // lower triangular (fragments only move to finer classes; detachment moves
    // attached to free coating, which comes after it in the state).
    const int stages = flow_model_ == FlowModel::kPerfectMixer ? 1 : tanks_;
    const double h = residence_time_ / stages;
    const Eigen::MatrixXd stage = Eigen::MatrixXd::Identity(size, size) - h * a;
    history = Profile{"tanks", "tank", "1", {0.0}, {{"solids P80", "m", {passing_size(sizes, class_mass(y0), 0.8)}}}};
    for (int k = 1; k <= stages; ++k) {
      y = stage.triangularView<Eigen::Lower>().solve(y);
      history.axis_values.push_back(k);
      history.series.front().values.push_back(passing_size(sizes, class_mass(y), 0.8));
    }
  }

  thermo::Stream product = feed;
  class_mass_error_ = 0.0;
  std::vector<std::pair<std::string, Eigen::VectorXd>> psd_series{{"feed", feed.solid_mass_by_size()}};
  std::vector<ProfileSeries> liberation_series;
  for (const auto& block : blocks) {
    Eigen::VectorXd fractions = y.segment(block.offset, n);
    if (block.attached >= 0) {
      const Eigen::VectorXd attached = y.segment(block.attached, n);
      ProfileSeries per_class{fmt::format("{} liberated", database_->species(block.species).name), "1", {}};
      for (Eigen::Index i = 0; i < n; ++i) {
        const double total = fractions(i) + attached(i);
        per_class.values.push_back(total > 0.0 ? fractions(i) / total : 0.0);
      }
      liberation_series.push_back(std::move(per_class));
      report_.values.push_back({fmt::format("{} liberated from {}", database_->species(block.species).name,
                                            database_->species(liberation_of(block.species)->substrate).name),
                                liberated(y, block), "1"});
      fractions += attached;
    }
    // Breakage conserves each species' mass: the classes must still sum to 1.
    const double total = fractions.sum();
    class_mass_error_ = std::max(class_mass_error_, std::abs(total - 1.0));
    fractions = fractions.cwiseMax(0.0);
    product.size_distribution->fractions.row(static_cast<Eigen::Index>(block.species)) =
        fractions.transpose() / fractions.sum();
  }
  if (class_mass_error_ > 1e-9) {
    throw SolveError(
        fmt::format("unit '{}': the size classes lost or gained {:.3g} of a species' mass; the "
                    "breakage parameters are inconsistent",
                    name(), class_mass_error_));
  }
  const Eigen::VectorXd product_mass = product.solid_mass_by_size();
  psd_series.emplace_back("product", product_mass);
  const Eigen::MatrixXd by_species = species_mass_by_size(product);
  for (const auto& block : blocks) {
    const std::string& species = database_->species(block.species).name;
    const Eigen::VectorXd mass = by_species.row(static_cast<Eigen::Index>(block.species)).transpose();
    psd_series.emplace_back(fmt::format("product {}", species), mass);
    report_.values.push_back({fmt::format("product P80 {}", species), passing_size(sizes, mass, 0.8), "m"});
  }
  Profile psd_profile = size_profile("psd", sizes, psd_series);
  for (auto& series : liberation_series) psd_profile.series.push_back(std::move(series));
  report_.profiles.push_back(std::move(psd_profile));
  report_.profiles.push_back(std::move(history));
  report_.values.push_back({"feed solids P80", passing_size(sizes, feed.solid_mass_by_size(), 0.8), "m"});
  report_.values.push_back({"product solids P80", passing_size(sizes, product_mass, 0.8), "m"});
  report_.values.push_back({"size-class mass error", class_mass_error_, "1"});
  outlets.insert_or_assign("out", std::move(product));
}

}  // namespace hydrosim::units
