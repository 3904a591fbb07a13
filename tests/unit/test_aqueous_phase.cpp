// The stream <-> speciation bridge: exact bookkeeping checked by conservation
// laws and by agreement with a speciation of the same solution given directly.
#include <cmath>
#include <memory>

#include "TestSupport.h"
#include "hydrosim/thermo/AqueousPhase.h"

using namespace hydrosim::thermo;
using namespace hydrosim::testing;

namespace {

double max_relative_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return (a - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff();
}

// 1 kg/s of water with 0.1 mol/s NiSO4 written as a complex and HSO4-, the way
// a unit may hand it over.
Stream nickel_liquor() {
  const Database& db = *chemistry().database;
  Stream s(chemistry().database);
  s.set_amount(db.index_of("H2O"), 1.0 / db.species(db.index_of("H2O")).molar_mass);
  s.set_amount(db.index_of("NiSO4(aq)"), 0.06);
  s.set_amount(db.index_of("Ni+2"), 0.04);
  s.set_amount(db.index_of("SO4-2"), 0.04);
  s.set_amount(db.index_of("HSO4-"), 0.01);
  s.set_amount(db.index_of("H+"), 0.01);
  return s;
}

}  // namespace

TEST_CASE("a stream's aqueous phase becomes component totals per kg of water") {
  const Database& db = *chemistry().database;
  const StreamSolution solution = solution_of(nickel_liquor(), *chemistry().equilibria);
  CHECK(solution.warnings.empty());
  // 1 kg/s of water: totals in mol/kg equal the flows in mol/s.
  CHECK(solution.input.totals.at(db.index_of("Ni+2")) == relative(0.10));
  CHECK(solution.input.totals.at(db.index_of("SO4-2")) == relative(0.11));
  CHECK(solution.input.totals.count(db.index_of("H+")) == 0);  // the charge balance decides H+
}

TEST_CASE("neat sulfuric acid in a stream dissolves: counted as SO4-2 and rewritten as 2 H+ + SO4-2") {
  // H2SO4(l) of a ReagentFeed in a PrecipitationReactor inlet: the acid must
  // be part of the solution, or a pH controller neutralises only the free H+.
  // Expected: the stoichiometry H2SO4 = 2 H+ + SO4-2 (exact).
  const Database& db = *chemistry().database;
  Stream s = nickel_liquor();
  s.set_amount(db.index_of("H2SO4"), 0.5);  // the liquid-phase species of a ReagentFeed
  const double water = water_mass_flow(s);
  const double sulfate_before =
      solution_of(nickel_liquor(), *chemistry().equilibria).input.totals.at(db.index_of("SO4-2"));
  const StreamSolution solution = solution_of(s, *chemistry().equilibria);
  CHECK(solution.warnings.empty());
  CHECK(solution.input.totals.at(db.index_of("SO4-2")) == relative(sulfate_before + 0.5 / water));

  const Eigen::VectorXd elements_before = s.element_flows();
  const double charge_before = s.charge_flow();
  const double protons_before = s.amount(db.index_of("H+"));
  to_master_form(s, *chemistry().equilibria);
  CHECK(s.amount(db.index_of("H2SO4")) == 0.0);
  CHECK(s.amount(db.index_of("H+")) >= protons_before + 2.0 * 0.5 - 1e-12);  // + the HSO4- of the liquor
  CHECK((s.element_flows() - elements_before).cwiseAbs().maxCoeff() <= 1e-12 * elements_before.cwiseAbs().maxCoeff());
  CHECK(std::abs(s.charge_flow() - charge_before) <= 1e-12);
}

TEST_CASE("rewriting a stream in master species conserves every element and the charge") {
  const Database& db = *chemistry().database;
  Stream s = nickel_liquor();
  const Eigen::VectorXd before = s.element_flows();
  const double charge_before = s.charge_flow();
  to_master_form(s, *chemistry().equilibria);
  CHECK(s.amount(db.index_of("NiSO4(aq)")) == 0.0);
  CHECK(s.amount(db.index_of("HSO4-")) == 0.0);
  CHECK(s.amount(db.index_of("Ni+2")) == relative(0.10));
  CHECK(s.amount(db.index_of("H+")) == relative(0.02));
  CHECK(max_relative_difference(s.element_flows(), before) <= 1e-15);
  CHECK(std::abs(s.charge_flow() - charge_before) <= 1e-15);
}

TEST_CASE("precipitating a hydroxide draws on the masters exactly and refuses to overdraw") {
  const Database& db = *chemistry().database;
  Stream s = nickel_liquor();
  to_master_form(s, *chemistry().equilibria);
  // Neutralised liquor: NaOH has replaced the acid.
  s.set_amount(db.index_of("H+"), 0.0);
  s.set_amount(db.index_of("Na+"), 0.02);
  const Eigen::VectorXd before = s.element_flows();
  const SolidReaction* hydroxide = find_solid_reaction(*chemistry().equilibria, db.index_of("Ni(OH)2"));
  REQUIRE(hydroxide != nullptr);
  precipitate(s, *hydroxide, 0.09);  // Ni(OH)2 + 2H+ = Ni+2 + 2H2O, run backwards
  CHECK(s.amount(db.index_of("Ni(OH)2")) == relative(0.09));
  CHECK(s.amount(db.index_of("Ni+2")) == doctest::Approx(0.01).epsilon(1e-12));
  CHECK(s.amount(db.index_of("H+")) == relative(0.18));
  CHECK(max_relative_difference(s.element_flows(), before) <= 1e-15);
  CHECK(std::abs(s.charge_flow()) <= 1e-14);
  CHECK_THROWS_AS(precipitate(s, *hydroxide, 0.02), hydrosim::SolveError);
}

TEST_CASE("speciating a stream gives the pH of the same solution given by its totals") {
  const Database& db = *chemistry().database;
  Speciation speciation(chemistry().database, chemistry().equilibria);
  const SpeciationResult from_stream = speciation.solve(solution_of(nickel_liquor(), *chemistry().equilibria).input);
  SolutionInput direct;
  direct.totals = {{db.index_of("Ni+2"), 0.10}, {db.index_of("SO4-2"), 0.11}};
  const SpeciationResult from_totals = speciation.solve(direct);
  REQUIRE(from_stream.converged);
  REQUIRE(from_totals.converged);
  CHECK(from_stream.ph == relative(from_totals.ph, 1e-10));
}

TEST_CASE("size distributions mix per species, weighted by flow") {
  const Database& db = *chemistry().database;
  const std::size_t graphite = db.index_of("graphite");
  const std::size_t nmc = db.index_of("NMC622");
  const auto n = static_cast<Eigen::Index>(db.size());
  Stream coarse(chemistry().database);
  coarse.set_amount(graphite, 3.0);
  coarse.size_distribution = SizeDistribution{{1e-3, 1e-4}, Eigen::MatrixXd::Zero(n, 2)};
  coarse.size_distribution->fractions(static_cast<Eigen::Index>(graphite), 0) = 1.0;
  Stream fine(chemistry().database);
  fine.set_amount(graphite, 1.0);
  fine.set_amount(nmc, 2.0);
  fine.size_distribution = SizeDistribution{{1e-3, 1e-4}, Eigen::MatrixXd::Zero(n, 2)};
  fine.size_distribution->fractions(static_cast<Eigen::Index>(graphite), 1) = 1.0;
  fine.size_distribution->fractions(static_cast<Eigen::Index>(nmc), 1) = 1.0;
  const Stream mixed = mix({&coarse, &fine});
  REQUIRE(mixed.size_distribution);
  CHECK(mixed.size_distribution->fractions(static_cast<Eigen::Index>(graphite), 0) == relative(0.75));
  CHECK(mixed.size_distribution->fractions(static_cast<Eigen::Index>(graphite), 1) == relative(0.25));
  CHECK(mixed.size_distribution->fractions(static_cast<Eigen::Index>(nmc), 1) == relative(1.0));
  const Eigen::VectorXd mass = mixed.solid_mass_by_size();
  CHECK(mass.sum() == relative(mixed.phase_mass_flow(Phase::kSolid)));
  Stream other_grid = fine;
  other_grid.size_distribution->sizes = {2e-3, 1e-4};
  CHECK_THROWS_AS(mix({&coarse, &other_grid}), hydrosim::Error);
}
