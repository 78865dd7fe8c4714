#pragma once
// Checkpoints on the command line: `gigsim run ... --checkpoint-every 1d` (the stepping
// loop below), `gigsim resume CHECKPOINT` and `gigsim fork CHECKPOINT --set ...`.
// docs/robustness.md, "Checkpoint and resume", "Forks" and "Signals".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/command_line.hpp"
#include "app/progress_display.hpp"
#include "io/checkpoint_file.hpp"
#include "io/run_file_writer.hpp"
#include "market/simulation.hpp"

namespace gigsim::app {

// Ticks between checkpoints (0: none). Throws UsageError when the interval is not a positive
// whole number of ticks of this scenario, or is not shorter than the run.
std::int64_t checkpoint_ticks(const CheckpointInterval& interval, const Scenario& scenario,
                              const std::string& command);

// "<output>.ckpt" when --checkpoint is not given.
std::string default_checkpoint_path(const std::string& output_path);

// Refuses (RuntimeFailure, unless `force`) to start a run whose checkpoint path already holds a
// checkpoint: of this scenario (pointing to gigsim resume), of another scenario, or another file.
void check_checkpoint_path(const std::string& pattern, const std::string& scenario_yaml, bool force);

struct RunDriver {
  Simulation& simulation;
  RunFileWriter& writer;
  CheckpointHeader header;  // everything but the tick and the time, which each checkpoint sets
  std::int64_t every_ticks = 0;
  ProgressStyle style = ProgressStyle::quiet;
  std::string last_checkpoint;       // path of the last one written
  std::size_t last_state_bytes = 0;  // size of the model's state then, to reserve the next one's
};

// Steps to the end, writing a checkpoint every `every_ticks` (counted from the run's start) and
// showing progress. On SIGINT/SIGTERM it stops at the end of the tick, writes a checkpoint there
// when checkpoints are on, says on stderr how to resume, and throws Interrupted.
void drive_run(RunDriver& driver);

int resume_command(const std::vector<std::string>& args, const std::vector<std::string>& argv);
int fork_command(const std::vector<std::string>& args, const std::vector<std::string>& argv);

}  // namespace gigsim::app
