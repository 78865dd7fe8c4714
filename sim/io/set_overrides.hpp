#pragma once
// `--set KEY.PATH=VALUE`: edits the parsed file before it is read, so a set value is
// checked exactly like one written in the file, and errors about it point at the
// argument (`<--set>:N:0`, N = its position among the --set arguments).
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

}  // namespace gigsim
