#pragma once
// The interface every unit operation implements. A unit reads its parameters
// once (configure), declares its ports, and maps inlet streams to outlet
// streams (solve). The flowsheet owns convergence; units own their equations.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/thermo/Stream.h"

namespace hydrosim::units {

enum class PortDirection { kInlet, kOutlet };

struct PortSpec {
  std::string name;
  PortDirection direction;
  bool accepts_many = false;  // an inlet that several streams may feed (Mixer.in)
};

// How a unit counts in the plant balance.
enum class Role { kProcess, kFeed, kReagent, kProduct, kWaste };
std::string_view to_string(Role role);

using Inlets = std::map<std::string, std::vector<const thermo::Stream*>>;
using Outlets = std::map<std::string, thermo::Stream>;

// A scalar a unit reports after solving (reaction extent, dose, ...).
struct ReportValue {
  std::string name;
  double value;
  std::string units;  // SI unit symbol, e.g. "mol/s"
};

// One curve of a profile: values along the profile's axis.
struct ProfileSeries {
  std::string name;            // "Co extraction", "pH", "LiCoO2 conversion"
  std::string units;           // SI unit symbol, "1" for dimensionless
  std::vector<double> values;  // one per axis point
};

// Quantities a unit computes along an axis: time in a batch reactor, tank in
// a CSTR cascade, stage in a mixer-settler cascade, size class in a mill.
// Written to /units/<unit>/profiles/<name> with the axis as a dimension scale.
struct Profile {
  std::string name;        // "batch", "tanks", "stages", "psd"
  std::string axis;        // "time", "tank", "stage", "size"
  std::string axis_units;  // "s", "1", "m"
  std::vector<double> axis_values;
  std::vector<ProfileSeries> series;
};

// Counters of the numerical solver a unit used (steps, Jacobian evaluations,
// failures), written to /units/<unit>/solver.
struct SolverStatistics {
  std::string solver;  // "CVODE BDF", "KINSOL", "IDA"
  std::vector<std::pair<std::string, double>> counters;
};

struct UnitReport {
  std::vector<ReportValue> values;
  std::vector<std::string> warnings;
  std::vector<Profile> profiles;
  std::vector<SolverStatistics> solver_statistics;
};

class Unit {
 public:
  explicit Unit(std::string name) : name_(std::move(name)) {}
  virtual ~Unit() = default;
  Unit(const Unit&) = delete;
  Unit& operator=(const Unit&) = delete;

  const std::string& name() const { return name_; }
  virtual std::string_view type() const = 0;
  virtual Role role() const { return Role::kProcess; }

  // Reads and checks parameters. Unknown keys are rejected by the caller
  // (ParameterReader::finish) after this returns.
  virtual void configure(const io::ParameterReader& parameters,
                         const std::shared_ptr<const thermo::Database>& database) = 0;

  // Valid after configure().
  virtual std::vector<PortSpec> ports() const = 0;

  // Computes every outlet from the inlets. Inlets holds every inlet port (an
  // unconnected optional inlet has an empty list). Throws SolveError naming
  // the unit when it cannot.
  virtual void solve(const Inlets& inlets, Outlets& outlets) = 0;

  // What the last solve() found, for tables and the results file.
  const UnitReport& report() const { return report_; }

 protected:
  UnitReport report_;

 private:
  std::string name_;
};

}  // namespace hydrosim::units
