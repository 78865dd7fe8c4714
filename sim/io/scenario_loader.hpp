#pragma once
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace gigsim {
// Loads, resolves and validates a scenario file. `set_args` are "key.path=value" strings from --set,
// applied over the file before validation (e.g. "workers.registered=500", "platforms[0].fee.rate=0.3",
// "regulation.minimum_wage.enabled=true"). Throws ScenarioError holding EVERY problem found.
Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& set_args = {});
// Same, from text; `source_name` is used as the FILE in messages (e.g. "<built-in>").
Scenario load_scenario_text(const std::string& yaml_text, const std::string& source_name,
                            const std::vector<std::string>& set_args = {});
// The fully resolved scenario as YAML (every key, explicit; per-platform regulation written in full under
// each platform). Loading this text again gives an identical Scenario and identical YAML.
std::string scenario_to_yaml(const Scenario& scenario);
}  // namespace gigsim
