// The hydrosim command line. Exit codes: 0 ok, 1 solve failure, 2 bad input.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include "hydrosim/core/BuildInfo.h"
#include "hydrosim/core/Error.h"
#include "hydrosim/flowsheet/PlantAssessment.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/AssessmentTables.h"
#include "hydrosim/io/DesignSearch.h"
#include "hydrosim/io/FlowsheetLoader.h"
#include "hydrosim/io/GraphvizExport.h"
#include "hydrosim/io/Hdf5Writer.h"
#include "hydrosim/io/HtmlReport.h"
#include "hydrosim/io/ResidueTables.h"
#include "hydrosim/io/SolutionLoader.h"
#include "hydrosim/io/SpeciationReport.h"
#include "hydrosim/io/StoredRun.h"
#include "hydrosim/io/Tables.h"
#include "hydrosim/thermo/Database.h"
#include "hydrosim/units/Registry.h"

namespace {

using namespace hydrosim;

constexpr int kExitOk = 0;
constexpr int kExitSolveFailure = 1;
constexpr int kExitBadInput = 2;

struct Options {
  std::string flowsheet;
  std::string output;
  bool no_output = false;
  bool quiet = false;
  std::vector<std::string> overrides;
  std::string data_dir;
  std::string species;
  std::string solution;
  bool json = false;
  std::string report_input;  // report: a flowsheet or a results file
  bool svg = false;          // graph: also render SVG with dot
  bool flows = false;        // graph: solve and label streams with mass flows
};

io::LoadOptions load_options(const Options& options) {
  io::LoadOptions load;
  load.overrides = options.overrides;
  load.data_dir = options.data_dir;
  return load;
}

std::filesystem::path data_dir(const Options& options) {
  return options.data_dir.empty() ? thermo::Database::default_data_dir() : std::filesystem::path(options.data_dir);
}

std::filesystem::path default_output(const std::string& flowsheet) {
  return std::filesystem::path(flowsheet).stem().string() + ".h5";
}

// Products against specifications, compliance and economics (docs/reports-compliance-economics.md).
void print_assessment(const flowsheet::Flowsheet& plant, const flowsheet::SolvedFlowsheet& solved,
                      const flowsheet::Results& results) {
  if (!plant.assessment) return;
  const flowsheet::PlantAssessment assessment = flowsheet::assess_plant(plant, solved, results);
  for (const auto& table : {io::format_products_table(assessment), io::format_compliance_table(assessment),
                            io::format_economics_table(assessment)}) {
    if (!table.empty()) fmt::print("{}\n", table);
  }
}

int run(const Options& options) {
  flowsheet::Flowsheet plant = io::load_flowsheet(options.flowsheet, load_options(options));
  std::optional<std::filesystem::path> output;
  if (!options.no_output) {
    output = options.output.empty() ? default_output(options.flowsheet) : std::filesystem::path(options.output);
    const auto directory = std::filesystem::absolute(*output).parent_path();
    if (!std::filesystem::is_directory(directory)) {
      throw InputError(fmt::format("-o {}: the directory '{}' does not exist", output->string(), directory.string()));
    }
  }
  const flowsheet::SolvedFlowsheet solved = flowsheet::solve(plant);
  const flowsheet::Results results = flowsheet::compute_results(plant, solved);
  if (output) io::write_results_hdf5(*output, plant, solved, results);
  if (!options.quiet) {
    fmt::print("hydrosim {} — flowsheet '{}' ({})\n", version(), plant.name, plant.origin);
    for (const auto& option : plant.overrides) fmt::print("  --set {}\n", option);
    fmt::print("{}\n{}\n{}\n", io::format_solver_summary(solved), io::format_recovery_table(results),
               io::format_balance_table(results));
    const std::string reagents = io::format_reagent_table(results);
    if (!reagents.empty()) fmt::print("{}\n", reagents);
    for (const auto& table : {io::format_residue_table(results), io::format_water_sulfate_table(results),
                              io::format_discharge_table(results)}) {
      if (!table.empty()) fmt::print("{}\n", table);
    }
    print_assessment(plant, solved, results);
    for (const auto& unit : plant.units) {
      for (const auto& warning : unit->report().warnings) fmt::print("warning: unit '{}': {}\n", unit->name(), warning);
    }
    if (output) fmt::print("Results written to {}\n", output->string());
  }
  return kExitOk;
}

int check(const Options& options) {
  const flowsheet::Flowsheet plant = io::load_flowsheet(options.flowsheet, load_options(options));
  fmt::print("{}: flowsheet '{}' is valid: {} units, {} streams, {} species in the thermo data.\n", plant.origin,
             plant.name, plant.units.size(), plant.connections.size(), plant.database->size());
  return kExitOk;
}

void print_species(const thermo::Database& database, const thermo::Species& species) {
  fmt::print("{}\n  formula      {}\n  phase        {}\n  charge       {:+d}\n  molar mass   {:.6f} g/mol\n",
             species.name, species.formula_text, thermo::to_string(species.phase), species.charge(),
             species.molar_mass * 1e3);
  const auto& standard = species.standard;
  if (standard.gibbs_formation) fmt::print("  ΔfG°         {:.3f} kJ/mol\n", *standard.gibbs_formation * 1e-3);
  if (standard.enthalpy_formation) fmt::print("  ΔfH°         {:.3f} kJ/mol\n", *standard.enthalpy_formation * 1e-3);
  if (standard.entropy) fmt::print("  S°           {:.3f} J/(mol·K)\n", *standard.entropy);
  if (standard.heat_capacity) fmt::print("  Cp°          {:.3f} J/(mol·K)\n", *standard.heat_capacity);
  if (!species.note.empty()) fmt::print("  note         {}\n", species.note);
  for (const auto& key : species.source_keys) fmt::print("  source       [{}] {}\n", key, database.citation(key));
  fmt::print("  defined at   {}\n", species.defined_at);
}

int species(const Options& options) {
  const thermo::Database database = thermo::Database::load(thermo::Database::files_in(data_dir(options)));
  if (options.species.empty()) {
    fmt::print("{:<28}{:<36}{:<10}{:>14}\n", "name", "formula", "phase", "M [g/mol]");
    for (const auto& s : database.all_species()) {
      fmt::print("{:<28}{:<36}{:<10}{:>14.4f}\n", s.name, s.formula_text, thermo::to_string(s.phase),
                 s.molar_mass * 1e3);
    }
    return kExitOk;
  }
  print_species(database, database.species(database.index_of(options.species)));
  return kExitOk;
}

int speciate(const Options& options) {
  const auto database =
      std::make_shared<const thermo::Database>(thermo::Database::load(thermo::Database::files_in(data_dir(options))));
  const auto equilibria = std::make_shared<const thermo::EquilibriumData>(thermo::EquilibriumData::load(*database));
  const io::SolutionSpec spec = io::load_solution(options.solution, *database, *equilibria);
  thermo::Speciation speciation(database, equilibria, spec.activity_model);
  const thermo::SpeciationResult result = speciation.solve(spec.input);
  if (options.json) {
    fmt::print("{}", io::speciation_json(result, speciation));
  } else {
    fmt::print("{}", io::format_speciation(result, speciation, spec.origin));
  }
  if (!result.converged) {
    if (options.json) fmt::print(stderr, "solve failed: {}\n", result.message);
    return kExitSolveFailure;
  }
  return kExitOk;
}

// hydrosim report: from a flowsheet (solved here) or a results file (its stored
// flowsheet text and overrides are re-run; see io/StoredRun.h).
int report(const Options& options) {
  io::ReportProvenance provenance;
  provenance.generated_by = fmt::format("{} (git {})", version(), git_hash());
  flowsheet::Flowsheet plant;
  const std::filesystem::path input(options.report_input);
  if (io::is_results_file(input)) {
    const io::StoredRun stored = io::read_stored_run(input);
    plant = io::load_stored_flowsheet(stored, load_options(options));
    provenance.source = fmt::format(
        "results file {} (written by hydrosim {} at {}), flowsheet {} re-run from its "
        "stored text and overrides; {}",
        stored.path, stored.hydrosim_version, stored.created_utc, stored.flowsheet_file,
        io::original_flowsheet_dir(stored).empty()
            ? std::string("relative data files (price deck) from thermo-data/reporting/ (original flowsheet not found)")
            : fmt::format("relative data files (price deck) looked up in {} first, then in thermo-data/reporting/",
                          io::original_flowsheet_dir(stored).string()));
  } else {
    plant = io::load_flowsheet(input, load_options(options));
    provenance.source = fmt::format("flowsheet {}", plant.origin);
  }
  const flowsheet::SolvedFlowsheet solved = flowsheet::solve(plant);
  const flowsheet::Results results = flowsheet::compute_results(plant, solved);
  const std::filesystem::path output = options.output.empty() ? std::filesystem::path(input.stem().string() + ".html")
                                                              : std::filesystem::path(options.output);
  std::ofstream file(output);
  if (!file) throw InputError(fmt::format("-o {}: cannot write the report file", output.string()));
  file << io::html_report(plant, solved, results, provenance);
  if (!options.quiet) fmt::print("Report written to {}\n", output.string());
  return kExitOk;
}

// hydrosim graph: Graphviz DOT of the flowsheet, optionally rendered to SVG.
int graph(const Options& options) {
  flowsheet::Flowsheet plant = io::load_flowsheet(options.flowsheet, load_options(options));
  std::optional<flowsheet::SolvedFlowsheet> solved;
  if (options.flows) solved = flowsheet::solve(plant);
  const std::string dot = io::flowsheet_dot(plant, solved ? &*solved : nullptr);
  if (options.output.empty()) {
    fmt::print("{}", dot);
  } else {
    std::ofstream(options.output) << dot;
  }
  if (options.svg) {
    const auto svg = io::render_svg(dot);
    if (!svg) throw InputError("--svg: Graphviz 'dot' is not installed (tools/setup installs it)");
    const std::filesystem::path target =
        options.output.empty()
            ? std::filesystem::path(std::filesystem::path(options.flowsheet).stem().string() + ".svg")
            : std::filesystem::path(options.output).replace_extension(".svg");
    std::ofstream(target) << *svg;
    if (!options.output.empty() || !options.quiet) fmt::print(stderr, "SVG written to {}\n", target.string());
  }
  return kExitOk;
}

int list_units() {
  for (const auto& type : units::unit_types()) fmt::print("{:<24}{}\n", type.name, type.summary);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hydrosim — process simulator for hydrometallurgical recycling of lithium-ion battery black mass"};
  app.footer(
      "Examples:\n"
      "  hydrosim run flowsheets/nmc622_sulfate_route.yaml -o nmc622.h5\n"
      "  hydrosim run flowsheets/recycle_analytic.yaml --set units.purge.fractions.recycle=0.9 "
      "--set units.purge.fractions.bleed=0.1\n"
      "  hydrosim check flowsheets/nmc622_sulfate_route.yaml\n"
      "  hydrosim species CoSO4:7H2O\n"
      "  hydrosim speciate tests/data/solutions/h2so4_0.1m.yaml --json\n"
      "  hydrosim report nmc622.h5 -o nmc622.html\n"
      "  hydrosim graph flowsheets/nmc622_sulfate_route.yaml -o plant.dot --svg\n"
      "Exit codes: 0 ok, 1 solve failure, 2 bad input.");
  app.set_version_flag("--version", fmt::format("hydrosim {} (git {})", version(), git_hash()));
  app.require_subcommand(1);
  Options options;
  app.add_option("--data-dir", options.data_dir,
                 "thermo-data directory (default: $HYDROSIM_DATA_DIR or the source tree's)");

  auto* run_command = app.add_subcommand("run", "solve a flowsheet, print recovery and balance tables, write HDF5");
  run_command->add_option("flowsheet", options.flowsheet, "flowsheet YAML file")->required();
  run_command->add_option("-o,--output", options.output, "results file (default: <flowsheet name>.h5)");
  run_command->add_flag("--no-output", options.no_output, "do not write a results file");
  run_command->add_flag("-q,--quiet", options.quiet, "print nothing on success");
  run_command->add_option("--set", options.overrides,
                          "override a parameter: --set units.leach.temperature=\"85 degC\" (repeatable)");

  auto* check_command = app.add_subcommand("check", "validate a flowsheet without solving it");
  check_command->add_option("flowsheet", options.flowsheet, "flowsheet YAML file")->required();
  check_command->add_option("--set", options.overrides, "override a parameter (repeatable)");

  auto* species_command = app.add_subcommand("species", "list the species, or show one with its data and sources");
  species_command->add_option("name", options.species, "species name, e.g. Co+2 or CoSO4:7H2O");

  auto* units_command = app.add_subcommand("units", "list the unit operation types");

  auto* speciate_command = app.add_subcommand(
      "speciate", "aqueous speciation of a solution file: pH, ionic strength, species, saturation indices");
  speciate_command->add_option("solution", options.solution, "solution YAML file (see docs/aqueous-chemistry.md)")
      ->required();
  speciate_command->add_flag("--json", options.json, "machine-readable output");

  auto* report_command = app.add_subcommand(
      "report", "write a self-contained HTML report (tables and figures) of a flowsheet or results file");
  report_command
      ->add_option("input", options.report_input, "flowsheet YAML file, or RESULTS.h5 (its flowsheet is re-run)")
      ->required();
  report_command->add_option("-o,--output", options.output, "HTML file (default: <input name>.html)");
  report_command->add_option("--set", options.overrides, "override a parameter (repeatable)");
  report_command->add_flag("-q,--quiet", options.quiet, "print nothing on success");

  auto* graph_command = app.add_subcommand("graph", "write the flowsheet as a Graphviz DOT graph (and SVG with --svg)");
  graph_command->add_option("flowsheet", options.flowsheet, "flowsheet YAML file")->required();
  graph_command->add_option("-o,--output", options.output, "DOT file (default: standard output)");
  graph_command->add_flag("--svg", options.svg, "also run 'dot -Tsvg' (SVG beside the DOT file)");
  graph_command->add_flag("--flows", options.flows, "solve the flowsheet and label streams with mass flows");
  graph_command->add_option("--set", options.overrides, "override a parameter (repeatable)");
  graph_command->add_flag("-q,--quiet", options.quiet, "print nothing but the graph");

  // design (alias sx-design): find the parameter value that meets a target.
  io::DesignRequest design_request;
  std::vector<double> design_range;
  auto* design_command = app.add_subcommand(
      "design", "find the value of a parameter (stages, a flow) that meets a target, with the sensitivity");
  design_command->alias("sx-design");
  design_command->add_option("flowsheet", options.flowsheet, "flowsheet YAML file")->required();
  design_command
      ->add_option("--target", design_request.target, "\"Co in STREAM < 5 mg/L\" or \"Ni to organic in UNIT < 1 %\"")
      ->required();
  design_command
      ->add_option("--vary", design_request.vary,
                   "parameter path, e.g. units.p507_extract.stages; repeat to move more paths in proportion")
      ->required();
  design_command->add_option("--range", design_range, "LOW HIGH, in the units the flowsheet uses")
      ->expected(2)
      ->required();
  design_command->add_flag("--integer", design_request.integer, "the parameter is an integer (scan LOW..HIGH)");
  design_command->add_option("--set", options.overrides, "override a parameter (repeatable)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version_request) {
    return app.exit(version_request);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitBadInput;
  }

  try {
    if (run_command->parsed()) return run(options);
    if (design_command->parsed()) {
      design_request.flowsheet = options.flowsheet;
      design_request.overrides = options.overrides;
      design_request.data_dir = options.data_dir;
      design_request.low = design_range.at(0);
      design_request.high = design_range.at(1);
      const io::DesignAnswer answer = io::design_search(design_request);
      fmt::print("{}", io::format_design_answer(design_request, answer));
      return answer.feasible ? kExitOk : kExitSolveFailure;
    }
    if (check_command->parsed()) return check(options);
    if (species_command->parsed()) return species(options);
    if (units_command->parsed()) return list_units();
    if (speciate_command->parsed()) return speciate(options);
    if (report_command->parsed()) return report(options);
    if (graph_command->parsed()) return graph(options);
  } catch (const InputError& error) {
    fmt::print(stderr, "error: {}\n", error.what());
    return kExitBadInput;
  } catch (const SolveError& error) {
    fmt::print(stderr, "solve failed: {}\n", error.what());
    return kExitSolveFailure;
  } catch (const std::exception& error) {
    fmt::print(stderr, "error: {}\n", error.what());
    return kExitSolveFailure;
  }
  return kExitOk;
}
