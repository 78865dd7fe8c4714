#include "app/validate_command.hpp"

#include <cstdio>

#include "app/command_line.hpp"
#include "app/exit_status.hpp"
#include "app/help_text.hpp"
#include "app/summary_table.hpp"
#include "core/error.hpp"
#include "io/scenario_loader.hpp"

namespace gigsim::app {

int validate_command(const std::vector<std::string>& args) {
  const ValidateArguments parsed = parse_validate_arguments(args);
  if (parsed.help) {
    std::fputs(validate_help(), stdout);
    return kExitOk;
  }
  int status = kExitOk;
  for (const auto& path : parsed.scenario_paths) {
    try {
      const Scenario scenario = load_scenario_file(path, parsed.set_args);
      std::printf("OK: %s (%s: %s workers, %.4g days)\n", path.c_str(), scenario.name.c_str(),
                  format_count(scenario.workers.registered).c_str(), scenario.duration_days);
    } catch (const ScenarioError& e) {
      if (e.diagnostics().empty()) std::fprintf(stderr, "%s: error: %s\n", path.c_str(), e.what());
      for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", format_diagnostic(d).c_str());
      status = kExitInvalidInput;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: error: %s\n", path.c_str(), e.what());
      status = kExitInvalidInput;
    }
  }
  std::fflush(stdout);
  return status;
}

}  // namespace gigsim::app
