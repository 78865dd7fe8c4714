#pragma once
// `gigsim validate`: check scenarios without running them, listing every problem.
#include <string>
#include <vector>

namespace gigsim::app {

// `args` are the arguments after "validate". Returns 0 when every file is valid, 2 otherwise.
int validate_command(const std::vector<std::string>& args);

}  // namespace gigsim::app
