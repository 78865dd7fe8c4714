#include "app/sweep_command.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <new>
#include <optional>
#include <sstream>

#include "app/command_line.hpp"
#include "app/exit_status.hpp"
#include "app/help_text.hpp"
#include "app/interrupt.hpp"
#include "app/memory_budget.hpp"
#include "app/provenance_info.hpp"
#include "app/sweep_progress.hpp"
#include "app/version.hpp"
#include "core/error.hpp"
#include "io/run_file_writer.hpp"
#include "io/scenario_loader.hpp"
#include "io/sweep_file.hpp"
#include "io/sweep_index.hpp"
#include "market/simulation.hpp"

namespace gigsim::app {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

// --shard, or a Slurm array task's place in its array.
std::optional<sweep::Shard> shard_of(const SweepArguments& parsed) {
  if (parsed.shard_number) return sweep::Shard{*parsed.shard_number, *parsed.shard_count};
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (!id || !count) return std::nullopt;
  const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
  char* end = nullptr;
  const long long task = std::strtoll(id, &end, 10);
  const bool task_ok = end && *end == '\0' && *id != '\0';
  const long long tasks = std::strtoll(count, &end, 10);
  const bool count_ok = end && *end == '\0' && *count != '\0';
  long long first = 0;
  if (min && *min) first = std::strtoll(min, nullptr, 10);
  const long long number = task - first + 1;
  if (!task_ok || !count_ok || tasks < 1 || number < 1 || number > tasks)
    throw UsageError("sweep",
                     std::string("cannot take a shard from SLURM_ARRAY_TASK_ID=") + id +
                         " and SLURM_ARRAY_TASK_COUNT=" + count +
                         " (use an array of consecutive ids, e.g. --array=1-8, or give --shard I/N)");
  return sweep::Shard{static_cast<std::size_t>(number), static_cast<std::size_t>(tasks)};
}

void prepare_directory(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw RuntimeFailure("cannot write the sweep into '" + dir.string() + "': it is not a directory");
  fs::create_directories(dir / "runs", ec);
  if (ec) throw RuntimeFailure("cannot create '" + (dir / "runs").string() + "': " + ec.message());
}

// Refuses a directory that holds another sweep's results; records this sweep's otherwise.
void claim_directory(const fs::path& dir, const SweepFile& sweep, const std::string& hash, bool force) {
  const fs::path hash_path = dir / "sweep.hash";
  std::error_code ec;
  if (fs::exists(hash_path, ec)) {
    const std::string previous = trimmed(read_text(hash_path));
    if (previous != hash && !force)
      throw RuntimeFailure("'" + dir.string() + "' holds the results of a different sweep (sweep.hash " +
                           previous + ", this sweep " + hash +
                           ": the sweep file or its base scenario changed); use --force to run into it "
                           "anyway (only runs whose files do not match are rerun), or -o another directory");
    if (previous == hash) return;
  }
  write_file_atomically((dir / "sweep.yaml").string(), sweep.text);
  write_file_atomically(hash_path.string(), hash + "\n");
}

SweepOutcome write_index(const fs::path& dir, const sweep::SweepSpec& spec,
                         const std::vector<sweep::RunPlan>& plans) {
  const auto rows = collect_index_rows(dir.string(), plans);
  write_sweep_index(dir.string(), spec, rows);
  SweepOutcome outcome;
  for (const auto& row : rows) {
    if (row.status == "ok")
      ++outcome.ok;
    else if (row.status == "failed")
      ++outcome.failed;
    else
      ++outcome.missing;
  }
  return outcome;
}

SweepRunResult run_sweep_run(const ResolvedRun& run, const std::filesystem::path& dir, int threads,
                             const std::vector<std::string>& argv,
                             const std::function<void(double)>& progress) {
  const std::string file = (dir / run.plan.output_file()).string();
  const std::string note = failure_note_path(dir.string(), run.plan);
  std::error_code ec;
  fs::remove(note, ec);
  SweepRunResult result;
  auto record_failure = [&](const std::string& error) {
    result.error = error;
    try {
      write_file_atomically(note, error + "\n");
    } catch (const std::exception&) {
    }
  };
  try {
    RunOptions options;
    options.threads = threads;
    options.parallel = true;
    Provenance provenance;
    provenance.gigsim_version = gigsim_version();
    provenance.git_commit = git_commit();
    provenance.host = host_name();
    provenance.start_time_utc = utc_now_iso8601();
    provenance.seed = run.scenario.seed;
    provenance.threads = threads;
    provenance.command_line = quoted_command_line(argv);
    RunFileWriter writer(file, run.scenario_yaml, provenance);
    Simulation simulation(run.scenario, options);
    simulation.add_observer(writer);
    simulation.run([&](std::int64_t tick, std::int64_t total) {
      if (const int signal = pending_interrupt(); signal != 0) throw Interrupted(signal);
      if (progress) progress(total > 0 ? static_cast<double>(tick) / static_cast<double>(total) : 0.0);
    });
    writer.commit(utc_now_iso8601());
    result.ok = true;
  } catch (const Interrupted& e) {
    result.interrupted_by = e.signal_number();
  } catch (const std::bad_alloc&) {
    record_failure("out of memory");
  } catch (const std::exception& e) {
    record_failure(e.what());
  }
  return result;
}

int sweep_command(const std::vector<std::string>& args, const std::vector<std::string>& argv) {
  const SweepArguments parsed = parse_sweep_arguments(args);
  if (parsed.help) {
    std::fputs(sweep_help(), stdout);
    return kExitOk;
  }
  const std::optional<sweep::Shard> shard = shard_of(parsed);
  install_interrupt_handlers();
  if (const int processes = mpi_processes_from_environment(); processes > 1) {
    if (!mpi_available())
      throw RuntimeFailure("started by an MPI launcher with " + std::to_string(processes) +
                           " processes, but this gigsim was built without MPI (install libopenmpi-dev and "
                           "rebuild); run it once, with --jobs, or use --shard");
    return sweep_command_mpi(parsed, shard, argv);
  }

  // Everything is read and checked before anything runs or is written.
  const SweepFile sweep = load_sweep_file(parsed.sweep_path);
  const std::vector<ResolvedRun> runs = resolve_sweep_runs(sweep);
  const std::string hash = sweep_fingerprint(sweep, runs);

  const fs::path dir(parsed.output_dir);
  prepare_directory(dir);
  claim_directory(dir, sweep, hash, parsed.force);

  // This shard's runs that have no complete file yet.
  std::vector<const ResolvedRun*> todo;
  std::size_t in_shard = 0;
  std::int64_t largest = 0;
  for (const auto& run : runs) {
    if (shard && !shard->includes(run.plan.index)) continue;
    ++in_shard;
    const std::string file = (dir / run.plan.output_file()).string();
    if (run_file_complete(file, run.plan.seed, &run.scenario_yaml)) continue;
    todo.push_back(&run);
    largest = std::max(largest, estimate_memory_bytes(run.scenario));
  }

  const int threads = parsed.threads_per_run;
  const int jobs = std::max(1, std::min<int>(parsed.jobs.value_or(std::max(1, usable_cpu_count() / threads)),
                                             static_cast<int>(std::max<std::size_t>(1, todo.size()))));
  if (!todo.empty()) check_memory_budget(largest * jobs);

  const ProgressStyle style = progress_style_for_stderr(parsed.quiet);
  if (style != ProgressStyle::quiet) {
    std::string where = shard ? ", shard " + std::to_string(shard->number) + "/" +
                                    std::to_string(shard->count) + " (" + std::to_string(in_shard) + " runs)"
                              : "";
    std::fprintf(
        stderr,
        "gigsim: sweep %s: %zu runs (%s)%s; %zu to run, %zu already complete; %d job%s x %d thread%s -> %s\n",
        sweep.spec.name.c_str(), runs.size(), sweep::design_name(sweep.spec.design), where.c_str(),
        todo.size(), in_shard - todo.size(), jobs, jobs == 1 ? "" : "s", threads, threads == 1 ? "" : "s",
        dir.string().c_str());
  }

  std::atomic<int> stop_signal{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  {
    SweepProgress progress(style, todo.size());
    auto run_one = [&](std::size_t slot) {
      if (stop_signal.load() != 0 || pending_interrupt() != 0) return;
      const SweepRunResult result = run_sweep_run(*todo[slot], dir, threads, argv,
                                                  [&](double fraction) { progress.update(slot, fraction); });
      if (result.interrupted_by != 0) {
        stop_signal.store(result.interrupted_by);
        return;
      }
      progress.finished(slot, result.ok);
      if (!result.ok) {
        std::lock_guard lock(failures_mutex);
        failures.push_back(todo[slot]->plan.id + ": " + result.error);
      }
    };
    tbb::task_arena arena(jobs);
    arena.execute([&] {
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(0, todo.size(), 1),
          [&](const tbb::blocked_range<std::size_t>& r) {
            for (std::size_t i = r.begin(); i != r.end(); ++i) run_one(i);
          },
          tbb::simple_partitioner());
    });
    if (stop_signal.load() == 0 && pending_interrupt() != 0) stop_signal.store(pending_interrupt());
    if (stop_signal.load() != 0)
      progress.line_ended_elsewhere();
    else
      progress.finish();
  }

  if (stop_signal.load() != 0) {
    std::fprintf(stderr,
                 "gigsim: interrupted; finished runs are kept in %s, run the same command again to resume\n",
                 (dir / "runs").string().c_str());
    return kExitSignalBase + stop_signal.load();
  }

  for (const auto& failure : failures) std::fprintf(stderr, "gigsim: run failed: %s\n", failure.c_str());
  if (shard) {
    if (style != ProgressStyle::quiet)
      std::fprintf(stderr,
                   "gigsim: shard %zu/%zu done (%zu runs, %zu failed); when every shard is done: gigsim "
                   "sweep-collect %s\n",
                   shard->number, shard->count, in_shard, failures.size(), dir.string().c_str());
    return failures.empty() ? kExitOk : kExitRuntimeFailure;
  }
  std::vector<sweep::RunPlan> plans;
  for (const auto& run : runs) plans.push_back(run.plan);
  const SweepOutcome outcome = write_index(dir, sweep.spec, plans);
  std::printf("sweep %s: %zu ok, %zu failed, %zu missing -> %s, %s\n", sweep.spec.name.c_str(), outcome.ok,
              outcome.failed, outcome.missing, (dir / "index.h5").string().c_str(),
              (dir / "index.csv").string().c_str());
  std::fflush(stdout);
  return outcome.failed == 0 && outcome.missing == 0 ? kExitOk : kExitRuntimeFailure;
}

int sweep_collect_command(const std::vector<std::string>& args) {
  const SweepCollectArguments parsed = parse_sweep_collect_arguments(args);
  if (parsed.help) {
    std::fputs(sweep_collect_help(), stdout);
    return kExitOk;
  }
  const fs::path dir(parsed.output_dir);
  const fs::path copy = dir / "sweep.yaml";
  std::error_code ec;
  if (!fs::is_regular_file(copy, ec))
    throw RuntimeFailure("'" + dir.string() +
                         "' is not a sweep directory (it has no sweep.yaml; gigsim sweep "
                         "SWEEP.yaml -o DIR makes one)");
  const SweepFile sweep = load_sweep_file(copy.string(), false);
  const auto plans = sweep::make_plans(sweep.spec);
  const SweepOutcome outcome = write_index(dir, sweep.spec, plans);
  std::printf("sweep %s: %zu ok, %zu failed, %zu missing -> %s, %s\n", sweep.spec.name.c_str(), outcome.ok,
              outcome.failed, outcome.missing, (dir / "index.h5").string().c_str(),
              (dir / "index.csv").string().c_str());
  std::fflush(stdout);
  if (outcome.missing > 0)
    std::fprintf(stderr,
                 "gigsim: %zu runs have no complete file yet (a shard still running, or stopped); run "
                 "their shard again to finish them, then collect again\n",
                 outcome.missing);
  return outcome.failed == 0 && outcome.missing == 0 ? kExitOk : kExitRuntimeFailure;
}

}  // namespace gigsim::app
