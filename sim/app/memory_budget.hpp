#pragma once
// How much memory this process can still take, read before a run allocates anything.
#include <cstdint>
#include <optional>
#include <string>

namespace gigsim::app {

// MemAvailable from /proc/meminfo, lowered to what is left under a cgroup memory
// limit and to the address-space limit (ulimit -v) when there are. None when none is known.
std::optional<std::int64_t> available_memory_bytes();

// "3.2 GiB", "512 MiB"
std::string format_bytes(std::int64_t bytes);

// Throws RuntimeFailure with one line when `needed` exceeds what is available.
void check_memory_budget(std::int64_t needed_bytes);

}  // namespace gigsim::app
