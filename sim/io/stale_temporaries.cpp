#include "io/stale_temporaries.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace gigsim {

namespace {

namespace fs = std::filesystem;

// When this process started (static initialisation).
const fs::file_time_type kProcessStart = fs::file_time_type::clock::now();

// The PID in "PID" or "PID-THREAD"; 0 when `suffix` is neither.
pid_t pid_in(const std::string& suffix) {
  const std::size_t dash = suffix.find('-');
  const std::string pid = suffix.substr(0, dash);
  if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) return 0;
  if (dash != std::string::npos) {
    const std::string thread = suffix.substr(dash + 1);
    if (thread.empty() || thread.find_first_not_of("0123456789") != std::string::npos) return 0;
  }
  return static_cast<pid_t>(std::stol(pid));
}

}  // namespace

void remove_stale_temporaries(const std::string& output_path) {
  const fs::path path(output_path);
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::string prefix = ".";  // built in steps: GCC 12 warns falsely (-Wrestrict) on "." + name + ...
  prefix += path.filename().string();
  prefix += ".tmp-";
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const pid_t pid = pid_in(name.substr(prefix.size()));
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // that process still runs
    std::error_code time_error;
    const auto written = fs::last_write_time(it->path(), time_error);
    if (time_error || written >= kProcessStart) continue;
    std::error_code remove_error;
    fs::remove(it->path(), remove_error);
  }
}

}  // namespace gigsim
