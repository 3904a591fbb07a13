#include "hydrosim/thermo/SitModel.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

namespace hydrosim::thermo {
namespace {

// Source of every value: the SIT block (-epsilon) of ThermoChimie v12a
// (ANDRA/NWS/ONDRAF, www.thermochimie-tdb.com, database date 2023-08-22) as
// distributed with PHREEQC 3 (database/sit.dat); ThermoChimie takes its ε
// from the NEA-TDB reviews (Grenthe et al. 1997; Lemire et al. 2013, NEA-TDB
// vol. 14, Appendix B, Tables B-4/B-5), e.g. ε(Na+,Cl-) = 0.03 ± 0.01,
// ε(Na+,SO4-2) = −0.12 ± 0.06. Species are renamed to this project's names
// where ThermoChimie writes them differently (Ni(OH)+ → NiOH+, Fe(OH)+2 →
// FeOH+2, Al(OH)+2 → AlOH+2, H(SO4)- → HSO4-, H2(PO4)- → H2PO4-, Ox-2 →
// C2O4-2, H(Ox)- → HC2O4-, Ni(HCO3)+ → NiHCO3+). Cu chloro complexes are left
// out (ThermoChimie's CuCl3-/CuCl4-2 are not clearly the Cu(II) species of
// this project's data).
constexpr SitCoefficient kTable[] = {
    // cations in chloride media
    {"H+", "Cl-", 0.12},
    {"Li+", "Cl-", 0.10},
    {"Na+", "Cl-", 0.03},
    {"K+", "Cl-", 0.00},
    {"NH4+", "Cl-", -0.01},
    {"Mg+2", "Cl-", 0.19},
    {"Ca+2", "Cl-", 0.14},
    {"Mn+2", "Cl-", 0.13},
    {"Fe+2", "Cl-", 0.17},
    {"Co+2", "Cl-", 0.16},
    {"Ni+2", "Cl-", 0.17},
    {"Cu+2", "Cl-", 0.08},
    {"Zn+2", "Cl-", 0.163},
    {"Al+3", "Cl-", 0.33},
    {"Fe+3", "Cl-", 0.76},
    {"AlOH+2", "Cl-", 0.09},
    {"Al(OH)2+", "Cl-", 0.09},
    {"FeOH+2", "Cl-", 0.186},
    {"FeCl+", "Cl-", 0.16},
    {"FeCl+2", "Cl-", 0.64},
    {"NiCl+", "Cl-", 0.10},
    {"NiF+", "Cl-", 0.065},
    {"NiOH+", "Cl-", -0.01},
    {"NiHCO3+", "Cl-", 0.085},
    // anions in sodium media
    {"Na+", "SO4-2", -0.12},
    {"Na+", "CO3-2", -0.08},
    {"Na+", "HCO3-", 0.00},
    {"Na+", "OH-", 0.04},
    {"Na+", "F-", 0.02},
    {"Na+", "HSO4-", -0.01},
    {"Na+", "H2PO4-", -0.08},
    {"Na+", "HPO4-2", -0.15},
    {"Na+", "PO4-3", -0.25},
    {"Na+", "C2O4-2", -0.08},
    {"Na+", "HC2O4-", -0.07},
    {"Na+", "Cu(OH)4-2", 0.19},
    {"Na+", "Ni(SO4)2-2", -0.263},
};

constexpr double kBaJ = 1.5;  // kg^½ mol^−½, "B a_j" of the NEA-TDB SIT, at all temperatures

}  // namespace

std::span<const SitCoefficient> sit_coefficients() { return kTable; }

void SitModel::log_gamma(int charge, double /*ion_size*/, double ionic_strength, double temperature, double& value,
                         double& derivative) const {
  if (charge == 0) {
    value = 0.0;
    derivative = 0.0;
    return;
  }
  const double a = debye_huckel_a(temperature);
  const double z2 = static_cast<double>(charge * charge);
  const double root = std::sqrt(std::max(ionic_strength, 0.0));
  const double denominator = 1.0 + kBaJ * root;
  value = -a * z2 * root / denominator;
  // d/dI [√I/(1+b√I)] = 1 / (2√I (1+b√I)²)
  derivative = root > 0.0 ? -a * z2 / (2.0 * root * denominator * denominator) : 0.0;
}

std::vector<SpecificInteraction> SitModel::interactions(std::span<const ActivitySpecies> species,
                                                        double /*temperature*/) const {
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < species.size(); ++i) index.emplace(species[i].name, i);
  std::vector<SpecificInteraction> terms;
  for (const auto& entry : kTable) {
    const auto cation = index.find(entry.cation);
    const auto anion = index.find(entry.anion);
    if (cation == index.end() || anion == index.end() || entry.epsilon == 0.0) continue;
    terms.push_back({cation->second, anion->second, entry.epsilon});
    terms.push_back({anion->second, cation->second, entry.epsilon});
  }
  return terms;
}

std::vector<std::string> SitModel::unknown_pairs(std::span<const ActivitySpecies> species) {
  std::vector<std::string> unknown;
  for (const auto& cation : species) {
    if (cation.charge <= 0) continue;
    for (const auto& anion : species) {
      if (anion.charge >= 0) continue;
      bool known = false;
      for (const auto& entry : kTable) known |= cation.name == entry.cation && anion.name == entry.anion;
      if (!known) unknown.push_back(cation.name + "/" + anion.name);
    }
  }
  return unknown;
}

}  // namespace hydrosim::thermo
