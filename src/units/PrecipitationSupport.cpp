#include "hydrosim/units/PrecipitationSupport.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace hydrosim::units {

std::shared_ptr<const thermo::EquilibriumData> shared_equilibria(
    const std::shared_ptr<const thermo::Database>& database) {
  static std::mutex mutex;
  static std::map<const thermo::Database*, std::weak_ptr<const thermo::EquilibriumData>> cache;
  const std::lock_guard lock(mutex);
  if (auto existing = cache[database.get()].lock()) return existing;
  auto loaded = std::make_shared<const thermo::EquilibriumData>(thermo::EquilibriumData::load(*database));
  cache[database.get()] = loaded;
  return loaded;
}

std::vector<std::size_t> formable_solids(const thermo::Database& database, const thermo::EquilibriumData& equilibria,
                                         const thermo::SolutionInput& input, const std::vector<std::size_t>& wanted) {
  const std::size_t water = database.index_of("H2O");
  const std::size_t proton = database.index_of("H+");
  std::vector<std::size_t> formable;
  for (const std::size_t solid : wanted) {
    const auto* reaction = [&]() -> const thermo::SolidReaction* {
      for (const auto& r : equilibria.solids()) {
        if (r.solid == solid) return &r;
      }
      return nullptr;
    }();
    if (reaction == nullptr) continue;
    const bool ok = std::all_of(reaction->products.begin(), reaction->products.end(), [&](const auto& term) {
      if (term.species == water || term.species == proton) return true;  // solvent and charge balance
      const auto it = input.totals.find(term.species);
      return it != input.totals.end() && it->second > 0.0;
    });
    if (ok) formable.push_back(solid);
  }
  return formable;
}

std::vector<std::string> drop_traces(const thermo::Database& database, const thermo::EquilibriumData& equilibria,
                                     thermo::SolutionInput& input, double threshold) {
  std::vector<std::string> dropped;
  for (auto it = input.totals.begin(); it != input.totals.end();) {
    if (it->second < threshold) {
      dropped.push_back(database.species(it->first).name);
      it = input.totals.erase(it);
    } else {
      ++it;
    }
  }
  if (!dropped.empty())
    input.equilibrium_solids = formable_solids(database, equilibria, input, input.equilibrium_solids);
  return dropped;
}

double element_flow(const thermo::Stream& stream, std::size_t element) {
  return stream.amounts().dot(stream.database().element_matrix().col(static_cast<Eigen::Index>(element)));
}

double aqueous_element_flow(const thermo::Stream& stream, std::size_t element) {
  const auto& database = stream.database();
  double total = 0.0;
  for (std::size_t i = 0; i < database.size(); ++i) {
    if (database.species(i).phase != thermo::Phase::kAqueous || stream.amount(i) == 0.0) continue;
    total +=
        stream.amount(i) * database.element_matrix()(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(element));
  }
  return total;
}

void neutralise(thermo::Stream& stream) {
  const auto& database = stream.database();
  const std::size_t proton = database.index_of("H+");
  const auto hydroxide = database.find("OH-");
  if (!hydroxide) return;
  const double pair = std::min(stream.amount(proton), stream.amount(*hydroxide));
  if (!(pair > 0.0)) return;
  stream.add_amount(proton, -pair);
  stream.add_amount(*hydroxide, -pair);
  stream.add_amount(database.index_of("H2O"), pair);
}

std::pair<thermo::Stream, thermo::Stream> split_cake(const thermo::Stream& stream, double moisture) {
  const auto& database = stream.database();
  thermo::Stream solids(stream.database_ptr());
  thermo::Stream liquor = stream;
  solids.temperature = stream.temperature;
  solids.pressure = stream.pressure;
  for (std::size_t i = 0; i < database.size(); ++i) {
    if (database.species(i).phase != thermo::Phase::kSolid) continue;
    solids.set_amount(i, stream.amount(i));
    liquor.set_amount(i, 0.0);
  }
  const double solid_mass = solids.total_mass_flow();
  const double liquor_mass = liquor.total_mass_flow();
  if (moisture > 0.0 && solid_mass > 0.0 && liquor_mass > 0.0) {
    const double entrained = std::min(1.0, moisture / (1.0 - moisture) * solid_mass / liquor_mass);
    const Eigen::VectorXd carried = liquor.amounts() * entrained;
    solids.amounts() += carried;
    liquor.amounts() -= carried;
  }
  solids.size_distribution = stream.size_distribution;
  liquor.size_distribution.reset();
  return {std::move(solids), std::move(liquor)};
}

}  // namespace hydrosim::units
