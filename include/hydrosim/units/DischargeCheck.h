#pragma once
// Compares a treated-water stream with the discharge limits of a standard in
// thermo-data/limits/discharge-limits.yaml: the total concentration of each
// limited element (dissolved and suspended, mg/L of aqueous phase) and the pH
// (from the speciation of the stream) against the limits, with pass/fail per
// item. A pass-through unit ("in" → "out"): it changes no flow. The plant
// results collect every DischargeCheck into the discharge table.
#include <optional>
#include <string>
#include <vector>

#include "hydrosim/thermo/EquilibriumData.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

struct DischargeItem {
  std::string element;
  double concentration = 0.0;  // mg/L
  double limit = 0.0;          // mg/L
  bool verified = false;       // limit checked against a retrieved copy of the standard
  bool pass = true;
};

struct DischargeResult {
  std::string standard;  // key in the limits file
  std::string title;
  std::optional<double> ph;
  double ph_min = 0.0;
  double ph_max = 14.0;
  bool ph_pass = true;
  std::vector<DischargeItem> items;
  bool pass() const;  // every item passes and the pH was computed and is in range
};

class DischargeCheck : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "DischargeCheck"; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;
  const DischargeResult& result() const { return result_; }

 private:
  struct Limit {
    std::string element;
    std::size_t index;  // database element index
    double value;       // mg/L
    bool verified;
  };
  std::shared_ptr<const thermo::Database> database_;
  std::shared_ptr<const thermo::EquilibriumData> equilibria_;
  std::vector<Limit> limits_;
  DischargeResult result_;
};

// The data directory's limits folder: <directory of the first thermo-data file>/limits.
std::filesystem::path limits_directory(const thermo::Database& database);

}  // namespace hydrosim::units
