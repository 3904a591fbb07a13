#pragma once
// A plant: named units connected by named streams, plus solver settings.
// Built by io::load_flowsheet, solved by flowsheet::solve.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hydrosim/thermo/Database.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::flowsheet {

struct PortRef {
  std::string unit;
  std::string port;
};

struct Connection {
  std::string name;
  PortRef from;  // an outlet
  PortRef to;    // an inlet
};

enum class RecycleMethod { kWegstein, kDirectSubstitution, kAnderson };

struct SolverSettings {
  RecycleMethod method = RecycleMethod::kWegstein;
  double tolerance = 1e-12;  // max relative change of any tear-stream flow
  int max_iterations = 200;
  // Wegstein acceleration factor bounds; q in [q_min, q_max] (q = 0 is direct
  // substitution, q < 0 accelerates). Defaults as in common practice (Aspen Plus).
  double q_min = -5.0;
  double q_max = 0.0;
  // Per-tear-stream settings (solver.tear_streams.<stream>), used when that
  // stream is torn. Wegstein bounds: a loop with a small bleed (slope near 1)
  // needs q ≈ s/(s − 1) beyond the default bound, while a noisy loop needs the
  // default. Initial guess: species flows (mol/s) instead of an empty stream,
  // so that the units of the loop start near their steady state.
  struct Bounds {
    double q_min = -5.0;
    double q_max = 0.0;
    std::vector<std::pair<std::size_t, double>> initial;  // species index, mol/s
  };
  std::map<std::string, Bounds> tear_bounds;
  // Anderson acceleration (KINSOL fixed point): previous passes in the least
  // squares, and its damping (1 = none).
  int anderson_depth = 5;
  double anderson_damping = 1.0;
  int anderson_delay = 0;  // direct passes before Anderson starts
};

struct AssessmentInputs;  // flowsheet/PlantAssessment.h

struct Flowsheet {
  std::string name;
  std::string description;
  std::string origin;                          // the file it was read from
  std::string text;                            // the file's full text, kept for the results file
  std::vector<std::string> overrides;          // --set options applied, as given
  std::map<std::string, std::string> sources;  // bibliography of the flowsheet
  // The Feed unit whose mass flow is the basis of "per tonne" figures (the
  // black mass); empty: all Feed units together.
  std::string basis_feed;
  std::shared_ptr<const thermo::Database> database;
  std::vector<std::unique_ptr<units::Unit>> units;  // in file order
  std::vector<Connection> connections;              // in file order
  SolverSettings solver;
  // Product specifications, regulations and economics read with the file
  // (io::load_assessment_inputs); used by flowsheet::assess_plant.
  std::shared_ptr<const AssessmentInputs> assessment;

  const units::Unit* find_unit(std::string_view unit_name) const;
};

}  // namespace hydrosim::flowsheet
