#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/command_line.hpp"
#include "io/sweep_file.hpp"
#include "sweep/plan.hpp"

namespace gigsim::app {

// `gigsim sweep SWEEP.yaml -o DIR ...`: every run of a sweep file, in parallel, resumable.
int sweep_command(const std::vector<std::string>& args, const std::vector<std::string>& argv);
struct SweepRunResult {
  bool ok = false;
  int interrupted_by = 0;  // the signal that stopped it, 0 if none
  std::string error;       // when it failed (also written to DIR/runs/<id>.failed)
};
// Runs one run of a sweep into DIR/runs/<id>.h5; a failure is recorded, not thrown.
// `progress` (may be empty) gets the fraction of ticks done, about every simulated hour.
SweepRunResult run_sweep_run(const ResolvedRun& run, const std::filesystem::path& dir, int threads,
                             const std::vector<std::string>& argv,
                             const std::function<void(double)>& progress);

// Shared by the local and the MPI sweep.
std::optional<sweep::Shard> shard_of(const SweepArguments& parsed);  // --shard, or a Slurm array task
void prepare_directory(const std::filesystem::path& dir);            // DIR and DIR/runs
// Refuses (RuntimeFailure) a directory holding another sweep's results unless `force`;
// writes DIR/sweep.yaml and DIR/sweep.hash.
void claim_directory(const std::filesystem::path& dir, const SweepFile& sweep, const std::string& hash,
                     bool force);
struct SweepOutcome {
  std::size_t ok = 0, failed = 0, missing = 0;
};
SweepOutcome write_index(const std::filesystem::path& dir, const sweep::SweepSpec& spec,
                         const std::vector<sweep::RunPlan>& plans);

// MPI (sweep_mpi.cpp): the processes of an MPI launch as its environment tells (0 when
// not launched by mpirun/srun); whether this build has MPI; the sweep spread over the
// ranks, rank 0 handing out runs one at a time as ranks ask (runs differ in cost).
int mpi_processes_from_environment();
bool mpi_available();
int sweep_command_mpi(const SweepArguments& parsed, const std::optional<sweep::Shard>& shard,
                      const std::vector<std::string>& argv);

// `gigsim sweep-collect DIR`: the index of a sweep run in shards.
int sweep_collect_command(const std::vector<std::string>& args);

}  // namespace gigsim::app
