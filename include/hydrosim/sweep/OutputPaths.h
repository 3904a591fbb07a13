#pragma once
// Named results of one solved case, addressed by dotted paths such as
// recovery.Li.li2co3_product or streams.recycle.mass_flow (docs/sweeps.md).
// Each group (recovery, balance, units, streams, reagents, solver, feed,
// products, compliance, economics) is
// one resolver function plus one listing function; a new group is one more
// entry of the group table in OutputPaths.cpp.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hydrosim/flowsheet/Flowsheet.h"
#include "hydrosim/flowsheet/PlantAssessment.h"
#include "hydrosim/flowsheet/Results.h"
#include "hydrosim/flowsheet/Solver.h"

namespace hydrosim::sweep {

struct CaseView {
  const flowsheet::Flowsheet& plant;
  const flowsheet::SolvedFlowsheet& solved;
  const flowsheet::Results& results;
  // Products, compliance and economics, evaluated on first use (assessment()).
  mutable std::shared_ptr<const flowsheet::PlantAssessment> assessment_cache = nullptr;
  const flowsheet::PlantAssessment& assessment() const;
};

// The value at `path`, in SI units. Throws InputError naming the path and
// listing the valid choices at the level where it went wrong.
double output_value(const CaseView& view, std::string_view path);

// The SI unit of the value at `path` ("1", "kg/s", "K", ...), for the file.
std::string output_units(const CaseView& view, std::string_view path);

// Every valid path of this case (units' report values included).
std::vector<std::string> valid_output_paths(const CaseView& view);

// The group names ("recovery", "balance", ...).
std::vector<std::string> output_groups();

}  // namespace hydrosim::sweep
