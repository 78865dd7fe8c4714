#pragma once
// Strict reading of YAML scalars: yaml-cpp's own conversions accept `yes` as a bool
// and "0.3" in quotes as a number, which would hide slips in a scenario.
#include <cstdint>
#include <optional>
#include <string>

#include <yaml-cpp/node/node.h>

namespace gigsim {

// How a node reads in a message: "a list", "a mapping", "the quoted string \"x\"", "'abc'".
std::string describe_node(const YAML::Node& node);

// Written in quotes or tagged !!str: meant as text even if it looks like a number.
bool is_quoted(const YAML::Node& node);

// A plain scalar as a number, including YAML's .inf and .nan (callers reject those
// with a message of their own); nullopt when it is not a number at all.
std::optional<double> parse_number(const std::string& text);

enum class IntParse { ok, not_a_number, not_whole, out_of_range };
IntParse parse_int64(const std::string& text, std::int64_t& out);
IntParse parse_uint64(const std::string& text, std::uint64_t& out);

// Shortest text that reads back as the same double, so written scenarios round-trip exactly.
std::string format_number(double value);

}  // namespace gigsim
