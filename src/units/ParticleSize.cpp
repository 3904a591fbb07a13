#include "hydrosim/units/ParticleSize.h"

#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units {

std::vector<double> read_size_classes(const io::ParameterReader& parameters, std::string_view key) {
  const std::vector<std::string> texts = parameters.text_list(key);
  if (texts.empty()) parameters.fail(key, "give at least one sieve size, e.g. [\"8 mm\", \"4 mm\", \"2 mm\"]");
  std::vector<double> sizes;
  for (const auto& text : texts) {
    double size = 0.0;
    try {
      size = parse_quantity_as(text, Dimension::length());
    } catch (const InputError& error) {
      parameters.fail(key, error.what());
    }
    if (!(size > 0.0)) parameters.fail(key, fmt::format("sieve size '{}' must be positive", text));
    if (!sizes.empty() && !(size < sizes.back())) {
      parameters.fail(key, fmt::format("size classes must be strictly decreasing (coarsest first), but '{}' follows "
                                       "'{}'",
                                       text, texts[sizes.size() - 1]));
    }
    sizes.push_back(size);
  }
  return sizes;
}

double rosin_rammler_passing(double x, double d63, double n) {
  // Rosin & Rammler (1933): P(x) = 1 − exp(−(x/x')^n), x' the size with 63.2 % passing.
  return 1.0 - std::exp(-std::pow(x / d63, n));
}

double gates_gaudin_schuhmann_passing(double x, double x_max, double m) {
  // Gates-Gaudin-Schuhmann (Schuhmann 1940): P(x) = (x/x_max)^m for x ≤ x_max.
  return x >= x_max ? 1.0 : std::pow(x / x_max, m);
}

Eigen::VectorXd fractions_from_passing(const std::vector<double>& passing) {
  const auto n = static_cast<Eigen::Index>(passing.size());
  Eigen::VectorXd fractions(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double top = i == 0 ? 1.0 : passing[static_cast<std::size_t>(i)];
    const double bottom = i + 1 < n ? passing[static_cast<std::size_t>(i + 1)] : 0.0;
    fractions(i) = top - bottom;
  }
  return fractions;
}

Eigen::VectorXd read_class_fractions(const io::ParameterReader& distribution, const std::vector<double>& sizes,
                                     std::vector<std::string>& warnings) {
  const std::string model = distribution.choice("model", {"rosin_rammler", "gates_gaudin_schuhmann", "table"});
  std::vector<double> passing(sizes.size());
  if (model == "rosin_rammler") {
    const double d63 = distribution.quantity("d63", Dimension::length());
    if (!(d63 > 0.0)) distribution.fail("d63", "the Rosin-Rammler size d63 must be positive");
    const double n = distribution.number("n", 1e-3, 100.0);
    for (std::size_t i = 0; i < sizes.size(); ++i) passing[i] = rosin_rammler_passing(sizes[i], d63, n);
  } else if (model == "gates_gaudin_schuhmann") {
    const double x_max = distribution.quantity("x_max", Dimension::length());
    if (!(x_max > 0.0)) distribution.fail("x_max", "the Gates-Gaudin-Schuhmann top size x_max must be positive");
    const double m = distribution.number("m", 1e-3, 100.0);
    for (std::size_t i = 0; i < sizes.size(); ++i) passing[i] = gates_gaudin_schuhmann_passing(sizes[i], x_max, m);
  } else {
    const std::vector<std::string> texts = distribution.text_list("passing");
    if (texts.size() != sizes.size()) {
      distribution.fail("passing", fmt::format("give one cumulative passing fraction per size class ({}), not {}",
                                               sizes.size(), texts.size()));
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
      char* end = nullptr;
      const double value = std::strtod(texts[i].c_str(), &end);
      if (end == texts[i].c_str() || *end != '\0' || !(value >= 0.0 && value <= 1.0)) {
        distribution.fail("passing", fmt::format("'{}' is not a fraction within [0, 1]", texts[i]));
      }
      if (i > 0 && value > passing[i - 1]) {
        distribution.fail("passing", fmt::format("cumulative passing must not increase towards finer sieves ({} after "
                                                 "{})",
                                                 value, passing[i - 1]));
      }
      passing[i] = value;
    }
  }
  if (1.0 - passing.front() > 1e-3) {
    warnings.push_back(
        fmt::format("{}: {:.3g} % of the solids are coarser than the top sieve ({:.4g} mm); they are "
                    "counted in the top class",
                    distribution.path(), 100.0 * (1.0 - passing.front()), sizes.front() * 1e3));
  }
  return fractions_from_passing(passing);
}

std::vector<double> class_mean_sizes(const std::vector<double>& sizes) {
  std::vector<double> means(sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (i + 1 < sizes.size()) {
      means[i] = std::sqrt(sizes[i] * sizes[i + 1]);
    } else {
      const double ratio = i > 0 ? sizes[i] / sizes[i - 1] : 0.5;
      means[i] = sizes[i] * std::sqrt(ratio);
    }
  }
  return means;
}

Eigen::MatrixXd species_mass_by_size(const thermo::Stream& stream) {
  if (!stream.size_distribution) throw Error("species_mass_by_size: the stream carries no size distribution");
  const auto& psd = *stream.size_distribution;
  const auto species = static_cast<Eigen::Index>(stream.database().size());
  Eigen::MatrixXd mass = Eigen::MatrixXd::Zero(species, static_cast<Eigen::Index>(psd.classes()));
  for (Eigen::Index i = 0; i < species; ++i) {
    const auto s = static_cast<std::size_t>(i);
    if (stream.database().species(s).phase != thermo::Phase::kSolid || stream.amount(s) == 0.0) continue;
    mass.row(i) = stream.mass_flow(s) * psd.fractions.row(i);
  }
  return mass;
}

double passing_size(const std::vector<double>& sizes, const Eigen::VectorXd& class_mass, double fraction) {
  const double total = class_mass.sum();
  if (!(total > 0.0)) return 0.0;
  // Cumulative passing at each sieve: P(x_i) = Σ_{k≥i} m_k / total (all of the top class passes x_1).
  const auto n = sizes.size();
  std::vector<double> passing(n);
  double below = 0.0;
  for (std::size_t k = n; k-- > 0;) {
    below += class_mass(static_cast<Eigen::Index>(k));
    passing[k] = below / total;
  }
  if (fraction >= passing.front()) return sizes.front();
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (passing[i + 1] <= fraction && fraction <= passing[i]) {
      if (passing[i] == passing[i + 1]) return sizes[i + 1];
      const double w = (fraction - passing[i + 1]) / (passing[i] - passing[i + 1]);
      return std::exp(std::log(sizes[i + 1]) + w * (std::log(sizes[i]) - std::log(sizes[i + 1])));
    }
  }
  return sizes.back();  // finer than the finest sieve resolves
}

Profile size_profile(std::string name, const std::vector<double>& sizes,
                     const std::vector<std::pair<std::string, Eigen::VectorXd>>& class_masses) {
  Profile profile{std::move(name), "size", "m", sizes, {}};
  for (const auto& [series, mass] : class_masses) {
    profile.series.push_back({series, "kg/s", std::vector<double>(mass.data(), mass.data() + mass.size())});
  }
  return profile;
}

}  // namespace hydrosim::units
