#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/thermo/Database.h"
#include "hydrosim/thermo/ExtractionData.h"
#include "hydrosim/units/MixerSettlerCascade.h"
#include "hydrosim/units/SolventExtraction.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

std::shared_ptr<const thermo::Database> database() {
  static const auto db =
      std::make_shared<const thermo::Database>(thermo::Database::load(thermo::Database::files_in(data_dir())));
  return db;
}

// A unit configured from YAML text (the body of its units.<name> block).
struct Section {
  io::YamlDocument document;
  units::SolventExtraction unit{"sx"};
  explicit Section(const std::string& yaml) : document(io::YamlDocument::from_string(yaml, "test.yaml")) {
    const io::ParameterReader parameters(document, document.root(), "units.sx");
    unit.configure(parameters, database());
    parameters.finish("unit 'sx'");
  }
};

// Aqueous feed: `litres_per_s` of water with the given ions (mol/L).
thermo::Stream aqueous(double litres_per_s, const std::map<std::string, double>& molar) {
  const auto db = database();
  thermo::Stream stream(db);
  const double volume = litres_per_s * 1e-3;
  const double water_mass = volume * thermo::water_density(298.15);
  const std::size_t water = db->index_of("H2O");
  stream.set_amount(water, water_mass / db->species(water).molar_mass);
  for (const auto& [name, c] : molar) stream.set_amount(db->index_of(name), c * 1e3 * volume);
  return stream;
}

// Organic feed: `litres_per_s` of organic (density 800 kg/m³, the unit's default)
// holding `ha` mol/L of extractant HA as the dimer, plus complexes (mol/L).
thermo::Stream organic(double litres_per_s, const std::string& extractant, double ha,
                       const std::map<std::string, double>& complexes = {}) {
  const auto db = database();
  thermo::Stream stream(db);
  const double volume = litres_per_s * 1e-3;
  const std::size_t dimer = db->index_of("(HA)2[" + extractant + "]");
  double bound = 0.0;
  for (const auto& [name, c] : complexes) {
    const std::size_t s = db->index_of(name);
    stream.set_amount(s, c * 1e3 * volume);
    bound += stream.mass_flow(s);
  }
  stream.set_amount(dimer, ha / 2.0 * 1e3 * volume);
  const double diluent = 800.0 * volume - stream.mass_flow(dimer) - bound;
  const std::size_t dodecane = db->index_of("C12H26(org)");
  stream.set_amount(dodecane, diluent / db->species(dodecane).molar_mass);
  return stream;
}

struct Outcome {
  thermo::Stream raffinate;
  thermo::Stream loaded;
};

Outcome run(Section& section, const thermo::Stream& aq, const thermo::Stream& org,
            const thermo::Stream* alkali = nullptr) {
  units::Inlets inlets{{"aqueous_in", {&aq}}, {"organic_in", {&org}}};
  if (alkali) inlets["alkali"] = {alkali};
  units::Outlets outlets;
  section.unit.solve(inlets, outlets);
  return {outlets.at("raffinate"), outlets.at("loaded")};
}

// Largest relative imbalance of any element, and of the charge, in − out.
void check_conservation(const std::vector<const thermo::Stream*>& in, const Outcome& out) {
  const thermo::Stream total_in = thermo::mix(in);
  const Eigen::VectorXd e_in = total_in.element_flows();
  const Eigen::VectorXd e_out = out.raffinate.element_flows() + out.loaded.element_flows();
  for (Eigen::Index k = 0; k < e_in.size(); ++k) {
    CHECK(std::abs(e_in(k) - e_out(k)) <= 1e-9 * std::max(std::abs(e_in(k)), 1e-300));
  }
  const double charge_scale = total_in.amounts().cwiseAbs().dot(database()->charges().cwiseAbs()) + 1e-300;
  CHECK(std::abs(total_in.charge_flow() - out.raffinate.charge_flow() - out.loaded.charge_flow()) <=
        1e-9 * charge_scale);
  CHECK(out.raffinate.amounts().minCoeff() >= 0.0);
  CHECK(out.loaded.amounts().minCoeff() >= 0.0);
}

double report(const units::Unit& unit, const std::string& name) {
  for (const auto& value : unit.report().values) {
    if (value.name == name) return value.value;
  }
  FAIL("no report value ", name);
  return 0.0;
}

}  // namespace

TEST_CASE("every complex in extractants.yaml balances against its metal, dimer and released H+") {
  // ExtractionData::load checks complex = metal + m (HA)2 − z H+ element by
  // element and the charge; loading the shipped file must pass that check.
  const thermo::ExtractionData data = thermo::ExtractionData::load(*database());
  REQUIRE(data.extractants().size() >= 4);
  for (const char* name : {"D2EHPA", "P204", "PC88A", "P507", "Cyanex272", "Versatic10"}) {
    INFO(name);
    const thermo::Extractant* extractant = data.find(name);
    REQUIRE(extractant != nullptr);
    for (const char* metal :
         {"Li+", "Na+", "NH4+", "Ni+2", "Co+2", "Mn+2", "Cu+2", "Zn+2", "Fe+3", "Al+3", "Ca+2", "Mg+2"}) {
      INFO(metal);
      CHECK(extractant->find(database()->index_of(metal)) != nullptr);
    }
  }
}

TEST_CASE("a value's source key that no file defines is refused with file, line and key") {
  // Every ph50 that claims a source must name a meta.sources key (so a value
  // cannot silently lose its citation): the shipped file with the D2EHPA Zn
  // entry's key misspelt must fail to load, naming the file, the key and the
  // entry's path.
  const auto dir = scratch_dir() / "sx-bad-source";
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(data_dir())) {
    if (entry.path().extension() == ".yaml") {
      std::filesystem::copy_file(entry.path(), dir / entry.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  }
  std::ifstream in(data_dir() / "extractants.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string key = "ph50: 1.58, slope: 2, source: BEGUM_ZN";
  REQUIRE(text.find(key) != std::string::npos);
  text.replace(text.find(key), key.size(), "ph50: 1.58, slope: 2, source: BEGUM_ZM");
  std::ofstream(dir / "extractants.yaml") << text;
  const thermo::Database db = thermo::Database::load(thermo::Database::files_in(dir));
  const std::string message = input_error_of([&] { thermo::ExtractionData::load(db); });
  MESSAGE(message);
  CHECK(message.find("extractants.yaml:") != std::string::npos);
  CHECK(message.find("source 'BEGUM_ZM' is not in any file's meta.sources") != std::string::npos);
  CHECK(message.find("metals") != std::string::npos);
}

TEST_CASE("a counter-current cascade with constant D matches the Kremser equation to 1e-6") {
  // Kremser (1930); e.g. Treybal, Mass-Transfer Operations (1980) eq. 10.xx:
  // with a constant distribution ratio D, extraction factor E = D·O/A and
  // unloaded organic, the fraction left in the raffinate after N ideal stages
  // is (E − 1)/(E^(N+1) − 1). Exact for this linear system, so 1e-6 is a
  // tolerance on the solver, not on a model.
  for (const int stages : {1, 3, 6}) {
    for (const double oa : {0.5, 1.25}) {
      Section section(fmt::format("extractant: P507\nstages: {}\ndistribution_ratios: {{Co+2: 2.0}}\n", stages));
      const thermo::Stream aq = aqueous(1.0, {{"Co+2", 0.01}, {"SO4-2", 0.01}});
      const thermo::Stream org = organic(oa, "PC88A", 0.5);
      const Outcome out = run(section, aq, org);
      const double e = 2.0 * oa;
      // E = 1 is the limit 1/(N + 1).
      const double expected =
          std::abs(e - 1.0) < 1e-12 ? 1.0 / (stages + 1.0) : (e - 1.0) / (std::pow(e, stages + 1) - 1.0);
      const std::size_t co = database()->index_of("Co+2");
      INFO("stages ", stages, " O/A ", oa);
      CHECK(out.raffinate.amount(co) / aq.amount(co) == relative(expected, 1e-6));
      check_conservation({&aq, &org}, out);
    }
  }
}

TEST_CASE("one stage with Murphree efficiency E extracts x0 / (1 + E D O/A) of a constant-D metal") {
  // Single stage, unloaded organic in, organic out y = E·D·x (Murphree on the
  // organic phase); the metal balance A x0 = A x + O E D x gives x analytically.
  Section section("extractant: P507\nstages: 1\nmurphree_efficiency: 0.7\ndistribution_ratios: {Co+2: 3.0}\n");
  const thermo::Stream aq = aqueous(1.0, {{"Co+2", 0.01}, {"SO4-2", 0.01}});
  const thermo::Stream org = organic(1.0, "PC88A", 0.5);
  const Outcome out = run(section, aq, org);
  const std::size_t co = database()->index_of("Co+2");
  CHECK(out.raffinate.amount(co) / aq.amount(co) == relative(1.0 / (1.0 + 0.7 * 3.0), 1e-8));
}

namespace {

// Least-squares line log10 D = a + b pH through single-stage trace-loading points of
// `metal` (1e-7..1e-5 mol/L, chloride medium so that HSO4- plays no part) against
// `ha` mol/L of `extractant`, the feed acidity stepped over ±0.8 pH around `centre`.
struct Isotherm {
  double slope = 0.0;
  double ph50 = 0.0;
};

Isotherm fitted_isotherm(const std::string& extractant_name, const std::string& metal, double ha, double centre,
                         double metal_molar = 1e-5) {
  const int charge = static_cast<int>(std::lround(database()->species(database()->index_of(metal)).charge()));
  Section section(fmt::format("extractant: {}\nstages: 1\n", extractant_name));
  std::vector<double> ph, log_d;
  for (double target = centre - 0.8; target <= centre + 0.8 + 1e-9; target += 0.4) {
    const double h = std::pow(10.0, -target);
    const thermo::Stream aq = aqueous(1.0, {{metal, metal_molar}, {"H+", h}, {"Cl-", h + charge * metal_molar}});
    const thermo::Stream org = organic(1.0, extractant_name, ha);
    const Outcome out = run(section, aq, org);
    const auto& solution = section.unit.last_solution();
    ph.push_back(solution.ph(0));
    log_d.push_back(std::log10(solution.equilibrium_organic(0, 0) / solution.aqueous(0, 0)));
    check_conservation({&aq, &org}, out);
  }
  const auto n = static_cast<double>(ph.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < ph.size(); ++k) {
    sx += ph[k];
    sy += log_d[k];
    sxx += ph[k] * ph[k];
    sxy += ph[k] * log_d[k];
  }
  Isotherm fit;
  fit.slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  fit.ph50 = -((sy - fit.slope * sx) / n) / fit.slope;
  return fit;
}

// β(a/b) = D_a / D_b of one stage with the two divalent metals together at `molar`.
struct Separation {
  double beta = 0.0;
  double ph = 0.0;
};

Separation pair_separation(const std::string& extractant_name, const std::string& a, const std::string& b, double ha,
                           double feed_ph, double molar) {
  const std::size_t ia = database()->index_of(a);
  const std::size_t ib = database()->index_of(b);
  Section section(fmt::format("extractant: {}\nstages: 1\n", extractant_name));
  const double h = std::pow(10.0, -feed_ph);
  const thermo::Stream aq = aqueous(1.0, {{a, molar}, {b, molar}, {"H+", h}, {"Cl-", h + 4.0 * molar}});
  const thermo::Stream org = organic(1.0, extractant_name, ha);
  const Outcome out = run(section, aq, org);
  check_conservation({&aq, &org}, out);
  const auto& s = section.unit.last_solution();
  const auto& metals = section.unit.last_metals();
  const Eigen::Index ka = std::find(metals.begin(), metals.end(), ia) - metals.begin();
  const Eigen::Index kb = std::find(metals.begin(), metals.end(), ib) - metals.begin();
  return {(s.equilibrium_organic(0, ka) / s.aqueous(0, ka)) / (s.equilibrium_organic(0, kb) / s.aqueous(0, kb)),
          s.ph(0)};
}

Separation co_ni_separation(const std::string& extractant_name, double ha, double feed_ph, double molar) {
  return pair_separation(extractant_name, "Co+2", "Ni+2", ha, feed_ph, molar);
}

}  // namespace

TEST_CASE("at trace loading the stage isotherm is log D = slope (pH − pH50) for Co, Ni, Mn, Li") {
  // With the metal at 1e-5 mol/L and 0.5 mol/L extractant (the data's reference
  // concentration) the free dimer is depleted by < 0.01 %, so the mass-action
  // law reduces to log10 D = slope (pH − ph50). Fitting the solved single-stage
  // points (D between 0.1 and 10) must return ph50 and slope of the data to
  // 0.01 pH unit / 1 %. This checks the pH and proton balance of the stage
  // solver, NOT the data. Of these 12 values only D2EHPA Mn, Co and Li and Cyanex
  // 272 Mn are derived from published points (JOCPR_MN, VIECELI2021, RJPCA2020_COLI);
  // the PC-88A and Cyanex 272 Li and Co values and the D2EHPA Ni value are
  // engineering assumptions (SX_ORDER; no published pH50 table could be read). The
  // published comparisons that exist are the test cases that follow.
  const thermo::ExtractionData data = thermo::ExtractionData::load(*database());
  for (const char* extractant_name : {"D2EHPA", "PC88A", "Cyanex272"}) {
    const thermo::Extractant& extractant = *data.find(extractant_name);
    for (const char* metal : {"Co+2", "Ni+2", "Mn+2", "Li+"}) {
      INFO(extractant_name, " ", metal);
      const auto& exchange = *extractant.find(database()->index_of(metal));
      const Isotherm fit = fitted_isotherm(extractant_name, metal, 0.5, exchange.ph50);
      CHECK(fit.slope == relative(exchange.slope, 0.01));
      CHECK(std::abs(fit.ph50 - exchange.ph50) <= 0.01);
    }
  }
}

TEST_CASE("Zn with D2EHPA at 0.10 mol/L follows the published Kex law (Begum et al.)") {
  // Begum, Alauddin, Islam & Rahman (Rajshahi), Zn(II) from sulfate by D2EHPA in
  // kerosene, abstract (source BEGUM_ZN in extractants.yaml): pH dependence about
  // 2 and Zn2+ + 1.5 (H2A2) = ZnA2.HA + 2 H+ with Kex = 10^-2.26, i.e.
  //   log10 D = −2.26 + 1.5 log10[(H2A2)] + 2 pH.
  // At 0.10 mol/L D2EHPA ((H2A2) = 0.05 mol/L, the concentration of their loading
  // test) the published pH50 is (2.26 − 1.5 log10 0.05)/2 = 2.106. The data's ph50
  // (1.58) was derived from this Kex at 0.5 mol/L, so this checks the model's own
  // concentration term (exponent m = 2) against the measured one (1.5): the
  // expected structural difference is 0.5·0.5·log10(0.25/0.05) = 0.17 pH, hence a
  // tolerance of 0.2 pH (0.17 plus the 0.01 rounding of the data and the fit).
  // Slope: "about 2" → ±10 %.
  const double published_ph50 = (2.26 - 1.5 * std::log10(0.05)) / 2.0;
  const Isotherm fit = fitted_isotherm("D2EHPA", "Zn+2", 0.10, published_ph50, 1e-6);
  MESSAGE("Zn/D2EHPA 0.10 M: slope ", fit.slope, ", pH50 ", fit.ph50, " (published ", published_ph50, ")");
  CHECK(fit.slope == relative(2.0, 0.10));
  CHECK(std::abs(fit.ph50 - published_ph50) <= 0.2);
}

TEST_CASE("PC-88A Co and Ni trace isotherms are 1.40 pH apart (Luo et al. 2006)") {
  // Luo, Wei, Wu, Toyohisa & Atsushi (2006), Trans. Nonferrous Met. Soc. China 16,
  // 687–692, abstract: pH1/2 difference Ni − Co of 1.40 with Na-PC88A in kerosene
  // (chloride medium; LUO2006 in extractants.yaml). The data's Ni ph50 was set
  // from it, so this checks that the solved stage reproduces the published
  // difference from two independent isotherm fits: ±0.05 pH (the abstract quotes
  // two decimals; fit and solver contribute < 0.02).
  const thermo::ExtractionData data = thermo::ExtractionData::load(*database());
  const thermo::Extractant& pc88a = *data.find("PC88A");
  const double co50 = pc88a.find(database()->index_of("Co+2"))->ph50;
  const double ni50 = pc88a.find(database()->index_of("Ni+2"))->ph50;
  const Isotherm co = fitted_isotherm("PC88A", "Co+2", 0.5, co50);
  const Isotherm ni = fitted_isotherm("PC88A", "Ni+2", 0.5, ni50);
  CHECK(std::abs((ni.ph50 - co.ph50) - 1.40) <= 0.05);
}

TEST_CASE("Cyanex 272 separates Co from Ni by a factor of about 750 at pH 6 (Kang et al. 2010)") {
  // Kang, Senanayake, Sohn & Shin (2010), Hydrometallurgy 100, 168–171, abstract:
  // with 50 % saponified 0.4 M Cyanex 272 at equilibrium pH ~6, "separation
  // factors for the extraction of Co/Li and Co/Ni at pH 6 were close to 750"
  // (KANG2010 in extractants.yaml). One stage at 0.4 mol/L Cyanex 272 with trace
  // Co and Ni, the feed acidity set so that the stage settles near pH 6 (the
  // saponification only sets the pH, and for two divalent metals with m = 2 β
  // does not depend on pH or free extractant in this model). The data's Ni ph50
  // was derived from this β, so the check is of the data → model chain: ±10 %
  // covers the 0.01 pH rounding of ph50 (±5 %) and the source's "close to".
  const Separation s = co_ni_separation("Cyanex272", 0.4, 6.0, 1e-8);
  MESSAGE("Cyanex 272 0.4 M: stage pH ", s.ph, ", beta(Co/Ni) ", s.beta);
  CHECK(std::abs(s.ph - 6.0) <= 0.3);
  CHECK(s.beta == relative(750.0, 0.10));
}

TEST_CASE("Mn with D2EHPA and Cyanex 272 at 0.10 mol/L reproduces the published single points (JOCPR 2015)") {
  // J. Chem. Pharm. Res. 7(4) (2015), abstract (JOCPR_MN in extractants.yaml): 96 %
  // Mn extracted by 0.1 M D2EHPA at equilibrium pH 4.52 and 76 % by 0.1 M Cyanex
  // 272 at pH 4.86 (acetate buffer; O/A not stated, taken as 1; species MnA2.2HA,
  // i.e. slope 2). As pH50 at 0.1 mol/L: pH − log10(E/(1 − E))/2 = 3.83 and 4.61.
  // The model's trace isotherm at 0.10 mol/L, fitted from solved single stages,
  // must reproduce them and the slope 2 (±5 %: the ideal z; the source implies 2).
  // D2EHPA: the data's ph50 (3.00 at 0.5 M) was set to also meet the sulfate bound
  // of Vieceli et al. (next test), 0.13 below this acetate point, so this is a
  // check against a second source: ±0.3 pH = the unknown O/A (0.5–2 moves the
  // derived pH50 by ±0.15) plus ±0.15 allowed for the acetate/sulfate medium
  // difference (an allowance: no acetate stability constants were read).
  // Cyanex 272: the data's ph50 (3.91) was derived from this point with the
  // model's exponent m = 2, so this checks the data → model chain: ±0.05 pH
  // (0.01 rounding of ph50 and the fit).
  struct Point {
    const char* extractant;
    double ph;
    double extracted;
    double tolerance;
  };
  for (const Point& point : {Point{"D2EHPA", 4.52, 0.96, 0.3}, Point{"Cyanex272", 4.86, 0.76, 0.05}}) {
    INFO(std::string(point.extractant));
    const double published_ph50 = point.ph - std::log10(point.extracted / (1.0 - point.extracted)) / 2.0;
    const Isotherm fit = fitted_isotherm(point.extractant, "Mn+2", 0.10, published_ph50);
    MESSAGE(std::string(point.extractant), " Mn 0.10 M: slope ", fit.slope, ", pH50 ", fit.ph50, " (published ",
            published_ph50, ")");
    CHECK(fit.slope == relative(2.0, 0.05));
    CHECK(std::abs(fit.ph50 - published_ph50) <= point.tolerance);
  }
}

TEST_CASE("0.5 M D2EHPA at pH 3.25 and O:A 1.25 takes > 70 % Mn and < 5 % Co in one stage (Vieceli et al. 2021)") {
  // Vieceli, Reinhardt, Ekberg & Petranikova (2021), Metals 11, 54, abstract
  // (VIECELI2021): LIB-based sulfate solution, 0.5 M D2EHPA, O:A 1.25:1, pH 3.25:
  // "extractions above 70 % Mn ... with a coextraction of less than 5 % Co" in a
  // single stage. One model stage with trace Mn and Co (the source's loading is
  // not in the abstract; loading lowers both extractions, so at trace the model
  // must be at least as selective as the bounds: the Co bound is the demanding
  // side). The feed acidity is set so the stage settles at pH 3.25 ± 0.02.
  Section section("extractant: D2EHPA\nstages: 1\n");
  const double h = std::pow(10.0, -3.25);
  const thermo::Stream aq = aqueous(1.0, {{"Mn+2", 1e-5}, {"Co+2", 1e-5}, {"H+", h}, {"Cl-", h + 4e-5}});
  const thermo::Stream org = organic(1.25, "D2EHPA", 0.5);
  const Outcome out = run(section, aq, org);
  check_conservation({&aq, &org}, out);
  const auto extracted = [&](const char* metal) {
    const std::size_t m = database()->index_of(metal);
    return 1.0 - out.raffinate.amount(m) / aq.amount(m);
  };
  MESSAGE("stage pH ", section.unit.last_solution().ph(0), ", Mn ", extracted("Mn+2"), ", Co ", extracted("Co+2"));
  CHECK(std::abs(section.unit.last_solution().ph(0) - 3.25) <= 0.02);
  CHECK(extracted("Mn+2") > 0.70);
  CHECK(extracted("Co+2") < 0.05);
}

TEST_CASE("D2EHPA separates Mn from Co by 280 and from Cu by 52.5 (JOCPR 2015)") {
  // JOCPR_MN abstract: from 0.02 M Mn, 0.01 M Cu, 0.01 M Co at pH 5.0 with 0.05 M
  // D2EHPA, order Mn > Cu > Co and separation factors 280.3 (Mn/Co) and 52.5
  // (Mn/Cu). The data's Co and Cu ph50 were set from these (ph50(Mn) + 1.22 and
  // + 0.86), so this checks the data → model chain on the competitive stage: for
  // divalent pairs with m = 2 this model's β does not depend on loading, so trace
  // metals at the source's pH and extractant give the loaded-mixture β. ±10 %:
  // 0.01 pH rounding of the ph50 values (±4.7 % each) and the fit.
  const Separation co = pair_separation("D2EHPA", "Mn+2", "Co+2", 0.05, 5.0, 1e-8);
  const Separation cu = pair_separation("D2EHPA", "Mn+2", "Cu+2", 0.05, 5.0, 1e-8);
  MESSAGE("D2EHPA 0.05 M pH ", co.ph, ": beta Mn/Co ", co.beta, ", Mn/Cu ", cu.beta);
  CHECK(std::abs(co.ph - 5.0) <= 0.05);
  CHECK(co.beta == relative(280.3, 0.10));
  CHECK(cu.beta == relative(52.5, 0.10));
  CHECK(co.beta > cu.beta);  // Cu between Mn and Co
}

TEST_CASE("Co/Ni separation factors rank phosphoric < phosphonic < phosphinic acid") {
  // D2EHPA: β ≈ 14 is Preston's (1982, Hydrometallurgy 9, 115) value as quoted in
  // reviews; the paper was not read and the data's Ni ph50 was set from the
  // quotation (SX_ORDER, Co + 0.57), so that entry is circular and stays an
  // assumption (no D2EHPA Co/Ni separation factor could be read). PC-88A: 10^(2·1.40) = 631 from
  // Luo et al. (2006); Cyanex 272: 750 from Kang et al. (2010). For two divalent
  // metals with m = 2, β = 10^(2 ΔpH50) at any free extractant; within 10 %.
  const std::vector<std::pair<std::string, double>> cases{
      {"D2EHPA", 14.0}, {"PC88A", std::pow(10.0, 2.0 * 1.40)}, {"Cyanex272", 750.0}};
  const thermo::ExtractionData data = thermo::ExtractionData::load(*database());
  double previous = 1.0;
  for (const auto& [name, quoted] : cases) {
    INFO(name);
    const double co50 = data.find(name)->find(database()->index_of("Co+2"))->ph50;
    const Separation s = co_ni_separation(name, 0.5, co50, 1e-5);
    CHECK(s.beta == relative(quoted, 0.10));
    CHECK(s.beta > previous);
    previous = s.beta;
  }
}

TEST_CASE("D2EHPA co-extracts 11.4 % Li where it takes 93.9 % Co from 0.01 M Co and Li sulfate (RJPCA 2020)") {
  // Russ. J. Phys. Chem. A 94(6) (2020), doi 10.1134/S0036024420060321, abstract
  // (RJPCA2020_COLI in extractants.yaml): "93.9 % of cobalt and 11.4 % lithium was
  // co-extracted from 0.01 M cobalt and lithium sulfate solution", D2EHPA in kerosene
  // at 1.59 M (assumed: the concentration quoted in the abstract's preceding sentence),
  // O/A not stated (taken as 1);
  // species Co(HA2)2 and Li(A2H), the model's CoA2(HA)2 and LiA(HA). One stage at
  // these conditions, the organic part-saponified with Na+ so that the stage settles
  // where Co is 93.9 % extracted (the abstract's pH 1.85 is not used: see the note on
  // the data, whose Co pH50 comes from JOCPR_MN). The Na loading is stepped and the
  // step whose Co extraction is nearest 93.9 % is compared with the paper's point.
  // CALIBRATION: the data's Li ph50 (5.70) was derived from this very pair with the
  // model's invariant log10 D_Li − log10 D_Co / 2 = ph50(Co) − ph50(Li), so this
  // checks the data → model chain at the paper's loading and medium (sulfate, Na+
  // competing, 2.4 % of the extractant bound), not the published value itself.
  // Tolerances: the invariant to 0.03 (0.01 rounding of two ph50 and loading terms
  // that the trace derivation ignored); Co within ±2 % of 93.9 % (the Na step moves
  // it by about 1 %);
  // Li within ±2 % absolute (the Co offset times dE_Li/dE_Co plus the invariant).
  Section section("extractant: D2EHPA\nstages: 1\n");
  const std::size_t co = database()->index_of("Co+2");
  const std::size_t li = database()->index_of("Li+");
  const thermo::Stream aq = aqueous(1.0, {{"Co+2", 0.01}, {"Li+", 0.01}, {"SO4-2", 0.015}});
  double best_co = 0.0, best_li = 0.0, best_invariant = 0.0, best_ph = 0.0;
  for (double sodium = 0.010; sodium <= 0.030 + 1e-12; sodium += 0.0005) {
    const thermo::Stream org = organic(1.0, "D2EHPA", 1.59 - 2.0 * sodium, {{"NaA(HA)[D2EHPA]", sodium}});
    const Outcome out = run(section, aq, org);
    check_conservation({&aq, &org}, out);
    const double e_co = 1.0 - out.raffinate.amount(co) / aq.amount(co);
    const double e_li = 1.0 - out.raffinate.amount(li) / aq.amount(li);
    if (std::abs(e_co - 0.939) < std::abs(best_co - 0.939)) {
      best_co = e_co;
      best_li = e_li;
      best_invariant = std::log10(e_li / (1.0 - e_li)) - 0.5 * std::log10(e_co / (1.0 - e_co));
      best_ph = section.unit.last_solution().ph(0);
    }
  }
  const double published_invariant = std::log10(0.114 / 0.886) - 0.5 * std::log10(0.939 / 0.061);
  MESSAGE("stage pH ", best_ph, ": Co ", best_co, ", Li ", best_li, ", invariant ", best_invariant, " (published ",
          published_invariant, ")");
  CHECK(std::abs(best_co - 0.939) <= 0.02);
  CHECK(std::abs(best_li - 0.114) <= 0.02);
  CHECK(std::abs(best_invariant - published_invariant) <= 0.03);
}

TEST_CASE("PC-88A extracts Li as LiR(HR)3: log D rises by 2 per decade of dimer (Zushi et al. 2000)") {
  // Zushi, Sakoguchi, Nakashio & Kubota (2000), Solvent Extr. Res. Dev. Jpn 7, 28–35,
  // abstract (ZUSHI2000): Li+ + 2 (HR)2 = LiR(HR)3 + H+ in heptane, i.e. slope analysis
  // gives d log D / d log[(HR)2] = 2 and d log D / d pH = 1. The data's stoichiometry
  // (dimers 2) was set from it, so this checks the data → solved stage chain:
  // trace Li (1e-6 mol/L) against 0.2, 0.5 and 1.0 mol/L PC-88A at one feed acidity,
  // the solved log D corrected to a common pH with the published pH slope 1, then
  // fitted against log10 of the free dimer: slope 2 ± 0.02 (trace loading, the free
  // dimer equals the total to < 0.01 %). The pH slope is checked by the isotherm fit
  // at 0.5 mol/L: 1 ± 1 %. The ph50 (6.0) is still an assumption and is not tested.
  Section section("extractant: PC88A\nstages: 1\n");
  const std::size_t li = database()->index_of("Li+");
  std::vector<double> x, y;
  for (double ha : {0.2, 0.5, 1.0}) {
    const double h = std::pow(10.0, -6.0);
    const thermo::Stream aq = aqueous(1.0, {{"Li+", 1e-6}, {"H+", h}, {"Cl-", h + 1e-6}});
    const thermo::Stream org = organic(1.0, "PC88A", ha);
    const Outcome out = run(section, aq, org);
    check_conservation({&aq, &org}, out);
    const auto& solution = section.unit.last_solution();
    const auto& metals = section.unit.last_metals();
    const Eigen::Index k = std::find(metals.begin(), metals.end(), li) - metals.begin();
    const double log_d = std::log10(solution.equilibrium_organic(0, k) / solution.aqueous(0, k));
    x.push_back(std::log10(ha / 2.0));
    y.push_back(log_d - (solution.ph(0) - 6.0));
  }
  const double slope = (y.back() - y.front()) / (x.back() - x.front());
  const double middle = y[0] + slope * (x[1] - x[0]);
  MESSAGE("Li/PC-88A: d log D / d log[(HA)2] = ", slope);
  CHECK(std::abs(slope - 2.0) <= 0.02);
  CHECK(std::abs(y[1] - middle) <= 0.01);  // the three points lie on one line
  const Isotherm fit = fitted_isotherm("PC88A", "Li+", 0.5, 6.0, 1e-6);
  CHECK(fit.slope == relative(1.0, 0.01));
}

TEST_CASE("competitive loading: metals share the free extractant and the stage closes every balance") {
  // A P204 impurity-removal stage pair at high loading with in-line NaOH
  // saponification: Mn, Zn, Cu, Ca, Al, Fe(III) load and crowd out Co/Ni/Li.
  // Checks: the extractant balance 2[(HA)2] + Σ 2m y = C_HA per stage, the
  // mass-action law per metal, and element/charge closure ≤ 1e-9.
  Section section("extractant: P204\nstages: 3\nalkali_stage: 3\n");
  const thermo::Stream aq = aqueous(1.0, {{"Ni+2", 0.8},
                                          {"Co+2", 0.15},
                                          {"Mn+2", 0.15},
                                          {"Li+", 0.3},
                                          {"Cu+2", 0.01},
                                          {"Zn+2", 0.005},
                                          {"Al+3", 0.01},
                                          {"Fe+3", 0.002},
                                          {"Ca+2", 0.005},
                                          {"H+", 0.01},
                                          {"SO4-2", 1.3185}});
  const thermo::Stream org = organic(1.0, "D2EHPA", 0.8);
  const thermo::Stream alkali = aqueous(0.05, {{"Na+", 4.0}, {"OH-", 4.0}});
  const Outcome out = run(section, aq, org, &alkali);
  check_conservation({&aq, &org, &alkali}, out);
  const auto& s = section.unit.last_solution();
  const auto& metals = section.unit.last_metals();
  const thermo::ExtractionData data = thermo::ExtractionData::load(*database());
  const thermo::Extractant& d2ehpa = *data.find("D2EHPA");
  for (Eigen::Index j = 0; j < 3; ++j) {
    double ha = 2.0 * s.free_dimer(j);
    for (std::size_t k = 0; k < metals.size(); ++k) {
      const auto& exchange = *d2ehpa.find(metals[k]);
      const auto col = static_cast<Eigen::Index>(k);
      ha += 2.0 * exchange.dimers * s.equilibrium_organic(j, col);
      const double log_d = std::log10(s.equilibrium_organic(j, col) / s.aqueous(j, col));
      CHECK(log_d == doctest::Approx(exchange.log10_distribution(s.ph(j), s.free_dimer(j), d2ehpa.reference_dimer()))
                         .epsilon(1e-9));
    }
    CHECK(ha == relative(800.0, 1e-9));
  }
  // Mn (pH50 2.6) is extracted far more than Ni (4.32).
  CHECK(report(section.unit, "Mn to organic") > 10.0 * report(section.unit, "Ni to organic"));
  CHECK(report(section.unit, "saponification degree") == relative(0.05 * 4.0 / 0.8, 1e-12));
}

TEST_CASE("a sulfuric-acid strip returns the cobalt of a loaded P507 organic to the aqueous") {
  // At pH ≈ 0 with ph50(Co) = 4.0 and slope 2, D ≈ 1e-8: two stages at O/A = 1
  // strip practically everything (fraction left ≤ D^2-ish ≪ 1e-4).
  Section section("extractant: P507\nstages: 2\nsection: stripping\n");
  const thermo::Stream aq = aqueous(1.0, {{"H+", 2.0}, {"SO4-2", 1.0}});
  const thermo::Stream org = organic(1.0, "PC88A", 0.5, {{"CoA2(HA)2[PC88A]", 0.05}});
  const Outcome out = run(section, aq, org);
  check_conservation({&aq, &org}, out);
  CHECK(report(section.unit, "Co to organic") < 1e-4);
  CHECK(report(section.unit, "raffinate pH") < 1.0);
}

TEST_CASE("bad solvent-extraction input gets a clear message") {
  CHECK(input_error_of([] {
          Section s("extractant: P507\nstages: 0\n");
        }).find("a section needs at least one stage (got 0)") != std::string::npos);
  CHECK(input_error_of([] {
          Section s("extractant: Aliquat336\nstages: 2\n");
        }).find("no extraction data for extractant 'Aliquat336'") != std::string::npos);
  {
    Section section("extractant: P507\nstages: 2\n");
    const thermo::Stream aq = aqueous(1.0, {{"Co+2", 0.01}, {"SO4-2", 0.01}});
    thermo::Stream empty(database());
    CHECK(input_error_of([&] { run(section, aq, empty); }).find("O/A = 0 ≤ 0") != std::string::npos);
    const thermo::Stream too_strong = organic(1.0, "PC88A", 3.5);
    CHECK(input_error_of([&] { run(section, aq, too_strong); }).find("exceeds 2.9 mol/L, that of neat PC88A") !=
          std::string::npos);
    const thermo::Stream potassium = aqueous(1.0, {{"K+", 0.02}, {"SO4-2", 0.01}});
    const std::string message = input_error_of([&] { run(section, potassium, organic(1.0, "PC88A", 0.5)); });
    CHECK(message.find("metal 'K+' has no extraction data for PC88A") != std::string::npos);
    CHECK(message.find("extractants.yaml") != std::string::npos);
    CHECK(message.find("'inert'") != std::string::npos);
  }
}

TEST_CASE("an acid-starved scrub section still reaches its steady state (pseudo-transient fallback)") {
  // A P507 scrub whose acid (0.0167 mol/s H+) cannot strip the loaded Co
  // (0.028 mol/s): the feed continuation folds and the implicit-Euler march
  // of the stage holdups takes over. The steady state it returns must satisfy
  // each stage's metal balance, the extractant balance and the mass-action
  // law (checked here independently of the solver's residual).
  units::CascadeProblem p;
  p.stages = 3;
  p.aqueous_flow = 0.000417902;
  p.organic_flow = 0.000210372;
  p.extractant = 594.184;
  p.acid_feed = 0.0166667;
  p.sulfate_feed = 0.00833333;
  p.bisulfate_k = std::pow(10.0, 1.99) * 1e-3;
  const thermo::ExtractionData data = thermo::ExtractionData::load(*database());
  const thermo::Extractant& pc88a = *data.find("PC88A");
  for (const auto& [name, organic_feed] : std::vector<std::pair<std::string, double>>{
           {"Li+", 3.43342}, {"Na+", 2.53629e-07}, {"Ni+2", 2.40812}, {"Co+2", 132.911}}) {
    const auto& exchange = *pc88a.find(database()->index_of(name));
    units::CascadeMetal m;
    m.name = name;
    m.charge = exchange.charge;
    m.dimers = exchange.dimers;
    m.slope = exchange.slope;
    m.dimers_exponent = exchange.dimers;
    m.log10_k = -exchange.slope * exchange.ph50 - exchange.dimers * std::log10(pc88a.reference_dimer());
    m.organic_feed = organic_feed;
    p.metals.push_back(m);
  }
  const units::CascadeSolution s = units::solve_cascade(p, "scrub test");
  MESSAGE("IDA steps ", s.dae_steps, ", implicit-Euler steps ", s.pseudo_transient_steps);
  CHECK(s.dae_steps + s.pseudo_transient_steps > 0);  // this case needs a fallback
  for (std::size_t i = 0; i < p.metals.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    // Section balance: organic in = organic out + aqueous out.
    const double in = p.organic_flow * p.metals[i].organic_feed;
    const double out = p.organic_flow * s.organic(0, k) + p.aqueous_flow * s.aqueous(p.stages - 1, k);
    CHECK(out == relative(in, 1e-9));
    for (int j = 0; j < p.stages; ++j) {
      const double log_d = std::log10(s.equilibrium_organic(j, k) / s.aqueous(j, k));
      CHECK(log_d == doctest::Approx(p.metals[i].log10_k + p.metals[i].slope * s.ph(j) +
                                     p.metals[i].dimers * std::log10(s.free_dimer(j)))
                         .epsilon(1e-9));
    }
  }
  for (int j = 0; j < p.stages; ++j) {
    double ha = 2.0 * s.free_dimer(j);
    for (std::size_t i = 0; i < p.metals.size(); ++i) {
      ha += 2.0 * p.metals[i].dimers * s.equilibrium_organic(j, static_cast<Eigen::Index>(i));
    }
    CHECK(ha == relative(p.extractant, 1e-9));
  }
}

TEST_CASE("entrained aqueous leaves with the loaded organic at the stage-1 composition") {
  // One stage, constant D = 3, O/A = 1, 1000 ppm aqueous entrained in the
  // loaded organic: the stage balance A x0 = A x + O D x is unchanged, so
  // x = x0/(1 + D O/A); the loaded stream carries O D x as complex plus
  // e_a O x as aqueous Co+2, and the raffinate (A − e_a O) x. Conservation
  // must still close to 1e-9.
  Section section(
      "extractant: P507\nstages: 1\ndistribution_ratios: {Co+2: 3.0}\naqueous_entrainment: \"1000 ppm\"\n"
      "raffinate_speciation: none\n");
  const thermo::Stream aq = aqueous(1.0, {{"Co+2", 0.01}, {"SO4-2", 0.01}});
  const thermo::Stream org = organic(1.0, "PC88A", 0.5);
  const Outcome out = run(section, aq, org);
  check_conservation({&aq, &org}, out);
  const std::size_t co = database()->index_of("Co+2");
  const std::size_t complex = database()->index_of("CoA2(HA)2[PC88A]");
  const double a = aq.aqueous_volume_flow();
  const double o = 1e-3;
  const double x = aq.amount(co) / a / (1.0 + 3.0 * o / a);
  CHECK(out.loaded.amount(complex) == relative(o * 3.0 * x, 1e-8));
  CHECK(out.loaded.amount(co) == relative(1e-3 * o * x, 1e-8));
  CHECK(out.raffinate.amount(co) == relative((a - 1e-3 * o) * x, 1e-8));
  CHECK(out.loaded.amount(database()->index_of("H2O")) > 0.0);
}

TEST_CASE("entrained organic leaves with the raffinate and both outlets stay non-negative") {
  Section section("extractant: P204\nstages: 3\norganic_entrainment: \"500 ppm\"\naqueous_entrainment: \"300 ppm\"\n");
  const thermo::Stream aq = aqueous(1.0, {{"Mn+2", 0.1}, {"Co+2", 0.05}, {"H+", 0.001}, {"SO4-2", 0.1505}});
  const thermo::Stream org = organic(1.0, "D2EHPA", 0.8);
  const Outcome out = run(section, aq, org);
  check_conservation({&aq, &org}, out);
  const std::size_t dodecane = database()->index_of("C12H26(org)");
  // 500 ppm of the raffinate volume is organic: its diluent share.
  CHECK(out.raffinate.amount(dodecane) / org.amount(dodecane) ==
        doctest::Approx(500e-6 * out.raffinate.aqueous_volume_flow() / 1e-3).epsilon(0.02));
}

TEST_CASE("ammonia saponification loads NH4+ on the extractant and conserves nitrogen") {
  // Aqueous ammonia fed to the last stage: NH3(aq) is taken in master form
  // (NH4+ with OH-), neutralises the released acid and loads as NH4A(HA).
  Section section("extractant: P507\nstages: 3\nalkali_stage: 3\n");
  const thermo::Stream aq = aqueous(1.0, {{"Co+2", 0.05}, {"Ni+2", 0.2}, {"SO4-2", 0.25}});
  const thermo::Stream org = organic(1.0, "PC88A", 0.5);
  const thermo::Stream ammonia = aqueous(0.02, {{"NH3(aq)", 4.0}});
  const Outcome out = run(section, aq, org, &ammonia);
  check_conservation({&aq, &org, &ammonia}, out);
  CHECK(out.loaded.amount(database()->index_of("NH4A(HA)[PC88A]")) > 0.0);
  CHECK(report(section.unit, "Co to organic") > 0.5);
}

TEST_CASE("an organic feed with another extractant's species is refused with its name") {
  Section section("extractant: P507\nstages: 1\n");
  const thermo::Stream aq = aqueous(1.0, {{"Co+2", 0.01}, {"SO4-2", 0.01}});
  thermo::Stream org = organic(1.0, "PC88A", 0.5);
  org.set_amount(database()->index_of("(HA)2[D2EHPA]"), 0.01);
  CHECK(input_error_of([&] {
          run(section, aq, org);
        }).find("carries '(HA)2[D2EHPA]' of extractant D2EHPA, but this unit uses PC88A") != std::string::npos);
}

TEST_CASE("the shipped P204/P507 flowsheet converges with 12-stage scrub and strip sections and closes") {
  // Robustness regression (long sections once gave singular Jacobians) and the
  // conservation law over the plant: every element and the charge to 1e-9.
  for (const char* option : {"units.p507_scrub.stages=12", "units.p507_strip.stages=12"}) {
    INFO(option);
    flowsheet::Flowsheet plant = io::load_flowsheet(flowsheet_path("sx_p204_p507.yaml"), {{option}, data_dir()});
    const flowsheet::SolvedFlowsheet solved = flowsheet::solve(plant);
    const flowsheet::Results results = flowsheet::compute_results(plant, solved);
    CHECK(results.balance.max_closure() <= 1e-9);
    CHECK(results.balance.charge_closure() <= 1e-9);
  }
}
