#pragma once
// Where a stream leaves the plant: `kind: product` or `kind: waste`. Recovery
// tables report the fraction of each element's input that ends in each sink.
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class Sink : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "Sink"; }
  Role role() const override { return is_product_ ? Role::kProduct : Role::kWaste; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

  const std::string& description() const { return description_; }
  // Key of the product specification the sink is checked against
  // (thermo-data/reporting/product-specs.yaml); empty when none.
  const std::string& specification() const { return specification_; }

 private:
  bool is_product_ = false;
  std::string description_;
  std::string specification_;
};

}  // namespace hydrosim::units
