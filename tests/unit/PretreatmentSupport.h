#pragma once
// Helpers for the pretreatment unit tests: run a flowsheet written inline and
// look at its streams and units.
#include <string>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"
#include "hydrosim/io/FlowsheetLoader.h"

namespace hydrosim::testing {

struct PlantRun {
  flowsheet::Flowsheet plant;
  flowsheet::SolvedFlowsheet solved;
  flowsheet::Results results;

  const thermo::Stream& stream(const std::string& name) const { return solved.streams.at(name); }
  const units::Unit& unit(const std::string& name) const { return *plant.find_unit(name); }
  double value(const std::string& unit_name, const std::string& value_name) const {
    for (const auto& v : unit(unit_name).report().values) {
      if (v.name == value_name) return v.value;
    }
    FAIL("unit ", unit_name, " reports no value '", value_name, "'");
    return 0.0;
  }
  const units::Profile& profile(const std::string& unit_name, const std::string& profile_name) const {
    for (const auto& p : unit(unit_name).report().profiles) {
      if (p.name == profile_name) return p;
    }
    FAIL("unit ", unit_name, " has no profile '", profile_name, "'");
    throw std::logic_error("unreachable");
  }
};

inline PlantRun run_inline(const std::string& file_name, const std::string& yaml) {
  const auto path = write_scratch(file_name, yaml);
  PlantRun r{io::load_flowsheet(path, {{}, data_dir()}), {}, {}};
  r.solved = flowsheet::solve(r.plant);
  r.results = flowsheet::compute_results(r.plant, r.solved);
  return r;
}

// Largest relative difference of any element flow between `in` and the sum of `outs`.
inline double element_imbalance(const thermo::Stream& in, const std::vector<const thermo::Stream*>& outs) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(in.element_flows().size());
  for (const auto* s : outs) out += s->element_flows();
  const Eigen::VectorXd a = in.element_flows();
  double worst = 0.0;
  for (Eigen::Index e = 0; e < a.size(); ++e) {
    const double scale = std::max(std::abs(a(e)), std::abs(out(e)));
    if (scale > 0.0) worst = std::max(worst, std::abs(a(e) - out(e)) / scale);
  }
  return worst;
}

// The message of the error (InputError or SolveError) thrown while loading and solving `yaml`.
inline std::string error_of(const std::string& file_name, const std::string& yaml) {
  try {
    run_inline(file_name, yaml);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

}  // namespace hydrosim::testing
