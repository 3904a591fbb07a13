#include <cmath>

#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/thermo/Database.h"

using hydrosim::thermo::Database;
using hydrosim::thermo::Phase;
using namespace hydrosim::testing;

namespace {
const Database& shipped() {
  static const Database database =
      Database::load({data_dir() / "species.yaml", data_dir() / "aqueous-equilibria.yaml"});
  return database;
}
}  // namespace

TEST_CASE("the shipped species data covers the battery materials, reagents, ions and products") {
  const Database& db = shipped();
  for (const char* name : {"LiCoO2",      "NMC111",     "NMC532",      "NMC622",    "NMC811",
                           "NCA",         "LiMn2O4",    "LiFePO4",     "graphite",  "Al",
                           "Cu",          "Fe",         "PVDF",        "LiPF6",     "ethylene_carbonate",
                           "H2SO4",       "H2O2(aq)",   "NaOH",        "Na2CO3",    "CaO",
                           "Ca(OH)2",     "NH3(aq)",    "H2C2O4:2H2O", "Li+",       "Na+",
                           "K+",          "Ni+2",       "Co+2",        "Mn+2",      "Cu+2",
                           "Al+3",        "Fe+2",       "Fe+3",        "Ca+2",      "Mg+2",
                           "Zn+2",        "H+",         "OH-",         "SO4-2",     "HSO4-",
                           "Cl-",         "F-",         "CO3-2",       "HCO3-",     "PO4-3",
                           "Li2CO3",      "NiSO4:6H2O", "CoSO4:7H2O",  "MnSO4:H2O", "Ni(OH)2",
                           "CoC2O4:2H2O", "CaSO4:2H2O", "CaF2",        "FePO4",     "Na2SO4"}) {
    CAPTURE(name);
    CHECK(db.find(name).has_value());
  }
  CHECK(db.species(db.index_of("NMC622")).phase == Phase::kSolid);
  CHECK(db.species(db.index_of("SO4-2")).charge() == -2);
  CHECK(db.find("CoSO4·7H2O") == db.find("CoSO4:7H2O"));
}

TEST_CASE("every species with thermodynamic values cites a source in the bibliography") {
  for (const auto& species : shipped().all_species()) {
    CAPTURE(species.name);
    if (!species.standard.empty()) CHECK_FALSE(species.source_keys.empty());
    for (const auto& key : species.source_keys) CHECK_FALSE(shipped().citation(key).empty());
  }
}

TEST_CASE("tabulated data obey ΔfG° = ΔfH° − T·ΔfS°") {
  // An independent check of the transcription of Li2CO3 (CRC Handbook, from
  // the NBS tables): the entropy of formation uses the elements' S° from the
  // NBS tables (Wagman et al. 1982): Li(cr) 29.12, C(graphite) 5.740,
  // O2(g) 205.138 J/(mol K).
  const Database& db = shipped();
  const auto& li2co3 = db.species(db.index_of("Li2CO3")).standard;
  REQUIRE(li2co3.gibbs_formation);
  REQUIRE(li2co3.enthalpy_formation);
  REQUIRE(li2co3.entropy);
  const double entropy_of_formation = *li2co3.entropy - (2 * 29.12 + 5.740 + 1.5 * 205.138);
  const double gibbs = *li2co3.enthalpy_formation - 298.15 * entropy_of_formation;
  CHECK(std::abs(gibbs - *li2co3.gibbs_formation) < 1000.0);  // 1 kJ/mol: the tables' rounding
}

TEST_CASE("unknown species get the closest names as suggestions") {
  const auto message = input_error_of([] { shipped().index_of("CoSO4:6H2O"); });
  CHECK(message.find("unknown species 'CoSO4:6H2O'") != std::string::npos);
  CHECK(message.find("CoSO4:7H2O") != std::string::npos);
}

TEST_CASE("the element matrix gives element counts per species") {
  const Database& db = shipped();
  const auto ni = *db.element_index("Ni");
  const auto nmc = db.index_of("NMC622");
  CHECK(db.element_matrix()(static_cast<Eigen::Index>(nmc), static_cast<Eigen::Index>(ni)) == relative(0.6));
}

TEST_CASE("bad thermo-data files are refused with file, line and key") {
  const auto duplicate = write_scratch("dup-species.yaml", R"yaml(meta: {sources: {X: "a source"}}
species:
  - {name: Li+, formula: Li+, phase: aqueous}
  - {name: Li+, formula: Li+, phase: aqueous}
)yaml");
  CHECK(input_error_of([&] { Database::load({duplicate}); }).find("dup-species.yaml:4") != std::string::npos);

  const auto unsourced = write_scratch("unsourced.yaml", R"yaml(species:
  - {name: Li+, formula: Li+, phase: aqueous, dG_f: "-293.3 kJ/mol"}
)yaml");
  CHECK(input_error_of([&] { Database::load({unsourced}); }).find("no 'source'") != std::string::npos);

  const auto missing_key = write_scratch("missing-key.yaml", R"yaml(species:
  - {name: Li+, formula: Li+, phase: aqueous, dG_f: "-293.3 kJ/mol", source: NOPE}
)yaml");
  CHECK(input_error_of([&] { Database::load({missing_key}); }).find("source 'NOPE'") != std::string::npos);

  const auto bad_phase = write_scratch("bad-phase.yaml", R"yaml(species:
  - {name: Li+, formula: Li+, phase: plasma}
)yaml");
  CHECK(input_error_of([&] { Database::load({bad_phase}); }).find("'plasma' is not one of") != std::string::npos);

  const auto bad_units = write_scratch("bad-units.yaml", R"yaml(meta: {sources: {X: "a source"}}
species:
  - {name: Li+, formula: Li+, phase: aqueous, S: "13.4 kJ/mol", source: X}
)yaml");
  const auto message = input_error_of([&] { Database::load({bad_units}); });
  CHECK(message.find("bad-units.yaml:3") != std::string::npos);
  CHECK(message.find("species[0].S") != std::string::npos);
}
