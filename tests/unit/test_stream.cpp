#include <memory>

#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/thermo/Stream.h"

using namespace hydrosim::thermo;
using namespace hydrosim::testing;

namespace {
std::shared_ptr<const Database> database() {
  static const auto db = std::make_shared<const Database>(Database::load({data_dir() / "species.yaml"}));
  return db;
}
}  // namespace

TEST_CASE("water density follows Kell (1975) and agrees with IAPWS-95") {
  // IAPWS-95 (Wagner & Pruss 2002, J. Phys. Chem. Ref. Data 31, 387) at 0.101325 MPa:
  // 997.047 kg/m3 at 25 °C, 971.79 kg/m3 at 80 °C, 999.972 kg/m3 at 4 °C.
  CHECK(water_density(298.15) == relative(997.047, 2e-5));
  CHECK(water_density(353.15) == relative(971.79, 5e-5));
  CHECK(water_density(277.15) == relative(999.972, 2e-5));
}

TEST_CASE("mixing and splitting conserve every element and the charge exactly") {
  Stream acid(database());
  acid.set_amount(database()->index_of("H2O"), 50.0);
  acid.set_amount(database()->index_of("H+"), 2.0);
  acid.set_amount(database()->index_of("SO4-2"), 1.0);
  acid.temperature = 353.15;
  Stream solids(database());
  solids.set_amount(database()->index_of("NMC622"), 0.3);
  solids.set_amount(database()->index_of("graphite"), 0.2);
  solids.temperature = 298.15;

  const Stream mixed = mix({&acid, &solids});
  const Eigen::VectorXd expected = acid.element_flows() + solids.element_flows();
  CHECK((mixed.element_flows() - expected).cwiseAbs().maxCoeff() <= 1e-15 * expected.cwiseAbs().maxCoeff());
  CHECK(std::abs(mixed.charge_flow()) <= 1e-15);
  // Mass-weighted temperature.
  const double m1 = acid.total_mass_flow();
  const double m2 = solids.total_mass_flow();
  CHECK(mixed.temperature == relative((m1 * 353.15 + m2 * 298.15) / (m1 + m2)));

  const Stream part = scaled(mixed, 0.3);
  Stream rest = mixed;
  rest.amounts() -= part.amounts();
  CHECK((part.element_flows() + rest.element_flows() - mixed.element_flows()).cwiseAbs().maxCoeff() <=
        1e-15 * mixed.element_flows().cwiseAbs().maxCoeff());
}

TEST_CASE("aqueous concentrations use the water volume") {
  Stream liquor(database());
  const auto water = database()->index_of("H2O");
  const auto li = database()->index_of("Li+");
  // 1 kg/s of water at 25 °C is 1/997.047 m3/s; 0.1 mol/s Li+ in it.
  liquor.set_amount(water, 1.0 / database()->species(water).molar_mass);
  liquor.set_amount(li, 0.1);
  CHECK(liquor.aqueous_volume_flow() == relative(1.0 / 997.047, 2e-5));
  CHECK(liquor.molarity(li) == relative(0.1 * 997.047, 2e-5));
  CHECK(liquor.mass_concentration(li) == relative(0.1 * 997.047 * 6.94e-3, 2e-5));
}
