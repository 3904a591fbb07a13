#pragma once
// A dry separator given by the recovery of each component to its product
// outlet (the rest goes to the other outlet), optionally reduced for fine
// particles. Base of MagneticSeparator, EddyCurrentSeparator and AirClassifier:
//
//   recovery: {species: {Fe: 0.98}, elements: {...}, phases: {...}, default: 0.01}
//
// read as a SplitRule (same precedence as ComponentSeparator). With a size
// distribution, the recovery of a solid in class c is R_s · g(d_c), g = 1
// unless the separator says otherwise (EddyCurrentSeparator).
#include <string>

#include "hydrosim/units/SplitRule.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class RecoverySeparator : public Unit {
 public:
  RecoverySeparator(std::string name, std::string product, std::string reject)
      : Unit(std::move(name)), product_(std::move(product)), reject_(std::move(reject)) {}
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

 protected:
  // Extra parameters of a derived separator (read during configure).
  virtual void configure_size_effect(const io::ParameterReader& /*parameters*/) {}
  // Multiplier of the recovery of a solid of (geometric-mean) size d, in [0, 1].
  virtual double size_factor(double /*d*/) const { return 1.0; }
  virtual bool needs_sizes() const { return false; }

 private:
  std::string product_;
  std::string reject_;
  SplitRule recovery_;
  std::shared_ptr<const thermo::Database> database_;
};

}  // namespace hydrosim::units
