#include "hydrosim/flowsheet/Compliance.h"

namespace hydrosim::flowsheet {

std::vector<ComplianceCheck> check_compliance(const ElementFlows& basis_feed, const ElementFlows& products,
                                              const std::vector<Regulation>& regulations) {
  std::vector<ComplianceCheck> checks;
  for (const auto& regulation : regulations) {
    for (const auto& [element, threshold] : regulation.thresholds) {
      ComplianceCheck check;
      check.regulation = regulation.key;
      check.element = element;
      check.threshold = threshold;
      const auto in = basis_feed.find(element);
      const double feed = in == basis_feed.end() ? 0.0 : in->second;
      check.applicable = feed > 0.0;
      if (check.applicable) {
        const auto out = products.find(element);
        check.recovery = (out == products.end() ? 0.0 : out->second) / feed;
      }
      checks.push_back(check);
    }
  }
  return checks;
}

}  // namespace hydrosim::flowsheet
