#pragma once
#include <string>
#include <utility>
#include <vector>

#include "model/scenario.hpp"

namespace gigsim {
// Loads, resolves and validates a scenario file. `extends: BASE` (a path relative to the file's
// directory) loads BASE first and merges the file's keys over it (docs/scenarios.md). `set_args` are
// "key.path=value" strings from --set, applied over the merged file before validation (e.g.
// "workers.registered=500", "platforms[0].fee.rate=0.3", "regulation.minimum_wage.enabled=true").
// `interventions:` become Scenario::interventions, each with its validated `after`.
// Throws ScenarioError holding EVERY problem found.
Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& set_args = {});
// Same, from text; `source_name` is used as the FILE in messages (e.g. "<built-in>"), and an
// `extends:` path is relative to the current directory.
Scenario load_scenario_text(const std::string& yaml_text, const std::string& source_name,
                            const std::vector<std::string>& set_args = {});
// The fully resolved scenario as YAML (every key, explicit; per-platform regulation written in full under
// each platform; no `extends`; interventions with `at: minute N`). Loading this text again gives an
// identical Scenario and identical YAML.
std::string scenario_to_yaml(const Scenario& scenario);
// An intervention's settings as one YAML flow mapping, "{regulation.minimum_wage.enabled: true,
// \"platforms[0].fee.rate\": 0.15}" (keys with brackets are quoted, as YAML requires); "{}" when none.
std::string settings_as_yaml_map(const std::vector<std::pair<std::string, std::string>>& settings);
}  // namespace gigsim
