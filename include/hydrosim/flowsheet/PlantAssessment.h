#pragma once
// The plant-level judgement of a solved flowsheet: product purity against
// specifications, recovery against regulations, economics and footprint.
// Inputs are read with the flowsheet (io::load_assessment_inputs) and kept on
// Flowsheet::assessment; assess_plant evaluates them for a solution.
#include <map>
#include <string>
#include <vector>

#include "hydrosim/flowsheet/Compliance.h"
#include "hydrosim/flowsheet/Economics.h"
#include "hydrosim/flowsheet/ProductQuality.h"
#include "hydrosim/flowsheet/Results.h"

namespace hydrosim::flowsheet {

struct AssessmentInputs {
  std::map<std::string, ProductSpecification> specifications;  // by key
  std::map<std::string, std::string> sink_specifications;      // product sink -> specification key
  std::string specifications_file;
  std::vector<Regulation> regulations;  // those to check
  std::string regulations_file;
  std::string regulations_version;
  bool has_economics = false;
  EconomicsSettings economics;
};

struct PlantAssessment {
  std::vector<ProductQuality> products;
  ComplianceReport compliance;
  bool has_economics = false;
  EconomicsReport economics;
  std::string basis_label;
};

// Requires plant.assessment (set by the loader); throws std::logic_error otherwise.
PlantAssessment assess_plant(const Flowsheet& plant, const SolvedFlowsheet& solved, const Results& results);

}  // namespace hydrosim::flowsheet
