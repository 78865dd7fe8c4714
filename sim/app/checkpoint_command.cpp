#include "app/checkpoint_command.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/help_text.hpp"
#include "app/interrupt.hpp"
#include "app/memory_budget.hpp"
#include "app/provenance_info.hpp"
#include "app/run_command.hpp"
#include "app/summary_table.hpp"
#include "app/version.hpp"
#include "core/error.hpp"
#include "core/state_archive.hpp"
#include "io/fork_scenario.hpp"
#include "io/scenario_loader.hpp"

namespace gigsim::app {
namespace {

std::string day_text(std::int64_t tick, std::int64_t ticks_per_day) {
  return checkpoint_day_text(tick, ticks_per_day);
}

std::string megabytes(std::size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

void write_checkpoint(RunDriver& d, ProgressDisplay& progress, std::int64_t tick) {
  const auto started = std::chrono::steady_clock::now();
  StateWriter model, rows;
  model.reserve(d.last_state_bytes + d.last_state_bytes / 10);
  d.simulation.save_state(model);
  d.last_state_bytes = model.bytes().size();
  d.writer.save_state(rows);
  d.header.tick = tick;
  d.header.created_utc = utc_now_iso8601();
  const std::int64_t per_day = d.simulation.scenario().ticks_per_day();
  const std::string path = checkpoint_path_at(d.header.checkpoint_path, tick, per_day);
  write_checkpoint_file(path, d.header, model.bytes(), rows.bytes());
  d.last_checkpoint = path;
  if (d.style == ProgressStyle::quiet) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (d.style == ProgressStyle::terminal) std::fputs("\r\033[K", stderr);
  progress.line_ended_elsewhere();
  std::fprintf(stderr, "gigsim: checkpoint at day %s -> %s (%s, %.2f s)\n", day_text(tick, per_day).c_str(),
               path.c_str(), megabytes(model.bytes().size() + rows.bytes().size()).c_str(), seconds);
}

[[noreturn]] void stop(const RunDriver& d) {
  const std::int64_t per_day = d.simulation.scenario().ticks_per_day();
  if (!d.last_checkpoint.empty()) {
    std::fprintf(
        stderr, "gigsim: stopped at day %s; the last checkpoint is %s; continue with: gigsim resume %s\n",
        day_text(d.simulation.tick(), per_day).c_str(), d.last_checkpoint.c_str(), d.last_checkpoint.c_str());
  }
  throw_if_interrupted();
  throw Interrupted(pending_interrupt());
}

}  // namespace

std::int64_t checkpoint_ticks(const CheckpointInterval& interval, const Scenario& scenario,
                              const std::string& command) {
  if (interval.amount == 0) return 0;
  const double factor = interval.unit == 'd' ? 1440.0 : interval.unit == 'h' ? 60.0 : 1.0;
  double ticks = interval.amount;
  if (interval.unit != 't') ticks = interval.amount * factor / static_cast<double>(scenario.tick_minutes);
  if (!(ticks >= 1) || std::fabs(ticks - std::round(ticks)) > 1e-9)
    throw UsageError(command, "--checkpoint-every " + interval.text +
                                  " is not a whole number of ticks (tick_minutes: " +
                                  std::to_string(scenario.tick_minutes) + ")");
  return static_cast<std::int64_t>(std::llround(ticks));
}

std::string default_checkpoint_path(const std::string& output_path) { return output_path + ".ckpt"; }

void check_checkpoint_path(const std::string& pattern, const std::string& scenario_yaml, bool force) {
  const std::string sample = checkpoint_path_at(pattern, 1, 1);
  check_output_path(sample, true);  // the directory exists and is writable
  if (force || pattern.find('{') != std::string::npos) return;
  std::error_code ec;
  if (!std::filesystem::exists(pattern, ec)) return;
  CheckpointContents existing;
  try {
    existing = read_checkpoint_file(pattern);
  } catch (const Error&) {
    throw RuntimeFailure("checkpoint path '" + pattern +
                         "' already holds a file that is not a readable gigsim checkpoint; choose another "
                         "--checkpoint path, or pass --force to replace it");
  }
  const auto& h = existing.header;
  const std::string day = day_text(h.tick, 1440 / std::max<std::int64_t>(1, h.tick_minutes));
  if (h.scenario_hash == scenario_hash(scenario_yaml))
    throw RuntimeFailure("a checkpoint of this run already exists at '" + pattern + "' (day " + day +
                         "); continue it with 'gigsim resume " + pattern +
                         "', or pass --force to start again from the beginning");
  throw RuntimeFailure("checkpoint '" + pattern + "' belongs to another scenario ('" + h.scenario_name +
                       "', day " + day + ", written " + h.created_utc +
                       "); choose another --checkpoint path, or pass --force to replace it");
}

void drive_run(RunDriver& d) {
  Simulation& sim = d.simulation;
  const std::int64_t total = sim.total_ticks();
  const std::int64_t every_progress = std::max<std::int64_t>(1, 60 / sim.scenario().tick_minutes);
  ProgressDisplay progress(d.style, sim.scenario().ticks_per_day());
  throw_if_interrupted();
  while (!sim.finished()) {
    sim.step();
    if (sim.finished()) break;
    const std::int64_t tick = sim.tick();
    const int signal = pending_interrupt();
    if (signal != 0) progress.line_ended_elsewhere();
    if (d.every_ticks > 0 && (tick % d.every_ticks == 0 || signal != 0)) write_checkpoint(d, progress, tick);
    if (signal != 0) stop(d);
    if (tick % every_progress == 0) progress.update(tick, total);
  }
  if (pending_interrupt() != 0) {
    progress.line_ended_elsewhere();
    stop(d);
  }
  progress.update(total, total);
  progress.finish();
}

namespace {

int continue_command(const std::string& command, const std::vector<std::string>& args,
                     const std::vector<std::string>& argv) {
  const bool fork = command == "fork";
  const ContinueArguments parsed = parse_continue_arguments(command, args);
  if (parsed.help) {
    std::fputs(fork ? fork_help() : resume_help(), stdout);
    return 0;
  }
  install_interrupt_handlers();

  const CheckpointContents checkpoint = read_checkpoint_file(parsed.checkpoint);
  const CheckpointHeader& saved = checkpoint.header;
  if (saved.gigsim_version != gigsim_version() || saved.git_commit != git_commit())
    throw RuntimeFailure("cannot resume from '" + parsed.checkpoint + "': it was written by gigsim " +
                         saved.gigsim_version + " (git commit " + saved.git_commit + "), this is gigsim " +
                         gigsim_version() + " (git commit " + git_commit() +
                         "); continue it with the gigsim that wrote it");
  if (saved.tick <= 0 || saved.tick >= saved.total_ticks)
    throw RuntimeFailure("cannot resume from '" + parsed.checkpoint + "': its tick " +
                         std::to_string(saved.tick) + " is not inside the run (0 to " +
                         std::to_string(saved.total_ticks) + ")");
  const std::int64_t per_day = 1440 / saved.tick_minutes;
  const std::string day = day_text(saved.tick, per_day);

  Scenario scenario;
  std::string fork_settings;
  if (fork) {
    const std::string label = parsed.label.value_or(
        "fork at day " + day + " of " + std::filesystem::path(parsed.checkpoint).filename().string());
    scenario = fork_scenario(saved.scenario_yaml, saved.tick * saved.tick_minutes, label, parsed.set_args);
    for (const Intervention& i : scenario.interventions) {
      if (i.at_minute == saved.tick * saved.tick_minutes && i.label == label)
        fork_settings = settings_as_yaml_map(i.settings);
    }
  } else {
    scenario = load_scenario_text(saved.scenario_yaml, "<checkpoint " + parsed.checkpoint + ">");
  }
  if (scenario.total_ticks() != saved.total_ticks || scenario.seed != saved.seed)
    throw RuntimeFailure("cannot resume from '" + parsed.checkpoint +
                         "': its scenario does not match its state");

  const std::string output_path = parsed.output_path.value_or(saved.output_path);
  check_output_path(output_path, parsed.force);

  std::int64_t every = 0;
  std::string pattern;
  if (parsed.checkpoint_every) {
    every = checkpoint_ticks(*parsed.checkpoint_every, scenario, command);
  } else if (!fork) {
    every = saved.checkpoint_every_ticks;
  }
  if (parsed.checkpoint_path) {
    pattern = *parsed.checkpoint_path;
  } else if (!fork && output_path == saved.output_path && !saved.checkpoint_path.empty()) {
    pattern = saved.checkpoint_path;  // the same run goes on: its checkpoint moves forward
  } else {
    pattern = default_checkpoint_path(output_path);
  }
  const std::string scenario_yaml = scenario_to_yaml(scenario);
  if (every > 0 && pattern != parsed.checkpoint) check_checkpoint_path(pattern, scenario_yaml, parsed.force);
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
  provenance.continued_from = parsed.checkpoint;
  provenance.continued_at_tick = saved.tick;
  if (fork) {
    provenance.fork_of = parsed.checkpoint;
    provenance.fork_at_tick = saved.tick;
    provenance.fork_settings = fork_settings;
  } else {
    provenance.fork_of = saved.fork_parent;
    provenance.fork_at_tick = saved.fork_tick;
    provenance.fork_settings = saved.fork_settings;
  }

  const ProgressStyle style = progress_style_for_stderr(parsed.quiet);
  if (style != ProgressStyle::quiet)
    std::fprintf(stderr, "gigsim: %s %s at day %s of %.4g (%d thread%s%s) -> %s\n",
                 fork ? "forking" : "resuming", scenario.name.c_str(), day.c_str(), scenario.duration_days,
                 options.threads, options.threads == 1 ? "" : "s", options.parallel ? "" : ", serial",
                 output_path.c_str());

  const auto started = std::chrono::steady_clock::now();
  RunFileWriter writer(output_path, scenario_yaml, provenance);
  Simulation simulation(scenario, options);
  simulation.add_observer(writer);
  try {
    StateReader model(checkpoint.simulation_state());
    simulation.load_state(model);
    StateReader rows(checkpoint.writer_state());
    writer.load_state(rows, scenario, simulation.catalogue());
    if (!model.at_end() || !rows.at_end()) throw Error("the saved state has extra data");
  } catch (const RuntimeFailure&) {
    throw;
  } catch (const Error& e) {
    throw RuntimeFailure("cannot resume from '" + parsed.checkpoint + "': " + e.what());
  }

  RunDriver driver{simulation, writer, saved, every, style, {}, checkpoint.simulation_size};
  driver.header.scenario_yaml = scenario_yaml;
  driver.header.scenario_hash = scenario_hash(scenario_yaml);
  driver.header.output_path = output_path;
  driver.header.checkpoint_every_ticks = every;
  driver.header.checkpoint_path = pattern;
  driver.header.fork_parent = provenance.fork_of;
  driver.header.fork_tick = provenance.fork_at_tick;
  driver.header.fork_settings = provenance.fork_settings;
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

}  // namespace

int resume_command(const std::vector<std::string>& args, const std::vector<std::string>& argv) {
  return continue_command("resume", args, argv);
}

int fork_command(const std::vector<std::string>& args, const std::vector<std::string>& argv) {
  return continue_command("fork", args, argv);
}

}  // namespace gigsim::app
