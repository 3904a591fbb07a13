#include "hydrosim/io/ParameterReader.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::io {

ParameterReader::ParameterReader(const YamlDocument& document, YAML::Node node, std::string path,
                                 const Overrides* overrides)
    : document_(&document),
      node_(std::move(node)),
      path_(std::move(path)),
      overrides_(overrides),
      read_keys_(std::make_shared<std::set<std::string>>()) {
  if (node_ && !node_.IsNull() && !node_.IsMap()) {
    document_->fail(node_, fmt::format("{}: expected a map of parameters (key: value lines)", path_));
  }
}

std::string ParameterReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

bool ParameterReader::has(std::string_view key) const {
  return node_ && node_.IsMap() && node_[std::string(key)].IsDefined() && !node_[std::string(key)].IsNull();
}

bool ParameterReader::is_map(std::string_view key) const { return has(key) && node_[std::string(key)].IsMap(); }

bool ParameterReader::is_list(std::string_view key) const { return has(key) && node_[std::string(key)].IsSequence(); }

YAML::Node ParameterReader::get(std::string_view key) const {
  read_keys_->insert(std::string(key));
  if (!has(key)) fail_here(fmt::format("missing parameter '{}'", key_path(key)));
  return node_[std::string(key)];
}

void ParameterReader::fail(std::string_view key, std::string_view message) const {
  const std::string full = key_path(key);
  if (overrides_ != nullptr) {
    const auto it = overrides_->find(full);
    if (it != overrides_->end()) {
      throw InputError(fmt::format("--set {}={}: {}", full, it->second, message));
    }
  }
  const YAML::Node value = has(key) ? node_[std::string(key)] : node_;
  document_->fail(value, fmt::format("{}: {}", full, message));
}

void ParameterReader::fail_here(std::string_view message) const {
  if (node_) document_->fail(node_, message);
  throw InputError(fmt::format("{}: {}", document_->origin(), message));
}

std::string ParameterReader::scalar(std::string_view key, std::string_view expected) const {
  const YAML::Node value = get(key);
  if (!value.IsScalar()) fail(key, fmt::format("expected {}, not a list or map", expected));
  return value.Scalar();
}

double ParameterReader::quantity(std::string_view key, const Dimension& dimension) const {
  const std::string text = scalar(key, dimension.describe());
  try {
    return parse_quantity_as(text, dimension);
  } catch (const InputError& error) {
    fail(key, error.what());
  }
}

double ParameterReader::quantity_or(std::string_view key, const Dimension& dimension,
                                    std::string_view default_text) const {
  read_keys_->insert(std::string(key));
  if (!has(key)) return parse_quantity_as(default_text, dimension);
  return quantity(key, dimension);
}

double ParameterReader::number(std::string_view key, double min, double max) const {
  const std::string text = scalar(key, "a number");
  Quantity quantity;
  try {
    quantity = parse_quantity(text);
  } catch (const InputError& error) {
    fail(key, error.what());
  }
  if (quantity.dimension != Dimension::dimensionless()) {
    fail(key, fmt::format("expected a plain number but '{}' is a {}", text, quantity.dimension.describe()));
  }
  const double value = quantity.value;
  if (!(value >= min && value <= max)) {
    fail(key, fmt::format("{} is outside the allowed range [{}, {}]", text, min, max));
  }
  return value;
}

double ParameterReader::number_or(std::string_view key, double fallback, double min, double max) const {
  read_keys_->insert(std::string(key));
  return has(key) ? number(key, min, max) : fallback;
}

int ParameterReader::integer_or(std::string_view key, int fallback, int min, int max) const {
  read_keys_->insert(std::string(key));
  if (!has(key)) return fallback;
  const double value = number(key, min, max);
  if (value != std::floor(value)) fail(key, fmt::format("expected a whole number, got {}", value));
  return static_cast<int>(value);
}

std::string ParameterReader::text(std::string_view key) const { return scalar(key, "a text value"); }

std::string ParameterReader::text_or(std::string_view key, std::string_view fallback) const {
  read_keys_->insert(std::string(key));
  return has(key) ? text(key) : std::string(fallback);
}

std::string ParameterReader::choice(std::string_view key, const std::vector<std::string>& options) const {
  const std::string value = text(key);
  for (const auto& option : options) {
    if (option == value) return value;
  }
  fail(key, fmt::format("'{}' is not one of: {}", value, fmt::join(options, ", ")));
}

std::string ParameterReader::choice_or(std::string_view key, const std::vector<std::string>& options,
                                       std::string_view fallback) const {
  read_keys_->insert(std::string(key));
  return has(key) ? choice(key, options) : std::string(fallback);
}

std::vector<std::string> ParameterReader::text_list(std::string_view key) const {
  const YAML::Node value = get(key);
  std::vector<std::string> items;
  if (value.IsScalar()) {
    items.push_back(value.Scalar());
    return items;
  }
  if (!value.IsSequence()) fail(key, "expected a list, e.g. [a, b]");
  for (const auto& item : value) {
    if (!item.IsScalar()) document_->fail(item, fmt::format("{}: expected a list of names", key_path(key)));
    items.push_back(item.Scalar());
  }
  return items;
}

ParameterReader ParameterReader::child(std::string_view key) const {
  const YAML::Node value = get(key);
  if (!value.IsMap()) fail(key, "expected a map (key: value lines)");
  return ParameterReader(*document_, value, key_path(key), overrides_);
}

std::optional<ParameterReader> ParameterReader::optional_child(std::string_view key) const {
  read_keys_->insert(std::string(key));
  if (!has(key)) return std::nullopt;
  return child(key);
}

std::vector<ParameterReader> ParameterReader::list_of_maps(std::string_view key) const {
  const YAML::Node value = get(key);
  if (!value.IsSequence()) fail(key, "expected a list of entries (lines starting with '- ')");
  std::vector<ParameterReader> items;
  for (std::size_t i = 0; i < value.size(); ++i) {
    items.emplace_back(*document_, value[i], fmt::format("{}[{}]", key_path(key), i), overrides_);
    if (!value[i].IsMap()) items.back().fail_here(fmt::format("{}[{}]: expected a map (key: value)", key_path(key), i));
  }
  return items;
}

std::vector<std::string> ParameterReader::keys() const {
  std::vector<std::string> names;
  if (!node_ || !node_.IsMap()) return names;
  for (const auto& entry : node_) {
    names.push_back(entry.first.Scalar());
    read_keys_->insert(entry.first.Scalar());
  }
  return names;
}

void ParameterReader::accept(std::string_view key) const { read_keys_->insert(std::string(key)); }

void ParameterReader::finish(std::string_view what) const {
  if (!node_ || !node_.IsMap()) return;
  for (const auto& entry : node_) {
    const std::string key = entry.first.Scalar();
    if (read_keys_->count(key) == 0) {
      std::vector<std::string> valid(read_keys_->begin(), read_keys_->end());
      const std::string full = key_path(key);
      if (overrides_ != nullptr) {
        // The key itself, or a key on the way to it (a map that --set created).
        for (const auto& [path, value] : *overrides_) {
          if (path == full || path.rfind(full + ".", 0) == 0) {
            throw InputError(fmt::format("--set {}={}: {} has no parameter '{}'; valid parameters: {}", path, value,
                                         what, key, fmt::join(valid, ", ")));
          }
        }
      }
      document_->fail(entry.first, fmt::format("{}: {} has no parameter '{}'; valid parameters: {}", full, what, key,
                                               fmt::join(valid, ", ")));
    }
  }
}

}  // namespace hydrosim::io
