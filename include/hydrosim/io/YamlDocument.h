#pragma once
// A parsed YAML file that remembers where every node came from, so that every
// input error can say file:line:column, show the line and point at it.
#include <filesystem>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace hydrosim::io {

class YamlDocument {
 public:
  // Reads and parses a file. Syntax errors and duplicate keys (which yaml-cpp
  // would otherwise resolve silently) throw InputError with the location.
  static YamlDocument load_file(const std::filesystem::path& path);
  static YamlDocument from_string(std::string text, std::string origin);

  const YAML::Node& root() const { return root_; }
  YAML::Node& root() { return root_; }
  const std::string& origin() const { return origin_; }
  const std::string& text() const { return text_; }

  // "file:line:column" of a node (1-based), or just the file when the node was
  // not read from it.
  std::string location(const YAML::Node& node) const;

  // Throws InputError: "<file>:<line>:<col>: <message>" followed by the
  // offending source line and a caret under the column.
  [[noreturn]] void fail(const YAML::Node& node, std::string_view message) const;

 private:
  YamlDocument(std::string text, std::string origin);
  void reject_duplicate_keys(const YAML::Node& node) const;

  std::string text_;
  std::string origin_;
  YAML::Node root_;
};

// The message of fail() for an arbitrary mark, exposed for parse errors.
std::string format_location_message(const std::string& origin, const std::string& text, int line, int column,
                                    std::string_view message);

}  // namespace hydrosim::io
