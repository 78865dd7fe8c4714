#pragma once
// `gigsim run`: load a scenario, run it, write one HDF5 file, print a summary.
#include <string>
#include <vector>

namespace gigsim::app {

// `args` are the arguments after "run"; `argv` is the whole command line, for provenance.
// Returns the exit status; throws UsageError, ScenarioError, Interrupted or RuntimeFailure.
int run_command(const std::vector<std::string>& args, const std::vector<std::string>& argv);

// "<scenario name>.h5" with anything but letters, digits, '-', '_' and '.' replaced by '_'.
std::string default_output_path(const std::string& scenario_name);

// Refuses an existing file (unless `force`) and a directory that is missing or not writable.
void check_output_path(const std::string& path, bool force);

}  // namespace gigsim::app
