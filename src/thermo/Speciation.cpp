#include "hydrosim/thermo/Speciation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/solvers/NonlinearSolver.h"

namespace hydrosim::thermo {
namespace {

constexpr double kLn10 = 2.302585092994046;
constexpr double kWaterMolarMass = 0.01801528;  // kg/mol
constexpr double kMaxLog10Molality = 250.0;     // guards pow() against overflow only

struct Term {
  int column;  // unknown (master) column
  double coefficient;
};

// One aqueous species as a function of the unknowns.
struct Row {
  std::size_t species;
  int charge;
  LogK log_k;  // 0 for masters
  std::vector<Term> terms;
  double water = 0.0;  // coefficient of H2O
};

struct SolidRow {
  std::size_t solid;
  LogK log_k;
  std::vector<Term> terms;
  double water = 0.0;
};

}  // namespace

// The equations for one set of components, solids and mode; reused between
// solves with the same structure so that the previous answer is the initial
// guess (warm start).
class Speciation::System : public solvers::NonlinearSystem {
 public:
  std::vector<std::size_t> masters;  // unknown columns 0..M-1 (H+ included, H2O excluded)
  int proton_column = -1;
  std::vector<Row> rows;                            // species (masters first)
  std::vector<SolidRow> solids;                     // every solid expressible
  std::vector<int> active;                          // indices into solids held at equilibrium
  std::vector<std::size_t> equilibrium_candidates;  // indices into solids allowed to be present
  bool fixed_ph_mode = false;
  std::string key;  // structure key for reuse

  // Specific-interaction (SIT) terms: each species with any gets an unknown
  // σ_s = Σ_k c_sk m_k (its composition-dependent log10 γ), with the equation
  // σ_s − Σ_k c_sk m_k = 0, so molalities stay explicit functions of the
  // unknowns (like I through u) and the Jacobian stays analytic. Ion-only
  // models (Davies, B-dot) have none.
  std::vector<int> sigma_of_row;                                       // per row: σ index or -1
  std::vector<std::vector<std::pair<std::size_t, double>>> couplings;  // per σ: (row k, c_sk)
  double interaction_temperature = 0.0;                                // K, at which the couplings were bound
  // Non-linear models (Pitzer): σ_s = value_s(m, I) from the bound terms
  // (couplings then stay empty), and ln a_w = −M_w (Σ m + Σ m (φ − 1)).
  std::unique_ptr<CompositionTerms> composition;
  std::vector<std::size_t> sigma_row;  // per σ: its row (composition models)
  bool misses_interactions = false;    // the model lacks parameters for some pair of this system

  // Per-solve data.
  const ActivityModel* activity = nullptr;
  double temperature = 298.15;
  double fixed_ph = 7.0;
  std::vector<double> totals;  // per master column (H+ unused)
  double charge_scale = 1.0;
  std::vector<double> row_log_k;
  std::vector<double> solid_log_k;
  Eigen::VectorXd last_x;
  std::vector<int> last_active;  // the solids held at equilibrium in last_x (warm start of the assemblage)
  bool has_last = false;

  int columns() const { return static_cast<int>(masters.size()); }
  int u_column() const { return columns(); }
  int w_column() const { return columns() + 1; }
  int sigma_count() const { return static_cast<int>(couplings.size()); }
  int sigma_column(int s) const { return columns() + 2 + s; }
  int base_size() const { return columns() + 2 + sigma_count(); }
  int solid_column(std::size_t a) const { return base_size() + static_cast<int>(a); }
  int size() const { return base_size() + static_cast<int>(active.size()); }
  // The σ column of a row's species, or -1.
  int sigma_column_of_row(std::size_t r) const { return sigma_of_row[r] < 0 ? -1 : sigma_column(sigma_of_row[r]); }

  // The bound non-linear terms at the molalities of an evaluation.
  struct CompositionValues {
    std::vector<double> value, d_dm, d_dI, d_osmotic_dm;
    double osmotic = 0.0, d_osmotic_dI = 0.0;
  };
  void composition_values(const Eigen::VectorXd& m, double ionic_strength, CompositionValues& c) const {
    const std::size_t n = rows.size();
    c.value.assign(n, 0.0);
    c.d_dm.assign(n * n, 0.0);
    c.d_dI.assign(n, 0.0);
    c.d_osmotic_dm.assign(n, 0.0);
    composition->evaluate(std::span<const double>(m.data(), n), ionic_strength, c.value, c.d_dm, c.d_dI, c.osmotic,
                          c.d_osmotic_dm, c.d_osmotic_dI);
  }

  // Molalities and their log-derivatives at x.
  struct Evaluation {
    Eigen::VectorXd log_m;  // per row
    Eigen::VectorXd m;
    Eigen::VectorXd log_gamma;  // per row
    Eigen::VectorXd dlg_dI;     // per row
    double ionic_strength = 0.0;
  };

  // With strict = false molalities are not bounded (only capped against
  // overflow), for the initial-guess passes.
  bool evaluate(const Eigen::VectorXd& x, Evaluation& e, bool strict = true) const {
    double u = x(u_column());
    const double w = x(w_column());
    // Ionic strength beyond 100 mol/kg is outside any activity model: a
    // Newton step that goes there is refused (and cut by the line search).
    if (!std::isfinite(u) || (strict && u > 2.0)) return false;
    u = std::min(u, 2.0);
    e.ionic_strength = std::pow(10.0, u);
    const auto n = static_cast<Eigen::Index>(rows.size());
    e.log_m.resize(n);
    e.m.resize(n);
    e.log_gamma.resize(n);
    e.dlg_dI.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      activity->log_gamma(rows[static_cast<std::size_t>(i)].charge, 0.0, e.ionic_strength, temperature, e.log_gamma(i),
                          e.dlg_dI(i));
      if (const int column = sigma_column_of_row(static_cast<std::size_t>(i)); column >= 0) e.log_gamma(i) += x(column);
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      const Row& row = rows[static_cast<std::size_t>(i)];
      double log_m = row_log_k[static_cast<std::size_t>(i)] + row.water * w - e.log_gamma(i);
      for (const Term& term : row.terms) log_m += term.coefficient * (x(term.column) + e.log_gamma(term.column));
      if (!std::isfinite(log_m)) return false;
      if (log_m > kMaxLog10Molality) {
        if (strict) return false;
        log_m = std::min(log_m, 300.0);
      }
      e.log_m(i) = log_m;
      e.m(i) = std::pow(10.0, log_m);
    }
    return true;
  }

  // Sum over species of coefficient-weighted molalities per master column.
  bool residual(const Eigen::VectorXd& x, Eigen::VectorXd& f) override {
    Evaluation e;
    if (!evaluate(x, e)) return false;
    f.resize(size());
    const int M = columns();
    for (int c = 0; c < M; ++c) f(c) = 0.0;
    double charge = 0.0;
    double strength = 0.0;
    double solutes = 0.0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const double m = e.m(static_cast<Eigen::Index>(i));
      for (const Term& term : rows[i].terms) f(term.column) += term.coefficient * m;
      charge += rows[i].charge * m;
      strength += 0.5 * rows[i].charge * rows[i].charge * m;
      solutes += m;
    }
    for (std::size_t a = 0; a < active.size(); ++a) {
      const double amount = x(solid_column(a));
      for (const Term& term : solids[static_cast<std::size_t>(active[a])].terms)
        f(term.column) += term.coefficient * amount;
    }
    for (int c = 0; c < M; ++c) {
      if (c != proton_column) f(c) = (f(c) - totals[static_cast<std::size_t>(c)]) / totals[static_cast<std::size_t>(c)];
    }
    if (fixed_ph_mode) {
      f(proton_column) = x(proton_column) + e.log_gamma(proton_column) + fixed_ph;
    } else {
      f(proton_column) = charge / charge_scale;
    }
    f(u_column()) = std::log10(strength) - x(u_column());
    f(w_column()) = x(w_column()) + kWaterMolarMass / kLn10 * solutes;
    if (composition) {
      CompositionValues c;
      composition_values(e.m, e.ionic_strength, c);
      f(w_column()) += kWaterMolarMass / kLn10 * c.osmotic;
      for (int s = 0; s < sigma_count(); ++s) {
        f(sigma_column(s)) = x(sigma_column(s)) - c.value[sigma_row[static_cast<std::size_t>(s)]];
      }
    }
    for (int s = 0; !composition && s < sigma_count(); ++s) {
      double sum = 0.0;
      for (const auto& [row, coefficient] : couplings[static_cast<std::size_t>(s)])
        sum += coefficient * e.m(static_cast<Eigen::Index>(row));
      f(sigma_column(s)) = x(sigma_column(s)) - sum;
    }
    for (std::size_t a = 0; a < active.size(); ++a) {
      f(solid_column(a)) = saturation_index(static_cast<std::size_t>(active[a]), x, e);
    }
    return true;
  }

  // Initial guess by positive continuous fractions (Carrayrou et al. 2002,
  // AIChE J. 48, 894): scale each free master by (total / computed total)^(1/ν),
  // ν its largest stoichiometric coefficient among the species that carry it,
  // with H+ held. Newton then starts where every species is of the right
  // order of magnitude.
  void precondition(Eigen::VectorXd& x) const {
    Evaluation e;
    double damping = 1.0;
    double previous_step = std::numeric_limits<double>::infinity();
    // The terms of each column (row, coefficient), in row order: the sums below
    // visit them in the same order as a scan of every row would, without the
    // scan (it was most of this function's time).
    std::vector<std::vector<std::pair<Eigen::Index, double>>> by_column(static_cast<std::size_t>(columns()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (const Term& term : rows[i].terms) {
        by_column[static_cast<std::size_t>(term.column)].emplace_back(static_cast<Eigen::Index>(i), term.coefficient);
      }
    }
    for (int pass = 0; pass < 200; ++pass) {
      if (!evaluate(x, e, false)) return;
      double largest_step = 0.0;
      Eigen::VectorXd step = Eigen::VectorXd::Zero(x.size());
      for (int c = 0; c < columns(); ++c) {
        if (c == proton_column) continue;
        const auto& terms = by_column[static_cast<std::size_t>(c)];
        double carried = 0.0;
        for (const auto& [row, coefficient] : terms) {
          if (coefficient > 0.0) carried += coefficient * e.m(row);
        }
        double nu = 1.0;
        for (const auto& [row, coefficient] : terms) {
          if (coefficient * e.m(row) > 0.01 * carried) nu = std::max(nu, coefficient);
        }
        step(c) = std::log10(totals[static_cast<std::size_t>(c)] / carried) / nu;
        largest_step = std::max(largest_step, std::abs(step(c)));
      }
      // Jacobi sweeps over coupled components can cycle; halve the step
      // whenever it stops shrinking.
      if (largest_step >= previous_step) damping = std::max(0.5 * damping, 0.05);
      previous_step = largest_step;
      x += damping * step;
      if (!evaluate(x, e, false)) return;
      // Ionic strength and water activity relax towards the values the
      // species imply (damped: activity coefficients feed back on them).
      double strength = 0.0;
      double solutes = 0.0;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        strength += 0.5 * rows[i].charge * rows[i].charge * e.m(static_cast<Eigen::Index>(i));
        solutes += e.m(static_cast<Eigen::Index>(i));
      }
      const double target_u = std::clamp(std::log10(std::max(strength, 1e-12)), -12.0, std::log10(6.0));
      x(u_column()) = 0.5 * (x(u_column()) + target_u);
      x(w_column()) = std::max(-kWaterMolarMass / kLn10 * solutes, -0.5);
      if (composition) {
        CompositionValues c;
        composition_values(e.m, std::clamp(strength, 1e-12, 20.0), c);
        for (int s = 0; s < sigma_count(); ++s) {
          const double target = std::clamp(c.value[sigma_row[static_cast<std::size_t>(s)]], -3.0, 3.0);
          x(sigma_column(s)) = 0.5 * (x(sigma_column(s)) + target);
        }
      }
      for (int s = 0; !composition && s < sigma_count(); ++s) {
        double sum = 0.0;
        for (const auto& [row, coefficient] : couplings[static_cast<std::size_t>(s)])
          sum += coefficient * e.m(static_cast<Eigen::Index>(row));
        x(sigma_column(s)) = 0.5 * (x(sigma_column(s)) + std::clamp(sum, -3.0, 3.0));
      }
      if (largest_step < 1e-4) return;
    }
  }

  double saturation_index(std::size_t s, const Eigen::VectorXd& x, const Evaluation& e) const {
    const SolidRow& solid = solids[s];
    double log_iap = solid.water * x(w_column());
    for (const Term& term : solid.terms) log_iap += term.coefficient * (x(term.column) + e.log_gamma(term.column));
    return log_iap - solid_log_k[s];
  }

  bool jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& jacobian) override {
    Evaluation e;
    if (!evaluate(x, e)) return false;
    const int n = size();
    const int M = columns();
    jacobian.setZero(n, n);
    const double dI_du = e.ionic_strength * kLn10;
    // dm_i/dx: ln10 m_i dL_i/dx.
    Eigen::MatrixXd dm = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(rows.size()), n);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto r = static_cast<Eigen::Index>(i);
      const double scale = kLn10 * e.m(r);
      double dL_du = -e.dlg_dI(r);
      for (const Term& term : rows[i].terms) {
        dm(r, term.column) += scale * term.coefficient;
        dL_du += term.coefficient * e.dlg_dI(term.column);
      }
      dm(r, u_column()) = scale * dL_du * dI_du;
      dm(r, w_column()) = scale * rows[i].water;
      // log m_i = ... − log γ_i + Σ_j ν_ij log γ_j, and log γ contains σ.
      if (const int column = sigma_column_of_row(i); column >= 0) dm(r, column) -= scale;
      for (const Term& term : rows[i].terms) {
        if (const int column = sigma_column_of_row(static_cast<std::size_t>(term.column)); column >= 0)
          dm(r, column) += scale * term.coefficient;
      }
    }
    double strength = 0.0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      strength += 0.5 * rows[i].charge * rows[i].charge * e.m(static_cast<Eigen::Index>(i));
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto r = static_cast<Eigen::Index>(i);
      for (const Term& term : rows[i].terms) {
        if (term.column == proton_column) continue;
        jacobian.row(term.column) += term.coefficient * dm.row(r) / totals[static_cast<std::size_t>(term.column)];
      }
      if (!fixed_ph_mode) jacobian.row(proton_column) += rows[i].charge * dm.row(r) / charge_scale;
      jacobian.row(u_column()) += 0.5 * rows[i].charge * rows[i].charge * dm.row(r) / (strength * kLn10);
      jacobian.row(w_column()) += kWaterMolarMass / kLn10 * dm.row(r);
    }
    if (fixed_ph_mode) {
      jacobian(proton_column, proton_column) = 1.0;
      jacobian(proton_column, u_column()) = e.dlg_dI(proton_column) * dI_du;
      if (const int column = sigma_column_of_row(static_cast<std::size_t>(proton_column)); column >= 0)
        jacobian(proton_column, column) = 1.0;
    }
    if (composition) {
      // σ_s − value_s(m(x), I(x)) = 0 and the osmotic term of the water row,
      // by the chain rule through dm (the model's derivatives are exact).
      CompositionValues c;
      composition_values(e.m, e.ionic_strength, c);
      const std::size_t n_rows = rows.size();
      for (int s = 0; s < sigma_count(); ++s) {
        const int column = sigma_column(s);
        const std::size_t row = sigma_row[static_cast<std::size_t>(s)];
        for (std::size_t k = 0; k < n_rows; ++k) {
          const double d = c.d_dm[row * n_rows + k];
          if (d != 0.0) jacobian.row(column) -= d * dm.row(static_cast<Eigen::Index>(k));
        }
        jacobian(column, u_column()) -= c.d_dI[row] * dI_du;
        jacobian(column, column) += 1.0;
      }
      for (std::size_t k = 0; k < n_rows; ++k) {
        const double d = c.d_osmotic_dm[k];
        if (d != 0.0) jacobian.row(w_column()) += kWaterMolarMass / kLn10 * d * dm.row(static_cast<Eigen::Index>(k));
      }
      jacobian(w_column(), u_column()) += kWaterMolarMass / kLn10 * c.d_osmotic_dI * dI_du;
    }
    for (int s = 0; !composition && s < sigma_count(); ++s) {
      const int column = sigma_column(s);
      for (const auto& [row, coefficient] : couplings[static_cast<std::size_t>(s)])
        jacobian.row(column) -= coefficient * dm.row(static_cast<Eigen::Index>(row));
      jacobian(column, column) += 1.0;
    }
    jacobian(u_column(), u_column()) -= 1.0;
    jacobian(w_column(), w_column()) += 1.0;
    for (std::size_t a = 0; a < active.size(); ++a) {
      const int column = solid_column(a);
      const SolidRow& solid = solids[static_cast<std::size_t>(active[a])];
      for (const Term& term : solid.terms) {
        if (term.column != proton_column) {
          jacobian(term.column, column) += term.coefficient / totals[static_cast<std::size_t>(term.column)];
        }
        jacobian(column, term.column) += term.coefficient;
        jacobian(column, u_column()) += term.coefficient * e.dlg_dI(term.column) * dI_du;
        if (const int sigma = sigma_column_of_row(static_cast<std::size_t>(term.column)); sigma >= 0)
          jacobian(column, sigma) += term.coefficient;
      }
      jacobian(column, w_column()) += solid.water;
    }
    (void)M;
    return true;
  }
};

Speciation::Speciation(std::shared_ptr<const Database> database, std::shared_ptr<const EquilibriumData> equilibria,
                       std::string_view activity_model)
    : database_(std::move(database)),
      equilibria_(std::move(equilibria)),
      // The model's parameters come from the directory the database was read from.
      activity_(make_activity_model(activity_model, database_->files().empty()
                                                        ? std::filesystem::path()
                                                        : database_->files().front().parent_path())) {
  if (!activity_) {
    throw InputError(
        fmt::format("unknown activity model '{}'; valid: {}", activity_model, fmt::join(activity_model_names(), ", ")));
  }
}

Speciation::~Speciation() = default;
Speciation::Speciation(Speciation&&) noexcept = default;
Speciation& Speciation::operator=(Speciation&&) noexcept = default;

const SpeciesState* SpeciationResult::find(std::size_t species_index) const {
  for (const auto& s : species) {
    if (s.species == species_index) return &s;
  }
  return nullptr;
}

const SaturationState* SpeciationResult::find_solid(std::size_t solid_index) const {
  for (const auto& s : solids) {
    if (s.solid == solid_index) return &s;
  }
  return nullptr;
}

std::size_t component_index(const Database& database, const EquilibriumData& equilibria, std::string_view name) {
  std::string master_name(name);
  if (const std::string by_element = default_master_for(name); !by_element.empty()) master_name = by_element;
  const std::size_t index = database.index_of(master_name);
  const auto& masters = equilibria.masters();
  if (std::find(masters.begin(), masters.end(), index) == masters.end()) {
    std::vector<std::string> names;
    for (const auto m : masters) names.push_back(database.species(m).name);
    throw InputError(
        fmt::format("'{}' is not a master species of the equilibrium data; components are given as "
                    "one of: {} (or an element symbol such as Li, S, C)",
                    name, fmt::join(names, ", ")));
  }
  return index;
}

namespace {

std::string structure_key(const SolutionInput& input) {
  std::string key = input.fixed_ph ? "ph;" : "charge;";
  for (const auto& [index, total] : input.totals) key += fmt::format("{},", index);
  key += ";";
  for (const auto s : input.equilibrium_solids) key += fmt::format("{},", s);
  return key;
}

}  // namespace

SpeciationResult Speciation::solve(const SolutionInput& input) {
  const Database& db = *database_;
  const auto water = db.find("H2O");
  const auto proton = db.find("H+");
  if (!water || !proton) throw InputError("the thermo data must define H2O and H+");
  if (!(input.temperature > 273.0 && input.temperature < 650.0)) {
    throw InputError(
        fmt::format("temperature {:.2f} K is outside the liquid-water range of the data", input.temperature));
  }
  for (const auto& [index, total] : input.totals) {
    if (!(total >= 0.0) || !std::isfinite(total)) {
      throw InputError(
          fmt::format("the total of {} must be a non-negative number, not {}", db.species(index).name, total));
    }
  }

  // Build (or reuse) the system for this structure.
  SolutionInput effective = input;
  std::erase_if(effective.totals, [&](const auto& entry) { return entry.second <= 0.0 || entry.first == *proton; });
  const std::string key = structure_key(effective);
  if (!cached_ || cached_->key != key) {
    auto system = std::make_unique<System>();
    system->key = key;
    system->fixed_ph_mode = effective.fixed_ph.has_value();
    std::map<std::size_t, int> column;
    for (const auto& [index, total] : effective.totals) {
      column[index] = static_cast<int>(system->masters.size());
      system->masters.push_back(index);
    }
    system->proton_column = static_cast<int>(system->masters.size());
    column[*proton] = system->proton_column;
    system->masters.push_back(*proton);
    for (std::size_t c = 0; c < system->masters.size(); ++c) {
      Row row{system->masters[c], db.species(system->masters[c]).charge(), LogK{}, {{static_cast<int>(c), 1.0}}, 0.0};
      system->rows.push_back(row);
    }
    auto expressible = [&](const std::vector<MassActionTerm>& terms, std::vector<Term>& out,
                           double& water_coefficient) {
      for (const auto& term : terms) {
        if (term.species == *water) {
          water_coefficient += term.coefficient;
        } else if (const auto it = column.find(term.species); it != column.end()) {
          out.push_back({it->second, term.coefficient});
        } else {
          return false;
        }
      }
      return true;
    };
    for (const auto& reaction : equilibria_->aqueous_reactions()) {
      Row row{reaction.product, db.species(reaction.product).charge(), reaction.log_k, {}, 0.0};
      if (!activity_->admits(db.species(reaction.product).name, row.charge)) continue;
      if (expressible(reaction.reactants, row.terms, row.water)) system->rows.push_back(std::move(row));
    }
    const auto& all_solids = equilibria_->solids();
    for (const auto& solid : all_solids) {
      SolidRow row{solid.solid, solid.log_k, {}, 0.0};
      if (expressible(solid.products, row.terms, row.water)) system->solids.push_back(std::move(row));
    }
    for (const auto s : effective.equilibrium_solids) {
      const auto it = std::find_if(system->solids.begin(), system->solids.end(),
                                   [&](const SolidRow& row) { return row.solid == s; });
      if (it == system->solids.end()) {
        throw InputError(fmt::format("solid '{}' cannot form from the given components (or has no solubility data)",
                                     db.species(s).name));
      }
      system->equilibrium_candidates.push_back(static_cast<std::size_t>(it - system->solids.begin()));
    }
    cached_ = std::move(system);
  }
  System& system = *cached_;
  // Composition-dependent activity terms of this species set, bound when the
  // system is built and, for a model that has any, again when the
  // temperature changes (the c_ik may depend on T); a different σ layout
  // invalidates the warm start. Ion-only models pay nothing per solve.
  if (system.sigma_of_row.empty() ||
      (!system.couplings.empty() && system.interaction_temperature != input.temperature)) {
    std::vector<ActivitySpecies> described;
    for (const auto& row : system.rows) described.push_back({db.species(row.species).name, row.charge, 0.0});
    const int previous_size = system.base_size();
    system.sigma_of_row.assign(system.rows.size(), -1);
    system.couplings.clear();
    system.sigma_row.clear();
    system.composition = activity_->bind(described, input.temperature);
    for (std::size_t r = 0; system.composition && r < system.rows.size(); ++r) {
      if (system.rows[r].charge == 0) continue;
      system.sigma_of_row[r] = static_cast<int>(system.couplings.size());
      system.couplings.emplace_back();  // empty: the σ comes from the bound terms
      system.sigma_row.push_back(r);
    }
    const std::vector<SpecificInteraction> linear =
        system.composition ? std::vector<SpecificInteraction>{} : activity_->interactions(described, input.temperature);
    for (const auto& term : linear) {
      int& sigma = system.sigma_of_row[term.species];
      if (sigma < 0) {
        sigma = static_cast<int>(system.couplings.size());
        system.couplings.emplace_back();
      }
      system.couplings[static_cast<std::size_t>(sigma)].emplace_back(term.partner, term.coefficient);
    }
    system.interaction_temperature = input.temperature;
    system.misses_interactions = !activity_->missing_interactions(described).empty();
    if (system.base_size() != previous_size) system.has_last = false;
  }
  system.activity = activity_.get();
  system.temperature = input.temperature;
  system.fixed_ph = input.fixed_ph.value_or(7.0);
  system.totals.assign(system.masters.size(), 1.0);
  double charge_scale = 0.0;
  for (std::size_t c = 0; c < system.masters.size(); ++c) {
    if (static_cast<int>(c) == system.proton_column) continue;
    system.totals[c] = effective.totals.at(system.masters[c]);
    charge_scale += std::abs(db.species(system.masters[c]).charge()) * system.totals[c];
  }
  system.charge_scale = std::max(charge_scale, 1e-7);
  system.row_log_k.clear();
  for (const auto& row : system.rows) system.row_log_k.push_back(row.log_k.at(input.temperature));
  system.solid_log_k.clear();
  for (const auto& solid : system.solids) system.solid_log_k.push_back(solid.log_k.at(input.temperature));

  SpeciationResult result;
  result.temperature = input.temperature;
  if (std::abs(input.temperature - 298.15) > 5.0) {
    std::vector<std::string> constant;
    for (const auto& row : system.rows) {
      if (row.terms.size() > 1 || row.water != 0.0 || row.log_k.at_25C != 0.0) {
        if (!row.log_k.temperature_dependent()) constant.push_back(db.species(row.species).name);
      }
    }
    if (!constant.empty()) {
      result.warnings.push_back(fmt::format(
          "{} aqueous species have no temperature dependence in the data and keep their 25 °C log K: {}{}",
          constant.size(),
          fmt::join(constant.begin(), constant.begin() + std::min<long>(6, static_cast<long>(constant.size())), ", "),
          constant.size() > 6 ? ", ..." : ""));
    }
  }
  if (input.temperature < 273.15 || input.temperature > 373.15) {
    result.warnings.push_back("the water dielectric constant fit (Malmberg & Maryott 1956) is for 0-100 °C");
  }

  // Initial guess: the previous answer for the same structure (warm start),
  // else free ions equal to their totals, refined by positive continuous
  // fractions; with a charge balance, the pH is first bracketed by fixed-pH
  // solves (the net charge of a solution at equilibrium falls monotonically
  // with pH, the titration curve, so bisection cannot miss it).
  const int base_size = system.base_size();
  solvers::NonlinearSolverOptions options;
  options.residual_tolerance = 1e-13;
  options.max_iterations = 300;

  auto free_ion_guess = [&](double ph) {
    Eigen::VectorXd x(base_size);
    double strength = 0.0;
    double solutes = 0.0;
    for (int c = 0; c < system.columns(); ++c) {
      if (c == system.proton_column) continue;
      const double total = system.totals[static_cast<std::size_t>(c)];
      x(c) = std::log10(total);
      const int z = db.species(system.masters[static_cast<std::size_t>(c)]).charge();
      strength += 0.5 * z * z * total;
      solutes += total;
    }
    x(system.proton_column) = -ph;
    x(system.u_column()) = std::log10(std::max(strength, 1e-7));
    x(system.w_column()) = -kWaterMolarMass / kLn10 * solutes;
    for (int s = 0; s < system.sigma_count(); ++s) x(system.sigma_column(s)) = 0.0;
    return x;
  };

  // Solves at a fixed pH; returns the net charge relative to the charge scale.
  // Called by initial_guess only, which holds no solid (see there).
  auto charge_at_ph = [&](double ph, Eigen::VectorXd& state) -> std::optional<double> {
    const bool was_fixed = system.fixed_ph_mode;
    const double was_ph = system.fixed_ph;
    system.fixed_ph_mode = true;
    system.fixed_ph = ph;
    state(system.proton_column) = -ph;
    system.precondition(state);
    solvers::NonlinearSolver solver(static_cast<std::size_t>(base_size));
    const auto outcome = solver.solve(system, state, options);
    system.fixed_ph_mode = was_fixed;
    system.fixed_ph = was_ph;
    System::Evaluation e;
    if (!outcome.converged || !system.evaluate(state, e)) return std::nullopt;
    double charge = 0.0;
    for (std::size_t r = 0; r < system.rows.size(); ++r)
      charge += system.rows[r].charge * e.m(static_cast<Eigen::Index>(r));
    return charge / system.charge_scale;
  };

  // The cold-start guess has the base unknowns only: it is computed with no
  // solid held at equilibrium (a warm-started or partly built assemblage is
  // set aside and put back), or the residual would read solid amounts the
  // base-size guess does not have.
  auto initial_guess = [&]() {
    std::vector<int> held;
    std::swap(held, system.active);
    struct Restore {
      std::vector<int>& active;
      std::vector<int>& held;
      ~Restore() { std::swap(active, held); }
    } restore{system.active, held};
    if (system.fixed_ph_mode) {
      Eigen::VectorXd x = free_ion_guess(system.fixed_ph);
      system.precondition(x);
      return x;
    }
    double low = -1.5;
    double high = 15.5;
    Eigen::VectorXd low_state = free_ion_guess(low);
    Eigen::VectorXd high_state = free_ion_guess(high);
    const auto low_charge = charge_at_ph(low, low_state);
    const auto high_charge = charge_at_ph(high, high_state);
    if (low_charge && high_charge && (*low_charge < 0.0 || *high_charge > 0.0)) {
      throw InputError(fmt::format(
          "the charge cannot balance: the solution stays net {} from pH {} to {} ({:+.3g} eq/kg at pH {}); the "
          "component totals need more {}",
          *low_charge < 0.0 ? "negative" : "positive", low, high,
          (*low_charge < 0.0 ? *low_charge : *high_charge) * system.charge_scale, *low_charge < 0.0 ? low : high,
          *low_charge < 0.0 ? "cations" : "anions"));
    }
    Eigen::VectorXd middle_state = low_state;
    for (int i = 0; i < 40 && high - low > 0.02; ++i) {
      const double middle = 0.5 * (low + high);
      middle_state = (*low_charge > 0.0 ? low_state : high_state);
      auto charge = charge_at_ph(middle, middle_state);
      if (!charge) {
        // From a bracket end far from the middle (e.g. pH −1.5 in a strong
        // chloride brine, I ≈ 30) the fixed-pH solve can fail: retry from the
        // free-ion guess, else keep the last converged state.
        middle_state = free_ion_guess(middle);
        charge = charge_at_ph(middle, middle_state);
      }
      if (!charge) {
        middle_state = (*low_charge > 0.0 ? low_state : high_state);
        break;
      }
      if (*charge > 0.0) {
        low = middle;
        low_state = middle_state;
      } else {
        high = middle;
        high_state = middle_state;
      }
    }
    return middle_state;
  };

  Eigen::VectorXd x = system.has_last && system.last_x.size() >= base_size
                          ? Eigen::VectorXd(system.last_x.head(base_size))
                          : initial_guess();
  system.active.clear();
  solvers::NonlinearSolverResult outcome;
  // Warm start of the phase assemblage: the solids of the previous answer with
  // their amounts, when they are still candidates (a dose search or a recycle
  // pass changes the totals a little, rarely the assemblage). One short Newton
  // run (30 iterations, no retry); if it does not converge, the cold path below
  // rebuilds the assemblage from no solids as before. The rounds after it drop
  // or add solids either way, so the answer is the same equilibrium.
  if (system.has_last && !system.last_active.empty() &&
      system.last_x.size() == base_size + static_cast<Eigen::Index>(system.last_active.size()) &&
      std::all_of(system.last_active.begin(), system.last_active.end(), [&](int solid) {
        return std::find(system.equilibrium_candidates.begin(), system.equilibrium_candidates.end(),
                         static_cast<std::size_t>(solid)) != system.equilibrium_candidates.end();
      })) {
    system.active = system.last_active;
    Eigen::VectorXd warm = system.last_x;
    solvers::NonlinearSolverOptions quick = options;
    quick.max_iterations = 30;
    solvers::NonlinearSolver solver(static_cast<std::size_t>(system.size()));
    const auto tried = solver.solve(system, warm, quick);
    result.iterations += tried.iterations;
    if (tried.converged) {
      x = warm;
      outcome = tried;
    } else {
      system.active.clear();
    }
  }
  auto run = [&](Eigen::VectorXd& guess) {
    solvers::NonlinearSolver solver(static_cast<std::size_t>(system.size()));
    outcome = solver.solve(system, guess, options);
    if (!outcome.converged && system.has_last) {
      // A warm start far from the new answer can fail; retry from scratch.
      Eigen::VectorXd fresh = initial_guess();
      fresh.conservativeResize(system.size());
      fresh.tail(system.size() - base_size).setZero();
      solvers::NonlinearSolver retry(static_cast<std::size_t>(system.size()));
      const auto second = retry.solve(system, fresh, options);
      if (second.converged) {
        guess = fresh;
        outcome = second;
      }
    }
    result.iterations += outcome.iterations;
  };
  if (!outcome.converged) run(x);

  // Phase assemblage: add the most supersaturated candidate solid, drop any
  // that would need a negative amount, until no candidate is supersaturated.
  for (int round = 0; outcome.converged && round < 4 * static_cast<int>(system.equilibrium_candidates.size()) + 4;
       ++round) {
    System::Evaluation e;
    system.evaluate(x, e);
    int remove = -1;
    double most_negative = 0.0;
    for (std::size_t a = 0; a < system.active.size(); ++a) {
      const double amount = x(base_size + static_cast<Eigen::Index>(a));
      if (amount < most_negative) {
        most_negative = amount;
        remove = static_cast<int>(a);
      }
    }
    if (remove >= 0) {
      Eigen::VectorXd reduced(x.size() - 1);
      reduced << x.head(base_size + remove), x.tail(x.size() - base_size - remove - 1);
      system.active.erase(system.active.begin() + remove);
      x = reduced;
      run(x);
      continue;
    }
    int add = -1;
    double largest = 1e-9;
    for (const auto candidate : system.equilibrium_candidates) {
      if (std::find(system.active.begin(), system.active.end(), static_cast<int>(candidate)) != system.active.end()) {
        continue;
      }
      const double si = system.saturation_index(candidate, x, e);
      if (si > largest) {
        largest = si;
        add = static_cast<int>(candidate);
      }
    }
    if (add < 0) break;
    system.active.push_back(add);
    x.conservativeResize(x.size() + 1);
    x(x.size() - 1) = 0.0;
    run(x);
  }

  result.converged = outcome.converged;
  if (!outcome.converged) {
    // Name the equation that is furthest from satisfied.
    Eigen::VectorXd f;
    std::string worst = "unknown";
    if (system.residual(x, f)) {
      Eigen::Index at = 0;
      f.cwiseAbs().maxCoeff(&at);
      if (at < system.columns()) {
        worst = at == system.proton_column ? (system.fixed_ph_mode ? "the fixed pH" : "the charge balance")
                                           : fmt::format("the mass balance of {}",
                                                         db.species(system.masters[static_cast<std::size_t>(at)]).name);
      } else if (at == system.u_column()) {
        worst = "the ionic strength";
      } else if (at == system.w_column()) {
        worst = "the water activity";
      } else if (at < base_size) {
        std::string name = "a species";
        for (std::size_t r = 0; r < system.rows.size(); ++r) {
          if (system.sigma_column_of_row(r) == at) name = db.species(system.rows[r].species).name;
        }
        worst = fmt::format("the specific-interaction term of {}", name);
      } else {
        worst = fmt::format(
            "the saturation of {}",
            db.species(system.solids[static_cast<std::size_t>(system.active[static_cast<std::size_t>(at - base_size)])]
                           .solid)
                .name);
      }
    }
    result.message = fmt::format("speciation did not converge: {}; hardest equation: {}", outcome.message, worst);
    system.has_last = false;
    return result;
  }
  result.message = outcome.message;
  system.last_x = x;
  system.last_active = system.active;
  system.has_last = true;

  System::Evaluation e;
  system.evaluate(x, e);
  result.ionic_strength = e.ionic_strength;
  result.water_activity = std::pow(10.0, x(system.w_column()));
  result.ph = -(x(system.proton_column) + e.log_gamma(system.proton_column));
  for (std::size_t i = 0; i < system.rows.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    result.species.push_back({system.rows[i].species, e.m(r), e.log_gamma(r), e.m(r) * std::pow(10.0, e.log_gamma(r))});
    result.charge_imbalance += system.rows[i].charge * e.m(r);
    for (const Term& term : system.rows[i].terms) {
      result.component_totals[system.masters[static_cast<std::size_t>(term.column)]] += term.coefficient * e.m(r);
    }
  }
  for (std::size_t s = 0; s < system.solids.size(); ++s) {
    SaturationState state{system.solids[s].solid, system.saturation_index(s, x, e), system.solid_log_k[s], 0.0, false};
    for (std::size_t a = 0; a < system.active.size(); ++a) {
      if (system.active[a] == static_cast<int>(s)) {
        state.amount = x(base_size + static_cast<Eigen::Index>(a));
        state.at_equilibrium = true;
        for (const Term& term : system.solids[s].terms) {
          result.component_totals[system.masters[static_cast<std::size_t>(term.column)]] +=
              term.coefficient * state.amount;
        }
      }
    }
    result.solids.push_back(state);
  }
  {
    std::vector<ActivitySpecies> present;
    for (const auto& row : system.rows) present.push_back({db.species(row.species).name, row.charge, 0.0});
    for (auto& warning : activity_->warnings(present, input.temperature)) result.warnings.push_back(std::move(warning));
  }
  if (result.ionic_strength > activity_->validity_limit()) {
    result.warnings.push_back(fmt::format("ionic strength {:.3g} mol/kg is beyond the {} model's range (~{} mol/kg)",
                                          result.ionic_strength, activity_->name(), activity_->validity_limit()));
  }
  // Major ions (≥ 0.05 mol/kg and ≥ 5 % of I, where ε m ~ 0.1 · 0.05 starts to
  // matter) whose pair has no parameter in a specific-interaction model.
  // (Only for models that miss any pair of this system: Davies pays nothing.)
  std::vector<ActivitySpecies> major;
  for (std::size_t i = 0; system.misses_interactions && i < system.rows.size(); ++i) {
    const double m = e.m(static_cast<Eigen::Index>(i));
    if (system.rows[i].charge != 0 && m >= 0.05 && m >= 0.05 * result.ionic_strength) {
      major.push_back({db.species(system.rows[i].species).name, system.rows[i].charge, 0.0});
    }
  }
  if (const auto missing = activity_->missing_interactions(major); !missing.empty()) {
    result.warnings.push_back(fmt::format(
        "the {} model has no interaction parameter for {}{} (taken as 0; see docs/aqueous-chemistry.md)",
        activity_->name(),
        fmt::join(missing.begin(), missing.begin() + std::min<long>(6, static_cast<long>(missing.size())), ", "),
        missing.size() > 6 ? ", ..." : ""));
  }
  return result;
}

}  // namespace hydrosim::thermo
