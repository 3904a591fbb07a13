#include "hydrosim/flowsheet/ProductQuality.h"

#include <algorithm>

#include "hydrosim/core/Error.h"

namespace hydrosim::flowsheet {

bool ProductQuality::pass() const {
  return std::all_of(checks.begin(), checks.end(), [](const QualityCheck& check) { return check.pass(); });
}

ProductQuality assess_product(const std::string& sink, const thermo::Stream& product,
                              const ProductSpecification& specification) {
  const thermo::Database& database = product.database();
  std::vector<std::size_t> compound_species;
  for (const auto& name : specification.species()) {
    const auto index = database.find(name);
    if (!index) {
      throw InputError("product specification '" + specification.key + "': compound '" + name +
                       "' is not a species of the thermo data");
    }
    compound_species.push_back(*index);
  }
  ProductQuality quality;
  quality.sink = sink;
  quality.specification = specification.key;
  quality.standard = specification.standard;
  quality.compound = specification.compound;
  quality.mass_flow = product.total_mass_flow();
  const auto water = database.find("H2O");
  const double free_water = water ? product.mass_flow(*water) : 0.0;
  quality.dry_mass_flow = quality.mass_flow - free_water;
  for (const std::size_t index : compound_species) quality.compound_mass_flow += product.mass_flow(index);
  quality.purity = quality.dry_mass_flow > 0.0 ? quality.compound_mass_flow / quality.dry_mass_flow : 0.0;
  quality.moisture = quality.mass_flow > 0.0 ? free_water / quality.mass_flow : 0.0;

  const auto in_compound = [&](const std::string& symbol) {
    return std::any_of(compound_species.begin(), compound_species.end(),
                       [&](std::size_t index) { return database.species(index).formula.count(symbol) > 0; });
  };
  const Eigen::VectorXd elements = product.element_mass_flows();
  for (std::size_t e = 0; e < database.elements().size(); ++e) {
    const std::string symbol(database.elements()[e]->symbol);
    const double mass = elements(static_cast<Eigen::Index>(e));
    // H and O are in water and every anion; an impurity is an element foreign to the compound.
    if (mass <= 0.0 || symbol == "H" || symbol == "O" || in_compound(symbol)) continue;
    quality.impurities_mg_per_kg[symbol] = quality.dry_mass_flow > 0.0 ? mass / quality.dry_mass_flow * 1e6 : 0.0;
  }

  const SpecificationLimit& purity = specification.min_purity;
  quality.checks.push_back({"purity", "1", quality.purity, purity.value, true, purity.verified});
  if (specification.max_moisture) {
    quality.checks.push_back({"moisture", "1", quality.moisture, specification.max_moisture->value, false,
                              specification.max_moisture->verified});
  }
  if (specification.min_assay) {
    const auto e = database.element_index(specification.assay_element);
    const double mass = e ? elements(static_cast<Eigen::Index>(*e)) : 0.0;
    const double assay = quality.dry_mass_flow > 0.0 ? mass / quality.dry_mass_flow : 0.0;
    quality.checks.push_back({"assay " + specification.assay_element, "1", assay, specification.min_assay->value, true,
                              specification.min_assay->verified});
  }
  for (const auto& [symbol, limit] : specification.max_impurities_mg_per_kg) {
    const auto it = quality.impurities_mg_per_kg.find(symbol);
    const double value = it == quality.impurities_mg_per_kg.end() ? 0.0 : it->second;
    quality.checks.push_back({symbol, "mg/kg", value, limit.value, false, limit.verified});
  }
  return quality;
}

}  // namespace hydrosim::flowsheet
