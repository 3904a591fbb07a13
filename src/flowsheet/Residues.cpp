#include "hydrosim/flowsheet/Residues.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "hydrosim/flowsheet/Flowsheet.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/units/ReagentDosing.h"
#include "hydrosim/units/Sink.h"

namespace hydrosim::flowsheet {
namespace {

constexpr double kSulfatePerSulfur = 96.0626 / 32.065;  // M(SO4)/M(S), IUPAC 2013 atomic weights

struct Threshold {
  std::string element;
  double mass_fraction;
  std::string property;
};

std::vector<Threshold> load_thresholds(const std::filesystem::path& file) {
  std::vector<Threshold> thresholds;
  if (!std::filesystem::exists(file)) return thresholds;
  const auto document = io::YamlDocument::load_file(file);
  const io::ParameterReader root(document, document.root(), "");
  const auto list = root.child("thresholds");
  for (const auto& element : list.keys()) {
    const auto entry = list.child(element);
    thresholds.push_back({element, entry.number("mass_fraction", 0.0, 1.0), entry.text_or("property", "")});
    entry.finish("a residue threshold");
  }
  return thresholds;
}

double sulfate_of(const thermo::Stream& stream) {
  const auto sulfur = stream.database().element_index("S");
  if (!sulfur) return 0.0;
  return stream.element_mass_flows()(static_cast<Eigen::Index>(*sulfur)) * kSulfatePerSulfur;
}

double water_of(const thermo::Stream& stream) {
  const auto water = stream.database().find("H2O");
  return water ? stream.mass_flow(*water) : 0.0;
}

ResidueRow residue_row(const std::string& name, const std::string& description, const thermo::Stream& stream,
                       double basis, const std::vector<Threshold>& thresholds) {
  const auto& db = stream.database();
  ResidueRow row;
  row.sink = name;
  row.description = description;
  row.total = stream.total_mass_flow();
  row.water = water_of(stream);
  row.solids = stream.phase_mass_flow(thermo::Phase::kSolid);
  row.dissolved = row.total - row.water - row.solids;
  row.moisture = row.total > 0.0 ? (row.total - row.solids) / row.total : 0.0;
  const double gas = stream.phase_mass_flow(thermo::Phase::kGas);
  // Residue when the solids are at least the liquid; a cake at exactly 50 wt%
  // moisture has them equal, so the comparison allows for rounding.
  const bool solid_matter = row.solids >= (row.total - row.solids) * (1.0 - 1e-9);
  row.category = gas > 0.5 * row.total ? "off-gas" : solid_matter ? "residue" : "effluent";
  const double per_tonne = basis > 0.0 ? 1000.0 / basis : 0.0;
  row.per_tonne_wet = row.total * per_tonne;
  row.per_tonne_dry = (row.solids + row.dissolved) * per_tonne;
  // Composition of the dry matter: the stream without its water.
  thermo::Stream dry = stream;
  if (const auto water = db.find("H2O")) dry.set_amount(*water, 0.0);
  const double dry_mass = dry.total_mass_flow();
  if (dry_mass > 0.0) {
    const Eigen::VectorXd elements = dry.element_mass_flows();
    for (Eigen::Index e = 0; e < elements.size(); ++e) {
      if (elements(e) > 0.0) {
        row.composition.push_back(
            {std::string(db.elements()[static_cast<std::size_t>(e)]->symbol), elements(e) / dry_mass});
      }
    }
    std::sort(row.composition.begin(), row.composition.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& threshold : thresholds) {
      for (const auto& [symbol, fraction] : row.composition) {
        if (symbol == threshold.element && fraction >= threshold.mass_fraction) {
          row.flags.push_back(fmt::format("{} {:.3g} wt% >= {:.3g} wt% ({})", symbol, 100.0 * fraction,
                                          100.0 * threshold.mass_fraction, threshold.property));
        }
      }
    }
  }
  return row;
}

}  // namespace

ResidueTables compute_residue_tables(const Flowsheet& plant, const SolvedFlowsheet& solved, double basis_mass_flow) {
  ResidueTables tables;
  const auto threshold_file = units::limits_directory(*plant.database) / "residue-thresholds.yaml";
  const auto thresholds = load_thresholds(threshold_file);
  if (!thresholds.empty()) tables.thresholds_source = threshold_file.string();
  auto add_flow = [&](const std::string& name, const std::string& direction, const thermo::Stream& stream) {
    WaterSulfateRow row{name, direction, water_of(stream), sulfate_of(stream)};
    (direction == "in" ? tables.water_in : tables.water_out) += row.water;
    (direction == "in" ? tables.sulfate_in : tables.sulfate_out) += row.sulfate;
    tables.water_sulfate.push_back(std::move(row));
  };
  for (const auto& unit : plant.units) {
    switch (unit->role()) {
      case units::Role::kFeed:
      case units::Role::kReagent: add_flow(unit->name(), "in", port_stream(plant, solved, unit->name(), true)); break;
      case units::Role::kProduct:
      case units::Role::kWaste: {
        const auto& stream = port_stream(plant, solved, unit->name(), false);
        add_flow(unit->name(), "out", stream);
        if (unit->role() == units::Role::kWaste) {
          const auto& sink = static_cast<const units::Sink&>(*unit);
          tables.residues.push_back(residue_row(unit->name(), sink.description(), stream, basis_mass_flow, thresholds));
        }
        break;
      }
      case units::Role::kProcess: {
        if (const auto* dosing = dynamic_cast<const units::DosesReagents*>(unit.get())) {
          for (const auto& dose : dosing->internal_doses()) {
            thermo::Stream reagent(plant.database);
            reagent.set_amount(dose.species, dose.mol_per_s);
            add_flow(unit->name() + ":" + dose.reagent, "in", reagent);
          }
        }
        if (const auto* check = dynamic_cast<const units::DischargeCheck*>(unit.get())) {
          tables.discharge.push_back({unit->name(), check->result()});
        }
        break;
      }
    }
  }
  return tables;
}

}  // namespace hydrosim::flowsheet
