#include "hydrosim/thermo/Database.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/core/Text.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::thermo {
namespace {

// Sections a thermo-data file may hold. Reactions and solids are read by the
// aqueous-chemistry layer; the species database only checks they are there.
const std::vector<std::string> kSections{"meta",        "species",           "aqueous_reactions",    "solids",
                                         "extractants", "leaching_kinetics", "formation_enthalpies", "pitzer"};

std::optional<double> optional_property(const io::ParameterReader& entry, std::string_view key,
                                        const Dimension& dimension) {
  if (!entry.has(key)) {
    entry.accept(key);
    return std::nullopt;
  }
  return entry.quantity(key, dimension);
}

std::vector<std::string> read_source_keys(const io::ParameterReader& entry) {
  if (!entry.has("source")) {
    entry.accept("source");
    return {};
  }
  return entry.text_list("source");
}

}  // namespace

std::string normalize_species_name(std::string_view name) {
  std::string normalized;
  normalized.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    // U+00B7 MIDDLE DOT is 0xC2 0xB7 in UTF-8.
    if (static_cast<unsigned char>(name[i]) == 0xC2 && i + 1 < name.size() &&
        static_cast<unsigned char>(name[i + 1]) == 0xB7) {
      normalized += ':';
      ++i;
    } else {
      normalized += name[i];
    }
  }
  return normalized;
}

std::filesystem::path Database::default_data_dir() {
  if (const char* dir = std::getenv("HYDROSIM_DATA_DIR"); dir != nullptr && *dir != '\0') return dir;
  return HYDROSIM_DEFAULT_DATA_DIR;
}

std::vector<std::filesystem::path> Database::files_in(const std::filesystem::path& directory) {
  if (!std::filesystem::is_directory(directory)) {
    throw InputError(
        fmt::format("thermo-data directory '{}' not found (set HYDROSIM_DATA_DIR or --data-dir)", directory.string()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Database Database::load(const std::vector<std::filesystem::path>& files) {
  Database database;
  struct PendingSources {
    std::vector<std::string> keys;
    const io::YamlDocument* document;
    YAML::Node node;
    std::string path;
  };
  std::vector<io::YamlDocument> documents;
  documents.reserve(files.size());
  std::vector<PendingSources> pending;
  std::uint64_t hash = 14695981039346656037ULL;

  for (const auto& file : files) {
    documents.push_back(io::YamlDocument::load_file(file));
    const io::YamlDocument& document = documents.back();
    hash = fnv1a_64(document.text(), hash);
    database.files_.push_back(file);
    const YAML::Node& root = document.root();
    if (!root.IsMap()) document.fail(root, "a thermo-data file must be a map with 'meta' and 'species' sections");
    for (const auto& section : root) {
      const std::string name = section.first.Scalar();
      if (std::find(kSections.begin(), kSections.end(), name) == kSections.end()) {
        document.fail(section.first,
                      fmt::format("unknown section '{}'; expected one of: {}", name, fmt::join(kSections, ", ")));
      }
    }
    const YAML::Node meta = root["meta"];
    const YAML::Node sources = (meta && meta.IsMap()) ? meta["sources"] : YAML::Node();
    if (sources && !sources.IsNull()) {
      if (!sources.IsMap()) document.fail(sources, "meta.sources: expected a map of key: citation");
      for (const auto& source : sources) {
        const std::string key = source.first.Scalar();
        const std::string text = source.second.as<std::string>("");
        const auto [it, inserted] = database.bibliography_.emplace(key, text);
        if (!inserted && it->second != text) {
          document.fail(source.first, fmt::format("meta.sources: key '{}' is already defined with another citation "
                                                  "in an earlier file",
                                                  key));
        }
      }
    }
    const YAML::Node species_list = root["species"];
    if (!species_list) continue;
    if (!species_list.IsSequence()) document.fail(species_list, "species: expected a list of entries (- name: ...)");
    for (std::size_t i = 0; i < species_list.size(); ++i) {
      const YAML::Node node = species_list[i];
      const io::ParameterReader entry(document, node, fmt::format("species[{}]", i));
      Species species;
      species.name = normalize_species_name(entry.text("name"));
      species.formula_text = entry.text("formula");
      try {
        species.formula = parse_formula(species.formula_text);
      } catch (const InputError& error) {
        entry.fail("formula", error.what());
      }
      const std::string phase = entry.choice("phase", phase_names());
      species.phase = *phase_from_string(phase);
      species.molar_mass = species.formula.molar_mass();
      species.standard.gibbs_formation = optional_property(entry, "dG_f", Dimension::molar_energy());
      species.standard.enthalpy_formation = optional_property(entry, "dH_f", Dimension::molar_energy());
      species.standard.entropy = optional_property(entry, "S", Dimension::molar_entropy());
      species.standard.heat_capacity = optional_property(entry, "Cp", Dimension::molar_entropy());
      species.source_keys = read_source_keys(entry);
      species.note = entry.text_or("note", "");
      species.defined_at = document.location(node);
      entry.finish(fmt::format("species entry '{}'", species.name));
      if (!species.standard.empty() && species.source_keys.empty()) {
        entry.fail_here(fmt::format("species '{}' has thermodynamic values but no 'source'", species.name));
      }
      if (database.index_.count(species.name) != 0) {
        entry.fail("name", fmt::format("species '{}' is already defined at {}", species.name,
                                       database.species_[database.index_.at(species.name)].defined_at));
      }
      if (!species.source_keys.empty()) {
        pending.push_back({species.source_keys, &document, node["source"], entry.path() + ".source"});
      }
      database.index_.emplace(species.name, database.species_.size());
      database.species_.push_back(std::move(species));
    }
  }
  // Sources may be defined in any file, so check them once all are read.
  for (const auto& sources : pending) {
    for (const auto& key : sources.keys) {
      if (database.bibliography_.count(key) == 0) {
        sources.document->fail(
            sources.node, fmt::format("{}: source '{}' is not in any meta.sources bibliography", sources.path, key));
      }
    }
  }
  database.content_hash_ = hash;
  database.finalize();
  return database;
}

void Database::finalize() {
  std::map<int, const Element*> present;
  for (const auto& species : species_) {
    for (const auto& entry : species.formula.elements) present.emplace(entry.element->atomic_number, entry.element);
  }
  elements_.clear();
  for (const auto& [z, element] : present) elements_.push_back(element);
  element_matrix_ =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(species_.size()), static_cast<Eigen::Index>(elements_.size()));
  charges_.resize(static_cast<Eigen::Index>(species_.size()));
  molar_masses_.resize(static_cast<Eigen::Index>(species_.size()));
  for (std::size_t i = 0; i < species_.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    for (const auto& entry : species_[i].formula.elements) {
      element_matrix_(row, static_cast<Eigen::Index>(*element_index(entry.element->symbol))) = entry.count;
    }
    charges_(row) = species_[i].charge();
    molar_masses_(row) = species_[i].molar_mass;
  }
}

std::optional<std::size_t> Database::element_index(std::string_view symbol) const {
  for (std::size_t i = 0; i < elements_.size(); ++i) {
    if (elements_[i]->symbol == symbol) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> Database::find(std::string_view name) const {
  const auto it = index_.find(normalize_species_name(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Database::closest_names(std::string_view name, std::size_t count) const {
  std::vector<std::string> names;
  names.reserve(species_.size());
  for (const auto& species : species_) names.push_back(species.name);
  return closest_matches(normalize_species_name(name), names, count);
}

std::size_t Database::index_of(std::string_view name) const {
  if (const auto index = find(name)) return *index;
  const auto suggestions = closest_names(name);
  if (suggestions.empty()) {
    throw InputError(fmt::format("unknown species '{}' (not in the thermo data; `hydrosim species` lists them)", name));
  }
  throw InputError(fmt::format("unknown species '{}'; did you mean {}?", name, fmt::join(suggestions, ", ")));
}

std::string Database::citation(std::string_view key) const {
  const auto it = bibliography_.find(std::string(key));
  return it == bibliography_.end() ? std::string() : it->second;
}

}  // namespace hydrosim::thermo
