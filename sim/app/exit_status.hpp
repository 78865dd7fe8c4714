#pragma once
// The exit statuses of the gigsim command line (documented in `gigsim --help`).

namespace gigsim::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntimeFailure = 1;  // cannot write output, not enough memory, ...
inline constexpr int kExitInvalidInput = 2;    // bad scenario or bad command-line usage
inline constexpr int kExitSignalBase = 128;    // 128 + signal number (130 for Ctrl-C)

}  // namespace gigsim::app
