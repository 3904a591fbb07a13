#include "AssessmentHdf5.h"

#include <fmt/format.h>

#include "Hdf5File.h"

namespace hydrosim::io {
namespace {

using hdf5::Handle;

Eigen::VectorXd as_vector(const std::vector<double>& values) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

// Writes `values` as a dataset along the dimension scale `scale`.
void write_along(hid_t group, hid_t scale, const std::string& label, const std::string& name,
                 const std::vector<double>& values, std::string_view units) {
  const Handle dataset = hdf5::write_vector(group, name, as_vector(values), units);
  hdf5::attach_scale(dataset.get(), scale, 0, label);
}

void write_products(hid_t file, const flowsheet::PlantAssessment& assessment) {
  const Handle group = hdf5::create_group(file, "products");
  std::vector<std::string> sinks, specifications, compounds, standards;
  std::vector<double> mass, dry, compound, purity, moisture, pass;
  for (const auto& product : assessment.products) {
    sinks.push_back(product.sink);
    specifications.push_back(product.specification);
    compounds.push_back(product.compound);
    standards.push_back(product.standard);
    mass.push_back(product.mass_flow);
    dry.push_back(product.dry_mass_flow);
    compound.push_back(product.compound_mass_flow);
    purity.push_back(product.purity);
    moisture.push_back(product.moisture);
    pass.push_back(product.pass() ? 1.0 : 0.0);
  }
  const Handle sink = hdf5::write_strings(group.get(), "sink", sinks);
  for (const auto& [name, values] : {std::pair{"specification", &specifications}, std::pair{"compound", &compounds},
                                     std::pair{"standard", &standards}}) {
    const Handle dataset = hdf5::write_strings(group.get(), name, *values);
    hdf5::attach_scale(dataset.get(), sink.get(), 0, "sink");
  }
  write_along(group.get(), sink.get(), "sink", "mass_flow", mass, "kg/s");
  write_along(group.get(), sink.get(), "sink", "dry_mass_flow", dry, "kg/s");
  write_along(group.get(), sink.get(), "sink", "compound_mass_flow", compound, "kg/s");
  write_along(group.get(), sink.get(), "sink", "purity", purity, "1");
  write_along(group.get(), sink.get(), "sink", "moisture", moisture, "1");
  write_along(group.get(), sink.get(), "sink", "pass", pass, "1");
  hdf5::set_attribute(group.get(), "description",
                      std::string_view("purity = compound / dry product mass; impurities in mg/kg of dry product"));
  for (const auto& product : assessment.products) {
    const Handle node = hdf5::create_group(group.get(), product.sink);
    std::vector<std::string> elements;
    std::vector<double> impurities;
    for (const auto& [element, value] : product.impurities_mg_per_kg) {
      elements.push_back(element);
      impurities.push_back(value);
    }
    const Handle element = hdf5::write_strings(node.get(), "impurity_element", elements);
    write_along(node.get(), element.get(), "element", "impurity", impurities, "mg/kg");
    std::vector<std::string> quantities, units;
    std::vector<double> value, limit, minimum, verified, check_pass;
    for (const auto& check : product.checks) {
      quantities.push_back(check.quantity);
      units.push_back(check.units);
      value.push_back(check.value);
      limit.push_back(check.limit);
      minimum.push_back(check.is_minimum ? 1.0 : 0.0);
      verified.push_back(check.verified ? 1.0 : 0.0);
      check_pass.push_back(check.pass() ? 1.0 : 0.0);
    }
    const Handle quantity = hdf5::write_strings(node.get(), "check", quantities);
    const Handle unit = hdf5::write_strings(node.get(), "check_units", units);
    hdf5::attach_scale(unit.get(), quantity.get(), 0, "check");
    write_along(node.get(), quantity.get(), "check", "check_value", value, "");
    write_along(node.get(), quantity.get(), "check", "check_limit", limit, "");
    write_along(node.get(), quantity.get(), "check", "check_is_minimum", minimum, "1");
    write_along(node.get(), quantity.get(), "check", "check_limit_verified", verified, "1");
    write_along(node.get(), quantity.get(), "check", "check_pass", check_pass, "1");
    hdf5::set_attribute(node.get(), "specification", product.specification);
    hdf5::set_attribute(node.get(), "standard", product.standard);
  }
}

void write_compliance(hid_t file, const flowsheet::PlantAssessment& assessment) {
  const auto& compliance = assessment.compliance;
  const Handle group = hdf5::create_group(file, "compliance");
  hdf5::set_attribute(group.get(), "regulations_file", compliance.regulations_file);
  hdf5::set_attribute(group.get(), "regulations_version", compliance.regulations_version);
  hdf5::set_attribute(group.get(), "basis", assessment.basis_label);
  hdf5::set_attribute(group.get(), "definition",
                      std::string_view("recovery = element mass flow in the product sinks whose compound contains the "
                                       "element (all of an unspecified product) / element mass flow in the basis "
                                       "feed; margin = recovery - threshold; pass = margin >= 0"));
  const Handle element = hdf5::write_strings(group.get(), "element", compliance.elements);
  write_along(group.get(), element.get(), "element", "recovery", compliance.recovery, "1");

  std::vector<std::string> regulation, check_element;
  std::vector<double> recovery, threshold, margin, pass, applicable;
  for (const auto& check : compliance.checks) {
    regulation.push_back(check.regulation);
    check_element.push_back(check.element);
    recovery.push_back(check.recovery);
    threshold.push_back(check.threshold);
    margin.push_back(check.applicable ? check.margin() : 0.0);
    pass.push_back(check.pass() ? 1.0 : 0.0);
    applicable.push_back(check.applicable ? 1.0 : 0.0);
  }
  const Handle checks = hdf5::create_group(group.get(), "checks");
  const Handle index = hdf5::write_strings(checks.get(), "regulation", regulation);
  const Handle elements = hdf5::write_strings(checks.get(), "element", check_element);
  hdf5::attach_scale(elements.get(), index.get(), 0, "regulation");
  write_along(checks.get(), index.get(), "regulation", "recovery", recovery, "1");
  write_along(checks.get(), index.get(), "regulation", "threshold", threshold, "1");
  write_along(checks.get(), index.get(), "regulation", "margin", margin, "1");
  write_along(checks.get(), index.get(), "regulation", "pass", pass, "1");
  write_along(checks.get(), index.get(), "regulation", "applicable", applicable, "1");
  const Handle regulations = hdf5::create_group(group.get(), "regulations");
  for (const auto& entry : compliance.regulations) {
    const Handle node = hdf5::create_group(regulations.get(), entry.key);
    hdf5::set_attribute(node.get(), "title", entry.title);
    hdf5::set_attribute(node.get(), "jurisdiction", entry.jurisdiction);
    hdf5::set_attribute(node.get(), "edition", entry.edition);
    hdf5::set_attribute(node.get(), "published", entry.published);
    hdf5::set_attribute(node.get(), "applies_from", entry.applies_from);
    hdf5::set_attribute(node.get(), "citation", entry.citation);
  }
}

void write_economics(hid_t file, const flowsheet::PlantAssessment& assessment) {
  if (!assessment.has_economics) return;
  const auto& economics = assessment.economics;
  const Handle group = hdf5::create_group(file, "economics");
  hdf5::set_attribute(group.get(), "price_deck", economics.deck_origin);
  hdf5::set_attribute(group.get(), "price_deck_date", economics.deck_date);
  hdf5::set_attribute(group.get(), "price_deck_version", economics.deck_version);
  hdf5::set_attribute(group.get(), "basis", assessment.basis_label);
  for (const auto& [name, value] :
       {std::pair{"revenue_usd_per_t", economics.revenue}, std::pair{"reagent_cost_usd_per_t", economics.reagent_cost},
        std::pair{"utility_cost_usd_per_t", economics.utility_cost},
        std::pair{"disposal_cost_usd_per_t", economics.disposal_cost}, std::pair{"margin_usd_per_t", economics.margin},
        std::pair{"co2e_kg_per_t", economics.co2e}, std::pair{"water_kg_per_t", economics.water}}) {
    hdf5::set_attribute(group.get(), name, value);
  }
  hdf5::set_attribute(group.get(), "unverified_prices", static_cast<long long>(economics.unverified_prices));
  std::string unpriced;
  for (const auto& item : economics.unpriced) unpriced += item + "\n";
  hdf5::set_attribute(group.get(), "unpriced", unpriced);
  std::vector<std::string> category, item, priced_as, quantity_units;
  std::vector<double> quantity, usd, co2e, verified;
  for (const auto& line : economics.lines) {
    category.push_back(line.category);
    item.push_back(line.item);
    priced_as.push_back(line.priced_as);
    quantity_units.push_back(line.quantity_units);
    quantity.push_back(line.quantity_per_tonne);
    usd.push_back(line.usd_per_tonne);
    co2e.push_back(line.co2e_kg_per_tonne);
    verified.push_back(line.price_verified ? 1.0 : 0.0);
  }
  const Handle index = hdf5::write_strings(group.get(), "item", item);
  for (const auto& [name, values] : {std::pair{"category", &category}, std::pair{"priced_as", &priced_as},
                                     std::pair{"quantity_units", &quantity_units}}) {
    const Handle dataset = hdf5::write_strings(group.get(), name, *values);
    hdf5::attach_scale(dataset.get(), index.get(), 0, "item");
  }
  write_along(group.get(), index.get(), "item", "quantity_per_t", quantity, "SI unit per t of basis feed");
  write_along(group.get(), index.get(), "item", "usd_per_t", usd, "USD/t");
  write_along(group.get(), index.get(), "item", "co2e_kg_per_t", co2e, "kg/t");
  write_along(group.get(), index.get(), "item", "price_verified", verified, "1");
}

}  // namespace

void write_assessment(hid_t file, const flowsheet::PlantAssessment& assessment) {
  write_products(file, assessment);
  write_compliance(file, assessment);
  write_economics(file, assessment);
}

}  // namespace hydrosim::io
