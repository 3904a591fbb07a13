#include "hydrosim/io/Hdf5Writer.h"

#include <unistd.h>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "AssessmentHdf5.h"
#include "Hdf5File.h"
#include "ResidueHdf5.h"
#include "hydrosim/core/BuildInfo.h"
#include "hydrosim/core/Error.h"

namespace hydrosim::io {
namespace {

using hdf5::Handle;

Eigen::Map<const Eigen::VectorXd> as_eigen(const std::vector<double>& values) {
  return {values.data(), static_cast<Eigen::Index>(values.size())};
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void write_meta(hid_t file, const flowsheet::Flowsheet& plant) {
  const Handle meta = hdf5::create_group(file, "meta");
  hdf5::set_attribute(meta.get(), "hydrosim_version", version());
  hdf5::set_attribute(meta.get(), "git_hash", git_hash());
  hdf5::set_attribute(meta.get(), "created_utc", utc_now());
  hdf5::set_attribute(meta.get(), "flowsheet_name", plant.name);
  hdf5::set_attribute(meta.get(), "flowsheet_file", plant.origin);
  // Absolute, so that `hydrosim report RESULTS.h5` run elsewhere finds the files next to it.
  hdf5::set_attribute(meta.get(), "flowsheet_path",
                      plant.origin.empty() ? "" : std::filesystem::absolute(plant.origin).lexically_normal().string());
  hdf5::set_attribute(meta.get(), "flowsheet_text", plant.text);
  hdf5::set_attribute(meta.get(), "overrides", fmt::format("{}", fmt::join(plant.overrides, "\n")));
  std::vector<std::string> files;
  for (const auto& path : plant.database->files()) files.push_back(path.filename().string());
  hdf5::set_attribute(meta.get(), "thermo_files", fmt::format("{}", fmt::join(files, ", ")));
  hdf5::set_attribute(meta.get(), "thermo_hash", fmt::format("fnv1a64:{:016x}", plant.database->content_hash()));
}

void write_streams(hid_t file, const flowsheet::Flowsheet& plant, const flowsheet::SolvedFlowsheet& solved) {
  const Handle group = hdf5::create_group(file, "streams");
  const thermo::Database& database = *plant.database;
  for (const auto& connection : plant.connections) {
    const thermo::Stream& stream = solved.streams.at(connection.name);
    const Handle node = hdf5::create_group(group.get(), connection.name);
    hdf5::set_attribute(node.get(), "from", connection.from.unit + "." + connection.from.port);
    hdf5::set_attribute(node.get(), "to", connection.to.unit + "." + connection.to.port);
    hdf5::set_attribute(node.get(), "temperature_K", stream.temperature);
    hdf5::set_attribute(node.get(), "pressure_Pa", stream.pressure);
    hdf5::set_attribute(node.get(), "mass_flow_kg_per_s", stream.total_mass_flow());
    hdf5::set_attribute(node.get(), "aqueous_volume_flow_m3_per_s", stream.aqueous_volume_flow());
    hdf5::set_attribute(node.get(), "charge_flow_mol_per_s", stream.charge_flow());
    // Only the species present, so each stream reads as a compact table.
    std::vector<std::string> names;
    std::vector<std::string> phases;
    std::vector<double> amount;
    std::vector<double> mass;
    std::vector<double> molarity;
    for (std::size_t i = 0; i < database.size(); ++i) {
      if (stream.amount(i) == 0.0) continue;
      names.push_back(database.species(i).name);
      phases.emplace_back(thermo::to_string(database.species(i).phase));
      amount.push_back(stream.amount(i));
      mass.push_back(stream.mass_flow(i));
      molarity.push_back(stream.molarity(i));
    }
    const auto as_vector = [](const std::vector<double>& v) {
      return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
    };
    const Handle species = hdf5::write_strings(node.get(), "species", names);
    const Handle phase = hdf5::write_strings(node.get(), "phase", phases);
    hdf5::attach_scale(phase.get(), species.get(), 0, "species");
    for (const auto& [name, values, units] : {std::tuple{"amount", &amount, "mol/s"}, std::tuple{"mass", &mass, "kg/s"},
                                              std::tuple{"concentration", &molarity, "mol/m^3"}}) {
      const Handle dataset = hdf5::write_vector(node.get(), name, as_vector(*values), units);
      hdf5::attach_scale(dataset.get(), species.get(), 0, "species");
    }
    std::vector<std::string> elements;
    for (const auto* element : database.elements()) elements.emplace_back(element->symbol);
    const Handle element = hdf5::write_strings(node.get(), "element", elements);
    const Handle flows = hdf5::write_vector(node.get(), "elements", stream.element_mass_flows(), "kg/s");
    hdf5::attach_scale(flows.get(), element.get(), 0, "element");
    if (stream.size_distribution) {
      const Handle psd = hdf5::create_group(node.get(), "psd");
      const Handle size = hdf5::write_vector(psd.get(), "size", as_eigen(stream.size_distribution->sizes), "m");
      const Handle solids = hdf5::write_vector(psd.get(), "solid_mass", stream.solid_mass_by_size(), "kg/s");
      hdf5::attach_scale(solids.get(), size.get(), 0, "size");
    }
  }
}

// /units/<unit>/profiles/<profile>: the axis as a dimension scale and one
// dataset per series attached to it.
void write_profiles(hid_t unit_group, const std::vector<units::Profile>& profiles) {
  if (profiles.empty()) return;
  const Handle group = hdf5::create_group(unit_group, "profiles");
  for (const auto& profile : profiles) {
    const Handle node = hdf5::create_group(group.get(), profile.name);
    const Handle axis = hdf5::write_vector(node.get(), profile.axis, as_eigen(profile.axis_values), profile.axis_units);
    for (const auto& series : profile.series) {
      if (series.values.size() != profile.axis_values.size()) {
        throw Error(fmt::format("profile '{}': series '{}' has {} values for {} axis points", profile.name, series.name,
                                series.values.size(), profile.axis_values.size()));
      }
      const Handle dataset = hdf5::write_vector(node.get(), series.name, as_eigen(series.values), series.units);
      hdf5::attach_scale(dataset.get(), axis.get(), 0, profile.axis);
    }
  }
}

// /units/<unit>/solver/<solver>: one attribute per counter.
void write_solver_statistics(hid_t unit_group, const std::vector<units::SolverStatistics>& statistics) {
  if (statistics.empty()) return;
  const Handle group = hdf5::create_group(unit_group, "solver");
  for (const auto& entry : statistics) {
    const Handle node = hdf5::create_group(group.get(), entry.solver);
    for (const auto& [name, value] : entry.counters) hdf5::set_attribute(node.get(), name, value);
  }
}

void write_units(hid_t file, const flowsheet::Flowsheet& plant) {
  const Handle group = hdf5::create_group(file, "units");
  for (const auto& unit : plant.units) {
    const Handle node = hdf5::create_group(group.get(), unit->name());
    hdf5::set_attribute(node.get(), "type", unit->type());
    hdf5::set_attribute(node.get(), "role", units::to_string(unit->role()));
    for (const auto& value : unit->report().values) {
      hdf5::write_scalar(node.get(), value.name, value.value, value.units);
    }
    hdf5::set_attribute(node.get(), "warnings", fmt::format("{}", fmt::join(unit->report().warnings, "\n")));
    write_profiles(node.get(), unit->report().profiles);
    write_solver_statistics(node.get(), unit->report().solver_statistics);
  }
}

void write_solver(hid_t file, const flowsheet::SolvedFlowsheet& solved) {
  const Handle group = hdf5::create_group(file, "solver");
  const auto& report = solved.report;
  hdf5::set_attribute(group.get(), "converged", static_cast<long long>(report.converged));
  hdf5::set_attribute(group.get(), "unit_solves", static_cast<long long>(report.unit_solves));
  hdf5::set_attribute(group.get(), "seconds", report.seconds);
  hdf5::set_attribute(group.get(), "unit_order", fmt::format("{}", fmt::join(report.unit_order, ", ")));
  // Where the time went: one group per unit with its solve() calls and seconds (all recycle passes).
  const Handle timing = hdf5::create_group(group.get(), "unit_timing");
  for (const auto& [unit, entry] : report.unit_timing) {
    const Handle node = hdf5::create_group(timing.get(), unit);
    hdf5::set_attribute(node.get(), "calls", static_cast<long long>(entry.calls));
    hdf5::set_attribute(node.get(), "seconds", entry.seconds);
  }
  for (std::size_t i = 0; i < report.loops.size(); ++i) {
    const auto& loop = report.loops[i];
    const Handle node = hdf5::create_group(group.get(), fmt::format("loop{}", i + 1));
    hdf5::set_attribute(node.get(), "units", fmt::format("{}", fmt::join(loop.units, ", ")));
    hdf5::set_attribute(node.get(), "tear_streams", fmt::format("{}", fmt::join(loop.tear_streams, ", ")));
    hdf5::set_attribute(node.get(), "iterations", static_cast<long long>(loop.iterations));
    hdf5::set_attribute(node.get(), "residual", loop.residual);
    hdf5::write_vector(node.get(), "residual_history",
                       Eigen::Map<const Eigen::VectorXd>(loop.residual_history.data(),
                                                         static_cast<Eigen::Index>(loop.residual_history.size())),
                       "1");
  }
}

void write_recovery(hid_t file, const flowsheet::Results& results) {
  const Handle group = hdf5::create_group(file, "recovery");
  const auto& table = results.recovery;
  std::vector<std::string> sinks;
  std::vector<std::string> kinds;
  Eigen::VectorXd mass(static_cast<Eigen::Index>(table.sinks.size()));
  for (std::size_t s = 0; s < table.sinks.size(); ++s) {
    sinks.push_back(table.sinks[s].name);
    kinds.push_back(table.sinks[s].kind);
    mass(static_cast<Eigen::Index>(s)) = table.sinks[s].mass_flow;
  }
  const Handle element = hdf5::write_strings(group.get(), "element", table.elements);
  const Handle sink = hdf5::write_strings(group.get(), "sink", sinks);
  const Handle kind = hdf5::write_strings(group.get(), "sink_kind", kinds);
  hdf5::attach_scale(kind.get(), sink.get(), 0, "sink");
  const Handle sink_mass = hdf5::write_vector(group.get(), "sink_mass_flow", mass, "kg/s");
  hdf5::attach_scale(sink_mass.get(), sink.get(), 0, "sink");
  const Handle fraction = hdf5::write_matrix(group.get(), "fraction", table.fraction, "1");
  hdf5::attach_scale(fraction.get(), element.get(), 0, "element");
  hdf5::attach_scale(fraction.get(), sink.get(), 1, "sink");
  hdf5::set_attribute(fraction.get(), "description",
                      std::string_view("share of each element's plant input (feeds + reagents) leaving in each sink"));
}

void write_balances(hid_t file, const flowsheet::Results& results) {
  const Handle group = hdf5::create_group(file, "balances");
  const auto& balance = results.balance;
  const Handle element = hdf5::write_strings(group.get(), "element", balance.elements);
  const Eigen::VectorXd accumulation = Eigen::VectorXd::Zero(balance.in.size());  // steady state
  for (const auto& [name, values, units] :
       {std::tuple{"in", &balance.in, "kg/s"}, std::tuple{"out", &balance.out, "kg/s"},
        std::tuple{"accumulation", &accumulation, "kg/s"}, std::tuple{"closure", &balance.closure, "1"}}) {
    const Handle dataset = hdf5::write_vector(group.get(), name, *values, units);
    hdf5::attach_scale(dataset.get(), element.get(), 0, "element");
  }
  hdf5::set_attribute(group.get(), "max_closure", balance.max_closure());
  hdf5::set_attribute(group.get(), "charge_in_mol_per_s", balance.charge_in);
  hdf5::set_attribute(group.get(), "charge_out_mol_per_s", balance.charge_out);
  hdf5::set_attribute(group.get(), "charge_closure", balance.charge_closure());
}

void write_reagents(hid_t file, const flowsheet::Results& results) {
  const Handle group = hdf5::create_group(file, "reagents");
  std::vector<std::string> names;
  Eigen::VectorXd mass(static_cast<Eigen::Index>(results.reagents.size()));
  for (std::size_t i = 0; i < results.reagents.size(); ++i) {
    names.push_back(results.reagents[i].unit);
    mass(static_cast<Eigen::Index>(i)) = results.reagents[i].mass_flow;
  }
  const Handle unit = hdf5::write_strings(group.get(), "unit", names);
  const Handle flow = hdf5::write_vector(group.get(), "mass_flow", mass, "kg/s");
  hdf5::attach_scale(flow.get(), unit.get(), 0, "unit");
  const Eigen::VectorXd per_feed =
      results.feed_mass_flow > 0.0 ? Eigen::VectorXd(mass / results.feed_mass_flow) : Eigen::VectorXd(mass * 0.0);
  const Handle specific = hdf5::write_vector(group.get(), "per_feed_mass", per_feed, "kg/kg");
  hdf5::attach_scale(specific.get(), unit.get(), 0, "unit");
  hdf5::set_attribute(group.get(), "feed_mass_flow_kg_per_s", results.feed_mass_flow);
  hdf5::set_attribute(group.get(), "basis", results.basis_label);
}

}  // namespace

void write_results_hdf5(const std::filesystem::path& path, const flowsheet::Flowsheet& plant,
                        const flowsheet::SolvedFlowsheet& solved, const flowsheet::Results& results) {
  // Write beside the target, then rename: readers never see a partial file.
  const std::filesystem::path temporary = path.string() + fmt::format(".tmp-{}", ::getpid());
  try {
    {
      const Handle file = hdf5::create_file(temporary.string());
      write_meta(file.get(), plant);
      write_solver(file.get(), solved);
      write_streams(file.get(), plant, solved);
      write_units(file.get(), plant);
      write_recovery(file.get(), results);
      write_balances(file.get(), results);
      write_reagents(file.get(), results);
      write_residue_groups(file.get(), results);
      if (plant.assessment) write_assessment(file.get(), flowsheet::assess_plant(plant, solved, results));
    }
    std::filesystem::rename(temporary, path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

}  // namespace hydrosim::io
