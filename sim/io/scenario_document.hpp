#pragma once
// From text to the one YAML tree a scenario is read from: the document is parsed, its
// `extends:` chain resolved (each base loaded and the file's keys merged over it), and
// every key path's origin recorded in the sink, so that an error inside a base file
// names that file and line. Then the tree is read into a Scenario.
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "io/scenario_diagnostics.hpp"
#include "model/scenario.hpp"

namespace gigsim {

// A base may extend another base, and so on, through at most this many `extends:`.
inline constexpr std::size_t kMaxExtendsDepth = 8;

// `display` names the text in messages (its path, or e.g. "<built-in>"); `directory` is
// where its `extends:` paths start ("" = the current directory); `identity` is the
// file's canonical path when the text is a file's, to catch a base that extends it
// back ("" otherwise). Returns the merged tree without `extends`, or nullopt once the
// reason is reported (a syntax error, a base that cannot be read).
std::optional<YAML::Node> resolve_document(const std::string& text, const std::string& display,
                                           const std::string& directory, const std::string& identity,
                                           DiagnosticSink& sink);

// Reads a resolved tree (every key of the schema, `interventions` left to
// read_interventions) and runs the checks that join several keys.
Scenario read_scenario_tree(const YAML::Node& root, DiagnosticSink& sink);

}  // namespace gigsim
