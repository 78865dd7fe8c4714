#pragma once
// The scenario of a fork (gigsim fork): a run's scenario with one more intervention,
// at the checkpoint's minute, holding the --set changes. It is built as a scenario
// file would be and loaded by the same loader, so the same keys are refused (those
// that fix the run's structure: seed, duration, sizes, names, ...) with the same
// messages, and the same values are checked.
#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace gigsim {

// `scenario_yaml`: a resolved scenario (scenario_to_yaml). `set_args`: "KEY.PATH=VALUE". The new
// intervention goes after every intervention at or before `at_minute`. Throws ScenarioError; a
// problem with a setting is reported at its argument, as `<--set>:N:0: error: KEY.PATH: ...`.
Scenario fork_scenario(const std::string& scenario_yaml, std::int64_t at_minute, const std::string& label,
                       const std::vector<std::string>& set_args);

}  // namespace gigsim
