#pragma once
// The numerical model of one counter-current section of mixer-settlers: N
// stages, aqueous flowing 1 → N, organic N → 1, each stage at cation-exchange
// equilibrium (optionally with a Murphree efficiency), solved for all stages at
// once on KINSOL with continuation from "no extraction". Concentrations are
// molar (mol/m³ of each phase); the aqueous acid model is free H+ with the
// HSO4- equilibrium and water's ion product on a concentration basis.
// Equations: docs/solvent-extraction.md.
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "hydrosim/solvers/NonlinearSolver.h"

namespace hydrosim::units {

struct CascadeMetal {
  std::string name;     // "Co+2", for messages
  int charge = 0;       // z: H+ released per metal extracted
  double dimers = 0.0;  // m: (HA)2 bound per metal in the complex (2m HA units)
  // log10 D = log10_k + slope·pH + dimers_exponent·log10([(HA)2]free / (mol/m³)).
  double log10_k = 0.0;
  double slope = 0.0;
  double dimers_exponent = 0.0;  // = dimers for the mass-action law, 0 for a constant D
  double aqueous_feed = 0.0;     // mol/s in the aqueous entering stage 1
  double organic_feed = 0.0;     // mol/m³ of organic entering stage N
  double alkali_feed = 0.0;      // mol/s in the alkali stream entering alkali_stage
};

struct CascadeProblem {
  int stages = 1;
  double aqueous_flow = 0.0;  // m³/s entering stage 1
  double organic_flow = 0.0;  // m³/s entering stage N
  double alkali_flow = 0.0;   // m³/s of alkali solution added to the aqueous of alkali_stage
  int alkali_stage = -1;      // 0-based; < 0: none
  double extractant = 0.0;    // mol/m³ of HA units in the organic (free + bound)
  // Aqueous acidity [H+] + [HSO4-] − [OH-] and total sulfate, mol/s.
  double acid_feed = 0.0;
  double acid_alkali = 0.0;
  double sulfate_feed = 0.0;
  double sulfate_alkali = 0.0;
  double bisulfate_k = 0.0;  // m³/mol: [HSO4-] = K [H+][SO4-2]
  double water_k = 1e-8;     // (mol/m³)²: [H+][OH-]
  double efficiency = 1.0;   // Murphree stage efficiency, organic phase
  // Entrainment (volume fractions): aqueous carried by the loaded organic per
  // volume of it, organic carried by the raffinate per volume of it.
  double aqueous_entrainment = 0.0;
  double organic_entrainment = 0.0;
  std::vector<CascadeMetal> metals;
};

struct CascadeSolution {
  Eigen::MatrixXd aqueous;              // stage × metal, mol/m³ of the aqueous leaving the stage
  Eigen::MatrixXd organic;              // stage × metal, mol/m³ of the organic leaving the stage
  Eigen::MatrixXd equilibrium_organic;  // stage × metal, in equilibrium with the aqueous leaving
  Eigen::VectorXd hydrogen;             // stage, mol/m³ free H+
  Eigen::VectorXd ph;                   // stage, −log10 ([H+] / (mol/L))
  Eigen::VectorXd free_dimer;           // stage, mol/m³ (HA)2 at equilibrium
  Eigen::VectorXd aqueous_flow;         // stage, m³/s leaving
  double organic_passing = 0.0;         // m³/s of organic between stages (= loaded organic)
  solvers::NonlinearSolverResult solver;
  int continuation_steps = 0;
  int pseudo_transient_steps = 0;  // implicit-Euler steps of the last-resort fallback (0: not needed)
  long dae_steps = 0;              // IDA steps of the start-up (DAE) fallback (0: not needed)
  int nonlinear_iterations = 0;    // summed over the continuation
  long residual_evaluations = 0;
  // Organic leaving stage 1 minus organic entering, mol/s per metal (net extraction).
  Eigen::VectorXd extracted;
  Eigen::VectorXd state;  // the unknowns (ln c, ln [H+], ln [(HA)2] per stage), for a warm start
  bool warm_started = false;
};

// Throws SolveError (message naming the section by `context`) when the
// continuation cannot reach the full problem.
// `warm_start`: the state of an earlier solution of a problem of the same
// shape (same stages and metals), tried first. `warm_problem`: the problem that
// state solves; when given and of the same shape, a failed warm start is
// continued along the straight path of feeds from it to `problem`. On failure
// the continuation runs from scratch.
CascadeSolution solve_cascade(const CascadeProblem& problem, const std::string& context,
                              const Eigen::VectorXd* warm_start = nullptr,
                              const CascadeProblem* warm_problem = nullptr);

}  // namespace hydrosim::units
