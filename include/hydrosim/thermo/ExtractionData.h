#pragma once
// Cation-exchange equilibria of acidic extractants, read from the `extractants`
// section of thermo-data files (thermo-data/extractants.yaml):
//   M(z+) + m (HA)2(org) = MA_z(HA)_(2m-z)(org) + z H+
//   log10 D = slope (pH - ph50) + m log10([(HA)2]free / [(HA)2]ref)
// with molar concentrations and pH = -log10 [H+]. See docs/solvent-extraction.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hydrosim/thermo/Database.h"

namespace hydrosim::thermo {

struct CationExchange {
  std::size_t metal;    // aqueous cation
  std::size_t complex;  // organic complex MA_z(HA)_(2m-z)
  int charge = 0;       // z: H+ released per metal extracted
  double dimers = 0.0;  // m: (HA)2 taken up per metal extracted
  double ph50 = 0.0;    // pH of 50 % extraction (O/A = 1, trace loading, reference concentration)
  double slope = 0.0;   // d log10 D / d pH
  std::string defined_at;
  // log10 D at pH and free dimer concentration (mol/m³).
  double log10_distribution(double ph, double free_dimer, double reference_dimer) const;
};

struct Extractant {
  std::string name;
  std::vector<std::string> aliases;
  std::size_t dimer;                     // organic species (HA)2
  double neat_concentration = 0.0;       // mol/m³ of HA in the undiluted extractant
  double reference_concentration = 0.0;  // mol/m³ of HA at which ph50 is given
  std::vector<std::string> source_keys;
  std::string note;
  std::string defined_at;
  std::vector<CationExchange> equilibria;

  const CationExchange* find(std::size_t metal) const;
  const CationExchange* find_complex(std::size_t complex) const;
  double reference_dimer() const { return reference_concentration / 2.0; }
};

class ExtractionData {
 public:
  // Reads every file of the database. Checks that each complex balances:
  // complex = metal + m·dimer − z·H+ in every element and the charge.
  static ExtractionData load(const Database& database);

  const std::vector<Extractant>& extractants() const { return extractants_; }
  // By name or alias ("P204" finds D2EHPA); nullptr when unknown.
  const Extractant* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  std::vector<Extractant> extractants_;
};

}  // namespace hydrosim::thermo
