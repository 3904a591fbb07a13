#pragma once
// Helpers for the leaching and separation tests: a database with test-only
// kinetics, a configured unit from inline YAML, feeds built by composition,
// and the conservation checks every test applies.
#include <cmath>
#include <memory>
#include <string>

#include "TestSupport.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/thermo/Stream.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::testing {

// species.yaml + aqueous-equilibria.yaml + either the project's
// leaching-kinetics.yaml (kinetics_yaml empty) or a scratch file with it.
inline std::shared_ptr<const thermo::Database> leach_database(const std::string& kinetics_yaml = "",
                                                              const std::string& scratch_name = "kinetics.yaml") {
  std::vector<std::filesystem::path> files{data_dir() / "species.yaml", data_dir() / "aqueous-equilibria.yaml"};
  files.push_back(kinetics_yaml.empty() ? data_dir() / "leaching-kinetics.yaml"
                                        : write_scratch(scratch_name, kinetics_yaml));
  return std::make_shared<const thermo::Database>(thermo::Database::load(files));
}

// Configures a unit of type T from the YAML text of its parameters.
template <typename T>
std::unique_ptr<T> configured(const std::string& parameters, const std::shared_ptr<const thermo::Database>& database) {
  const io::YamlDocument document = io::YamlDocument::from_string(parameters, "test.yaml");
  const io::ParameterReader reader(document, document.root(), "units.test");
  auto unit = std::make_unique<T>("test");
  unit->configure(reader, database);
  reader.finish("the test unit");
  return unit;
}

// A slurry per litre of liquor: `grams` of each solid, acid as H2SO4 molarity
// (written as H+ + HSO4-), H2O2 molarity. The water is the mass that fills one
// litre at T (the reactor's dilute-solution volume), so concentrations match
// laboratory "per litre" conditions.
struct SlurryRecipe {
  std::vector<std::pair<std::string, double>> solids_grams;  // per litre
  double sulfuric_acid = 0.0;                                // mol/L
  double peroxide = 0.0;                                     // mol/L
  double temperature = 298.15;                               // K
};

inline thermo::Stream slurry(const std::shared_ptr<const thermo::Database>& database, const SlurryRecipe& recipe) {
  const thermo::Database& db = *database;
  thermo::Stream s(database);
  s.temperature = recipe.temperature;
  const std::size_t water = db.index_of("H2O");
  s.set_amount(water, thermo::water_density(recipe.temperature) * 1e-3 / db.species(water).molar_mass);
  s.set_amount(db.index_of("H+"), recipe.sulfuric_acid);
  s.set_amount(db.index_of("HSO4-"), recipe.sulfuric_acid);
  s.set_amount(db.index_of("H2O2(aq)"), recipe.peroxide);
  for (const auto& [name, grams] : recipe.solids_grams) {
    const std::size_t index = db.index_of(name);
    s.set_amount(index, grams * 1e-3 / db.species(index).molar_mass);
  }
  return s;
}

// Largest relative closure of any element, and of the charge, between inlets and outlets.
inline double element_closure(const std::vector<const thermo::Stream*>& in,
                              const std::vector<const thermo::Stream*>& out) {
  Eigen::VectorXd a = Eigen::VectorXd::Zero(in.front()->element_flows().size());
  Eigen::VectorXd b = a;
  for (const auto* s : in) a += s->element_flows();
  for (const auto* s : out) b += s->element_flows();
  double worst = 0.0;
  for (Eigen::Index e = 0; e < a.size(); ++e) {
    if (a(e) != 0.0) worst = std::max(worst, std::abs(b(e) - a(e)) / std::abs(a(e)));
  }
  return worst;
}

inline double charge_closure(const std::vector<const thermo::Stream*>& in,
                             const std::vector<const thermo::Stream*>& out) {
  double a = 0.0;
  double b = 0.0;
  double scale = 0.0;
  for (const auto* s : in) {
    a += s->charge_flow();
    scale += (s->amounts().array().abs() * s->database().charges().array().abs()).sum();
  }
  for (const auto* s : out) b += s->charge_flow();
  return std::abs(b - a) / scale;
}

inline const units::Profile& profile_named(const units::UnitReport& report, const std::string& name) {
  for (const auto& profile : report.profiles) {
    if (profile.name == name) return profile;
  }
  FAIL("no profile ", name);
  return report.profiles.front();
}

inline const std::vector<double>& series_named(const units::Profile& profile, const std::string& name) {
  for (const auto& series : profile.series) {
    if (series.name == name) return series.values;
  }
  FAIL("no series ", name, " in profile ", profile.name);
  return profile.series.front().values;
}

inline double value_named(const units::UnitReport& report, const std::string& name) {
  for (const auto& value : report.values) {
    if (value.name == name) return value.value;
  }
  FAIL("no report value ", name);
  return 0.0;
}

}  // namespace hydrosim::testing
