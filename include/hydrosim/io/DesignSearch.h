#pragma once
// Design helper: find the value of one flowsheet parameter (stages, an organic
// or alkali flow, ...) that meets a target on the solved plant, by re-solving
// the flowsheet with --set overrides; report the answer and the sensitivity
// d target / d parameter there. Used by `hydrosim design` (sx-design).
//
// Targets (text):
//   "<El> in <stream> < 5 mg/L"        element in the aqueous phase of a stream
//   "<El> to organic in <unit> < 1 %"  report value '<El> to organic' of a
//                                      SolventExtraction unit (co-extraction)
// '<' or '>' are accepted. The search assumes the target metric is monotone in
// the parameter over the range: integer parameters are scanned upwards and the
// first value that meets the target is the answer; real ones are bisected.
#include <filesystem>
#include <string>
#include <vector>

namespace hydrosim::io {

struct DesignTarget {
  enum class Kind { kConcentration, kToOrganic };
  Kind kind = Kind::kConcentration;
  std::string element;
  std::string where;            // stream (connection) or unit name
  bool below = true;            // '<' (else '>')
  double limit = 0.0;           // SI (kg/m³) or fraction
  double display_factor = 1.0;  // SI → the units the target was written in
  std::string display_units;
  std::string text;
};

// Throws InputError explaining the accepted forms.
DesignTarget parse_design_target(const std::string& text);

struct DesignRequest {
  std::filesystem::path flowsheet;
  std::vector<std::string> overrides;  // applied to every run
  std::filesystem::path data_dir;
  std::string target;
  // Parameter paths (units.sx.stages); the first is the design variable, the
  // others move in proportion to it (e.g. Na+ and OH- of a NaOH feed).
  std::vector<std::string> vary;
  double low = 0.0;  // in the units the flowsheet writes the first path in
  double high = 0.0;
  bool integer = false;
};

struct DesignPoint {
  double value;
  double metric;  // in the target's display units
  bool meets;
};

struct DesignAnswer {
  bool feasible = false;
  double value = 0.0;
  double metric = 0.0;
  double sensitivity = 0.0;  // d metric / d value, display units per value unit
  std::string value_units;
  std::vector<DesignPoint> evaluations;
  std::string message;
};

// Throws InputError for a bad request (unknown path, non-numeric parameter,
// empty range); an unreachable target is an answer with feasible = false.
DesignAnswer design_search(const DesignRequest& request);

std::string format_design_answer(const DesignRequest& request, const DesignAnswer& answer);

}  // namespace hydrosim::io
