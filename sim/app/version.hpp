#pragma once
// What `gigsim --version` prints, and what goes into /provenance.
#include <string>

namespace gigsim::app {

std::string gigsim_version();  // "0.1.0"
std::string git_commit();      // short hash stamped at configure time, or "unknown"
std::string version_text();    // the full `--version` output

}  // namespace gigsim::app
