#include "ResidueHdf5.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "Hdf5File.h"

namespace hydrosim::io {
namespace {

using hdf5::Handle;

Eigen::VectorXd column(const std::vector<double>& values) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

void write_residues(hid_t file, const flowsheet::Results& results) {
  const Handle group = hdf5::create_group(file, "residues");
  const auto& rows = results.residues.residues;
  std::vector<std::string> sinks, categories, flags, compositions;
  std::vector<double> wet, dry, water, solids, dissolved, moisture, per_wet, per_dry;
  for (const auto& row : rows) {
    sinks.push_back(row.sink);
    categories.push_back(row.category);
    flags.push_back(fmt::format("{}", fmt::join(row.flags, "; ")));
    std::vector<std::string> parts;
    for (const auto& [symbol, fraction] : row.composition) parts.push_back(fmt::format("{}={:.9g}", symbol, fraction));
    compositions.push_back(fmt::format("{}", fmt::join(parts, ", ")));
    wet.push_back(row.total);
    dry.push_back(row.solids + row.dissolved);
    water.push_back(row.water);
    solids.push_back(row.solids);
    dissolved.push_back(row.dissolved);
    moisture.push_back(row.moisture);
    per_wet.push_back(row.per_tonne_wet);
    per_dry.push_back(row.per_tonne_dry);
  }
  const Handle sink = hdf5::write_strings(group.get(), "sink", sinks);
  for (const auto& [name, values] :
       {std::pair{"category", &categories}, std::pair{"flags", &flags}, std::pair{"composition", &compositions}}) {
    const Handle dataset = hdf5::write_strings(group.get(), name, *values);
    hdf5::attach_scale(dataset.get(), sink.get(), 0, "sink");
  }
  for (const auto& [name, values, units] :
       {std::tuple{"mass_flow", &wet, "kg/s"}, std::tuple{"dry_mass_flow", &dry, "kg/s"},
        std::tuple{"water", &water, "kg/s"}, std::tuple{"solids", &solids, "kg/s"},
        std::tuple{"dissolved", &dissolved, "kg/s"}, std::tuple{"moisture", &moisture, "1"},
        std::tuple{"per_tonne_wet", &per_wet, "kg/t"}, std::tuple{"per_tonne_dry", &per_dry, "kg/t"}}) {
    const Handle dataset = hdf5::write_vector(group.get(), name, column(*values), units);
    hdf5::attach_scale(dataset.get(), sink.get(), 0, "sink");
  }
  hdf5::set_attribute(group.get(), "basis", results.basis_label);
  hdf5::set_attribute(group.get(), "basis_mass_flow_kg_per_s", results.feed_mass_flow);
  hdf5::set_attribute(group.get(), "thresholds_file", results.residues.thresholds_source);
}

void write_water_sulfate(hid_t file, const flowsheet::Results& results) {
  const Handle group = hdf5::create_group(file, "water_sulfate");
  const auto& tables = results.residues;
  std::vector<std::string> names, directions;
  std::vector<double> water, sulfate;
  for (const auto& row : tables.water_sulfate) {
    names.push_back(row.name);
    directions.push_back(row.direction);
    water.push_back(row.water);
    sulfate.push_back(row.sulfate);
  }
  const Handle stream = hdf5::write_strings(group.get(), "stream", names);
  const Handle direction = hdf5::write_strings(group.get(), "direction", directions);
  hdf5::attach_scale(direction.get(), stream.get(), 0, "stream");
  for (const auto& [name, values] : {std::pair{"water", &water}, std::pair{"sulfate", &sulfate}}) {
    const Handle dataset = hdf5::write_vector(group.get(), name, column(*values), "kg/s");
    hdf5::attach_scale(dataset.get(), stream.get(), 0, "stream");
  }
  hdf5::set_attribute(group.get(), "water_in_kg_per_s", tables.water_in);
  hdf5::set_attribute(group.get(), "water_out_kg_per_s", tables.water_out);
  hdf5::set_attribute(group.get(), "sulfate_in_kg_per_s", tables.sulfate_in);
  hdf5::set_attribute(group.get(), "sulfate_out_kg_per_s", tables.sulfate_out);
}

void write_discharge(hid_t file, const flowsheet::Results& results) {
  const Handle group = hdf5::create_group(file, "discharge");
  for (const auto& check : results.residues.discharge) {
    const auto& r = check.result;
    const Handle node = hdf5::create_group(group.get(), check.unit);
    hdf5::set_attribute(node.get(), "standard", r.standard);
    hdf5::set_attribute(node.get(), "title", r.title);
    hdf5::set_attribute(node.get(), "pass", static_cast<long long>(r.pass()));
    hdf5::set_attribute(node.get(), "ph_min", r.ph_min);
    hdf5::set_attribute(node.get(), "ph_max", r.ph_max);
    hdf5::set_attribute(node.get(), "ph", r.ph ? *r.ph : std::nan(""));
    hdf5::set_attribute(node.get(), "ph_pass", static_cast<long long>(r.ph_pass));
    std::vector<std::string> elements;
    std::vector<double> concentration, limit, pass, verified;
    for (const auto& item : r.items) {
      elements.push_back(item.element);
      concentration.push_back(item.concentration * 1e-3);  // kg/m³
      limit.push_back(item.limit * 1e-3);
      pass.push_back(item.pass ? 1.0 : 0.0);
      verified.push_back(item.verified ? 1.0 : 0.0);
    }
    const Handle element = hdf5::write_strings(node.get(), "element", elements);
    for (const auto& [name, values, units] :
         {std::tuple{"concentration", &concentration, "kg/m^3"}, std::tuple{"limit", &limit, "kg/m^3"},
          std::tuple{"pass", &pass, "1"}, std::tuple{"verified", &verified, "1"}}) {
      const Handle dataset = hdf5::write_vector(node.get(), name, column(*values), units);
      hdf5::attach_scale(dataset.get(), element.get(), 0, "element");
    }
  }
}

}  // namespace

void write_residue_groups(hid_t file, const flowsheet::Results& results) {
  write_residues(file, results);
  write_water_sulfate(file, results);
  write_discharge(file, results);
}

}  // namespace hydrosim::io
