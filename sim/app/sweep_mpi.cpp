// `mpirun -n K gigsim sweep SWEEP.yaml -o DIR`: the runs of a sweep spread over the ranks
// of an MPI job. Built only when CMake finds MPI (GIGSIM_WITH_MPI); without it gigsim
// refuses to run under a launcher, rather than let K processes run the same sweep.
//
// Every rank reads and checks the sweep (the same files give the same runs). Rank 0 alone
// touches the directory (hash check, sweep.yaml) and the index. Load balancing is dynamic:
// each rank asks rank 0 for one run at a time, so a rank that drew cheap runs takes more of
// them. Rank 0's main thread only answers requests (MPI_THREAD_FUNNELED); one more thread
// of rank 0 runs runs like any other rank. Results travel through the run files, not MPI.
#include <cstdlib>
#include <string>

#include "app/exit_status.hpp"
#include "app/sweep_command.hpp"

#ifdef GIGSIM_WITH_MPI
// The C API only: OpenMPI and MPICH would pull in their deprecated C++ bindings otherwise.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>

#include "app/interrupt.hpp"
#include "app/memory_budget.hpp"
#include "app/sweep_progress.hpp"
#include "core/error.hpp"
#include "io/sweep_index.hpp"
#include "market/simulation.hpp"
#endif

namespace gigsim::app {

int mpi_processes_from_environment() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"}) {
    if (const char* value = std::getenv(name); value && *value) return std::atoi(value);
  }
  return 0;
}

#ifndef GIGSIM_WITH_MPI

bool mpi_available() { return false; }

int sweep_command_mpi(const SweepArguments&, const std::optional<sweep::Shard>&,
                      const std::vector<std::string>&) {
  return kExitRuntimeFailure;
}

#else

bool mpi_available() { return true; }

namespace {

namespace fs = std::filesystem;

constexpr int kTagRequest = 1;  // rank -> 0: {slot of the run just done or -1 (none) or -2 (stopping), ok}
constexpr int kTagAssign = 2;   // 0 -> rank: {slot, run index}, or {-1, -1}: no more runs

class MpiSession {
 public:
  MpiSession() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiSession() { MPI_Finalize(); }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

int work(const std::vector<ResolvedRun>& runs, bool usable, const fs::path& dir, int threads,
         const std::vector<std::string>& argv) {
  long long request[2] = {usable ? -1 : -2, 0};
  while (true) {
    MPI_Send(request, 2, MPI_LONG_LONG, 0, kTagRequest, MPI_COMM_WORLD);
    long long assign[2] = {-1, -1};
    MPI_Recv(assign, 2, MPI_LONG_LONG, 0, kTagAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (assign[0] < 0) break;
    const SweepRunResult result =
        run_sweep_run(runs.at(static_cast<std::size_t>(assign[1])), dir, threads, argv, {});
    request[0] = result.interrupted_by != 0 ? -2 : assign[0];
    request[1] = result.ok ? 1 : 0;
  }
  return kExitOk;
}

}  // namespace

int sweep_command_mpi(const SweepArguments& parsed, const std::optional<sweep::Shard>& shard,
                      const std::vector<std::string>& argv) {
  MpiSession mpi;
  const fs::path dir(parsed.output_dir);
  const int threads = parsed.threads_per_run;

  // Every rank checks the sweep; rank 0 claims the directory. Rank 0's verdict decides.
  std::optional<SweepFile> sweep;
  std::vector<ResolvedRun> runs;
  std::exception_ptr failure;
  int status = kExitOk;
  try {
    sweep = load_sweep_file(parsed.sweep_path);
    runs = resolve_sweep_runs(*sweep);
    if (mpi.rank() == 0) {
      prepare_directory(dir);
      claim_directory(dir, *sweep, sweep_fingerprint(*sweep, runs), parsed.force);
    }
  } catch (const ScenarioError&) {
    failure = std::current_exception();
    status = kExitInvalidInput;
  } catch (...) {
    failure = std::current_exception();
    status = kExitRuntimeFailure;
  }
  int verdict = status;
  MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (verdict != kExitOk) {
    if (mpi.rank() == 0 && failure) std::rethrow_exception(failure);  // reported once, by rank 0
    return verdict;
  }
  if (mpi.rank() != 0) return work(runs, status == kExitOk, dir, threads, argv);

  // Rank 0: this shard's runs without a complete file.
  std::vector<std::size_t> todo;
  std::size_t in_shard = 0;
  std::int64_t largest = 0;
  for (const auto& run : runs) {
    if (shard && !shard->includes(run.plan.index)) continue;
    ++in_shard;
    if (run_file_complete((dir / run.plan.output_file()).string(), run.plan.seed, &run.scenario_yaml))
      continue;
    todo.push_back(run.plan.index);
    largest = std::max(largest, estimate_memory_bytes(run.scenario));
  }
  if (!todo.empty()) check_memory_budget(largest);  // this node's share; other nodes check nothing

  const ProgressStyle style = progress_style_for_stderr(parsed.quiet);
  if (style != ProgressStyle::quiet)
    std::fprintf(
        stderr,
        "gigsim: sweep %s: %zu runs (%s)%s; %zu to run, %zu already complete; %d MPI ranks x %d thread%s "
        "-> %s\n",
        sweep->spec.name.c_str(), runs.size(), sweep::design_name(sweep->spec.design),
        shard ? (", shard " + std::to_string(shard->number) + "/" + std::to_string(shard->count)).c_str()
              : "",
        todo.size(), in_shard - todo.size(), mpi.size(), threads, threads == 1 ? "" : "s",
        dir.string().c_str());

  std::atomic<std::size_t> next{0};
  std::atomic<int> stop{0};
  auto take = [&]() -> long long {
    if (stop.load() != 0 || pending_interrupt() != 0) return -1;
    const std::size_t slot = next.fetch_add(1);
    return slot < todo.size() ? static_cast<long long>(slot) : -1;
  };
  {
    SweepProgress progress(style, todo.size());
    std::thread local([&] {
      for (long long slot; (slot = take()) >= 0;) {
        const auto s = static_cast<std::size_t>(slot);
        const SweepRunResult result = run_sweep_run(runs[todo[s]], dir, threads, argv,
                                                    [&](double fraction) { progress.update(s, fraction); });
        if (result.interrupted_by != 0) {
          stop.store(result.interrupted_by);
          break;
        }
        progress.finished(s, result.ok);
      }
    });
    int active = mpi.size() - 1;
    while (active > 0) {
      int flag = 0;
      MPI_Status probe;
      MPI_Iprobe(MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &flag, &probe);
      if (!flag) {
        if (const int signal = pending_interrupt(); signal != 0 && stop.load() == 0) stop.store(signal);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      long long request[2] = {-1, 0};
      MPI_Recv(request, 2, MPI_LONG_LONG, probe.MPI_SOURCE, kTagRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (request[0] >= 0) progress.finished(static_cast<std::size_t>(request[0]), request[1] != 0);
      long long assign[2] = {-1, -1};
      if (request[0] != -2) {
        if (const long long slot = take(); slot >= 0) {
          assign[0] = slot;
          assign[1] = static_cast<long long>(todo[static_cast<std::size_t>(slot)]);
        }
      }
      MPI_Send(assign, 2, MPI_LONG_LONG, probe.MPI_SOURCE, kTagAssign, MPI_COMM_WORLD);
      if (assign[0] < 0) --active;
    }
    local.join();
    if (stop.load() == 0 && pending_interrupt() != 0) stop.store(pending_interrupt());
    if (stop.load() != 0)
      progress.line_ended_elsewhere();
    else
      progress.finish();
  }

  if (stop.load() != 0) {
    std::fprintf(stderr,
                 "gigsim: interrupted; finished runs are kept in %s, run the same command again to resume\n",
                 (dir / "runs").string().c_str());
    return kExitSignalBase + stop.load();
  }
  std::vector<sweep::RunPlan> plans;
  for (const auto& run : runs) plans.push_back(run.plan);
  const auto rows = collect_index_rows(dir.string(), plans);
  std::size_t failed = 0;
  for (const auto& row : rows) {
    if (shard && !shard->includes(row.plan.index)) continue;
    if (row.status == "failed") {
      ++failed;
      std::fprintf(stderr, "gigsim: run failed: %s: %s\n", row.plan.id.c_str(), row.error.c_str());
    }
  }
  if (shard) {
    if (style != ProgressStyle::quiet)
      std::fprintf(stderr,
                   "gigsim: shard %zu/%zu done (%zu runs, %zu failed); when every shard is done: gigsim "
                   "sweep-collect %s\n",
                   shard->number, shard->count, in_shard, failed, dir.string().c_str());
    return failed == 0 ? kExitOk : kExitRuntimeFailure;
  }
  const SweepOutcome outcome = write_index(dir, sweep->spec, plans);
  std::printf("sweep %s: %zu ok, %zu failed, %zu missing -> %s, %s\n", sweep->spec.name.c_str(), outcome.ok,
              outcome.failed, outcome.missing, (dir / "index.h5").string().c_str(),
              (dir / "index.csv").string().c_str());
  std::fflush(stdout);
  return outcome.failed == 0 && outcome.missing == 0 ? kExitOk : kExitRuntimeFailure;
}

#endif

}  // namespace gigsim::app
