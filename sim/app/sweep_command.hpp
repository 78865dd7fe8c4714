#pragma once
#include <string>
#include <vector>

namespace gigsim::app {

// `gigsim sweep SWEEP.yaml -o DIR ...`: every run of a sweep file, in parallel, resumable.
int sweep_command(const std::vector<std::string>& args, const std::vector<std::string>& argv);
// `gigsim sweep-collect DIR`: the index of a sweep run in shards.
int sweep_collect_command(const std::vector<std::string>& args);

}  // namespace gigsim::app
