#pragma once
// Divides one stream into outlets of identical composition:
// fractions: {recycle: 0.9, bleed: 0.1} (non-negative, summing to 1).
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class Splitter : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "Splitter"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

 private:
  std::vector<std::pair<std::string, double>> fractions_;
};

}  // namespace hydrosim::units
