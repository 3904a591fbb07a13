// Output paths of a solved case (sweep/OutputPaths.h) on the analytic recycle.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/sweep/OutputPaths.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

struct Solved {
  flowsheet::Flowsheet plant;
  flowsheet::SolvedFlowsheet solved;
  flowsheet::Results results;
  sweep::CaseView view() const { return {plant, solved, results}; }
};

Solved solve_recycle() {
  Solved s{io::load_flowsheet(flowsheet_path("recycle_analytic.yaml"), {{}, data_dir()}), {}, {}};
  s.solved = flowsheet::solve(s.plant);
  s.results = flowsheet::compute_results(s.plant, s.solved);
  return s;
}

}  // namespace

TEST_CASE("output paths read the closed-form answers of the recycle loop") {
  const Solved s = solve_recycle();
  const auto view = s.view();
  // R = X / (1 - r (1 - X)) with X = 0.8, r = 0.8 (flowsheet header).
  CHECK(sweep::output_value(view, "recovery.Li.li2co3_product") == relative(0.8 / 0.84, 1e-9));
  CHECK(sweep::output_value(view, "recovery.Li.bleed") == relative(1 - 0.8 / 0.84, 1e-9));
  CHECK(sweep::output_units(view, "recovery.Li.li2co3_product") == "1");
  CHECK(sweep::output_value(view, "balance.max_closure") <= 1e-9);
  // Lithium fed: 2 kmol/h; the extent of 2 Li+ + CO3-2 = Li2CO3 is half the
  // lithium precipitated per pass: X / 2 * (Li+ entering the reactor), and at
  // steady state Li2CO3 leaving = R * 2 kmol/h / 2.
  const double li_feed = 2000.0 / 3600.0;  // mol/s
  CHECK(sweep::output_value(view, "units.precipitator.extent[1]") == relative(0.8 / 0.84 * li_feed / 2, 1e-9));
  CHECK(sweep::output_units(view, "units.precipitator.extent[1]") == "mol/s");
  // Li+ in the cake stream is zero, Li2CO3 equals the extent.
  CHECK(sweep::output_value(view, "streams.cake.species.Li2CO3") == relative(0.8 / 0.84 * li_feed / 2, 1e-9));
  // The soda-ash feed: 2 t/h water + 2.4 kmol/h Na+ + 1.2 kmol/h CO3-2.
  const double soda = (2000.0 + 2.4 * 22.98976928 + 1.2 * 60.0089) / 3600.0;  // kg/s, CIAAW masses
  CHECK(sweep::output_value(view, "reagents.soda_ash.mass_flow") == relative(soda, 1e-4));
  CHECK(sweep::output_value(view, "streams.liquor_in.temperature") == relative(363.15, 1e-12));
  // Purities. The liquor feed is 20 t/h water + 2 kmol/h Li+ + 1 kmol/h SO4-2
  // (kg/h below; IUPAC 2021 conventional weights Li 6.94, S 32.06, O 15.999);
  // all of it is aqueous (H2O is an aqueous species), so the phase fraction
  // equals the mass fraction.
  const double li = 2 * 6.94;
  const double liquor = 20000.0 + li + (32.06 + 4 * 15.999);
  CHECK(sweep::output_value(view, "streams.liquor_in.mass_fraction.Li+") == relative(li / liquor, 1e-9));
  CHECK(sweep::output_value(view, "streams.liquor_in.phase_mass_fraction.Li+") == relative(li / liquor, 1e-9));
  // The cake is the classifier's whole solid phase: Li2CO3 is its only solid.
  CHECK(sweep::output_value(view, "streams.cake.phase_mass_fraction.Li2CO3") == relative(1.0, 1e-15));
  CHECK(sweep::output_value(view, "solver.iterations") >= 1);
}

TEST_CASE("an unknown output path names the level that is wrong and lists valid choices") {
  const Solved s = solve_recycle();
  const auto view = s.view();
  CHECK(input_error_of([&] { sweep::output_value(view, "recovery.Li.li2co3_prodcut"); }) ==
        "output 'recovery.Li.li2co3_prodcut': no sink 'li2co3_prodcut'; did you mean li2co3_product? (valid: "
        "li2co3_product, bleed)");
  CHECK(input_error_of([&] {
          sweep::output_value(view, "recovry.Li.bleed");
        }).find("no output group 'recovry'; did you mean recovery?") != std::string::npos);
  CHECK(input_error_of([&] {
          sweep::output_value(view, "units.purge.extent");
        }).find("unit 'purge' (Splitter) reports no values") != std::string::npos);
  CHECK(input_error_of([&] { sweep::output_value(view, "streams.recycle.flow"); }).find("no stream quantity 'flow'") !=
        std::string::npos);
  CHECK(input_error_of([&] { sweep::output_value(view, "balance"); }).find("incomplete path") != std::string::npos);
  const auto paths = sweep::valid_output_paths(view);
  CHECK(std::find(paths.begin(), paths.end(), "recovery.Li.li2co3_product") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "units.precipitator.extent[1]") != paths.end());
}

TEST_CASE("product, compliance and economics outputs of the flagship plant agree with their definitions") {
  Solved s{io::load_flowsheet(flowsheet_path("nmc622_sulfate_route.yaml"), {{}, data_dir()}), {}, {}};
  s.solved = flowsheet::solve(s.plant);
  s.results = flowsheet::compute_results(s.plant, s.solved);
  const auto view = s.view();
  const auto value = [&](const std::string& path) { return sweep::output_value(view, path); };
  // Lithium enters only with the black mass (the basis feed), so the
  // compliance recovery (products / basis feed) is the recovery table's
  // (sink / all feeds, separate code) into the one product whose compound holds
  // Li: Li2CO3. The Li in the NiSO4, CoSO4 and MnSO4 sinks is an impurity there.
  const double li_to_products = value("recovery.Li.li2co3_product");
  CHECK(value("compliance.recovery.Li") == relative(li_to_products, 1e-12));
  // MIIT 2024 industry conditions: Li recovery >= 90 % in refining (flowsheet source miit2024).
  CHECK(value("compliance.miit_2024.Li.threshold") == 0.90);
  CHECK(value("compliance.miit_2024.Li.margin") == relative(li_to_products - 0.90, 1e-12));
  CHECK(value("compliance.miit_2024.Li.pass") == (li_to_products >= 0.90 ? 1.0 : 0.0));
  // Margin = revenue - reagent, utility and disposal costs (docs/reports-compliance-economics.md).
  CHECK(value("economics.margin") == relative(value("economics.revenue") - value("economics.reagent_cost") -
                                                  value("economics.utility_cost") - value("economics.disposal_cost"),
                                              1e-12));
  CHECK(sweep::output_units(view, "economics.margin") == "USD/t");
  const double purity = value("products.li2co3_product.purity");
  CHECK(purity > 0.0);
  CHECK(purity <= 1.0);
  CHECK(sweep::output_units(view, "products.li2co3_product.impurity.Na") == "mg/kg");
  CHECK(input_error_of([&] {
          value("compliance.miit_2024.Pb.margin");
        }).find("no element regulated by miit_2024 'Pb'") != std::string::npos);
}

TEST_CASE("assessment outputs of a flowsheet without those sections say which section is missing") {
  const Solved s = solve_recycle();
  const auto view = s.view();
  CHECK(input_error_of([&] { sweep::output_value(view, "economics.margin"); }) ==
        "output 'economics.margin': the flowsheet has no 'economics' section "
        "(docs/reports-compliance-economics.md)");
}
