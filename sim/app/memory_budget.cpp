#include "app/memory_budget.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace gigsim::app {
namespace {

std::optional<std::int64_t> read_number(const char* path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::nullopt;
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::int64_t> meminfo_available() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) != 0) continue;
    std::istringstream fields(line.substr(13));
    std::int64_t kib = 0;
    if (fields >> kib) return kib * 1024;
  }
  return std::nullopt;
}

std::optional<std::int64_t> cgroup_headroom() {
  // cgroup v2, then v1 (where "no limit" is a huge number).
  if (auto limit = read_number("/sys/fs/cgroup/memory.max")) {
    const auto used = read_number("/sys/fs/cgroup/memory.current").value_or(0);
    return std::max<std::int64_t>(0, *limit - used);
  }
  if (auto limit = read_number("/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
    if (*limit >= (std::int64_t{1} << 60)) return std::nullopt;
    const auto used = read_number("/sys/fs/cgroup/memory/memory.usage_in_bytes").value_or(0);
    return std::max<std::int64_t>(0, *limit - used);
  }
  return std::nullopt;
}

// The address-space limit (ulimit -v; Slurm and batch systems often set one): past it
// every allocation fails, whatever the machine has free.
std::optional<std::int64_t> address_space_limit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  return static_cast<std::int64_t>(std::min<rlim_t>(limit.rlim_cur, rlim_t{1} << 62));
}

struct Available {
  std::int64_t bytes = 0;
  const char* what = "";  // where the bound comes from, for the message
};

std::optional<Available> tightest_bound() {
  std::optional<Available> best;
  const auto consider = [&](std::optional<std::int64_t> bytes, const char* what) {
    if (bytes && (!best || *bytes < best->bytes)) best = Available{*bytes, what};
  };
  consider(meminfo_available(), "available");
  consider(cgroup_headroom(), "left under this job's memory limit (cgroup)");
  consider(address_space_limit(), "allowed by the address-space limit (ulimit -v)");
  return best;
}

}  // namespace

std::optional<std::int64_t> available_memory_bytes() {
  const auto bound = tightest_bound();
  if (!bound) return std::nullopt;
  return bound->bytes;
}

std::string format_bytes(std::int64_t bytes) {
  char buf[64];
  const double b = static_cast<double>(bytes);
  if (b >= 1024.0 * 1024 * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f TiB", b / (1024.0 * 1024 * 1024 * 1024));
  else if (b >= 1024.0 * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1024.0 * 1024 * 1024));
  else if (b >= 1024.0 * 1024)
    std::snprintf(buf, sizeof buf, "%.0f MiB", b / (1024.0 * 1024));
  else
    std::snprintf(buf, sizeof buf, "%.0f KiB", b / 1024.0);
  return buf;
}

void check_memory_budget(std::int64_t needed_bytes) {
  const auto available = tightest_bound();
  if (!available || needed_bytes <= available->bytes) return;
  throw RuntimeFailure("this scenario would need about " + format_bytes(needed_bytes) +
                       " of memory but only " + format_bytes(available->bytes) + " is " + available->what +
                       "; reduce workers.registered, requesters.count or duration_days");
}

}  // namespace gigsim::app
