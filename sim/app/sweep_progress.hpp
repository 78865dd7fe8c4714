#pragma once
// One progress display for a whole sweep on stderr: runs done and failed, and an ETA
// from the runs' own progress (a redrawn bar on a terminal, a plain line about every
// 10% or 30 seconds otherwise, nothing when quiet). Safe to call from many threads.
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <vector>

#include "app/progress_display.hpp"

namespace gigsim::app {

class SweepProgress {
 public:
  SweepProgress(ProgressStyle style, std::size_t runs, std::FILE* out = stderr);
  ~SweepProgress();
  SweepProgress(const SweepProgress&) = delete;
  SweepProgress& operator=(const SweepProgress&) = delete;

  // Run `slot` (0 <= slot < runs) has done `fraction` of its ticks.
  void update(std::size_t slot, double fraction);
  void finished(std::size_t slot, bool ok);
  void finish();  // the final line
  void line_ended_elsewhere();

  std::size_t done() const;
  std::size_t failed() const;

 private:
  using Clock = std::chrono::steady_clock;
  void draw(bool force);

  mutable std::mutex mutex_;
  ProgressStyle style_;
  std::FILE* out_;
  std::vector<double> fractions_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  Clock::time_point start_;
  Clock::time_point last_output_;
  int last_decile_ = 0;
  bool line_open_ = false;
  bool finished_ = false;
  bool complete_printed_ = false;  // plain style: the final line is out
};

}  // namespace gigsim::app
