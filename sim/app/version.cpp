#include "app/version.hpp"

#include "market/simulation.hpp"

#ifndef GIGSIM_GIT_COMMIT
#define GIGSIM_GIT_COMMIT "unknown"
#endif

namespace gigsim::app {

std::string gigsim_version() { return model_version(); }

std::string git_commit() { return GIGSIM_GIT_COMMIT; }

std::string version_text() {
  return "gigsim " + gigsim_version() + " (git commit " + git_commit() +
         ")\n"
         "An agent-based simulator of the micro-work labour market.\n";
}

}  // namespace gigsim::app
