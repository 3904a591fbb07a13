#include "hydrosim/core/Formula.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim {
namespace {

// Recursive-descent parser over one formula string. Counts are accumulated in a
// map keyed by atomic number so that repeated elements (C in CH3COO) add up.
class FormulaParser {
 public:
  explicit FormulaParser(std::string_view text) : text_(text) {}

  Formula parse() {
    std::string_view body = strip_phase_tag(text_);
    body = strip_charge(body);
    if (body.empty()) fail(0, "no elements");
    end_ = body.size();
    std::map<int, std::pair<const Element*, double>> counts;
    parse_part(counts);
    while (pos_ < end_ && is_hydrate_separator()) {
      parse_part(counts);
    }
    if (pos_ != end_) fail(pos_, fmt::format("unexpected '{}'", text_[pos_]));
    Formula formula;
    formula.charge = charge_;
    for (const auto& [z, entry] : counts) {
      if (entry.second != 0.0) formula.elements.push_back({entry.first, entry.second});
    }
    if (formula.elements.empty()) fail(0, "no elements");
    return formula;
  }

 private:
  using Counts = std::map<int, std::pair<const Element*, double>>;

  [[noreturn]] void fail(std::size_t at, std::string_view why) const {
    throw InputError(fmt::format("cannot read formula '{}': {} at character {}", text_, why, at + 1));
  }

  // "(aq)", "(s)", "(g)", "(l)", "(cr)", "(org)": lower-case tags are phases, since
  // element groups always start with an upper-case letter.
  static std::string_view strip_phase_tag(std::string_view text) {
    if (text.size() > 2 && text.back() == ')') {
      const auto open = text.rfind('(');
      if (open != std::string_view::npos && open + 1 < text.size() &&
          std::islower(static_cast<unsigned char>(text[open + 1]))) {
        return text.substr(0, open);
      }
    }
    return text;
  }

  // Trailing charge: "+", "-", "+2", "-3", "++".
  std::string_view strip_charge(std::string_view text) {
    std::size_t end = text.size();
    std::size_t digits_start = end;
    while (digits_start > 0 && std::isdigit(static_cast<unsigned char>(text[digits_start - 1]))) {
      --digits_start;
    }
    const bool has_digits = digits_start < end;
    if (digits_start == 0) return text;
    const char sign = text[digits_start - 1];
    if (sign != '+' && sign != '-') return text;
    int magnitude = has_digits ? std::stoi(std::string(text.substr(digits_start))) : 1;
    std::size_t body_end = digits_start - 1;
    if (!has_digits) {  // "Fe+++" style repeated signs
      while (body_end > 0 && text[body_end - 1] == sign) {
        --body_end;
        ++magnitude;
      }
    }
    charge_ = sign == '+' ? magnitude : -magnitude;
    return text.substr(0, body_end);
  }

  bool is_hydrate_separator() {
    // ':' '*' or the UTF-8 middle dot U+00B7 (0xC2 0xB7).
    const char c = text_[pos_];
    if (c == ':' || c == '*') {
      ++pos_;
      return true;
    }
    if (static_cast<unsigned char>(c) == 0xC2 && pos_ + 1 < end_ &&
        static_cast<unsigned char>(text_[pos_ + 1]) == 0xB7) {
      pos_ += 2;
      return true;
    }
    return false;
  }

  // A part is an optional leading multiplier and a sequence of groups: "7H2O".
  void parse_part(Counts& counts) {
    const double multiplier = peek_number() ? parse_number() : 1.0;
    Counts part;
    const std::size_t start = pos_;
    while (pos_ < end_ &&
           (std::isupper(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '(' || text_[pos_] == '[')) {
      parse_group(part);
    }
    if (pos_ == start) fail(pos_, "expected an element symbol or '('");
    add(counts, part, multiplier);
  }

  void parse_group(Counts& counts) {
    const char c = text_[pos_];
    if (c == '(' || c == '[') {
      const char close = c == '(' ? ')' : ']';
      ++pos_;
      Counts inner;
      while (pos_ < end_ && text_[pos_] != close) parse_group(inner);
      if (pos_ >= end_) fail(pos_, fmt::format("missing '{}'", close));
      ++pos_;
      const double multiplier = peek_number() ? parse_number() : 1.0;
      add(counts, inner, multiplier);
      return;
    }
    if (!std::isupper(static_cast<unsigned char>(c))) fail(pos_, "expected an element symbol");
    std::size_t len = 1;
    if (pos_ + 1 < end_ && std::islower(static_cast<unsigned char>(text_[pos_ + 1]))) len = 2;
    const std::string_view symbol = text_.substr(pos_, len);
    const Element* element = find_element(symbol);
    if (element == nullptr) fail(pos_, fmt::format("unknown element '{}'", symbol));
    pos_ += len;
    const double n = peek_number() ? parse_number() : 1.0;
    auto& slot = counts[element->atomic_number];
    slot.first = element;
    slot.second += n;
  }

  bool peek_number() const { return pos_ < end_ && std::isdigit(static_cast<unsigned char>(text_[pos_])); }

  // "2", "0.6", "1/3".
  double parse_number() {
    const std::size_t start = pos_;
    while (pos_ < end_ && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) ++pos_;
    double value = 0;
    try {
      value = std::stod(std::string(text_.substr(start, pos_ - start)));
    } catch (const std::exception&) {
      fail(start, "bad number");
    }
    if (pos_ < end_ && text_[pos_] == '/' && pos_ + 1 < end_ &&
        std::isdigit(static_cast<unsigned char>(text_[pos_ + 1]))) {
      ++pos_;
      const std::size_t denominator_start = pos_;
      while (pos_ < end_ && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      const double denominator = std::stod(std::string(text_.substr(denominator_start, pos_ - denominator_start)));
      if (denominator == 0) fail(denominator_start, "division by zero");
      value /= denominator;
    }
    return value;
  }

  static void add(Counts& into, const Counts& from, double multiplier) {
    for (const auto& [z, entry] : from) {
      auto& slot = into[z];
      slot.first = entry.first;
      slot.second += multiplier * entry.second;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  int charge_ = 0;
};

}  // namespace

double Formula::count(std::string_view symbol) const {
  for (const auto& entry : elements) {
    if (entry.element->symbol == symbol) return entry.count;
  }
  return 0.0;
}

double Formula::molar_mass() const {
  double grams = 0.0;
  for (const auto& entry : elements) grams += entry.count * entry.element->atomic_weight;
  return grams * 1e-3;
}

Formula parse_formula(std::string_view text) { return FormulaParser(text).parse(); }

}  // namespace hydrosim
