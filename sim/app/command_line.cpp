#include "app/command_line.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>

namespace gigsim::app {
namespace {

// Edits (insert, delete, substitute, swap two neighbours) from a to b.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// Walks the arguments of one subcommand. Options take their value either as the
// next argument ("--threads 4") or after '=' ("--threads=4").
class ArgumentCursor {
 public:
  ArgumentCursor(std::string command, const std::vector<std::string>& args)
      : command_(std::move(command)), args_(args) {}

  bool done() const { return index_ >= args_.size(); }
  const std::string& next() { return args_[index_++]; }

  // The option's name without any "=value" part.
  static std::string name_of(const std::string& arg) {
    const auto eq = arg.find('=');
    return arg.rfind("--", 0) == 0 && eq != std::string::npos ? arg.substr(0, eq) : arg;
  }

  std::string value_for(const std::string& arg) {
    const auto eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) return arg.substr(eq + 1);
    if (done()) throw UsageError(command_, "option '" + arg + "' needs a value");
    return next();
  }

  [[noreturn]] void unknown_option(const std::string& arg, const std::vector<std::string>& known) const {
    std::string message = "unknown option '" + name_of(arg) + "'";
    if (auto hint = closest_match(name_of(arg), known)) message += "; did you mean '" + *hint + "'?";
    throw UsageError(command_, message);
  }

  const std::string& command() const { return command_; }

 private:
  std::string command_;
  const std::vector<std::string>& args_;
  std::size_t index_ = 0;
};

bool looks_like_option(const std::string& arg) { return arg.size() > 1 && arg[0] == '-'; }

std::string checked_set_argument(const std::string& command, const std::string& value) {
  const auto eq = value.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UsageError(
        command, "--set expects KEY.PATH=VALUE (for example workers.registered=5000), got '" + value + "'");
  return value;
}

template <typename T>
std::optional<T> parse_whole_number(const std::string& text) {
  T value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

CheckpointInterval checked_interval(const std::string& command, const std::string& value) {
  auto interval = parse_checkpoint_interval(value);
  if (!interval)
    throw UsageError(command,
                     "--checkpoint-every expects a time such as 1d, 6h, 30m or a whole number of ticks "
                     "(0: no checkpoints), got '" +
                         value + "'");
  return *interval;
}

}  // namespace

std::optional<CheckpointInterval> parse_checkpoint_interval(const std::string& text) {
  if (text.empty()) return std::nullopt;
  CheckpointInterval interval;
  interval.text = text;
  std::string number = text;
  const char last = text.back();
  if (last == 'd' || last == 'h' || last == 'm') {
    interval.unit = last;
    number.pop_back();
  }
  if (number.empty()) return std::nullopt;
  if (interval.unit == 't') {
    const auto ticks = parse_whole_number<std::int64_t>(number);
    if (!ticks || *ticks < 0) return std::nullopt;
    interval.amount = static_cast<double>(*ticks);
    return interval;
  }
  if (number.find_first_not_of("0123456789.") != std::string::npos || number.front() == '.' ||
      number.back() == '.' || std::count(number.begin(), number.end(), '.') > 1)
    return std::nullopt;
  interval.amount = std::stod(number);
  return interval;
}

std::optional<std::string> closest_match(const std::string& word,
                                         const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (!best || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  // A likely typo: at most a third of the word (and at least one edit) away.
  if (best && best_distance <= std::max<std::size_t>(1, std::min(word.size(), best->size()) / 3)) return best;
  return std::nullopt;
}

RunArguments parse_run_arguments(const std::vector<std::string>& args) {
  static const std::vector<std::string> kOptions = {"--output",
                                                    "-o",
                                                    "--threads",
                                                    "--seed",
                                                    "--set",
                                                    "--force",
                                                    "--quiet",
                                                    "--serial",
                                                    "--check-invariants",
                                                    "--help",
                                                    "-h",
                                                    "-q",
                                                    "--checkpoint-every",
                                                    "--checkpoint"};
  RunArguments parsed;
  ArgumentCursor cursor("run", args);
  bool options_ended = false;
  while (!cursor.done()) {
    const std::string& arg = cursor.next();
    if (options_ended || !looks_like_option(arg)) {
      if (parsed.scenario_path)
        throw UsageError("run", "only one scenario file can be run at a time (got '" + *parsed.scenario_path +
                                    "' and '" + arg + "')");
      parsed.scenario_path = arg;
      continue;
    }
    const std::string name = ArgumentCursor::name_of(arg);
    if (arg == "--") {
      options_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      parsed.help = true;
    } else if (name == "-o" || name == "--output") {
      std::string value = cursor.value_for(arg);
      if (value.empty()) throw UsageError("run", "option '" + name + "' needs a file name");
      parsed.output_path = value;
    } else if (name == "--threads") {
      const std::string value = cursor.value_for(arg);
      const auto threads = parse_whole_number<int>(value);
      if (!threads || *threads < 1)
        throw UsageError("run", "--threads expects a whole number of at least 1, got '" + value + "'");
      parsed.threads = *threads;
    } else if (name == "--seed") {
      const std::string value = cursor.value_for(arg);
      const auto seed = parse_whole_number<std::uint64_t>(value);
      if (!seed)
        throw UsageError("run",
                         "--seed expects a whole number from 0 to 18446744073709551615, got '" + value + "'");
      parsed.seed = *seed;
    } else if (name == "--set") {
      parsed.set_args.push_back(checked_set_argument("run", cursor.value_for(arg)));
    } else if (arg == "--force") {
      parsed.force = true;
    } else if (arg == "--quiet" || arg == "-q") {
      parsed.quiet = true;
    } else if (arg == "--serial") {
      parsed.serial = true;
    } else if (arg == "--check-invariants") {
      parsed.check_invariants = true;
    } else if (name == "--checkpoint-every") {
      parsed.checkpoint_every = checked_interval("run", cursor.value_for(arg));
    } else if (name == "--checkpoint") {
      const std::string value = cursor.value_for(arg);
      if (value.empty()) throw UsageError("run", "option '--checkpoint' needs a file name");
      parsed.checkpoint_path = value;
    } else {
      cursor.unknown_option(arg, kOptions);
    }
  }
  if (parsed.serial && parsed.threads && *parsed.threads > 1)
    throw UsageError("run", "--serial runs on one thread; drop --threads or --serial");
  if (parsed.checkpoint_path && !parsed.checkpoint_every)
    throw UsageError("run", "--checkpoint PATH needs --checkpoint-every (e.g. --checkpoint-every 1d)");
  return parsed;
}

ContinueArguments parse_continue_arguments(const std::string& command, const std::vector<std::string>& args) {
  const bool fork = command == "fork";
  std::vector<std::string> options = {"--output",
                                      "-o",
                                      "--threads",
                                      "--force",
                                      "--quiet",
                                      "-q",
                                      "--serial",
                                      "--check-invariants",
                                      "--checkpoint-every",
                                      "--checkpoint",
                                      "--help",
                                      "-h"};
  if (fork) {
    options.push_back("--set");
    options.push_back("--label");
  }
  ContinueArguments parsed;
  ArgumentCursor cursor(command, args);
  bool options_ended = false;
  while (!cursor.done()) {
    const std::string& arg = cursor.next();
    if (options_ended || !looks_like_option(arg)) {
      if (!parsed.checkpoint.empty())
        throw UsageError(command,
                         "only one checkpoint at a time (got '" + parsed.checkpoint + "' and '" + arg + "')");
      parsed.checkpoint = arg;
      continue;
    }
    const std::string name = ArgumentCursor::name_of(arg);
    if (arg == "--") {
      options_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      parsed.help = true;
    } else if (name == "-o" || name == "--output") {
      std::string value = cursor.value_for(arg);
      if (value.empty()) throw UsageError(command, "option '" + name + "' needs a file name");
      parsed.output_path = value;
    } else if (name == "--threads") {
      const std::string value = cursor.value_for(arg);
      const auto threads = parse_whole_number<int>(value);
      if (!threads || *threads < 1)
        throw UsageError(command, "--threads expects a whole number of at least 1, got '" + value + "'");
      parsed.threads = *threads;
    } else if (fork && name == "--set") {
      parsed.set_args.push_back(checked_set_argument(command, cursor.value_for(arg)));
    } else if (fork && name == "--label") {
      parsed.label = cursor.value_for(arg);
    } else if (arg == "--force") {
      parsed.force = true;
    } else if (arg == "--quiet" || arg == "-q") {
      parsed.quiet = true;
    } else if (arg == "--serial") {
      parsed.serial = true;
    } else if (arg == "--check-invariants") {
      parsed.check_invariants = true;
    } else if (name == "--checkpoint-every") {
      parsed.checkpoint_every = checked_interval(command, cursor.value_for(arg));
    } else if (name == "--checkpoint") {
      const std::string value = cursor.value_for(arg);
      if (value.empty()) throw UsageError(command, "option '--checkpoint' needs a file name");
      parsed.checkpoint_path = value;
    } else if (!fork && (name == "--set" || name == "--seed")) {
      throw UsageError(command,
                       "'" + name +
                           "' cannot change a resumed run; to continue with changes use 'gigsim fork "
                           "CHECKPOINT --set KEY=VALUE -o OUT.h5'");
    } else {
      cursor.unknown_option(arg, options);
    }
  }
  if (parsed.help) return parsed;
  if (parsed.checkpoint.empty())
    throw UsageError(command, "no checkpoint given (for example: gigsim " + command + " run.h5.ckpt" +
                                  (fork ? " --set regulation.minimum_wage.enabled=true -o policy.h5" : "") +
                                  ")");
  if (parsed.serial && parsed.threads && *parsed.threads > 1)
    throw UsageError(command, "--serial runs on one thread; drop --threads or --serial");
  if (fork && parsed.set_args.empty())
    throw UsageError(command,
                     "fork needs at least one --set KEY.PATH=VALUE (to continue unchanged: gigsim resume)");
  if (fork && !parsed.output_path)
    throw UsageError(command, "fork needs -o OUT.h5 (the policy arm's own file)");
  return parsed;
}

ValidateArguments parse_validate_arguments(const std::vector<std::string>& args) {
  static const std::vector<std::string> kOptions = {"--set", "--help", "-h"};
  ValidateArguments parsed;
  ArgumentCursor cursor("validate", args);
  bool options_ended = false;
  while (!cursor.done()) {
    const std::string& arg = cursor.next();
    if (options_ended || !looks_like_option(arg)) {
      parsed.scenario_paths.push_back(arg);
      continue;
    }
    const std::string name = ArgumentCursor::name_of(arg);
    if (arg == "--") {
      options_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      parsed.help = true;
    } else if (name == "--set") {
      parsed.set_args.push_back(checked_set_argument("validate", cursor.value_for(arg)));
    } else {
      cursor.unknown_option(arg, kOptions);
    }
  }
  if (!parsed.help && parsed.scenario_paths.empty())
    throw UsageError("validate",
                     "no scenario file given (for example: gigsim validate scenarios/baseline.yaml)");
  return parsed;
}

std::optional<std::pair<std::size_t, std::size_t>> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const auto number = parse_whole_number<std::size_t>(text.substr(0, slash));
  const auto count = parse_whole_number<std::size_t>(text.substr(slash + 1));
  if (!number || !count || *count < 1 || *number < 1 || *number > *count) return std::nullopt;
  return std::make_pair(*number, *count);
}

SweepArguments parse_sweep_arguments(const std::vector<std::string>& args) {
  static const std::vector<std::string> kOptions = {
      "--output", "-o", "--jobs", "-j", "--threads-per-run", "--shard", "--force",
      "--quiet",  "-q", "--help", "-h"};
  SweepArguments parsed;
  ArgumentCursor cursor("sweep", args);
  bool options_ended = false;
  bool have_output = false;
  while (!cursor.done()) {
    const std::string& arg = cursor.next();
    if (options_ended || !looks_like_option(arg)) {
      if (!parsed.sweep_path.empty())
        throw UsageError("sweep", "only one sweep file can be run at a time (got '" + parsed.sweep_path +
                                      "' and '" + arg + "')");
      parsed.sweep_path = arg;
      continue;
    }
    const std::string name = ArgumentCursor::name_of(arg);
    if (arg == "--") {
      options_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      parsed.help = true;
    } else if (name == "-o" || name == "--output") {
      parsed.output_dir = cursor.value_for(arg);
      if (parsed.output_dir.empty())
        throw UsageError("sweep", "option '" + name + "' needs a directory name");
      have_output = true;
    } else if (name == "--jobs" || name == "-j") {
      const std::string value = cursor.value_for(arg);
      const auto jobs = parse_whole_number<int>(value);
      if (!jobs || *jobs < 1)
        throw UsageError("sweep", "--jobs expects a whole number of at least 1, got '" + value + "'");
      parsed.jobs = *jobs;
    } else if (name == "--threads-per-run") {
      const std::string value = cursor.value_for(arg);
      const auto threads = parse_whole_number<int>(value);
      if (!threads || *threads < 1)
        throw UsageError("sweep",
                         "--threads-per-run expects a whole number of at least 1, got '" + value + "'");
      parsed.threads_per_run = *threads;
    } else if (name == "--shard") {
      const std::string value = cursor.value_for(arg);
      const auto shard = parse_shard(value);
      if (!shard)
        throw UsageError("sweep",
                         "--shard expects I/N with 1 <= I <= N (for example 2/8), got '" + value + "'");
      parsed.shard_number = shard->first;
      parsed.shard_count = shard->second;
    } else if (arg == "--force") {
      parsed.force = true;
    } else if (arg == "--quiet" || arg == "-q") {
      parsed.quiet = true;
    } else {
      cursor.unknown_option(arg, kOptions);
    }
  }
  if (parsed.help) return parsed;
  if (parsed.sweep_path.empty())
    throw UsageError(
        "sweep",
        "no sweep file given (for example: gigsim sweep scenarios/sweeps/minimum_wage_grid.yaml -o out)");
  if (!have_output) throw UsageError("sweep", "no output directory given; add -o DIR");
  return parsed;
}

SweepCollectArguments parse_sweep_collect_arguments(const std::vector<std::string>& args) {
  static const std::vector<std::string> kOptions = {"--help", "-h"};
  SweepCollectArguments parsed;
  ArgumentCursor cursor("sweep-collect", args);
  while (!cursor.done()) {
    const std::string& arg = cursor.next();
    if (!looks_like_option(arg)) {
      if (!parsed.output_dir.empty())
        throw UsageError("sweep-collect", "only one sweep directory at a time (got '" + parsed.output_dir +
                                              "' and '" + arg + "')");
      parsed.output_dir = arg;
    } else if (arg == "-h" || arg == "--help") {
      parsed.help = true;
    } else {
      cursor.unknown_option(arg, kOptions);
    }
  }
  if (!parsed.help && parsed.output_dir.empty())
    throw UsageError("sweep-collect", "no sweep directory given (the DIR of gigsim sweep ... -o DIR)");
  return parsed;
}

}  // namespace gigsim::app
