#pragma once
// Facts about where and when a run happened, for the /provenance of its file.
#include <string>
#include <vector>

namespace gigsim::app {

std::string host_name();
std::string utc_now_iso8601();  // "2025-06-01T14:03:22Z"
// The arguments as one line a shell would read back the same way.
std::string quoted_command_line(const std::vector<std::string>& argv);
// The CPUs this process may run on (its affinity mask), at least 1.
int usable_cpu_count();

}  // namespace gigsim::app
