#pragma once
// The species database: everything hydrosim knows can exist, loaded from the
// YAML files in thermo-data/. Read-only once loaded; shared by all streams.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <Eigen/Dense>

#include "hydrosim/thermo/Species.h"

namespace hydrosim::thermo {

class Database {
 public:
  // Loads and checks every file (unique names, parseable formulas, sources
  // that exist in the bibliography). Throws InputError with file:line:column.
  static Database load(const std::vector<std::filesystem::path>& files);

  // The thermo-data directory: $HYDROSIM_DATA_DIR, else the source tree's.
  static std::filesystem::path default_data_dir();
  // Every *.yaml file of a data directory, sorted; InputError if it does not exist.
  static std::vector<std::filesystem::path> files_in(const std::filesystem::path& directory);

  std::size_t size() const { return species_.size(); }
  const Species& species(std::size_t index) const { return species_.at(index); }
  const std::vector<Species>& all_species() const { return species_; }

  // Lookup by name; ':' and the middle dot '·' are interchangeable in hydrates.
  std::optional<std::size_t> find(std::string_view name) const;
  // Like find, but throws InputError suggesting the closest names.
  std::size_t index_of(std::string_view name) const;
  std::vector<std::string> closest_names(std::string_view name, std::size_t count = 3) const;

  // Elements that occur in any species, ordered by atomic number, and the
  // species × element matrix of atom counts.
  const std::vector<const Element*>& elements() const { return elements_; }
  std::optional<std::size_t> element_index(std::string_view symbol) const;
  const Eigen::MatrixXd& element_matrix() const { return element_matrix_; }
  const Eigen::VectorXd& charges() const { return charges_; }
  const Eigen::VectorXd& molar_masses() const { return molar_masses_; }

  // Full citation text of a bibliography key.
  std::string citation(std::string_view key) const;
  const std::map<std::string, std::string>& bibliography() const { return bibliography_; }

  // Files read and a hash of their contents (recorded in results files).
  const std::vector<std::filesystem::path>& files() const { return files_; }
  std::uint64_t content_hash() const { return content_hash_; }

 private:
  void finalize();

  std::vector<Species> species_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<const Element*> elements_;
  Eigen::MatrixXd element_matrix_;
  Eigen::VectorXd charges_;
  Eigen::VectorXd molar_masses_;
  std::map<std::string, std::string> bibliography_;
  std::vector<std::filesystem::path> files_;
  std::uint64_t content_hash_ = 0;
};

// Canonical lookup form of a species name ("CoSO4·7H2O" -> "CoSO4:7H2O").
std::string normalize_species_name(std::string_view name);

}  // namespace hydrosim::thermo
