#pragma once
// A screen (sieve) with a partition curve per size class: the fraction of
// class c reporting to the oversize is Whiten's efficiency curve with bypass,
//
//   E(d) = C + (1 − C) (exp(α d/d50c) − 1) / (exp(α d/d50c) + exp(α) − 2),
//
// d the class's geometric-mean size, d50c the corrected cut size, α the
// sharpness, C the bypass (fines carried into the oversize). Napier-Munn,
// Morrell, Morrison & Kojovic (1996) Mineral Comminution Circuits, JKMRC;
// King (2001) Modeling and Simulation of Mineral Processing Systems, ch. 4.
// Non-solids (moisture, electrolyte) follow the solids: the same fraction of
// them goes to the oversize as of the solids mass (wetting per unit mass).
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class Screen : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "Screen"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

 private:
  double d50_ = 0.0;        // m
  double sharpness_ = 0.0;  // α
  double bypass_ = 0.0;     // C
};

// Whiten's partition to the coarse product at size d.
double whiten_partition(double d, double d50, double sharpness, double bypass);

}  // namespace hydrosim::units
