#include "hydrosim/flowsheet/Results.h"

#include <algorithm>
#include <cmath>

#include "hydrosim/units/ReagentDosing.h"
#include "hydrosim/units/Sink.h"

namespace hydrosim::flowsheet {
namespace {

double ionic_flow(const thermo::Stream& stream) {
  return stream.amounts().cwiseProduct(stream.database().charges()).cwiseAbs().sum();
}

}  // namespace

const std::vector<std::string>& headline_elements() {
  static const std::vector<std::string> elements{"Li", "Ni", "Co", "Mn", "Cu", "Al", "Fe", "C", "F", "P"};
  return elements;
}

double ElementBalance::max_closure() const { return closure.size() == 0 ? 0.0 : closure.cwiseAbs().maxCoeff(); }

double ElementBalance::charge_closure() const {
  return ionic_flow > 0.0 ? std::abs(charge_in - charge_out) / ionic_flow : 0.0;
}

Results compute_results(const Flowsheet& plant, const SolvedFlowsheet& solved) {
  const thermo::Database& database = *plant.database;
  const auto element_count = static_cast<Eigen::Index>(database.elements().size());
  Eigen::VectorXd in = Eigen::VectorXd::Zero(element_count);
  Eigen::VectorXd out = Eigen::VectorXd::Zero(element_count);
  Results results;
  results.basis_label = plant.basis_feed.empty() ? "feed" : plant.basis_feed;
  std::vector<std::pair<SinkSummary, Eigen::VectorXd>> sink_flows;

  for (const auto& unit : plant.units) {
    switch (unit->role()) {
      case units::Role::kFeed:
      case units::Role::kReagent: {
        const auto& stream = port_stream(plant, solved, unit->name(), true);
        in += stream.element_mass_flows();
        results.balance.charge_in += stream.charge_flow();
        results.balance.ionic_flow += ionic_flow(stream);
        if (unit->role() == units::Role::kReagent) {
          results.reagents.push_back({unit->name(), stream.total_mass_flow()});
        } else if (plant.basis_feed.empty() || plant.basis_feed == unit->name()) {
          results.feed_mass_flow += stream.total_mass_flow();
        }
        break;
      }
      case units::Role::kProduct:
      case units::Role::kWaste: {
        const auto& stream = port_stream(plant, solved, unit->name(), false);
        const Eigen::VectorXd flows = stream.element_mass_flows();
        out += flows;
        results.balance.charge_out += stream.charge_flow();
        results.balance.ionic_flow += ionic_flow(stream);
        const auto& sink = static_cast<const units::Sink&>(*unit);
        sink_flows.push_back(
            {{unit->name(), std::string(units::to_string(unit->role())), sink.description(), stream.total_mass_flow()},
             flows});
        break;
      }
      case units::Role::kProcess: {
        // Reagents a unit doses itself are plant inputs like a ReagentFeed's.
        const auto* dosing = dynamic_cast<const units::DosesReagents*>(unit.get());
        if (dosing == nullptr) break;
        for (const auto& dose : dosing->internal_doses()) {
          thermo::Stream reagent(plant.database);
          reagent.set_amount(dose.species, dose.mol_per_s);
          in += reagent.element_mass_flows();
          results.reagents.push_back({unit->name() + ":" + dose.reagent, reagent.total_mass_flow()});
        }
        break;
      }
    }
  }
  // Products first, then wastes; file order within each.
  std::stable_partition(sink_flows.begin(), sink_flows.end(),
                        [](const auto& entry) { return entry.first.kind == "product"; });

  // Element order: the headline elements, then the rest by atomic number.
  std::vector<Eigen::Index> order;
  for (const auto& symbol : headline_elements()) {
    if (const auto e = database.element_index(symbol)) order.push_back(static_cast<Eigen::Index>(*e));
  }
  for (Eigen::Index e = 0; e < element_count; ++e) {
    if (std::find(order.begin(), order.end(), e) == order.end()) order.push_back(e);
  }
  std::vector<Eigen::Index> present;
  for (const Eigen::Index e : order) {
    if (in(e) > 0.0 || out(e) > 0.0) present.push_back(e);
  }

  auto& balance = results.balance;
  const auto rows = static_cast<Eigen::Index>(present.size());
  balance.in.resize(rows);
  balance.out.resize(rows);
  balance.closure.resize(rows);
  auto& recovery = results.recovery;
  for (const auto& [summary, flows] : sink_flows) recovery.sinks.push_back(summary);
  recovery.fraction = Eigen::MatrixXd::Zero(rows, static_cast<Eigen::Index>(sink_flows.size()));
  for (Eigen::Index r = 0; r < rows; ++r) {
    const Eigen::Index e = present[static_cast<std::size_t>(r)];
    const std::string symbol(database.elements()[static_cast<std::size_t>(e)]->symbol);
    balance.elements.push_back(symbol);
    recovery.elements.push_back(symbol);
    balance.in(r) = in(e);
    balance.out(r) = out(e);
    balance.closure(r) = (in(e)-out(e)) / std::max(in(e), out(e));
    for (std::size_t s = 0; s < sink_flows.size(); ++s) {
      recovery.fraction(r, static_cast<Eigen::Index>(s)) = in(e) > 0.0 ? sink_flows[s].second(e) / in(e) : 0.0;
    }
  }
  results.residues = compute_residue_tables(plant, solved, results.feed_mass_flow);
  return results;
}

}  // namespace hydrosim::flowsheet
