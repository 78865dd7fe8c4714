// The gigsim command line: dispatch to a subcommand, and turn every failure into
// one clear message and an exit status (see exit_status.hpp).
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <new>
#include <string>
#include <vector>

#include "app/checkpoint_command.hpp"
#include "app/command_line.hpp"
#include "app/exit_status.hpp"
#include "app/help_text.hpp"
#include "app/interrupt.hpp"
#include "app/run_command.hpp"
#include "app/sweep_command.hpp"
#include "app/validate_command.hpp"
#include "app/version.hpp"
#include "core/error.hpp"
#include "io/hdf5_handle.hpp"

namespace gigsim::app {
namespace {

int dispatch(const std::vector<std::string>& argv) {
  if (argv.size() < 2)
    throw UsageError(
        "", "no command given (expected 'run', 'resume', 'fork', 'validate', 'sweep' or 'sweep-collect')");
  const std::string& command = argv[1];
  const std::vector<std::string> rest(argv.begin() + 2, argv.end());
  if (command == "run") return run_command(rest, argv);
  if (command == "resume") return resume_command(rest, argv);
  if (command == "fork") return fork_command(rest, argv);
  if (command == "validate") return validate_command(rest);
  if (command == "sweep") return sweep_command(rest, argv);
  if (command == "sweep-collect") return sweep_collect_command(rest);
  if (command == "--help" || command == "-h" || command == "help") {
    const std::string topic = rest.empty() ? "" : rest.front();
    std::fputs(topic == "run"             ? run_help()
               : topic == "resume"        ? resume_help()
               : topic == "fork"          ? fork_help()
               : topic == "validate"      ? validate_help()
               : topic == "sweep"         ? sweep_help()
               : topic == "sweep-collect" ? sweep_collect_help()
                                          : main_help(),
               stdout);
    return kExitOk;
  }
  if (command == "--version" || command == "-V" || command == "version") {
    std::fputs(version_text().c_str(), stdout);
    return kExitOk;
  }
  const bool is_option = command.size() > 1 && command[0] == '-';
  std::string message = (is_option ? "unknown option '" : "unknown command '") + command + "'";
  const std::vector<std::string> known =
      is_option ? std::vector<std::string>{"--help", "--version"}
                : std::vector<std::string>{"run",   "resume",        "fork", "validate",
                                           "sweep", "sweep-collect", "help", "version"};
  if (auto hint = closest_match(command, known)) message += "; did you mean '" + *hint + "'?";
  throw UsageError("", message);
}

int main_with_errors_reported(int argc, char** argv) {
  // Past a file size limit (ulimit -f) the kernel sends SIGXFSZ, whose default action
  // kills the process with a core dump; ignored, the write fails with EFBIG instead and
  // the writer reports which file could not be written (docs/robustness.md).
  std::signal(SIGXFSZ, SIG_IGN);
  // A run keeps millions of reviews in per-tick buckets that grow and are freed tick by tick.
  // glibc raises its mmap threshold each time such a large block is freed, after which the
  // buckets come from the heap, whose freed holes stay resident. A fixed threshold keeps them
  // mapped and returned (national.yaml, 6 days: peak 1,049 MB -> 959 MB; docs/performance.md).
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  hdf5::skip_library_cleanup_at_exit();
  std::vector<std::string> args(argv, argv + argc);
  if (!args.empty()) args[0] = "gigsim";
  try {
    return dispatch(args);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "gigsim: error: %s\nTry 'gigsim %s%s--help' for more information.\n", e.what(),
                 e.command().c_str(), e.command().empty() ? "" : " ");
    return kExitInvalidInput;
  } catch (const ScenarioError& e) {
    if (e.diagnostics().empty()) std::fprintf(stderr, "gigsim: error: %s\n", e.what());
    for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", format_diagnostic(d).c_str());
    return kExitInvalidInput;
  } catch (const Interrupted& e) {
    std::fprintf(stderr, "gigsim: interrupted; no output file was written\n");
    return kExitSignalBase + e.signal_number();
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "gigsim: error: out of memory\n");
    return kExitRuntimeFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gigsim: error: %s\n", e.what());
    return kExitRuntimeFailure;
  } catch (...) {
    std::fprintf(stderr, "gigsim: error: unexpected failure\n");
    return kExitRuntimeFailure;
  }
}

}  // namespace
}  // namespace gigsim::app

int main(int argc, char** argv) { return gigsim::app::main_with_errors_reported(argc, argv); }
