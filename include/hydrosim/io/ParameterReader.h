#pragma once
// Typed, located access to one YAML map of parameters (a unit's block, a
// solver block). Every read is checked; every error names the file, line,
// column and the key's full path, or the --set option that supplied it.
// The reader remembers which keys were read, so finish() can reject keys that
// no model asked for (a typo such as "temprature" must not be ignored).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "hydrosim/core/Quantity.h"
#include "hydrosim/io/YamlDocument.h"

namespace hydrosim::io {

// Values set on the command line with --set path=value, keyed by path.
using Overrides = std::map<std::string, std::string>;

class ParameterReader {
 public:
  // `path` is the dotted path of `node` in the document ("units.leach").
  ParameterReader(const YamlDocument& document, YAML::Node node, std::string path,
                  const Overrides* overrides = nullptr);

  const std::string& path() const { return path_; }
  bool has(std::string_view key) const;
  // The YAML kind of a present key, for parameters that accept several forms
  // (chemistry: NMC622 | {NMC622: "70 wt%", LFP: "30 wt%"} | [NMC622, LFP]).
  bool is_map(std::string_view key) const;
  bool is_list(std::string_view key) const;

  // Dimensional values must carry units; a bare number is refused.
  double quantity(std::string_view key, const Dimension& dimension) const;
  double quantity_or(std::string_view key, const Dimension& dimension, std::string_view default_text) const;

  // Plain numbers, checked against [min, max].
  double number(std::string_view key, double min, double max) const;
  double number_or(std::string_view key, double fallback, double min, double max) const;
  int integer_or(std::string_view key, int fallback, int min, int max) const;

  std::string text(std::string_view key) const;
  std::string text_or(std::string_view key, std::string_view fallback) const;
  std::string choice(std::string_view key, const std::vector<std::string>& options) const;
  std::string choice_or(std::string_view key, const std::vector<std::string>& options, std::string_view fallback) const;
  std::vector<std::string> text_list(std::string_view key) const;

  // A nested map read with the same rules ("fractions.liquor").
  ParameterReader child(std::string_view key) const;
  std::optional<ParameterReader> optional_child(std::string_view key) const;

  // A list of maps ("reactions: [- {equation: ...}, ...]"), each read with the
  // same rules; paths are "reactions[0]", "reactions[1]", ...
  std::vector<ParameterReader> list_of_maps(std::string_view key) const;

  // The keys of a map whose keys are names chosen by the user (species, outlets).
  // All of them count as read.
  std::vector<std::string> keys() const;

  // Marks a key as understood without reading it (e.g. "type", "note").
  void accept(std::string_view key) const;

  // Throws on any key that was never read, listing the keys that are valid.
  void finish(std::string_view what) const;

  [[noreturn]] void fail(std::string_view key, std::string_view message) const;
  [[noreturn]] void fail_here(std::string_view message) const;

  const YamlDocument& document() const { return *document_; }

 private:
  YAML::Node get(std::string_view key) const;
  std::string key_path(std::string_view key) const;
  std::string scalar(std::string_view key, std::string_view expected) const;

  const YamlDocument* document_;
  YAML::Node node_;
  std::string path_;
  const Overrides* overrides_;
  std::shared_ptr<std::set<std::string>> read_keys_;
};

}  // namespace hydrosim::io
