#include "hydrosim/flowsheet/PlantAssessment.h"

#include <algorithm>
#include <stdexcept>

#include "hydrosim/units/ReagentDosing.h"
#include "hydrosim/units/UtilityUse.h"

namespace hydrosim::flowsheet {
namespace {

ElementFlows element_flows(const thermo::Stream& stream) {
  ElementFlows flows;
  const Eigen::VectorXd mass = stream.element_mass_flows();
  const auto& elements = stream.database().elements();
  for (std::size_t e = 0; e < elements.size(); ++e) {
    if (mass(static_cast<Eigen::Index>(e)) > 0.0)
      flows[std::string(elements[e]->symbol)] = mass(static_cast<Eigen::Index>(e));
  }
  return flows;
}

void add(ElementFlows& total, const ElementFlows& flows) {
  for (const auto& [element, mass] : flows) total[element] += mass;
}

// What a product sink contributes to regulatory recovery: for a product with a
// specification, only the elements of its compound (Ni, S, O, H of NiSO4·6H2O),
// wherever they are in the sink; an element the product carries as an impurity
// (Li in the mother liquor of NiSO4 crystals, Cu in MnSO4) is a contaminant the
// specification limits in mg/kg, not material recovered for use. A product
// without a specification counts whole.
ElementFlows recovered_flows(const ElementFlows& elements, const ProductSpecification* specification,
                             const thermo::Database& database) {
  if (specification == nullptr) return elements;
  ElementFlows recovered;
  for (const auto& name : specification->species()) {
    const auto index = database.find(name);
    if (!index) continue;
    for (const auto& [symbol, mass] : elements) {
      if (database.species(*index).formula.count(symbol) > 0) recovered[symbol] = mass;
    }
  }
  return recovered;
}

bool is_basis_feed(const Flowsheet& plant, const units::Unit& unit) {
  return unit.role() == units::Role::kFeed && (plant.basis_feed.empty() || plant.basis_feed == unit.name());
}

}  // namespace

PlantAssessment assess_plant(const Flowsheet& plant, const SolvedFlowsheet& solved, const Results& results) {
  if (!plant.assessment) throw std::logic_error("assess_plant: the flowsheet was loaded without assessment inputs");
  const AssessmentInputs& inputs = *plant.assessment;
  PlantAssessment assessment;
  assessment.basis_label = results.basis_label;

  ElementFlows basis;
  ElementFlows products;
  EconomicsFlows flows;
  flows.feed_mass_flow = results.feed_mass_flow;
  const thermo::Database& database = *plant.database;
  for (const auto& unit : plant.units) {
    switch (unit->role()) {
      case units::Role::kFeed:
      case units::Role::kReagent: {
        const thermo::Stream& stream = port_stream(plant, solved, unit->name(), true);
        if (is_basis_feed(plant, *unit)) {
          add(basis, element_flows(stream));
          break;
        }
        EconomicsFlows::Reagent reagent{unit->name(), {}};
        for (std::size_t i = 0; i < database.size(); ++i) {
          if (stream.amount(i) > 0.0) reagent.species[database.species(i).name] = stream.mass_flow(i);
        }
        flows.reagents.push_back(std::move(reagent));
        break;
      }
      case units::Role::kProduct: {
        const thermo::Stream& stream = port_stream(plant, solved, unit->name(), false);
        const ElementFlows elements = element_flows(stream);
        EconomicsFlows::Product product{unit->name(), "", 0.0, elements};
        const ProductSpecification* specification = nullptr;
        if (const auto spec = inputs.sink_specifications.find(unit->name()); spec != inputs.sink_specifications.end()) {
          specification = &inputs.specifications.at(spec->second);
          assessment.products.push_back(assess_product(unit->name(), stream, *specification));
          product.compound = specification->compound;
          product.compound_mass_flow = assessment.products.back().compound_mass_flow;
        }
        add(products, recovered_flows(elements, specification, database));
        flows.products.push_back(std::move(product));
        break;
      }
      case units::Role::kWaste:
        flows.wastes.emplace_back(unit->name(), port_stream(plant, solved, unit->name(), false).total_mass_flow());
        break;
      case units::Role::kProcess: {
        // Utilities a unit computes (an Evaporator's steam) are costed like the per-tonne utilities.
        if (const auto* user = dynamic_cast<const units::UsesUtilities*>(unit.get())) {
          for (const auto& demand : user->utility_demands()) {
            flows.unit_utilities.push_back({unit->name(), demand.utility, demand.rate, demand.dimension});
          }
        }
        // Reagents a unit doses itself (PrecipitationReactor, Crystallizer seeds) are costed like a ReagentFeed's.
        const auto* dosing = dynamic_cast<const units::DosesReagents*>(unit.get());
        if (dosing == nullptr) break;
        for (const auto& dose : dosing->internal_doses()) {
          if (!(dose.mol_per_s > 0.0)) continue;
          const auto& species = database.species(dose.species);
          flows.reagents.push_back(
              {unit->name() + ":" + dose.reagent, {{species.name, dose.mol_per_s * species.molar_mass}}});
        }
        break;
      }
    }
  }

  ComplianceReport& compliance = assessment.compliance;
  compliance.regulations_file = inputs.regulations_file;
  compliance.regulations_version = inputs.regulations_version;
  compliance.regulations = inputs.regulations;
  // Rows: the metals the issue and the regulations ask about (Li, Ni, Co, Mn, Cu, Al, Fe,
  // and any regulated element), when the basis feed carries them.
  std::vector<std::string> rows{"Li", "Ni", "Co", "Mn", "Cu", "Al", "Fe"};
  for (const auto& regulation : inputs.regulations) {
    for (const auto& [element, threshold] : regulation.thresholds) {
      if (std::find(rows.begin(), rows.end(), element) == rows.end()) rows.push_back(element);
    }
  }
  for (const auto& element : rows) {
    const auto in = basis.find(element);
    if (in == basis.end()) continue;
    const auto out = products.find(element);
    compliance.elements.push_back(element);
    compliance.recovery.push_back(out == products.end() ? 0.0 : out->second / in->second);
  }
  compliance.checks = check_compliance(basis, products, inputs.regulations);

  assessment.has_economics = inputs.has_economics;
  if (inputs.has_economics) assessment.economics = compute_economics(inputs.economics, flows);
  return assessment;
}

}  // namespace hydrosim::flowsheet
