#include "hydrosim/io/SolutionLoader.h"

#include <fmt/format.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/thermo/Stream.h"

namespace hydrosim::io {
namespace {

// mol per kg of water from "0.1 mol/kg", "2 mol/L", "9.6 g/L", "500 mg/L".
double molality_of(const ParameterReader& totals, const std::string& key, double molar_mass, double temperature) {
  const std::string text = totals.text(key);
  Quantity quantity;
  try {
    quantity = parse_quantity(text);
  } catch (const InputError& error) {
    totals.fail(key, error.what());
  }
  const double water = thermo::water_density(temperature);  // kg/m³: dilute solution, 1 L ≈ ρw kg of water
  double molality = 0.0;
  if (quantity.dimension == Dimension::molality()) {
    molality = quantity.value;
  } else if (quantity.dimension == Dimension::molarity()) {
    molality = quantity.value / water;
  } else if (quantity.dimension == Dimension::mass_concentration()) {
    molality = quantity.value / molar_mass / water;
  } else {
    totals.fail(key, fmt::format("expected a molality (like \"0.1 mol/kg\") or a concentration (\"2 mol/L\", "
                                 "\"9.6 g/L\"), but '{}' is a {}",
                                 text, quantity.dimension.describe()));
  }
  if (molality < 0.0) totals.fail(key, fmt::format("negative total '{}'", text));
  return molality;
}

}  // namespace

SolutionSpec load_solution(const std::filesystem::path& path, const thermo::Database& database,
                           const thermo::EquilibriumData& equilibria) {
  const YamlDocument document = YamlDocument::load_file(path);
  const ParameterReader top(document, document.root(), "");
  SolutionSpec spec;
  spec.origin = path.string();
  spec.input.temperature = top.quantity_or("temperature", Dimension::temperature(), "25 degC");
  spec.activity_model = top.choice_or("activity_model", thermo::activity_model_names(), "davies");
  if (top.has("pH")) {
    spec.input.fixed_ph = top.number("pH", -2.0, 16.0);
  } else {
    top.accept("pH");
  }
  const ParameterReader totals = top.child("totals");
  for (const auto& key : totals.keys()) {
    std::size_t index = 0;
    try {
      index = thermo::component_index(database, equilibria, key);
    } catch (const InputError& error) {
      totals.fail(key, error.what());
    }
    // g/L of an element symbol is per mass of the element; of a species, per mass of the species.
    const Element* element = find_element(key);
    const double molar_mass = element != nullptr ? element->atomic_weight * 1e-3 : database.species(index).molar_mass;
    if (spec.input.totals.count(index) != 0) {
      totals.fail(key, fmt::format("{} is given twice (as an element and as a species)", database.species(index).name));
    }
    spec.input.totals[index] = molality_of(totals, key, molar_mass, spec.input.temperature);
  }
  if (top.has("equilibrium_solids")) {
    for (const auto& name : top.text_list("equilibrium_solids")) {
      try {
        spec.input.equilibrium_solids.push_back(database.index_of(name));
      } catch (const InputError& error) {
        top.fail("equilibrium_solids", error.what());
      }
    }
  } else {
    top.accept("equilibrium_solids");
  }
  top.accept("note");
  top.accept("source");
  top.finish("a solution file");
  return spec;
}

}  // namespace hydrosim::io
