#pragma once
// Small helpers shared by the progress displays of `gigsim run` and `gigsim sweep`.
#include <cstdio>
#include <string>

namespace gigsim::app {

// "m:ss" or "h:mm:ss"; "--:--" when unknown or beyond 99 hours.
std::string format_duration(double seconds);

// Width of the terminal behind `out`, 80 when it cannot be told.
int terminal_columns(std::FILE* out);

}  // namespace gigsim::app
