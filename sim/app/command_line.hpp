#pragma once
// Hand-written parsing of the gigsim command line. Parsing only checks the
// shape of the arguments; the scenario itself is checked by the loader.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace gigsim::app {

// Bad command-line usage (exit status 2). `command` names the subcommand whose
// --help the hint points to ("" for the top level).
class UsageError : public std::runtime_error {
 public:
  UsageError(std::string command, const std::string& message)
      : std::runtime_error(message), command_(std::move(command)) {}
  const std::string& command() const { return command_; }

 private:
  std::string command_;
};

// --checkpoint-every: "1d", "6h", "30m", "0.5d" or a whole number of ticks ("1440"); "0": none.
struct CheckpointInterval {
  double amount = 0;
  char unit = 't';  // 't' ticks, 'm' minutes, 'h' hours, 'd' days
  std::string text;
};
std::optional<CheckpointInterval> parse_checkpoint_interval(const std::string& text);

struct RunArguments {
  std::optional<std::string> scenario_path;  // none: the built-in baseline
  std::optional<std::string> output_path;    // none: "<scenario name>.h5" in the current directory
  std::optional<int> threads;                // none: the CPUs this process may use
  std::optional<std::uint64_t> seed;         // overrides the scenario's seed
  std::vector<std::string> set_args;         // "key.path=value", in order
  bool force = false;
  bool quiet = false;
  bool serial = false;
  bool check_invariants = false;
  bool help = false;
  std::optional<CheckpointInterval> checkpoint_every;
  std::optional<std::string> checkpoint_path;  // may hold {day} or {tick}
};

// `gigsim resume CHECKPOINT` and `gigsim fork CHECKPOINT --set ...` (command "resume" or "fork").
struct ContinueArguments {
  std::string checkpoint;
  std::optional<std::string> output_path;
  std::optional<int> threads;
  std::vector<std::string> set_args;  // fork only
  std::optional<std::string> label;   // fork only
  std::optional<CheckpointInterval> checkpoint_every;
  std::optional<std::string> checkpoint_path;
  bool force = false;
  bool quiet = false;
  bool serial = false;
  bool check_invariants = false;
  bool help = false;
};

struct ValidateArguments {
  std::vector<std::string> scenario_paths;
  std::vector<std::string> set_args;
  bool help = false;
};

struct SweepArguments {
  std::string sweep_path;
  std::string output_dir;
  std::optional<int> jobs;  // runs at once; none: the CPUs / threads per run
  int threads_per_run = 1;
  std::optional<std::size_t> shard_number;  // 1-based, with shard_count
  std::optional<std::size_t> shard_count;
  bool force = false;
  bool quiet = false;
  bool help = false;
};

struct SweepCollectArguments {
  std::string output_dir;
  bool help = false;
};

RunArguments parse_run_arguments(const std::vector<std::string>& args);
ContinueArguments parse_continue_arguments(const std::string& command, const std::vector<std::string>& args);
ValidateArguments parse_validate_arguments(const std::vector<std::string>& args);
SweepArguments parse_sweep_arguments(const std::vector<std::string>& args);
SweepCollectArguments parse_sweep_collect_arguments(const std::vector<std::string>& args);
// "I/N" with 1 <= I <= N; nullopt when malformed.
std::optional<std::pair<std::size_t, std::size_t>> parse_shard(const std::string& text);

// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace gigsim::app
