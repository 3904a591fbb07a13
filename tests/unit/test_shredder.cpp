#include <cmath>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "PretreatmentSupport.h"
#include "hydrosim/units/Breakage.h"
#include "hydrosim/units/Shredder.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

// Four classes with sieve sizes 8, 4, 2, 1 mm (the last is the pan). With
// a = 0.01 1/s, x0 = 1 mm, α = 1 and no maximum, S = a x_i/x0 = 0.08, 0.04,
// 0.02 s^-1 and 0 for the pan. With φ = 1, γ = 1, B_ij = x_i/x_{j+1}, so by hand:
// b(2,1) = 1/2, b(3,1) = 1/4, b(4,1) = 1/4; b(3,2) = 1/2, b(4,2) = 1/2; b(4,3) = 1.
const double kS[4] = {0.08, 0.04, 0.02, 0.0};
const double kB[4][4] = {{0, 0, 0, 0}, {0.5, 0, 0, 0}, {0.25, 0.5, 0, 0}, {0.25, 0.5, 1.0, 0}};
const double kFeed[4] = {0.6, 0.3, 0.05, 0.05};  // from the passing table [1, 0.4, 0.1, 0.05]

std::string plant(const std::string& mill) {
  return R"yaml(flowsheet: {thermo: [species.yaml]}
units:
  feed:
    type: BlackMassFeed
    mass_flow: "1 kg/s"
    composition: {graphite: "100 wt%"}
    psd: {classes: ["8 mm", "4 mm", "2 mm", "1 mm"], model: table, passing: [1, 0.4, 0.1, 0.05]}
  mill:
)yaml" + mill +
         R"yaml(
  out: {type: Sink, kind: product}
streams:
  a: {from: feed.out, to: mill.in}
  b: {from: mill.out, to: out.in}
)yaml";
}

const std::string kBreakage =
    R"yaml(    breakage: {a: "0.01 s^-1", x0: "1 mm", alpha: 1, phi: 1, gamma: 1, beta: 4})yaml";

// Reid (1965), Chem. Eng. Sci. 20, 953: for constant S and b the batch grinding
// equation has the solution m_i(t) = Σ_{j≤i} a_ij exp(−S_j t) with
// a_ij = Σ_{k=j}^{i−1} b_ik S_k a_kj / (S_i − S_j) for i > j and
// a_ii = m_i(0) − Σ_{j<i} a_ij (distinct S required).
std::vector<double> reid(double t) {
  double a[4][4] = {};
  for (int i = 0; i < 4; ++i) {
    double below = 0.0;
    for (int j = 0; j < i; ++j) {
      double sum = 0.0;
      for (int k = j; k < i; ++k) sum += kB[i][k] * kS[k] * a[k][j];
      a[i][j] = sum / (kS[i] - kS[j]);
      below += a[i][j];
    }
    a[i][i] = kFeed[i] - below;
  }
  std::vector<double> m(4, 0.0);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j <= i; ++j) m[static_cast<std::size_t>(i)] += a[i][j] * std::exp(-kS[j] * t);
  }
  return m;
}

std::vector<double> product_fractions(const PlantRun& r) {
  const auto& s = r.stream("b");
  const auto index = s.database().index_of("graphite");
  const Eigen::VectorXd row = s.size_distribution->fractions.row(static_cast<Eigen::Index>(index)).transpose();
  return {row.data(), row.data() + row.size()};
}

}  // namespace

TEST_CASE("Austin's breakage matrix matches the hand-computed values and conserves mass") {
  const std::vector<double> sizes{8e-3, 4e-3, 2e-3, 1e-3};
  const Eigen::MatrixXd b =
      units::breakage_matrix(units::cumulative_breakage({.phi = 1.0, .gamma = 1.0, .beta = 4.0}, sizes));
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) CHECK(b(i, j) == doctest::Approx(kB[i][j]).epsilon(1e-15));
  }
  // Two-term form on a √2 series, φ = 0.4, γ = 0.9, β = 4: B_{j+2,j} = 0.4·2^{-0.45} + 0.6·2^{-2}.
  const std::vector<double> root2{4e-3, 4e-3 / std::sqrt(2.0), 2e-3, 2e-3 / std::sqrt(2.0), 1e-3};
  const Eigen::MatrixXd cumulative = units::cumulative_breakage({.phi = 0.4, .gamma = 0.9, .beta = 4.0}, root2);
  CHECK(cumulative(1, 0) == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(cumulative(2, 0) == relative(0.4 * std::pow(2.0, -0.45) + 0.6 * 0.25, 1e-14));
  // Every column of b sums to 1 (the broken mass lands somewhere finer): the
  // conservation law behind Σ_i dm_i/dt = 0.
  const Eigen::MatrixXd b2 = units::breakage_matrix(cumulative);
  for (int j = 0; j + 1 < 5; ++j) CHECK(b2.col(j).sum() == relative(1.0, 1e-14));
  // Selection function: S = a (x/x0)^α / (1 + (x/μ)^Λ), zero for the pan.
  const Eigen::VectorXd s =
      units::selection_rates({.a = 0.5, .x0 = 1e-3, .alpha = 1.2, .mu = 4e-3, .lambda = 2.0}, root2);
  CHECK(s(0) == relative(0.5 * std::pow(4.0, 1.2) / 2.0, 1e-14));
  CHECK(s(4) == 0.0);
}

TEST_CASE("plug-flow shredding reproduces Reid's analytic solution of the batch grinding equation") {
  // Reid (1965) closed form vs CVODE at tight tolerances: 1e-8 relative to each
  // class, plus 1e-12 absolute (in mass fraction of the species, 100 × CVODE's
  // absolute tolerance) for classes that have all but emptied (0.6 e^−16 at τ = 200 s).
  for (const double tau : {10.0, 60.0, 200.0}) {
    CAPTURE(tau);
    const PlantRun r = run_inline("reid.yaml", plant(fmt::format(R"yaml(    type: Shredder
    flow_model: plug_flow
    residence_time: "{} s"
    relative_tolerance: 1e-12
{})yaml",
                                                                 tau, kBreakage)));
    const std::vector<double> expected = reid(tau);
    const std::vector<double> got = product_fractions(r);
    for (std::size_t i = 0; i < 4; ++i) CHECK(std::abs(got[i] - expected[i]) <= 1e-8 * expected[i] + 1e-12);
    // Mass conserved across the classes before any renormalisation.
    const auto& mill = dynamic_cast<const units::Shredder&>(r.unit("mill"));
    CHECK(mill.class_mass_error() <= 1e-12);
    CHECK(element_imbalance(r.stream("a"), {&r.stream("b")}) <= 1e-12);
    // CVODE's counters are reported.
    REQUIRE(r.unit("mill").report().solver_statistics.size() == 1);
    CHECK(r.unit("mill").report().solver_statistics[0].counters[0].first == "steps");
    CHECK(r.unit("mill").report().solver_statistics[0].counters[0].second > 0);
  }
}

TEST_CASE("a perfectly mixed shredder reaches the algebraic steady state of the grinding equation") {
  // 0 = f_i − p_i + τ (−S_i p_i + Σ_{j<i} b_ij S_j p_j), solved class by class.
  const double tau = 60.0;
  double p[4];
  for (int i = 0; i < 4; ++i) {
    double gain = 0.0;
    for (int j = 0; j < i; ++j) gain += kB[i][j] * kS[j] * p[j];
    p[i] = (kFeed[i] + tau * gain) / (1.0 + kS[i] * tau);
  }
  const PlantRun r = run_inline("mixer.yaml", plant(R"yaml(    type: Shredder
    flow_model: perfect_mixer
    residence_time: "60 s"
)yaml" + kBreakage));
  const std::vector<double> got = product_fractions(r);
  for (std::size_t i = 0; i < 4; ++i) CHECK(got[i] == relative(p[i], 1e-12));
  CHECK(dynamic_cast<const units::Shredder&>(r.unit("mill")).class_mass_error() <= 1e-12);

  // N mixers in series approach plug flow: (1 + Sτ/N)^−N = exp(−Sτ)(1 + O((Sτ)²/2N)),
  // with Sτ ≤ 4.8 and N = 400 a few % of each exponential term; 2 % of each
  // class's change is a safe bound and still far from the single mixer.
  const PlantRun series = run_inline("series.yaml", plant(R"yaml(    type: Shredder
    flow_model: tanks_in_series
    tanks: 400
    residence_time: "60 s"
)yaml" + kBreakage));
  const std::vector<double> plug = reid(60.0);
  const std::vector<double> n = product_fractions(series);
  for (std::size_t i = 0; i < 4; ++i) CHECK(std::abs(n[i] - plug[i]) <= 2e-2 * std::abs(plug[i] - kFeed[i]) + 1e-12);
}

TEST_CASE("coating detachment follows first-order kinetics when nothing breaks") {
  // With a = 0 the size classes do not change; attached coating decays as
  // exp(−k t) in plug flow and as 1/(1 + k τ) in a mixer (first-order kinetics).
  const std::string feed = R"yaml(flowsheet: {thermo: [species.yaml]}
units:
  feed:
    type: BlackMassFeed
    mass_flow: "1 kg/s"
    chemistry: NMC622
    composition: {cathode: "80 wt%", Al: "20 wt%"}
    psd:
      classes: ["8 mm", "4 mm", "2 mm", "1 mm"]
      model: table
      passing: [1, 0.5, 0.2, 0.1]
      components: {NMC622: {model: table, passing: [1, 1, 1, 1]}}
  mill:
    type: Shredder
    breakage: {a: "0 s^-1"}
    residence_time: "20 s"
    relative_tolerance: 1e-12
)yaml";
  const std::string tail = R"yaml(
  out: {type: Sink, kind: product}
streams:
  a: {from: feed.out, to: mill.in}
  b: {from: mill.out, to: out.in}
)yaml";
  const double k = 0.05;
  {
    const PlantRun r =
        run_inline("liberation_pf.yaml",
                   feed +
                       "    flow_model: plug_flow\n    liberation: [{coating: NMC622, substrate: Al, attached: 0.6, "
                       "detachment_rate: \"0.05 s^-1\"}]" +
                       tail);
    CHECK(r.value("mill", "NMC622 liberated from Al") == relative(1.0 - 0.6 * std::exp(-k * 20.0), 1e-9));
    // Detached coating stays in the class it left (it would break further with
    // its own S, here 0), so the coating's PSD is unchanged: 0.6 × the foil's
    // [0.5, 0.3, 0.1, 0.1] plus the free 0.4 in the pan. Per class, the free share
    // is (free feed + detached) / total.
    const auto& s = r.stream("b");
    const auto row = static_cast<Eigen::Index>(s.database().index_of("NMC622"));
    CHECK(s.size_distribution->fractions(row, 0) == relative(0.6 * 0.5, 1e-9));
    CHECK(s.size_distribution->fractions(row, 3) == relative(0.6 * 0.1 + 0.4, 1e-9));
    const auto& psd = r.profile("mill", "psd");
    const auto it = std::find_if(psd.series.begin(), psd.series.end(),
                                 [](const auto& series) { return series.name == "NMC622 liberated"; });
    REQUIRE(it != psd.series.end());
    const double kept = std::exp(-k * 20.0);
    CHECK(it->values[0] == relative(1.0 - kept, 1e-9));
    CHECK(it->values[3] == relative((0.4 + 0.06 * (1.0 - kept)) / 0.46, 1e-9));
  }
  {
    const PlantRun r = run_inline(
        "liberation_mx.yaml",
        feed +
            "    flow_model: perfect_mixer\n    liberation: [{coating: NMC622, substrate: Al, detachment_rate: "
            "\"0.05 s^-1\"}]" +
            tail);
    CHECK(r.value("mill", "NMC622 liberated from Al") == relative(1.0 - 1.0 / (1.0 + k * 20.0), 1e-12));
  }
  {
    // Size-dependent detachment D_i = k (x_i/x0)^δ: per class 1 − exp(−D_i τ).
    const PlantRun r =
        run_inline("liberation_size.yaml",
                   feed +
                       "    flow_model: plug_flow\n    liberation: [{coating: NMC622, substrate: Al, detachment_rate: "
                       "\"0.05 s^-1\", size_exponent: -1, x0: \"2 mm\"}]" +
                       tail);
    const auto& psd = r.profile("mill", "psd");
    const auto it = std::find_if(psd.series.begin(), psd.series.end(),
                                 [](const auto& series) { return series.name == "NMC622 liberated"; });
    REQUIRE(it != psd.series.end());
    const double sizes[4] = {8.0, 4.0, 2.0, 1.0};
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(it->values[i] == relative(1.0 - std::exp(-k * (2.0 / sizes[i]) * 20.0), 1e-9));
    }
  }
}

TEST_CASE("the shredder refuses bad input with clear messages") {
  CHECK(error_of("bad1.yaml",
                 plant("    type: Shredder\n    flow_model: plug_flow\n    residence_time: \"0 s\"\n" + kBreakage))
            .find("units.mill.residence_time: must be positive") != std::string::npos);
  CHECK(error_of("bad2.yaml", plant("    type: Shredder\n    flow_model: plug_flow\n    residence_time: \"1 s\"\n"
                                    "    breakage: {alpha: 1}"))
            .find("missing the specific breakage rate 'a'") != std::string::npos);
  CHECK(error_of("bad3.yaml",
                 plant("    type: Shredder\n    flow_model: plug_flow\n    residence_time: \"1 s\"\n" + kBreakage +
                       "\n    liberation: [{coating: Al, substrate: Al, "
                       "detachment_rate: \"0.1 s^-1\"}]"))
            .find("the coating and its substrate must differ") != std::string::npos);
  const std::string no_psd = R"yaml(flowsheet: {thermo: [species.yaml]}
units:
  feed: {type: Feed, species: {graphite: "1 kg/s"}}
  mill: {type: Shredder, flow_model: plug_flow, residence_time: "1 s", breakage: {a: "0.1 s^-1"}}
  out: {type: Sink, kind: product}
streams:
  a: {from: feed.out, to: mill.in}
  b: {from: mill.out, to: out.in}
)yaml";
  CHECK(error_of("bad4.yaml", no_psd).find("unit 'mill': the inlet carries no particle-size distribution") !=
        std::string::npos);
  // A solid that joins without size information cannot be ground.
  const std::string unsized = R"yaml(flowsheet: {thermo: [species.yaml]}
units:
  feed:
    type: BlackMassFeed
    mass_flow: "1 kg/s"
    composition: {graphite: "100 wt%"}
    psd: {classes: ["8 mm", "4 mm"], model: table, passing: [1, 0.5]}
  scrap: {type: Feed, species: {Al: "0.1 kg/s"}}
  mix: {type: Mixer}
  mill: {type: Shredder, flow_model: plug_flow, residence_time: "1 s", breakage: {a: "0.1 s^-1"}}
  out: {type: Sink, kind: product}
streams:
  a: {from: feed.out, to: mix.in}
  b: {from: scrap.out, to: mix.in}
  c: {from: mix.out, to: mill.in}
  d: {from: mill.out, to: out.in}
)yaml";
  CHECK(error_of("bad6.yaml", unsized).find("unit 'mill': the solid 'Al' flows but its size fractions add up to 0") !=
        std::string::npos);
  CHECK(error_of("bad5.yaml", plant("    type: Shredder\n    flow_model: plug_flow\n    residence_time: \"1 s\"\n"
                                    "    breakage: {a: \"0.1 s^-1\", phi: 1.5}"))
            .find("units.mill.breakage.phi: 1.5 is outside the allowed range [0, 1]") != std::string::npos);
}
