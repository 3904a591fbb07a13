#include "hydrosim/units/Feed.h"

#include <cmath>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::units {
namespace {

struct Chemistry {
  std::string_view name;
  std::string_view cathode_species;
};

// Cell chemistries and the species that stands for their cathode active material.
constexpr Chemistry kChemistries[] = {
    {"LCO", "LiCoO2"},    {"NMC111", "NMC111"}, {"NMC532", "NMC532"}, {"NMC622", "NMC622"},
    {"NMC811", "NMC811"}, {"NCA", "NCA"},       {"LMO", "LiMn2O4"},   {"LFP", "LiFePO4"},
};

// A flow of one species: mass flow ("250 kg/h") or molar flow ("3 kmol/h").
double molar_flow_from(const io::ParameterReader& flows, const std::string& key, double molar_mass) {
  const std::string text = flows.text(key);
  Quantity quantity;
  try {
    quantity = parse_quantity(text);
  } catch (const InputError& error) {
    flows.fail(key, error.what());
  }
  double mol_per_s = 0.0;
  if (quantity.dimension == Dimension::molar_flow()) {
    mol_per_s = quantity.value;
  } else if (quantity.dimension == Dimension::mass_flow()) {
    mol_per_s = quantity.value / molar_mass;
  } else {
    flows.fail(key, fmt::format("expected a mass flow (like \"250 kg/h\") or a molar flow (like \"3 kmol/h\"), "
                                "but '{}' is a {}",
                                text, quantity.dimension.describe()));
  }
  if (mol_per_s < 0.0) flows.fail(key, fmt::format("negative flow '{}'", text));
  return mol_per_s;
}

}  // namespace

std::string_view cathode_species_for(std::string_view chemistry) {
  for (const auto& entry : kChemistries) {
    if (entry.name == chemistry) return entry.cathode_species;
  }
  return {};
}

std::vector<std::string> chemistry_names() {
  std::vector<std::string> names;
  for (const auto& entry : kChemistries) names.emplace_back(entry.name);
  return names;
}

void Feed::configure(const io::ParameterReader& parameters, const std::shared_ptr<const thermo::Database>& database) {
  stream_ = std::make_unique<thermo::Stream>(database);
  stream_->temperature = parameters.quantity_or("temperature", Dimension::temperature(), "25 degC");
  stream_->pressure = parameters.quantity_or("pressure", Dimension::pressure(), "1 atm");
  if (stream_->temperature <= 0.0) parameters.fail("temperature", "must be above absolute zero");
  if (stream_->pressure <= 0.0) parameters.fail("pressure", "must be positive");

  const bool by_species = parameters.has("species");
  const bool by_composition = parameters.has("composition") || parameters.has("mass_flow");
  if (by_species == by_composition) {
    parameters.fail_here(
        fmt::format("{}: give either 'species' (flows of each species) or 'mass_flow' with "
                    "'composition' (wt% of each species), not {}",
                    parameters.path(), by_species ? "both" : "neither"));
  }

  auto species_index = [&](const io::ParameterReader& map, const std::string& key) {
    try {
      return database->index_of(key);
    } catch (const InputError& error) {
      map.fail(key, error.what());
    }
  };

  if (by_species) {
    const io::ParameterReader flows = parameters.child("species");
    for (const auto& key : flows.keys()) {
      const std::size_t index = species_index(flows, key);
      stream_->add_amount(index, molar_flow_from(flows, key, database->species(index).molar_mass));
    }
    for (const char* key : {"chemistry", "mass_flow", "composition"}) parameters.accept(key);
    return;
  }

  const double mass_flow = parameters.quantity("mass_flow", Dimension::mass_flow());
  if (mass_flow < 0.0) parameters.fail("mass_flow", "negative flow");
  std::string cathode;
  if (parameters.has("chemistry")) {
    const std::string chemistry = parameters.choice("chemistry", chemistry_names());
    cathode = std::string(cathode_species_for(chemistry));
  } else {
    parameters.accept("chemistry");
  }
  const io::ParameterReader composition = parameters.child("composition");
  double total_fraction = 0.0;
  for (const auto& key : composition.keys()) {
    std::string name = key;
    if (key == "cathode") {
      if (cathode.empty()) composition.fail(key, "'cathode' needs 'chemistry' (e.g. chemistry: NMC622) on the feed");
      name = cathode;
    }
    const std::size_t index = species_index(composition, name);
    const double fraction = composition.quantity(key, Dimension::mass_fraction());
    if (fraction < 0.0 || fraction > 1.0) composition.fail(key, "a mass fraction must be within 0-100 wt%");
    total_fraction += fraction;
    stream_->add_amount(index, mass_flow * fraction / database->species(index).molar_mass);
  }
  if (std::abs(total_fraction - 1.0) > 1e-9) {
    parameters.fail("composition",
                    fmt::format("the composition adds up to {:.6g} wt%, not 100 wt%", total_fraction * 100.0));
  }
}

std::vector<PortSpec> Feed::ports() const { return {{"out", PortDirection::kOutlet}}; }

void Feed::solve(const Inlets& /*inlets*/, Outlets& outlets) { outlets.insert_or_assign("out", *stream_); }

}  // namespace hydrosim::units
