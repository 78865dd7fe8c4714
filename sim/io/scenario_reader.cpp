#include "io/scenario_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace gigsim {

namespace {

// Range ends read as people write them: 1000000000, not 1e+09.
std::string bound_text(double x) {
  if (x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
  return format_number(x);
}

std::string range_text(const Bounds& b) {
  std::string text = b.noun ? std::string(b.noun) + " " : std::string();
  if (std::isinf(b.hi)) {
    text += (b.lo_open ? "> " : ">= ") + bound_text(b.lo);
  } else {
    text += std::string("in ") + (b.lo_open ? "(" : "[") + bound_text(b.lo) + ", " + bound_text(b.hi) +
            (b.hi_open ? ")" : "]");
  }
  if (b.hint) text += std::string(" (") + b.hint + ")";
  return text;
}

bool in_bounds(double x, const Bounds& b) {
  const bool above = b.lo_open ? x > b.lo : x >= b.lo;
  const bool below = b.hi_open ? x < b.hi : x <= b.hi;
  return above && below;
}

std::string range_text(const IntBounds& b) {
  std::string text = b.noun ? std::string(b.noun) + " " : std::string("an integer ");
  if (b.hi == kIntNoLimit) {
    text += ">= " + std::to_string(b.lo);
  } else {
    text += "in " + std::to_string(b.lo) + ".." + std::to_string(b.hi);
  }
  if (b.hint) text += std::string(" (") + b.hint + ")";
  return text;
}

bool is_identifier(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string as_identifier(const std::string& s) {
  std::string out;
  for (char c : s) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) ? lower : '_';
  }
  return out.empty() ? std::string("name") : out;
}

bool is_currency(const std::string& s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

bool ScenarioReader::find(const char* key, Found& found) {
  known_.emplace_back(key);
  if (!map_.IsMap()) return false;
  // Range-for over values: yaml-cpp's iterator proxy (`it->first`) trips GCC 12's dangling-pointer warning.
  for (const auto& pair : map_) {
    if (pair.first.IsScalar() && pair.first.Scalar() == key) {
      found.value = pair.second;
      found.path = child_path(path_, key);
      // A key with no value has no mark of its own worth showing: point at the key.
      found.mark =
          pair.second.IsNull() || pair.second.Mark().line < 0 ? pair.first.Mark() : pair.second.Mark();
      sink_.note(found.path, found.mark);
      return true;
    }
  }
  return false;
}

bool ScenarioReader::scalar_for(const Found& f, const char* expected) {
  if (f.value.IsNull()) {
    sink_.error_at(
        f.path, f.mark,
        std::string("has no value; give ") + expected + ", or leave the key out to keep the default");
    return false;
  }
  if (!f.value.IsScalar()) {
    sink_.error_at(f.path, f.mark, std::string("must be ") + expected + ", got " + describe_node(f.value));
    return false;
  }
  if (is_quoted(f.value)) {
    sink_.error_at(
        f.path, f.mark,
        std::string("must be ") + expected + ", got " + describe_node(f.value) + "; remove the quotes");
    return false;
  }
  return true;
}

void ScenarioReader::number(const char* key, double& x, const Bounds& bounds) {
  Found f;
  if (!find(key, f) || !scalar_for(f, "a number")) return;
  const std::string& text = f.value.Scalar();
  const std::optional<double> value = parse_number(text);
  if (!value) return sink_.error_at(f.path, f.mark, "must be a number, got '" + text + "'");
  if (!std::isfinite(*value)) {
    return sink_.error_at(f.path, f.mark, "must be a finite number " + range_text(bounds) + ", got " + text);
  }
  if (!in_bounds(*value, bounds)) {
    return sink_.error_at(f.path, f.mark, "must be " + range_text(bounds) + ", got " + text);
  }
  x = *value;
}

void ScenarioReader::integer(const char* key, std::int64_t& x, const IntBounds& bounds) {
  Found f;
  if (!find(key, f) || !scalar_for(f, "a whole number")) return;
  const std::string& text = f.value.Scalar();
  std::int64_t value = 0;
  switch (parse_int64(text, value)) {
    case IntParse::ok:
      break;
    case IntParse::not_a_number:
      return sink_.error_at(f.path, f.mark, "must be a whole number, got '" + text + "'");
    case IntParse::out_of_range:
      return sink_.error_at(f.path, f.mark,
                            "must be " + range_text(bounds) + ", got " + text + ", which is out of range");
    case IntParse::not_whole: {
      const std::optional<double> number = parse_number(text);
      if (number && std::isfinite(*number) && *number == std::floor(*number)) {
        return sink_.error_at(f.path, f.mark,
                              "must be a whole number written without a decimal point or exponent, got " +
                                  text + "; write " + format_number(*number) + " as digits only");
      }
      return sink_.error_at(f.path, f.mark, "must be a whole number, got " + text);
    }
  }
  if (value < bounds.lo || value > bounds.hi) {
    return sink_.error_at(f.path, f.mark, "must be " + range_text(bounds) + ", got " + text);
  }
  x = value;
}

void ScenarioReader::integer(const char* key, int& x, const IntBounds& bounds) {
  std::int64_t wide = x;
  integer(key, wide, bounds);
  // Every int field has bounds well inside int, so the value fits whenever it was accepted.
  x = static_cast<int>(wide);
}

void ScenarioReader::unsigned_integer(const char* key, std::uint64_t& x) {
  Found f;
  if (!find(key, f) || !scalar_for(f, "a non-negative whole number")) return;
  const std::string& text = f.value.Scalar();
  std::uint64_t value = 0;
  switch (parse_uint64(text, value)) {
    case IntParse::ok:
      x = value;
      return;
    case IntParse::out_of_range:
      if (!text.empty() && text.front() == '-') {
        return sink_.error_at(f.path, f.mark, "must be a non-negative whole number, got " + text);
      }
      return sink_.error_at(f.path, f.mark, "must be at most 18446744073709551615, got " + text);
    case IntParse::not_a_number:
      return sink_.error_at(f.path, f.mark, "must be a non-negative whole number, got '" + text + "'");
    case IntParse::not_whole:
      return sink_.error_at(f.path, f.mark,
                            "must be a non-negative whole number written as digits only, got " + text);
  }
}

void ScenarioReader::boolean(const char* key, bool& x) {
  Found f;
  if (!find(key, f) || !scalar_for(f, "true or false")) return;
  const std::string& text = f.value.Scalar();
  if (text == "true") {
    x = true;
  } else if (text == "false") {
    x = false;
  } else {
    sink_.error_at(f.path, f.mark, "must be true or false, got '" + text + "'");
  }
}

void ScenarioReader::text(const char* key, std::string& x, TextRule rule) {
  Found f;
  if (!find(key, f)) return;
  if (f.value.IsNull()) {
    return sink_.error_at(
        f.path, f.mark,
        "has no value; give the text (\"\" for none), or leave the key out to keep the default");
  }
  if (!f.value.IsScalar()) {
    return sink_.error_at(f.path, f.mark,
                          "must be text, got " + describe_node(f.value) +
                              "; put text containing ': ', '#', '[' or '{' in quotes");
  }
  const std::string& value = f.value.Scalar();
  switch (rule) {
    case TextRule::any:
      break;
    case TextRule::identifier:
      if (!is_identifier(value)) {
        return sink_.error_at(
            f.path, f.mark,
            "must use only lowercase letters, digits and '_' (it becomes an output group name), "
            "got '" +
                value + "'; try '" + as_identifier(value) + "'");
      }
      break;
    case TextRule::currency:
      if (!is_currency(value)) {
        return sink_.error_at(
            f.path, f.mark,
            "must be a 3-letter ISO 4217 currency code in capitals such as USD or EUR, got '" + value + "'");
      }
      break;
  }
  x = value;
}

void ScenarioReader::hourly_weights(const char* key, std::array<double, 24>& x) {
  Found f;
  if (!find(key, f)) return;
  const char* expected = "a list of 24 numbers >= 0, the relative activity in local hours 0..23";
  if (!f.value.IsSequence()) {
    return sink_.error_at(f.path, f.mark,
                          std::string("must be ") + expected + ", got " + describe_node(f.value));
  }
  if (f.value.size() != 24) {
    return sink_.error_at(f.path, f.mark,
                          std::string("must be ") + expected + ", got " + std::to_string(f.value.size()) +
                              (f.value.size() == 1 ? " number" : " numbers"));
  }
  std::array<double, 24> weights{};
  bool ok = true;
  for (std::size_t hour = 0; hour < 24; ++hour) {
    const YAML::Node item = f.value[hour];
    const std::string item_path = index_path(f.path, hour);
    const YAML::Mark mark = item.Mark().line < 0 ? f.mark : item.Mark();
    const std::optional<double> value =
        item.IsScalar() && !is_quoted(item) ? parse_number(item.Scalar()) : std::nullopt;
    if (!value) {
      sink_.error_at(item_path, mark, "must be a number >= 0, got " + describe_node(item));
      ok = false;
    } else if (!std::isfinite(*value) || *value < 0.0) {
      sink_.error_at(item_path, mark, "must be a finite number >= 0, got " + item.Scalar());
      ok = false;
    } else {
      weights[hour] = *value;
    }
  }
  if (!ok) return;
  if (std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; })) {
    return sink_.error_at(
        f.path, f.mark, "must not be all zero; give relative weights, e.g. 1 for every hour for a flat day");
  }
  x = weights;
}

void ScenarioReader::invalid(const char* key, std::string message) {
  // A field that failed to read still holds its old value; blaming the pair would repeat that error.
  if (sink_.has_error_within(path_)) return;
  const std::string path = child_path(path_, key);
  sink_.error(path, std::move(message));
}

void ScenarioReader::finish() {
  if (!map_.IsMap()) return;
  std::map<std::string, int> first_line;
  for (const auto& pair : map_) {
    const YAML::Node& key_node = pair.first;
    if (!key_node.IsScalar()) {
      sink_.error_at(
          path_, key_node.Mark(),
          "a key must be a plain name such as 'seed', got " + describe_node(key_node) + " as a key");
      continue;
    }
    const std::string key = key_node.Scalar();
    const std::string path = child_path(path_, key);
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
      std::string message = "unknown key '" + key + "'";
      if (auto guess = did_you_mean(key, known_)) {
        message += "; did you mean '" + *guess + "'?";
      } else {
        message += "; the keys allowed here are " + join_names(known_);
      }
      sink_.error_at(path, key_node.Mark(), std::move(message));
      continue;
    }
    const auto [seen, inserted] = first_line.emplace(key, key_node.Mark().line + 1);
    if (!inserted) {
      sink_.error_at(path, key_node.Mark(),
                     "duplicate key '" + key + "' (first given on line " + std::to_string(seen->second) +
                         "); keep only one");
    }
  }
}

}  // namespace gigsim
