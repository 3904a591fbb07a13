#include "hydrosim/thermo/PitzerModel.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <Eigen/Core>
#include <unsupported/Eigen/AutoDiff>

#include "hydrosim/core/Error.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::thermo {
namespace {

constexpr double kLn10 = 2.302585092994046;
constexpr double kReferenceT = 298.15;  // K
constexpr double kAPhi25 = 0.3915;      // Pitzer & Mayorga (1973); kg^½ mol^−½
constexpr double kB = 1.2;              // kg^½ mol^−½, Pitzer (1973), HMW84 eq. 4
constexpr double kSeriesBelow = 1e-3;   // g(x), g'(x) by their Taylor series below this x

// Exact derivatives by forward-mode automatic differentiation: one
// derivative slot per charged species (its molality) and one for I.
using Dual = Eigen::AutoDiffScalar<Eigen::VectorXd>;

// One cation-anion pair bound to indices into the charged-species list.
struct BoundPair {
  std::size_t cation, anion;
  double beta0, beta1, beta2, c;  // C = Cφ / (2 √|z_c z_a|) (HMW84 eq. 6 note)
  double alpha1, alpha2;
};

struct BoundTheta {
  std::size_t i, j;
  double theta;
};

struct BoundPsi {
  std::size_t i, j, k;  // i, j of one sign, k of the other
  double psi;
};

// Two ions of the same sign and different charge: the unsymmetric mixing
// term E-θ(I) applies to them whatever the parameter set says.
struct BoundUnsymmetric {
  std::size_t i, j;
  int zi, zj;  // |z|, zi < zj
};

struct Bound {
  std::vector<std::size_t> charged;  // index into the full species list
  std::vector<int> charge;           // per charged species
  std::vector<BoundPair> pairs;
  std::vector<BoundTheta> thetas;
  std::vector<BoundPsi> psis;
  std::vector<BoundUnsymmetric> unsymmetric;
  double a_phi = kAPhi25;
};

// g(x) = 2 [1 − (1 + x) e^−x] / x² and g'(x) = −2 [1 − (1 + x + x²/2) e^−x] / x²
// (Pitzer 1973; HMW84 eqs. 5-6 with x = α√I).
template <class S>
S g_function(const S& x) {
  using std::exp;
  if (x < kSeriesBelow) return 1.0 - 2.0 * x / 3.0 + x * x / 4.0;
  return 2.0 * (1.0 - (1.0 + x) * exp(-x)) / (x * x);
}

template <class S>
S g_prime(const S& x) {
  using std::exp;
  if (x < kSeriesBelow) return -x / 3.0 + x * x / 4.0;
  return -2.0 * (1.0 - (1.0 + x + 0.5 * x * x) * exp(-x)) / (x * x);
}

// J(x) of the unsymmetric mixing terms by Pitzer (1975), J. Solution Chem. 4,
// 249, eq. 47 and Table III: J(x) = x / [4 + C1 x^−C2 exp(−C3 x^C4)]; its
// derivative dJ/dx by hand from that form. (The exact J is an integral,
// J(x) = (1/x) ∫0^∞ [1 + q + q²/2 − e^q] y² dy with q = −(x/y) e^−y, Pitzer
// 1991 eq. B-13; test_pitzer checks eq. 47 against it by quadrature.)
constexpr double kJC1 = 4.581, kJC2 = 0.7237, kJC3 = 0.0120, kJC4 = 0.528;

template <class S>
S j_function(const S& x) {
  using std::exp;
  using std::pow;
  return x / (4.0 + kJC1 * pow(x, -kJC2) * exp(-kJC3 * pow(x, kJC4)));
}

template <class S>
S j_prime(const S& x) {
  using std::exp;
  using std::pow;
  const S e = kJC1 * pow(x, -kJC2) * exp(-kJC3 * pow(x, kJC4));
  const S d = 4.0 + e;
  const S d_prime = e * (-kJC2 / x - kJC3 * kJC4 * pow(x, kJC4 - 1.0));
  return (d - x * d_prime) / (d * d);
}

// E-θ and E-θ' = dE-θ/dI of two ions of charges zi, zj of the same sign
// (HMW84 eqs. A1-A3; Pitzer 1991 eqs. B-14, B-15):
//   x_ij = 6 zi zj Aφ √I,  E-θ = zi zj/(4I) [J(x_ij) − J(x_ii)/2 − J(x_jj)/2],
//   E-θ' = −E-θ/I + zi zj/(8I²) [x_ij J'(x_ij) − x_ii J'(x_ii)/2 − x_jj J'(x_jj)/2].
template <class S>
void unsymmetric_theta(int zi, int zj, const S& ionic_strength, double a_phi, S& e_theta, S& e_theta_prime) {
  using std::sqrt;
  const S root = sqrt(ionic_strength);
  const double zz = static_cast<double>(zi * zj);
  const S x_ij = 6.0 * zz * a_phi * root;
  const S x_ii = 6.0 * static_cast<double>(zi * zi) * a_phi * root;
  const S x_jj = 6.0 * static_cast<double>(zj * zj) * a_phi * root;
  e_theta = zz / (4.0 * ionic_strength) * (j_function(x_ij) - 0.5 * j_function(x_ii) - 0.5 * j_function(x_jj));
  e_theta_prime =
      -e_theta / ionic_strength + zz / (8.0 * ionic_strength * ionic_strength) *
                                      (x_ij * j_prime(x_ij) - 0.5 * x_ii * j_prime(x_ii) - 0.5 * x_jj * j_prime(x_jj));
}

// HMW84 eq. 4 (Debye–Hückel term of F): f^γ = −Aφ [√I/(1 + b√I) + (2/b) ln(1 + b√I)].
template <class S>
S f_gamma(const S& ionic_strength, double a_phi) {
  using std::log;
  using std::sqrt;
  const S root = sqrt(ionic_strength);
  return -a_phi * (root / (1.0 + kB * root) + (2.0 / kB) * log(1.0 + kB * root));
}

// ln γ_i − z_i² f^γ for every charged species, and Σ m (φ − 1) (HMW84 eqs.
// 1-3 with Φ = θ + E-θ, Φ' = E-θ', Φφ = Φ + I Φ'; no neutral species).
template <class S>
void pitzer_terms(const Bound& b, const std::vector<S>& m, const S& ionic_strength, std::vector<S>& excess,
                  S& osmotic) {
  using std::exp;
  using std::sqrt;
  const std::size_t n = b.charged.size();
  const S root = sqrt(ionic_strength);
  const S zero = m[0] * 0.0;
  S z_sum = zero;  // Z = Σ |z_i| m_i
  for (std::size_t i = 0; i < n; ++i) z_sum += static_cast<double>(std::abs(b.charge[i])) * m[i];
  S f_extra = zero;  // Σ_c Σ_a m_c m_a B'_ca
  S c_sum = zero;    // Σ_c Σ_a m_c m_a C_ca
  S osm = -b.a_phi * ionic_strength * root / (1.0 + kB * root);
  excess.assign(n, zero);
  for (const BoundPair& p : b.pairs) {
    const S x1 = p.alpha1 * root;
    const S x2 = p.alpha2 * root;
    const S big_b = p.beta0 + p.beta1 * g_function(x1) + p.beta2 * g_function(x2);
    const S big_b_prime = (p.beta1 * g_prime(x1) + p.beta2 * g_prime(x2)) / ionic_strength;
    const S big_b_phi = p.beta0 + p.beta1 * exp(-x1) + p.beta2 * exp(-x2);
    const S mm = m[p.cation] * m[p.anion];
    f_extra += mm * big_b_prime;
    c_sum += mm * p.c;
    const S term = 2.0 * big_b + z_sum * p.c;
    excess[p.cation] += m[p.anion] * term;
    excess[p.anion] += m[p.cation] * term;
    osm += mm * (big_b_phi + z_sum * p.c);
  }
  for (const BoundTheta& t : b.thetas) {
    excess[t.i] += 2.0 * m[t.j] * t.theta;
    excess[t.j] += 2.0 * m[t.i] * t.theta;
    osm += m[t.i] * m[t.j] * t.theta;
  }
  if (!b.unsymmetric.empty()) {
    // E-θ depends only on the two charges: once per charge combination.
    std::map<std::pair<int, int>, std::pair<S, S>> by_charges;
    for (const BoundUnsymmetric& u : b.unsymmetric) {
      auto it = by_charges.find({u.zi, u.zj});
      if (it == by_charges.end()) {
        S e_theta = zero, e_theta_prime = zero;
        unsymmetric_theta(u.zi, u.zj, ionic_strength, b.a_phi, e_theta, e_theta_prime);
        it = by_charges.emplace(std::pair{u.zi, u.zj}, std::pair{e_theta, e_theta_prime}).first;
      }
      const auto& [e_theta, e_theta_prime] = it->second;
      const S mm = m[u.i] * m[u.j];
      excess[u.i] += 2.0 * m[u.j] * e_theta;
      excess[u.j] += 2.0 * m[u.i] * e_theta;
      f_extra += mm * e_theta_prime;
      osm += mm * (e_theta + ionic_strength * e_theta_prime);
    }
  }
  for (const BoundPsi& t : b.psis) {
    excess[t.i] += m[t.j] * m[t.k] * t.psi;
    excess[t.j] += m[t.i] * m[t.k] * t.psi;
    excess[t.k] += m[t.i] * m[t.j] * t.psi;
    osm += m[t.i] * m[t.j] * m[t.k] * t.psi;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double z = b.charge[i];
    excess[i] += z * z * f_extra + std::abs(z) * c_sum;  // z² (F − f^γ) + |z| Σ Σ m_c m_a C_ca
  }
  osmotic = 2.0 * osm;
}

// Evaluates the terms and their derivatives at (m, I).
void evaluate_bound(const Bound& b, std::span<const double> full_m, double ionic_strength, std::vector<double>& excess,
                    std::vector<double>& d_dm, std::vector<double>& d_dI, double& osmotic,
                    std::vector<double>& d_osmotic_dm, double& d_osmotic_dI) {
  const std::size_t n = b.charged.size();
  const auto slots = static_cast<Eigen::Index>(n + 1);
  std::vector<Dual> m(n);
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = Dual(full_m[b.charged[i]], slots, static_cast<Eigen::Index>(i));
  }
  const Dual strength(std::max(ionic_strength, 1e-30), slots, static_cast<Eigen::Index>(n));
  std::vector<Dual> out;
  Dual osm;
  if (n == 0) {
    excess.clear();
    d_dm.clear();
    d_dI.clear();
    d_osmotic_dm.clear();
    const double root = std::sqrt(std::max(ionic_strength, 0.0));
    osmotic = -2.0 * b.a_phi * ionic_strength * root / (1.0 + kB * root);
    d_osmotic_dI = 0.0;
    return;
  }
  pitzer_terms(b, m, strength, out, osm);
  excess.resize(n);
  d_dm.assign(n * n, 0.0);
  d_dI.resize(n);
  d_osmotic_dm.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    excess[i] = out[i].value();
    const auto& d = out[i].derivatives();
    for (std::size_t k = 0; k < n; ++k) {
      d_dm[i * n + k] = d.size() ? d(static_cast<Eigen::Index>(k)) : 0.0;
    }
    d_dI[i] = d.size() ? d(static_cast<Eigen::Index>(n)) : 0.0;
  }
  osmotic = osm.value();
  const auto& d = osm.derivatives();
  for (std::size_t k = 0; k < n; ++k) d_osmotic_dm[k] = d.size() ? d(static_cast<Eigen::Index>(k)) : 0.0;
  d_osmotic_dI = d.size() ? d(static_cast<Eigen::Index>(n)) : 0.0;
}

Bound bind_species(const PitzerParameters& parameters, std::span<const ActivitySpecies> species, double temperature) {
  Bound b;
  b.a_phi = pitzer_a_phi(temperature);
  std::map<std::string, std::size_t, std::less<>> index;
  for (std::size_t i = 0; i < species.size(); ++i) {
    if (species[i].charge == 0) continue;
    index.emplace(species[i].name, b.charged.size());
    b.charged.push_back(i);
    b.charge.push_back(species[i].charge);
  }
  auto find = [&](const std::string& name) -> std::optional<std::size_t> {
    const auto it = index.find(name);
    if (it == index.end()) return std::nullopt;
    return it->second;
  };
  for (const auto& entry : parameters.binaries) {
    const auto c = find(entry.cation);
    const auto a = find(entry.anion);
    if (!c || !a) continue;
    const int zc = b.charge[*c];
    const int za = b.charge[*a];
    const bool two_two = std::abs(zc) >= 2 && std::abs(za) >= 2;
    b.pairs.push_back({*c, *a, entry.beta0.at(temperature), entry.beta1.at(temperature), entry.beta2.at(temperature),
                       entry.cphi.at(temperature) / (2.0 * std::sqrt(std::abs(zc * za))), two_two ? 1.4 : 2.0, 12.0});
  }
  for (const auto& entry : parameters.thetas) {
    const auto i = find(entry.first);
    const auto j = find(entry.second);
    if (i && j) b.thetas.push_back({*i, *j, entry.theta});
  }
  for (std::size_t i = 0; i < b.charged.size(); ++i) {
    for (std::size_t j = 0; j < b.charged.size(); ++j) {
      const int zi = std::abs(b.charge[i]);
      const int zj = std::abs(b.charge[j]);
      if ((b.charge[i] > 0) == (b.charge[j] > 0) && zi < zj) b.unsymmetric.push_back({i, j, zi, zj});
    }
  }
  for (const auto& entry : parameters.psis) {
    const auto i = find(entry.first);
    const auto j = find(entry.second);
    const auto k = find(entry.other);
    if (i && j && k) b.psis.push_back({*i, *j, *k, entry.psi});
  }
  return b;
}

class PitzerTerms final : public CompositionTerms {
 public:
  PitzerTerms(Bound bound, std::size_t size) : bound_(std::move(bound)), size_(size) {}

  void evaluate(std::span<const double> molalities, double ionic_strength, std::span<double> value,
                std::span<double> d_dm, std::span<double> d_dI, double& osmotic, std::span<double> d_osmotic_dm,
                double& d_osmotic_dI) const override {
    std::vector<double> excess, dm, di, dosm;
    evaluate_bound(bound_, molalities, ionic_strength, excess, dm, di, osmotic, dosm, d_osmotic_dI);
    std::fill(value.begin(), value.end(), 0.0);
    std::fill(d_dm.begin(), d_dm.end(), 0.0);
    std::fill(d_dI.begin(), d_dI.end(), 0.0);
    std::fill(d_osmotic_dm.begin(), d_osmotic_dm.end(), 0.0);
    const std::size_t n = bound_.charged.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t row = bound_.charged[i];
      value[row] = excess[i] / kLn10;
      d_dI[row] = di[i] / kLn10;
      for (std::size_t k = 0; k < n; ++k) d_dm[row * size_ + bound_.charged[k]] = dm[i * n + k] / kLn10;
      d_osmotic_dm[row] = dosm[i];
    }
  }

 private:
  Bound bound_;
  std::size_t size_;
};

PitzerCoefficient read_coefficient(const io::YamlDocument& document, const YAML::Node& entry, const char* key,
                                   bool required) {
  PitzerCoefficient coefficient;
  const YAML::Node node = entry[key];
  if (!node) {
    if (required) document.fail(entry, fmt::format("pitzer: binary entry without '{}'", key));
    return coefficient;
  }
  auto number = [&](const YAML::Node& scalar) {
    try {
      return scalar.as<double>();
    } catch (const YAML::Exception&) {
      document.fail(scalar, fmt::format("pitzer: '{}' must be a number or a list of up to 5 numbers", key));
    }
  };
  if (node.IsScalar()) {
    coefficient.a[0] = number(node);
  } else if (node.IsSequence() && node.size() >= 1 && node.size() <= 5) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      coefficient.a[i] = number(node[i]);
      if (i > 0 && coefficient.a[i] != 0.0) coefficient.temperature_dependent = true;
    }
  } else {
    document.fail(node, fmt::format("pitzer: '{}' must be a number or a list of up to 5 numbers", key));
  }
  return coefficient;
}

std::string read_name(const io::YamlDocument& document, const YAML::Node& entry, const char* key) {
  const YAML::Node node = entry[key];
  if (!node || !node.IsScalar()) document.fail(entry, fmt::format("pitzer: entry without '{}'", key));
  return node.Scalar();
}

// The charge written in a species name ("SO4-2" → −2, "Na+" → 1, "HSO4-" → −1).
int charge_of_name(std::string_view name) {
  const auto sign = name.find_last_of("+-");
  if (sign == std::string_view::npos) return 0;
  const int direction = name[sign] == '+' ? 1 : -1;
  const std::string_view digits = name.substr(sign + 1);
  if (digits.empty()) {
    int count = 0;
    for (auto i = static_cast<long>(sign); i >= 0 && name[static_cast<std::size_t>(i)] == name[sign]; --i) ++count;
    return direction * count;
  }
  return direction * std::atoi(std::string(digits).c_str());
}

}  // namespace

double PitzerCoefficient::at(double temperature) const {
  const double t = temperature;
  const double r = kReferenceT;
  return a[0] + a[1] * (1.0 / t - 1.0 / r) + a[2] * std::log(t / r) + a[3] * (t - r) + a[4] * (t * t - r * r);
}

double pitzer_j_function(double x) { return j_function(x); }

double pitzer_a_phi(double temperature_kelvin) {
  return kAPhi25 * debye_huckel_a(temperature_kelvin) / debye_huckel_a(kReferenceT);
}

PitzerParameters PitzerParameters::load(const std::filesystem::path& file) {
  const io::YamlDocument document = io::YamlDocument::load_file(file);
  const YAML::Node root = document.root()["pitzer"];
  if (!root || !root.IsMap()) document.fail(document.root(), "expected a 'pitzer' section (a map)");
  PitzerParameters parameters;
  if (const YAML::Node species = root["species"]; species) {
    if (!species.IsSequence()) document.fail(species, "pitzer.species: expected a list of species names");
    for (const auto& s : species) parameters.species.push_back(s.Scalar());
  }
  std::set<std::pair<std::string, std::string>> seen;
  if (const YAML::Node binaries = root["binary"]; binaries) {
    if (!binaries.IsSequence()) document.fail(binaries, "pitzer.binary: expected a list of entries");
    for (const auto& entry : binaries) {
      PitzerBinary binary;
      binary.cation = read_name(document, entry, "cation");
      binary.anion = read_name(document, entry, "anion");
      if (charge_of_name(binary.cation) <= 0 || charge_of_name(binary.anion) >= 0) {
        document.fail(entry,
                      fmt::format("pitzer.binary: '{}'/'{}' is not a cation/anion pair", binary.cation, binary.anion));
      }
      if (!seen.emplace(binary.cation, binary.anion).second) {
        document.fail(entry, fmt::format("pitzer.binary: {}/{} is given twice", binary.cation, binary.anion));
      }
      if (!entry["source"]) document.fail(entry, "pitzer.binary: every entry needs a 'source'");
      binary.beta0 = read_coefficient(document, entry, "beta0", true);
      binary.beta1 = read_coefficient(document, entry, "beta1", true);
      binary.beta2 = read_coefficient(document, entry, "beta2", false);
      binary.cphi = read_coefficient(document, entry, "cphi", true);
      parameters.binaries.push_back(std::move(binary));
    }
  }
  auto ions_of = [&](const YAML::Node& entry, std::size_t count) {
    const YAML::Node ions = entry["ions"];
    if (!ions || !ions.IsSequence() || ions.size() != count) {
      document.fail(entry, fmt::format("pitzer: 'ions' must list {} species", count));
    }
    if (!entry["source"]) document.fail(entry, "pitzer: every entry needs a 'source'");
    std::vector<std::string> names;
    for (const auto& ion : ions) names.push_back(ion.Scalar());
    return names;
  };
  if (const YAML::Node thetas = root["theta"]; thetas) {
    for (const auto& entry : thetas) {
      const auto names = ions_of(entry, 2);
      if (charge_of_name(names[0]) * charge_of_name(names[1]) <= 0) {
        document.fail(entry, "pitzer.theta: the two ions must have the same sign");
      }
      parameters.thetas.push_back({names[0], names[1], entry["theta"].as<double>()});
    }
  }
  if (const YAML::Node psis = root["psi"]; psis) {
    for (const auto& entry : psis) {
      auto names = ions_of(entry, 3);
      // Put the two ions of the same sign first.
      const int z0 = charge_of_name(names[0]), z1 = charge_of_name(names[1]), z2 = charge_of_name(names[2]);
      if (z0 == 0 || z1 == 0 || z2 == 0 || (z0 > 0 && z1 > 0 && z2 > 0) || (z0 < 0 && z1 < 0 && z2 < 0)) {
        document.fail(entry, "pitzer.psi: two ions of one sign and one of the other are needed");
      }
      if (z0 * z1 < 0) std::swap(names[z0 * z2 > 0 ? 1 : 0], names[2]);
      parameters.psis.push_back({names[0], names[1], names[2], entry["psi"].as<double>()});
    }
  }
  return parameters;
}

PitzerModel::PitzerModel(PitzerParameters parameters) : parameters_(std::move(parameters)) {}

std::unique_ptr<PitzerModel> PitzerModel::from_data_dir(const std::filesystem::path& directory) {
  return std::make_unique<PitzerModel>(PitzerParameters::load(directory / "pitzer.yaml"));
}

void PitzerModel::log_gamma(int charge, double /*ion_size*/, double ionic_strength, double temperature, double& value,
                            double& derivative) const {
  if (charge == 0) {
    value = 0.0;
    derivative = 0.0;
    return;
  }
  const double a_phi = pitzer_a_phi(temperature);
  const double z2 = static_cast<double>(charge * charge);
  const double root = std::sqrt(std::max(ionic_strength, 0.0));
  value = z2 * f_gamma(std::max(ionic_strength, 0.0), a_phi) / kLn10;
  // d f^γ/d√I = −Aφ [1/(1 + b√I)² + 2/(1 + b√I)]; d√I/dI = 1/(2√I)
  const double d_root = -a_phi * (1.0 / ((1.0 + kB * root) * (1.0 + kB * root)) + 2.0 / (1.0 + kB * root));
  derivative = root > 0.0 ? z2 * d_root / (2.0 * root) / kLn10 : 0.0;
}

std::vector<std::string> PitzerModel::missing_interactions(std::span<const ActivitySpecies> species) const {
  std::vector<std::string> missing;
  for (const auto& cation : species) {
    if (cation.charge <= 0) continue;
    for (const auto& anion : species) {
      if (anion.charge >= 0) continue;
      const bool known = std::any_of(parameters_.binaries.begin(), parameters_.binaries.end(),
                                     [&](const auto& b) { return b.cation == cation.name && b.anion == anion.name; });
      if (!known) missing.push_back(cation.name + "/" + anion.name);
    }
  }
  return missing;
}

bool PitzerModel::admits(std::string_view species, int /*charge*/) const {
  return std::find(parameters_.species.begin(), parameters_.species.end(), species) != parameters_.species.end();
}

std::vector<std::string> PitzerModel::warnings(std::span<const ActivitySpecies> species, double temperature) const {
  if (std::abs(temperature - kReferenceT) <= 0.5) return {};
  std::vector<std::string> fixed;
  for (const auto& b : parameters_.binaries) {
    const bool present =
        std::any_of(species.begin(), species.end(), [&](const auto& s) { return s.name == b.cation; }) &&
        std::any_of(species.begin(), species.end(), [&](const auto& s) { return s.name == b.anion; });
    if (present && !b.beta0.temperature_dependent && !b.beta1.temperature_dependent) {
      fixed.push_back(b.cation + "/" + b.anion);
    }
  }
  std::vector<std::string> out;
  if (!fixed.empty()) {
    out.push_back(
        fmt::format("the pitzer model has no temperature data for {} (25 °C values used at {:.2f} K; "
                    "θ and ψ are 25 °C values throughout)",
                    fmt::format("{}", fmt::join(fixed, ", ")), temperature));
  }
  return out;
}

std::unique_ptr<CompositionTerms> PitzerModel::bind(std::span<const ActivitySpecies> species,
                                                    double temperature) const {
  return std::make_unique<PitzerTerms>(bind_species(parameters_, species, temperature), species.size());
}

PitzerEvaluation PitzerModel::evaluate(std::span<const ActivitySpecies> species, std::span<const double> molalities,
                                       double temperature) const {
  double strength = 0.0;
  for (std::size_t i = 0; i < species.size(); ++i) {
    strength += 0.5 * species[i].charge * species[i].charge * molalities[i];
  }
  const std::size_t n = species.size();
  PitzerEvaluation result;
  result.ln_gamma.assign(n, 0.0);
  result.d_ln_gamma_dm.assign(n * n, 0.0);
  result.d_ln_gamma_dI.assign(n, 0.0);
  result.d_osmotic_dm.assign(n, 0.0);
  const auto terms = bind(species, temperature);
  terms->evaluate(molalities, strength, result.ln_gamma, result.d_ln_gamma_dm, result.d_ln_gamma_dI,
                  result.osmotic_excess, result.d_osmotic_dm, result.d_osmotic_dI);
  for (std::size_t i = 0; i < n; ++i) {
    double value = 0.0, derivative = 0.0;
    log_gamma(species[i].charge, 0.0, strength, temperature, value, derivative);
    result.ln_gamma[i] = (result.ln_gamma[i] + value) * kLn10;
    result.d_ln_gamma_dI[i] = (result.d_ln_gamma_dI[i] + derivative) * kLn10;
    for (std::size_t k = 0; k < n; ++k) result.d_ln_gamma_dm[i * n + k] *= kLn10;
  }
  return result;
}

}  // namespace hydrosim::thermo
