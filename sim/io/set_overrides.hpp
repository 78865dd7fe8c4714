#pragma once
// `--set KEY.PATH=VALUE`: edits the parsed file before it is read, so a set value is
// checked exactly like one written in the file, and errors about it point at the
// argument (`<--set>:N:0`, N = its position among the --set arguments).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/node/node.h>

#include "io/scenario_diagnostics.hpp"

namespace gigsim {

// `root` must be a mapping. A value replaces the whole node at its path (a block set
// as `{median: 2}` loses the keys it does not repeat); a path below a block the file
// lacks creates it; a list entry must already exist (a list the file lacks has its
// default entries).
void apply_set_args(YAML::Node& root, const std::vector<std::string>& set_args, DiagnosticSink& sink);

// The same, one setting at a time, for the `set:` blocks of interventions. `report`
// receives each problem with the key path as far as it was understood.
using SettingReporter = std::function<void(const std::string& path, std::string message)>;

// Parses a key path ("platforms[0].fee.rate") and checks it against the schema: its
// normalised text, or nullopt after reporting (unknown keys with a did-you-mean).
std::optional<std::string> check_setting_path(const std::string& path_text, const SettingReporter& report);

// Puts `value` (the node itself, which keeps its place in its file) at the path, as
// apply_set_args does; false after reporting.
bool place_setting(YAML::Node& root, const std::string& path_text, const YAML::Node& value,
                   const SettingReporter& report);

// Removes the key at the path when the tree has it; nothing otherwise.
void remove_setting(YAML::Node& root, const std::string& path_text);

}  // namespace gigsim
