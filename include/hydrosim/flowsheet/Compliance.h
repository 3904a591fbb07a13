#pragma once
// Element recovery checked against regulatory thresholds (thermo-data/reporting/
// regulations.yaml: MIIT 2024 industry conditions, EU 2023/1542 Annex XII).
// Recovery of element E = (E in all product sinks) / (E in the basis feed), the
// definition of both regulations (relative to the battery material entering);
// margin = recovery − threshold; pass when margin ≥ 0.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hydrosim::flowsheet {

struct Regulation {
  std::string key;  // e.g. "miit_2024"
  std::string title;
  std::string jurisdiction;
  std::string edition;
  std::string published;     // ISO date, may be empty
  std::string applies_from;  // ISO date, may be empty
  std::string source_key;
  std::string citation;
  std::vector<std::pair<std::string, double>> thresholds;  // element -> minimum recovery (fraction), file order
};

struct ComplianceCheck {
  std::string regulation;  // key
  std::string element;
  double recovery = 0.0;   // fraction of the basis-feed element reaching products
  double threshold = 0.0;  // fraction
  bool applicable = true;  // false when the basis feed carries none of the element
  double margin() const { return recovery - threshold; }
  bool pass() const { return !applicable || margin() >= 0.0; }
};

struct ComplianceReport {
  std::string regulations_file;  // where the thresholds came from
  std::string regulations_version;
  std::vector<Regulation> regulations;  // those checked, in order
  std::vector<std::string> elements;    // recovery rows: Li Ni Co Mn Cu Al Fe + regulated, if in the feed
  std::vector<double> recovery;         // element recovery to products (basis-feed denominator)
  std::vector<ComplianceCheck> checks;
};

// Element mass flows (kg/s) keyed by symbol.
using ElementFlows = std::map<std::string, double>;

std::vector<ComplianceCheck> check_compliance(const ElementFlows& basis_feed, const ElementFlows& products,
                                              const std::vector<Regulation>& regulations);

}  // namespace hydrosim::flowsheet
