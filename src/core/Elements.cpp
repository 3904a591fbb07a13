#include "hydrosim/core/Elements.h"

#include <array>

namespace hydrosim {
namespace {

// Standard atomic weights from IUPAC/CIAAW, "Standard atomic weights of the
// elements 2021" (Prohaska et al., Pure Appl. Chem. 94 (2022) 573-600).
// For elements whose standard atomic weight is an interval (H, Li, B, C, N, O,
// Mg, Si, S, Cl, Ar, Br, Tl, Pb) the IUPAC conventional value is used, as in
// CRC Handbook and PubChem molar masses. Elements without a standard atomic
// weight (Tc, Pm, Po onward except Th, Pa, U) are left out.
constexpr std::array kElements{
    Element{"H", "hydrogen", 1, 1.008},
    Element{"He", "helium", 2, 4.002602},
    Element{"Li", "lithium", 3, 6.94},
    Element{"Be", "beryllium", 4, 9.0121831},
    Element{"B", "boron", 5, 10.81},
    Element{"C", "carbon", 6, 12.011},
    Element{"N", "nitrogen", 7, 14.007},
    Element{"O", "oxygen", 8, 15.999},
    Element{"F", "fluorine", 9, 18.998403162},
    Element{"Ne", "neon", 10, 20.1797},
    Element{"Na", "sodium", 11, 22.98976928},
    Element{"Mg", "magnesium", 12, 24.305},
    Element{"Al", "aluminium", 13, 26.9815384},
    Element{"Si", "silicon", 14, 28.085},
    Element{"P", "phosphorus", 15, 30.973761998},
    Element{"S", "sulfur", 16, 32.06},
    Element{"Cl", "chlorine", 17, 35.45},
    Element{"Ar", "argon", 18, 39.95},
    Element{"K", "potassium", 19, 39.0983},
    Element{"Ca", "calcium", 20, 40.078},
    Element{"Sc", "scandium", 21, 44.955907},
    Element{"Ti", "titanium", 22, 47.867},
    Element{"V", "vanadium", 23, 50.9415},
    Element{"Cr", "chromium", 24, 51.9961},
    Element{"Mn", "manganese", 25, 54.938043},
    Element{"Fe", "iron", 26, 55.845},
    Element{"Co", "cobalt", 27, 58.933194},
    Element{"Ni", "nickel", 28, 58.6934},
    Element{"Cu", "copper", 29, 63.546},
    Element{"Zn", "zinc", 30, 65.38},
    Element{"Ga", "gallium", 31, 69.723},
    Element{"Ge", "germanium", 32, 72.630},
    Element{"As", "arsenic", 33, 74.921595},
    Element{"Se", "selenium", 34, 78.971},
    Element{"Br", "bromine", 35, 79.904},
    Element{"Kr", "krypton", 36, 83.798},
    Element{"Rb", "rubidium", 37, 85.4678},
    Element{"Sr", "strontium", 38, 87.62},
    Element{"Y", "yttrium", 39, 88.905838},
    Element{"Zr", "zirconium", 40, 91.222},
    Element{"Nb", "niobium", 41, 92.90637},
    Element{"Mo", "molybdenum", 42, 95.95},
    Element{"Ru", "ruthenium", 44, 101.07},
    Element{"Rh", "rhodium", 45, 102.90549},
    Element{"Pd", "palladium", 46, 106.42},
    Element{"Ag", "silver", 47, 107.8682},
    Element{"Cd", "cadmium", 48, 112.414},
    Element{"In", "indium", 49, 114.818},
    Element{"Sn", "tin", 50, 118.710},
    Element{"Sb", "antimony", 51, 121.760},
    Element{"Te", "tellurium", 52, 127.60},
    Element{"I", "iodine", 53, 126.90447},
    Element{"Xe", "xenon", 54, 131.293},
    Element{"Cs", "caesium", 55, 132.90545196},
    Element{"Ba", "barium", 56, 137.327},
    Element{"La", "lanthanum", 57, 138.90547},
    Element{"Ce", "cerium", 58, 140.116},
    Element{"Pr", "praseodymium", 59, 140.90766},
    Element{"Nd", "neodymium", 60, 144.242},
    Element{"Sm", "samarium", 62, 150.36},
    Element{"Eu", "europium", 63, 151.964},
    Element{"Gd", "gadolinium", 64, 157.249},
    Element{"Tb", "terbium", 65, 158.925354},
    Element{"Dy", "dysprosium", 66, 162.500},
    Element{"Ho", "holmium", 67, 164.930329},
    Element{"Er", "erbium", 68, 167.259},
    Element{"Tm", "thulium", 69, 168.934219},
    Element{"Yb", "ytterbium", 70, 173.045},
    Element{"Lu", "lutetium", 71, 174.9668},
    Element{"Hf", "hafnium", 72, 178.486},
    Element{"Ta", "tantalum", 73, 180.94788},
    Element{"W", "tungsten", 74, 183.84},
    Element{"Re", "rhenium", 75, 186.207},
    Element{"Os", "osmium", 76, 190.23},
    Element{"Ir", "iridium", 77, 192.217},
    Element{"Pt", "platinum", 78, 195.084},
    Element{"Au", "gold", 79, 196.966570},
    Element{"Hg", "mercury", 80, 200.592},
    Element{"Tl", "thallium", 81, 204.38},
    Element{"Pb", "lead", 82, 207.2},
    Element{"Bi", "bismuth", 83, 208.98040},
    Element{"Th", "thorium", 90, 232.0377},
    Element{"Pa", "protactinium", 91, 231.03588},
    Element{"U", "uranium", 92, 238.02891},
};

}  // namespace

std::span<const Element> all_elements() { return kElements; }

const Element* find_element(std::string_view symbol) {
  for (const Element& element : kElements) {
    if (element.symbol == symbol) return &element;
  }
  return nullptr;
}

}  // namespace hydrosim
