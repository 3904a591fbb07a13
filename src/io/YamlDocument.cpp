#include "hydrosim/io/YamlDocument.h"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::io {
namespace {

std::string line_of(const std::string& text, int line) {
  std::istringstream stream(text);
  std::string current;
  for (int i = 0; i <= line && std::getline(stream, current); ++i) {
    if (i == line) return current;
  }
  return {};
}

}  // namespace

std::string format_location_message(const std::string& origin, const std::string& text, int line, int column,
                                    std::string_view message) {
  if (line < 0) return fmt::format("{}: {}", origin, message);
  const std::string source_line = line_of(text, line);
  std::string caret(static_cast<std::size_t>(std::max(column, 0)), ' ');
  // Keep tabs in the caret line so it stays under the column.
  for (std::size_t i = 0; i < caret.size() && i < source_line.size(); ++i) {
    if (source_line[i] == '\t') caret[i] = '\t';
  }
  return fmt::format("{}:{}:{}: {}\n{:5} | {}\n      | {}^", origin, line + 1, column + 1, message, line + 1,
                     source_line, caret);
}

YamlDocument::YamlDocument(std::string text, std::string origin) : text_(std::move(text)), origin_(std::move(origin)) {
  try {
    root_ = YAML::Load(text_);
  } catch (const YAML::Exception& error) {
    throw InputError(format_location_message(origin_, text_, error.mark.line, error.mark.column,
                                             fmt::format("malformed YAML: {}", error.msg)));
  }
  reject_duplicate_keys(root_);
}

YamlDocument YamlDocument::load_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(fmt::format("{}: cannot open file", path.string()));
  std::ostringstream contents;
  contents << file.rdbuf();
  return YamlDocument(contents.str(), path.string());
}

YamlDocument YamlDocument::from_string(std::string text, std::string origin) {
  return YamlDocument(std::move(text), std::move(origin));
}

std::string YamlDocument::location(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return origin_;
  return fmt::format("{}:{}:{}", origin_, mark.line + 1, mark.column + 1);
}

void YamlDocument::fail(const YAML::Node& node, std::string_view message) const {
  const YAML::Mark mark = node.Mark();
  throw InputError(format_location_message(origin_, text_, mark.line, mark.column, message));
}

void YamlDocument::reject_duplicate_keys(const YAML::Node& node) const {
  if (node.IsMap()) {
    std::set<std::string> seen;
    for (const auto& entry : node) {
      if (entry.first.IsScalar()) {
        const std::string key = entry.first.Scalar();
        if (!seen.insert(key).second) {
          fail(entry.first, fmt::format("duplicate key '{}' (YAML keeps only one of them; remove the other)", key));
        }
      }
      reject_duplicate_keys(entry.second);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) reject_duplicate_keys(item);
  }
}

}  // namespace hydrosim::io
