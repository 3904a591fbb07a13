#include "hydrosim/io/AssessmentLoader.h"

#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/core/Text.h"
#include "hydrosim/io/FileMemo.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/units/Sink.h"

namespace hydrosim::io {
namespace {

bool read_verified(const ParameterReader& entry) {
  return entry.choice_or("verified", {"true", "false"}, "false") == "true";
}

flowsheet::SpecificationLimit read_limit(const ParameterReader& entry, double max) {
  flowsheet::SpecificationLimit limit;
  limit.value = entry.number("value", 0.0, max);
  limit.verified = read_verified(entry);
  limit.note = entry.text_or("note", "");
  entry.finish("a specification limit");
  return limit;
}

std::string source_keys_text(const ParameterReader& entry) {
  if (!entry.has("source")) {
    entry.accept("source");
    return "";
  }
  return fmt::format("{}", fmt::join(entry.text_list("source"), ", "));
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const auto close = closest_matches(name, candidates, 3);
  if (close.empty()) return fmt::format("valid: {}", fmt::join(candidates, ", "));
  return fmt::format("did you mean {}?", fmt::join(close, ", "));
}

template <typename Map>
std::vector<std::string> keys_of(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : map) keys.push_back(key);
  return keys;
}

// Applies parse_per_unit to reader[key], turning its InputError into a located one.
PerUnitValue located_per_unit(const ParameterReader& reader, std::string_view key, std::string_view currency) {
  const std::string text = reader.text(key);
  try {
    return parse_per_unit(text, currency);
  } catch (const InputError& error) {
    reader.fail(key, error.what());
  }
}

std::filesystem::path resolve(const std::filesystem::path& name, const std::filesystem::path& flowsheet_dir,
                              const std::filesystem::path& data_dir) {
  if (name.is_absolute()) return name;
  if (std::filesystem::exists(flowsheet_dir / name)) return flowsheet_dir / name;
  return reporting_dir(data_dir) / name;
}

// What one regulations file holds, for the memo (load_regulations returns the
// version and default checks through out-parameters).
struct RegulationsFile {
  std::vector<flowsheet::Regulation> regulations;
  std::string version;
  std::vector<std::string> default_checks;
};

// One memo per reporting file kind, shared by every flowsheet load in the process.
FileMemo<std::map<std::string, flowsheet::ProductSpecification>>& specification_memo() {
  static FileMemo<std::map<std::string, flowsheet::ProductSpecification>> memo;
  return memo;
}
FileMemo<RegulationsFile>& regulations_memo() {
  static FileMemo<RegulationsFile> memo;
  return memo;
}
FileMemo<flowsheet::PriceDeck>& price_deck_memo() {
  static FileMemo<flowsheet::PriceDeck> memo;
  return memo;
}

}  // namespace

std::filesystem::path reporting_dir(const std::filesystem::path& data_dir) { return data_dir / "reporting"; }

PerUnitValue parse_per_unit(std::string_view text, std::string_view currency) {
  const auto fail = [&](std::string_view why) -> PerUnitValue {
    throw InputError(
        fmt::format("'{}': {}; expected \"<number> {}/<unit>\", e.g. \"37000 {}/t\"", text, why, currency, currency));
  };
  const std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return fail("no unit");
  double number = 0.0;
  const std::string_view number_text = text.substr(0, space);
  const auto [end, error] = std::from_chars(number_text.data(), number_text.data() + number_text.size(), number);
  if (error != std::errc() || end != number_text.data() + number_text.size()) return fail("not a number");
  std::string_view unit = text.substr(space + 1);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  const std::string prefix = std::string(currency) + "/";
  if (unit.substr(0, prefix.size()) != prefix) return fail(fmt::format("the unit must start with '{}'", prefix));
  const Quantity per = parse_quantity(fmt::format("1 {}", unit.substr(prefix.size())));
  if (per.value <= 0.0) return fail("the unit after the slash is not positive");
  return {number / per.value, per.dimension};
}

std::map<std::string, flowsheet::ProductSpecification> load_product_specifications(const std::filesystem::path& file) {
  const YamlDocument document = YamlDocument::load_file(file);
  const ParameterReader top(document, document.root(), "");
  top.accept("meta");
  std::map<std::string, flowsheet::ProductSpecification> specifications;
  const ParameterReader block = top.child("specifications");
  for (const auto& key : block.keys()) {
    const ParameterReader entry = block.child(key);
    flowsheet::ProductSpecification spec;
    spec.key = key;
    spec.title = entry.text("title");
    spec.standard = entry.text("standard");
    if (entry.has("source")) spec.source_keys = entry.text_list("source");
    entry.accept("source");
    spec.compound = entry.text("compound");
    if (entry.has("constituents")) spec.constituents = entry.text_list("constituents");
    spec.min_purity = read_limit(entry.child("min_purity"), 1.0);
    if (const auto moisture = entry.optional_child("max_moisture")) spec.max_moisture = read_limit(*moisture, 1.0);
    if (const auto assay = entry.optional_child("min_assay")) {
      spec.assay_element = assay->text("element");
      spec.min_assay = read_limit(*assay, 1.0);
    }
    if (const auto impurities = entry.optional_child("max_impurities_mg_per_kg")) {
      for (const auto& element : impurities->keys()) {
        spec.max_impurities_mg_per_kg[element] = read_limit(impurities->child(element), 1e6);
      }
    }
    entry.finish(fmt::format("product specification '{}'", key));
    specifications.emplace(key, std::move(spec));
  }
  top.finish("a product-specification file");
  return specifications;
}

std::vector<flowsheet::Regulation> load_regulations(const std::filesystem::path& file, std::string* version,
                                                    std::vector<std::string>* default_checks) {
  const YamlDocument document = YamlDocument::load_file(file);
  const ParameterReader top(document, document.root(), "");
  const ParameterReader meta = top.child("meta");
  if (version != nullptr) *version = fmt::format("{} ({})", meta.text("version"), meta.text("date"));
  std::map<std::string, std::string> citations;
  if (const auto sources = meta.optional_child("sources")) {
    for (const auto& key : sources->keys()) citations[key] = sources->text(key);
  }
  meta.accept("title");
  meta.accept("note");
  meta.accept("version");
  meta.accept("date");
  std::vector<flowsheet::Regulation> regulations;
  const ParameterReader block = top.child("regulations");
  for (const auto& key : block.keys()) {
    const ParameterReader entry = block.child(key);
    flowsheet::Regulation regulation;
    regulation.key = key;
    regulation.title = entry.text("title");
    regulation.jurisdiction = entry.text("jurisdiction");
    regulation.edition = entry.text("edition");
    regulation.published = entry.text_or("published", "");
    regulation.applies_from = entry.text_or("applies_from", "");
    entry.accept("superseded_by");
    regulation.source_key = entry.text("source");
    const auto citation = citations.find(regulation.source_key);
    if (citation == citations.end()) {
      entry.fail("source", fmt::format("source '{}' is not defined in meta.sources", regulation.source_key));
    }
    regulation.citation = citation->second;
    const ParameterReader thresholds = entry.child("thresholds");
    for (const auto& element : thresholds.keys()) {
      regulation.thresholds.emplace_back(element, thresholds.number(element, 0.0, 1.0));
    }
    entry.finish(fmt::format("regulation '{}'", key));
    regulations.push_back(std::move(regulation));
  }
  if (default_checks != nullptr) *default_checks = top.text_list("default_checks");
  top.accept("default_checks");
  top.finish("a regulations file");
  return regulations;
}

flowsheet::PriceDeck load_price_deck(const std::filesystem::path& file) {
  const YamlDocument document = YamlDocument::load_file(file);
  const ParameterReader top(document, document.root(), "");
  const ParameterReader meta = top.child("meta");
  flowsheet::PriceDeck deck;
  deck.origin = file.string();
  deck.title = meta.text("title");
  deck.version = meta.text("version");
  deck.date = meta.text("date");
  deck.currency = meta.choice("currency", {"USD"});
  if (const auto sources = meta.optional_child("sources")) {
    for (const auto& key : sources->keys()) deck.sources[key] = sources->text(key);
  }
  meta.finish("the price deck's meta block");
  const auto check_source = [&](const ParameterReader& entry, std::string& key) {
    key = source_keys_text(entry);
    if (!key.empty() && deck.sources.count(key) == 0) {
      entry.fail("source", fmt::format("source '{}' is not defined in meta.sources", key));
    }
  };
  const ParameterReader prices = top.child("prices");
  for (const auto& key : prices.keys()) {
    const ParameterReader entry = prices.child(key);
    flowsheet::Price price;
    price.key = key;
    price.text = entry.text("value");
    const PerUnitValue value = located_per_unit(entry, "value", "USD");
    price.usd_per_si = value.per_si;
    price.per = value.per;
    const std::string category = entry.choice("category", {"product", "reagent", "utility", "disposal"});
    price.category = category == "product"   ? flowsheet::PriceCategory::kProduct
                     : category == "reagent" ? flowsheet::PriceCategory::kReagent
                     : category == "utility" ? flowsheet::PriceCategory::kUtility
                                             : flowsheet::PriceCategory::kDisposal;
    if (price.category != flowsheet::PriceCategory::kUtility && !(price.per == Dimension::mass())) {
      entry.fail("value", fmt::format("a {} price must be per mass (USD/t, USD/kg)", category));
    }
    price.per_element = entry.text_or("per_element", "");
    check_source(entry, price.source_key);
    price.verified = read_verified(entry);
    price.note = entry.text_or("note", "");
    entry.finish(fmt::format("price '{}'", key));
    deck.prices.emplace(key, std::move(price));
  }
  if (const auto factors = top.optional_child("emission_factors")) {
    for (const auto& key : factors->keys()) {
      const ParameterReader entry = factors->child(key);
      flowsheet::EmissionFactor factor;
      factor.key = key;
      factor.text = entry.text("value");
      const PerUnitValue value = located_per_unit(entry, "value", "kgCO2e");
      factor.kg_per_si = value.per_si;
      factor.per = value.per;
      check_source(entry, factor.source_key);
      factor.verified = read_verified(entry);
      entry.accept("note");
      entry.finish(fmt::format("emission factor '{}'", key));
      deck.emission_factors.emplace(key, std::move(factor));
    }
  }
  top.finish("a price deck");
  return deck;
}

std::shared_ptr<const flowsheet::AssessmentInputs> load_assessment_inputs(const ParameterReader& top,
                                                                          const flowsheet::Flowsheet& plant,
                                                                          const std::filesystem::path& flowsheet_dir,
                                                                          const std::filesystem::path& data_dir) {
  auto inputs = std::make_shared<flowsheet::AssessmentInputs>();
  const auto directory = reporting_dir(data_dir);

  // Product specifications, loaded only when a sink names one.
  const ParameterReader units_block = top.child("units");
  for (const auto& unit : plant.units) {
    const auto* sink = dynamic_cast<const units::Sink*>(unit.get());
    if (sink == nullptr || sink->specification().empty()) continue;
    if (inputs->specifications.empty()) {
      inputs->specifications_file = (directory / "product-specs.yaml").string();
      inputs->specifications = specification_memo().get(
          directory / "product-specs.yaml", [](const auto& file) { return load_product_specifications(file); });
    }
    if (inputs->specifications.count(sink->specification()) == 0) {
      units_block.child(unit->name())
          .fail("specification", fmt::format("no product specification '{}' in {}; {}", sink->specification(),
                                             inputs->specifications_file,
                                             did_you_mean(sink->specification(), keys_of(inputs->specifications))));
    }
    for (const auto& species : inputs->specifications.at(sink->specification()).species()) {
      if (!plant.database->find(species)) {
        units_block.child(unit->name())
            .fail("specification",
                  fmt::format("specification '{}' is for compound '{}', which is not in the thermo data",
                              sink->specification(), species));
      }
    }
    inputs->sink_specifications[unit->name()] = sink->specification();
  }

  // Regulations: the flowsheet's `compliance.regulations` list, or the file's default_checks.
  // A data directory without reporting/ (e.g. a test's own thermo data) simply has no
  // regulations to check unless the flowsheet asks for some.
  inputs->regulations_file = (directory / "regulations.yaml").string();
  const auto compliance = top.optional_child("compliance");
  std::vector<std::string> checks;
  std::vector<flowsheet::Regulation> all;
  if (compliance || std::filesystem::exists(inputs->regulations_file)) {
    RegulationsFile loaded = regulations_memo().get(inputs->regulations_file, [](const auto& file) {
      RegulationsFile parsed;
      parsed.regulations = load_regulations(file, &parsed.version, &parsed.default_checks);
      return parsed;
    });
    all = std::move(loaded.regulations);
    inputs->regulations_version = std::move(loaded.version);
    checks = std::move(loaded.default_checks);
  }
  if (compliance) {
    checks = compliance->text_list("regulations");
    for (const auto& key : checks) {
      const bool known =
          std::any_of(all.begin(), all.end(), [&](const flowsheet::Regulation& r) { return r.key == key; });
      if (!known) {
        std::vector<std::string> names;
        for (const auto& r : all) names.push_back(r.key);
        compliance->fail("regulations", fmt::format("no regulation '{}' in {}; {}", key, inputs->regulations_file,
                                                    did_you_mean(key, names)));
      }
    }
    compliance->finish("the compliance block");
  }
  for (const auto& key : checks) {
    for (const auto& regulation : all) {
      if (regulation.key == key) inputs->regulations.push_back(regulation);
    }
  }

  // Economics: the price deck, then the flowsheet's overrides, disposal routes and utilities.
  const auto economics = top.optional_child("economics");
  if (!economics) return inputs;
  inputs->has_economics = true;
  flowsheet::EconomicsSettings& settings = inputs->economics;
  const std::filesystem::path deck_file =
      resolve(economics->text_or("price_deck", "price-deck.yaml"), flowsheet_dir, data_dir);
  if (!std::filesystem::exists(deck_file)) {
    economics->fail("price_deck", fmt::format("price deck '{}' not found", deck_file.string()));
  }
  settings.deck = price_deck_memo().get(deck_file, [](const auto& file) { return load_price_deck(file); });
  const auto override_values = [&](std::string_view block, std::string_view currency, auto& map) {
    const auto overrides = economics->optional_child(block);
    if (!overrides) return;
    for (const auto& key : overrides->keys()) {
      const auto it = map.find(key);
      if (it == map.end()) {
        overrides->fail(key, fmt::format("the price deck {} has no '{}' in {}; {}", deck_file.string(), key, block,
                                         did_you_mean(key, keys_of(map))));
      }
      const PerUnitValue value = located_per_unit(*overrides, key, currency);
      if (!(value.per == it->second.per)) {
        overrides->fail(key, fmt::format("the price deck gives '{}' per {}, the override per {}", key,
                                         it->second.per.describe(), value.per.describe()));
      }
      it->second.text = overrides->text(key);
      if constexpr (std::is_same_v<std::decay_t<decltype(it->second)>, flowsheet::Price>) {
        it->second.usd_per_si = value.per_si;
      } else {
        it->second.kg_per_si = value.per_si;
      }
      it->second.overridden = true;
      it->second.verified = false;
    }
  };
  override_values("prices", "USD", settings.deck.prices);
  override_values("emission_factors", "kgCO2e", settings.deck.emission_factors);

  if (const auto disposal = economics->optional_child("disposal")) {
    for (const auto& sink : disposal->keys()) {
      const units::Unit* unit = plant.find_unit(sink);
      if (unit == nullptr || unit->role() != units::Role::kWaste) {
        disposal->fail(sink, fmt::format("'{}' is not a waste sink of this flowsheet", sink));
      }
      const std::string key = disposal->text(sink);
      const auto price = settings.deck.prices.find(key);
      if (price == settings.deck.prices.end() || price->second.category != flowsheet::PriceCategory::kDisposal) {
        std::vector<std::string> names;
        for (const auto& [name, p] : settings.deck.prices) {
          if (p.category == flowsheet::PriceCategory::kDisposal) names.push_back(name);
        }
        disposal->fail(
            sink, fmt::format("'{}' is not a disposal price of the price deck; {}", key, did_you_mean(key, names)));
      }
      settings.disposal[sink] = key;
    }
  }
  if (const auto utilities = economics->optional_child("utilities")) {
    for (const auto& name : utilities->keys()) {
      const ParameterReader entry = utilities->child(name);
      const auto price = settings.deck.prices.find(name);
      if (price == settings.deck.prices.end() || price->second.category != flowsheet::PriceCategory::kUtility) {
        std::vector<std::string> names;
        for (const auto& [key, p] : settings.deck.prices) {
          if (p.category == flowsheet::PriceCategory::kUtility) names.push_back(key);
        }
        utilities->fail(name,
                        fmt::format("'{}' is not a utility of the price deck; {}", name, did_you_mean(name, names)));
      }
      flowsheet::UtilityUse use;
      use.name = name;
      use.text = entry.text("per_tonne");
      // Consumption per tonne of basis feed: the price's unit (energy or mass) per mass.
      const Dimension expected = price->second.per / Dimension::mass();
      try {
        use.si_per_kg_feed = parse_quantity_as(use.text, expected);
      } catch (const InputError& error) {
        entry.fail("per_tonne", error.what());
      }
      use.dimension = price->second.per;
      use.note = entry.text_or("note", "");
      entry.accept("source");
      entry.finish(fmt::format("utility '{}'", name));
      settings.utilities.push_back(std::move(use));
    }
  }
  economics->accept("note");
  economics->accept("source");
  economics->finish("the economics block");
  return inputs;
}

}  // namespace hydrosim::io
