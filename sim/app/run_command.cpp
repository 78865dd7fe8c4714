#include "app/run_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/checkpoint_command.hpp"
#include "app/command_line.hpp"
#include "app/help_text.hpp"
#include "app/interrupt.hpp"
#include "app/memory_budget.hpp"
#include "app/progress_display.hpp"
#include "app/provenance_info.hpp"
#include "app/summary_table.hpp"
#include "app/version.hpp"
#include "core/error.hpp"
#include "io/builtin_scenario.hpp"
#include "io/run_file_writer.hpp"
#include "io/scenario_loader.hpp"
#include "market/simulation.hpp"

namespace gigsim::app {

std::string default_output_path(const std::string& scenario_name) {
  std::string stem;
  for (char c : scenario_name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    stem += keep ? c : '_';
  }
  if (stem.empty() || stem.find_first_not_of('.') == std::string::npos) stem = "gigsim-run";
  return stem + ".h5";
}

void check_output_path(const std::string& path, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path out(path);
  if (fs::is_directory(out, ec))
    throw RuntimeFailure("cannot write '" + path +
                         "': it is a directory; give a file name with -o, e.g. -o " +
                         (out / "run.h5").string());
  if (fs::exists(out, ec) && !force)
    throw RuntimeFailure("output file '" + path +
                         "' already exists; use --force to overwrite it or -o to choose another");
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::exists(dir, ec))
    throw RuntimeFailure("cannot write '" + path + "': directory '" + dir.string() +
                         "' does not exist; create it (mkdir -p " + dir.string() +
                         ") or choose another folder with -o");
  if (!fs::is_directory(dir, ec))
    throw RuntimeFailure("cannot write '" + path + "': '" + dir.string() +
                         "' is not a directory; choose another folder with -o");
  if (access(dir.c_str(), W_OK) != 0)
    throw RuntimeFailure("cannot write '" + path + "': directory '" + dir.string() +
                         "' is not writable; choose a writable folder with -o");
}

int run_command(const std::vector<std::string>& args, const std::vector<std::string>& argv) {
  const RunArguments parsed = parse_run_arguments(args);
  if (parsed.help) {
    std::fputs(run_help(), stdout);
    return 0;
  }
  install_interrupt_handlers();

  // --seed is one more override, applied last so that it wins over --set seed=...
  std::vector<std::string> set_args = parsed.set_args;
  if (parsed.seed) set_args.push_back("seed=" + std::to_string(*parsed.seed));
  const Scenario scenario = parsed.scenario_path
                                ? load_scenario_file(*parsed.scenario_path, set_args)
                                : load_scenario_text(builtin_baseline_yaml(), "<built-in>", set_args);

  const std::string output_path = parsed.output_path.value_or(default_output_path(scenario.name));
  check_output_path(output_path, parsed.force);
  const std::string scenario_yaml = scenario_to_yaml(scenario);
  const std::int64_t checkpoint_every =
      parsed.checkpoint_every ? checkpoint_ticks(*parsed.checkpoint_every, scenario, "run") : 0;
  const std::string checkpoint_path = parsed.checkpoint_path.value_or(default_checkpoint_path(output_path));
  if (checkpoint_every > 0) check_checkpoint_path(checkpoint_path, scenario_yaml, parsed.force);
  check_memory_budget(estimate_memory_bytes(scenario));

  RunOptions options;
  options.threads = parsed.serial ? 1 : parsed.threads.value_or(usable_cpu_count());
  options.parallel = !parsed.serial;
  options.check_invariants = parsed.check_invariants;

  Provenance provenance;
  provenance.gigsim_version = gigsim_version();
  provenance.git_commit = git_commit();
  provenance.host = host_name();
  provenance.start_time_utc = utc_now_iso8601();
  provenance.seed = scenario.seed;
  provenance.threads = options.threads;
  provenance.command_line = quoted_command_line(argv);

  const ProgressStyle style = progress_style_for_stderr(parsed.quiet);
  if (style != ProgressStyle::quiet)
    std::fprintf(stderr, "gigsim: running %s (%s workers, %.4g days, %d thread%s%s) -> %s\n",
                 scenario.name.c_str(), format_count(scenario.workers.registered).c_str(),
                 scenario.duration_days, options.threads, options.threads == 1 ? "" : "s",
                 options.parallel ? "" : ", serial", output_path.c_str());

  const auto started = std::chrono::steady_clock::now();
  // The writer outlives the simulation; if anything below throws, its destructor
  // removes the temporary file and nothing appears at output_path.
  RunFileWriter writer(output_path, scenario_yaml, provenance);
  Simulation simulation(scenario, options);
  simulation.add_observer(writer);
  CheckpointHeader header;
  header.gigsim_version = provenance.gigsim_version;
  header.git_commit = provenance.git_commit;
  header.scenario_name = scenario.name;
  header.scenario_yaml = scenario_yaml;
  header.scenario_hash = scenario_hash(scenario_yaml);
  header.total_ticks = scenario.total_ticks();
  header.tick_minutes = scenario.tick_minutes;
  header.seed = scenario.seed;
  header.output_path = output_path;
  header.checkpoint_every_ticks = checkpoint_every;
  header.checkpoint_path = checkpoint_path;
  RunDriver driver{simulation, writer, header, checkpoint_every, style, {}, 0};
  drive_run(driver);
  writer.commit(utc_now_iso8601());
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  SummaryContext context;
  context.scenario_name = scenario.name;
  context.currency = scenario.currency;
  context.duration_days = scenario.duration_days;
  context.threads = options.threads;
  context.wall_seconds = wall_seconds;
  context.output_path = output_path;
  std::fputs(format_summary(simulation.summary(), context).c_str(), stdout);
  std::fflush(stdout);
  return 0;
}

}  // namespace gigsim::app
