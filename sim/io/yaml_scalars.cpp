#include "io/yaml_scalars.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <yaml-cpp/yaml.h>

namespace gigsim {

bool is_quoted(const YAML::Node& node) { return node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str"; }

std::string describe_node(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      if (is_quoted(node)) return "the quoted string \"" + node.Scalar() + "\"";
      return "'" + node.Scalar() + "'";
    default:
      return "an undefined value";
  }
}

namespace {

std::string_view without_plus(const std::string& text) {
  std::string_view view(text);
  if (view.size() > 1 && view.front() == '+') view.remove_prefix(1);
  return view;
}

}  // namespace

std::optional<double> parse_number(const std::string& text) {
  // YAML 1.2 core schema spellings; std::from_chars knows only `inf` and `nan`.
  for (const char* s : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
    if (text == s) return std::numeric_limits<double>::infinity();
  }
  for (const char* s : {"-.inf", "-.Inf", "-.INF"}) {
    if (text == s) return -std::numeric_limits<double>::infinity();
  }
  for (const char* s : {".nan", ".NaN", ".NAN"}) {
    if (text == s) return std::numeric_limits<double>::quiet_NaN();
  }
  const std::string_view view = without_plus(text);
  if (view.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return view.front() == '-' ? -std::numeric_limits<double>::infinity()
                               : std::numeric_limits<double>::infinity();
  }
  if (ec != std::errc() || end != view.data() + view.size()) return std::nullopt;
  return value;
}

namespace {

template <class Int>
IntParse parse_integer(const std::string& text, Int& out) {
  const std::string_view view = without_plus(text);
  Int value{};
  const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (ec == std::errc() && end == view.data() + view.size() && !view.empty()) {
    out = value;
    return IntParse::ok;
  }
  if (ec == std::errc::result_out_of_range) return IntParse::out_of_range;
  const std::optional<double> number = parse_number(text);
  if (!number) return IntParse::not_a_number;
  if (std::isfinite(*number) && *number == std::floor(*number)) {
    // `-1` for an unsigned field, or a whole number too big for 64 bits.
    if (std::fabs(*number) >= 9.2e18 || (std::is_unsigned_v<Int> && *number < 0)) {
      return IntParse::out_of_range;
    }
  }
  return IntParse::not_whole;
}

}  // namespace

IntParse parse_int64(const std::string& text, std::int64_t& out) { return parse_integer(text, out); }
IntParse parse_uint64(const std::string& text, std::uint64_t& out) { return parse_integer(text, out); }

std::string format_number(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "nan";
  return std::string(buffer, end);
}

}  // namespace gigsim
