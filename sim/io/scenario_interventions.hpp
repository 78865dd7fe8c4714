#pragma once
// The `interventions:` list: time-stamped changes of parameters during a run.
//
//   interventions:
//     - at: day 30                 # or "day 2.5", "hour 36", "minute 90", or a number of minutes
//       label: minimum wage introduced
//       set:
//         regulation.minimum_wage.enabled: true
//         platforms[0].fee.rate: 0.15
//
// Each `set` key is a key path as for --set. Each intervention's `after` is the whole
// scenario with this and every earlier intervention's settings applied, read and
// checked like the scenario itself; a bad value is reported at its line in the
// `set` block. Keys that fix the run's structure cannot be changed (see
// structural_key).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "io/scenario_diagnostics.hpp"
#include "model/scenario.hpp"

namespace gigsim {

// Reads `interventions` from the resolved tree into scenario.interventions (in time
// order), building each `after`. `scenario` is what read_scenario_tree made of `root`;
// `root` is changed (the settings are applied to it in turn).
void read_interventions(YAML::Node& root, Scenario& scenario, DiagnosticSink& sink);

// "day 30", "day 2.5", "hour 36", "minute 90", "90": minutes from the start (not
// necessarily whole), or nullopt when the text is none of these forms.
std::optional<double> parse_intervention_time(const std::string& text);

// The key an intervention may not change that `path` lies within ("seed",
// "output", "platforms[1].name", ...), or nullopt.
std::optional<std::string> structural_key(const std::string& path);

// A value as Intervention::settings stores it: compact YAML, flow style
// ("0.15", "true", "{median: 2, sigma: 0.1}", "\"quoted text\"").
std::string compact_yaml(const YAML::Node& value);

// Writes a stored value (compact YAML text) to an emitter, as compact_yaml made it; text
// that is not YAML is written as a quoted string.
void emit_setting_value(YAML::Emitter& out, const std::string& value_text);

}  // namespace gigsim
