#pragma once
// Progress of a run on stderr: a redrawn bar with rate and ETA on a terminal,
// a plain line about every 10% (or every 30 seconds) otherwise, nothing when quiet.
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace gigsim::app {

enum class ProgressStyle { terminal, plain, quiet };

// terminal when stderr is a TTY, plain otherwise; quiet when asked.
ProgressStyle progress_style_for_stderr(bool quiet);

class ProgressDisplay {
 public:
  ProgressDisplay(ProgressStyle style, std::int64_t ticks_per_day, std::FILE* out = stderr);
  ~ProgressDisplay();  // ends a half-drawn terminal line
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  void update(std::int64_t tick, std::int64_t total);
  void finish();  // draws 100% and ends the line
  // Someone else (the Ctrl-C handler's message) has already ended the bar's line.
  void line_ended_elsewhere() { line_open_ = false; }

 private:
  using Clock = std::chrono::steady_clock;
  void draw_terminal(std::int64_t tick, std::int64_t total);
  void print_plain(std::int64_t tick, std::int64_t total);

  ProgressStyle style_;
  std::int64_t ticks_per_day_;
  std::FILE* out_;
  Clock::time_point start_;
  Clock::time_point last_output_;
  std::int64_t last_tick_ = 0;
  std::int64_t last_total_ = 0;
  int last_decile_ = 0;
  bool line_open_ = false;
  bool finished_ = false;
};

}  // namespace gigsim::app
