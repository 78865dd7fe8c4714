#pragma once
// Sweep files (docs/scenarios.md, "Sweep files"): read and check the file, then build
// and validate every run it asks for, before anything runs. Problems are reported like
// a scenario's, FILE:LINE:COL: error: KEY.PATH: MESSAGE, every one at once; a run whose
// combination of values the scenario rejects is named by its run id.
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sweep/plan.hpp"

namespace gigsim {

struct SweepFile {
  std::string path;  // as given
  std::string text;  // the file's bytes, copied to DIR/sweep.yaml and fingerprinted
  sweep::SweepSpec spec;
  // Where each parameter's values are written (1-based line and column), for messages
  // about the runs they make.
  std::vector<std::pair<int, int>> parameter_places;
};

// Throws ScenarioError with every problem. `require_base`: the base scenario must
// exist (false for `sweep-collect`, which reads the copy in the sweep directory and
// needs only the design).
SweepFile load_sweep_file(const std::string& path, bool require_base = true);
// Same, from the file's text: `path` names it in messages and a relative `base:` starts at its
// folder; nothing is read but (when `require_base`) whether the base exists. For tests and the
// fuzz target (tests/fuzz/).
SweepFile load_sweep_text(const std::string& text, const std::string& path, bool require_base = true);

struct ResolvedRun {
  sweep::RunPlan plan;
  Scenario scenario;
  std::string scenario_yaml;  // scenario_to_yaml(scenario): what the run file stores in /scenario
};

// Loads the base with every run's overrides. Throws ScenarioError listing the runs that
// fail (each message starts with "run ID (overrides): "); nothing is returned then.
std::vector<ResolvedRun> resolve_sweep_runs(const SweepFile& sweep);

// The sweep file's text and every run's id, seed and resolved scenario, as 16 hex digits.
std::string sweep_fingerprint(const SweepFile& sweep, const std::vector<ResolvedRun>& runs);

}  // namespace gigsim
