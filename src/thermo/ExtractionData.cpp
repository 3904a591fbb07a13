#include "hydrosim/thermo/ExtractionData.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::thermo {
namespace {

std::size_t species_of(const io::ParameterReader& entry, std::string_view key, const Database& database) {
  try {
    return database.index_of(entry.text(key));
  } catch (const InputError& error) {
    entry.fail(key, error.what());
  }
}

// complex = metal + m·dimer − z·H+ must hold for every element and the charge.
void check_complex(const io::ParameterReader& entry, const Database& database, const Extractant& extractant,
                   const CationExchange& exchange) {
  const auto hydrogen = database.element_index("H");
  const Eigen::MatrixXd& atoms = database.element_matrix();
  const auto row = [&](std::size_t species) { return atoms.row(static_cast<Eigen::Index>(species)); };
  Eigen::RowVectorXd expected = row(exchange.metal) + exchange.dimers * row(extractant.dimer);
  if (hydrogen) expected(static_cast<Eigen::Index>(*hydrogen)) -= exchange.charge;
  const Eigen::RowVectorXd difference = row(exchange.complex) - expected;
  const double charge = database.species(exchange.complex).charge();
  if (difference.cwiseAbs().maxCoeff() > 1e-9 || charge != 0.0) {
    entry.fail("complex", fmt::format("complex '{}' is not {} + {} {} − {} H+ (formula or 'dimers' wrong)",
                                      database.species(exchange.complex).name, database.species(exchange.metal).name,
                                      exchange.dimers, database.species(extractant.dimer).name, exchange.charge));
  }
  if (database.species(exchange.complex).phase != Phase::kOrganic) {
    entry.fail("complex", fmt::format("complex '{}' must have phase organic", database.species(exchange.complex).name));
  }
}

}  // namespace

double CationExchange::log10_distribution(double ph, double free_dimer, double reference_dimer) const {
  return slope * (ph - ph50) + dimers * std::log10(free_dimer / reference_dimer);
}

const CationExchange* Extractant::find(std::size_t metal) const {
  for (const auto& exchange : equilibria) {
    if (exchange.metal == metal) return &exchange;
  }
  return nullptr;
}

const CationExchange* Extractant::find_complex(std::size_t complex) const {
  for (const auto& exchange : equilibria) {
    if (exchange.complex == complex) return &exchange;
  }
  return nullptr;
}

const Extractant* ExtractionData::find(std::string_view name) const {
  for (const auto& extractant : extractants_) {
    if (extractant.name == name) return &extractant;
    if (std::find(extractant.aliases.begin(), extractant.aliases.end(), name) != extractant.aliases.end())
      return &extractant;
  }
  return nullptr;
}

std::vector<std::string> ExtractionData::names() const {
  std::vector<std::string> names;
  for (const auto& extractant : extractants_) {
    std::string name = extractant.name;
    if (!extractant.aliases.empty()) name += fmt::format(" ({})", fmt::join(extractant.aliases, ", "));
    names.push_back(name);
  }
  return names;
}

ExtractionData ExtractionData::load(const Database& database) {
  ExtractionData data;
  for (const auto& file : database.files()) {
    const io::YamlDocument document = io::YamlDocument::load_file(file);
    const YAML::Node& root = document.root();
    if (!root["extractants"]) continue;
    const io::ParameterReader top(document, root, "");
    for (const auto& entry : top.list_of_maps("extractants")) {
      Extractant extractant;
      extractant.name = entry.text("name");
      if (entry.has("aliases")) extractant.aliases = entry.text_list("aliases");
      entry.accept("aliases");
      if (data.find(extractant.name) != nullptr) {
        entry.fail("name", fmt::format("extractant '{}' is already defined", extractant.name));
      }
      extractant.dimer = species_of(entry, "dimer", database);
      if (database.species(extractant.dimer).phase != Phase::kOrganic) {
        entry.fail("dimer", "the extractant dimer must have phase organic");
      }
      extractant.neat_concentration = entry.quantity("neat_concentration", Dimension::molarity());
      extractant.reference_concentration = entry.quantity("reference_concentration", Dimension::molarity());
      if (extractant.reference_concentration <= 0.0) {
        entry.fail("reference_concentration", "must be positive");
      }
      extractant.source_keys = entry.text_list("source");
      for (const auto& key : extractant.source_keys) {
        if (database.bibliography().count(key) == 0) {
          entry.fail("source", fmt::format("source '{}' is not in any file's meta.sources", key));
        }
      }
      extractant.note = entry.text_or("note", "");
      for (const auto& metal_entry : entry.list_of_maps("metals")) {
        CationExchange exchange;
        exchange.metal = species_of(metal_entry, "metal", database);
        const Species& metal = database.species(exchange.metal);
        if (metal.phase != Phase::kAqueous || metal.charge() <= 0 || metal.name == "H+") {
          metal_entry.fail("metal", fmt::format("'{}' is not an aqueous metal cation", metal.name));
        }
        exchange.charge = metal.charge();
        exchange.complex = species_of(metal_entry, "complex", database);
        exchange.dimers = metal_entry.number("dimers", 0.5, 6.0);
        exchange.ph50 = metal_entry.number("ph50", -2.0, 16.0);
        exchange.slope = metal_entry.number_or("slope", exchange.charge, 0.1, 6.0);
        exchange.defined_at = metal_entry.path();
        metal_entry.accept("note");
        // A value's own source must be a known bibliography key, like the extractant's.
        if (metal_entry.has("source")) {
          for (const auto& key : metal_entry.text_list("source")) {
            if (database.bibliography().count(key) == 0) {
              metal_entry.fail("source", fmt::format("source '{}' is not in any file's meta.sources", key));
            }
          }
        }
        metal_entry.accept("source");
        metal_entry.finish("an extraction equilibrium");
        if (extractant.find(exchange.metal) != nullptr) {
          metal_entry.fail("metal", fmt::format("{} is listed twice for {}", metal.name, extractant.name));
        }
        check_complex(metal_entry, database, extractant, exchange);
        exchange.defined_at = fmt::format("{} ({})", document.origin(), metal_entry.path());
        extractant.equilibria.push_back(exchange);
      }
      extractant.defined_at = fmt::format("{} ({})", document.origin(), entry.path());
      entry.finish("an extractant");
      data.extractants_.push_back(std::move(extractant));
    }
  }
  return data;
}

}  // namespace hydrosim::thermo
