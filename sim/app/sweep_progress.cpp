#include "app/sweep_progress.hpp"

#include "app/terminal_text.hpp"

#include <unistd.h>

#include <algorithm>
#include <numeric>
#include <string>

namespace gigsim::app {

SweepProgress::SweepProgress(ProgressStyle style, std::size_t runs, std::FILE* out)
    : style_(style), out_(out), fractions_(runs, 0.0), start_(Clock::now()), last_output_(start_) {}

SweepProgress::~SweepProgress() {
  if (line_open_) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
}

void SweepProgress::update(std::size_t slot, double fraction) {
  std::lock_guard lock(mutex_);
  if (slot < fractions_.size()) fractions_[slot] = std::clamp(fraction, 0.0, 1.0);
  draw(false);
}

void SweepProgress::finished(std::size_t slot, bool ok) {
  std::lock_guard lock(mutex_);
  if (slot < fractions_.size()) fractions_[slot] = 1.0;
  ++done_;
  if (!ok) ++failed_;
  draw(false);
}

void SweepProgress::line_ended_elsewhere() {
  std::lock_guard lock(mutex_);
  line_open_ = false;
}

std::size_t SweepProgress::done() const {
  std::lock_guard lock(mutex_);
  return done_;
}

std::size_t SweepProgress::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void SweepProgress::finish() {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  draw(true);
  if (line_open_) {
    std::fputc('\n', out_);
    line_open_ = false;
  }
  finished_ = true;
  std::fflush(out_);
}

// Called with the mutex held.
void SweepProgress::draw(bool force) {
  if (style_ == ProgressStyle::quiet || finished_ || fractions_.empty()) return;
  const auto now = Clock::now();
  const double total = static_cast<double>(fractions_.size());
  const double fraction = std::accumulate(fractions_.begin(), fractions_.end(), 0.0) / total;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const bool complete = done_ >= fractions_.size();
  const std::string eta =
      complete ? format_duration(elapsed)
               : (fraction > 0.001 ? format_duration(elapsed * (1 - fraction) / fraction) : "--:--");
  char tail[160];
  if (style_ == ProgressStyle::terminal) {
    if (!force && line_open_ && now - last_output_ < std::chrono::milliseconds(200)) return;
    last_output_ = now;
    std::snprintf(tail, sizeof tail, " %zu/%zu runs  %zu failed  %5.1f%%  %s %s", done_, fractions_.size(),
                  failed_, 100.0 * fraction, complete ? "took" : "ETA", eta.c_str());
    const int bar_width = std::clamp(terminal_columns(out_) - 60, 0, 40);
    std::string line = "\r";
    if (bar_width >= 10) {
      const int filled = static_cast<int>(fraction * bar_width);
      line += '[' + std::string(filled, '#') + std::string(bar_width - filled, '.') + ']';
    }
    line += tail;
    line += "\x1b[K";
    std::fputs(line.c_str(), out_);
    std::fflush(out_);
    line_open_ = true;
    return;
  }
  const int decile = static_cast<int>(10 * fraction);
  if (!force && decile <= last_decile_ && now - last_output_ < std::chrono::seconds(30)) return;
  last_decile_ = std::max(decile, last_decile_);
  last_output_ = now;
  if (complete && complete_printed_) return;
  complete_printed_ = complete;
  std::fprintf(out_, "gigsim: %zu/%zu runs done, %zu failed, %3d%%, %s %s\n", done_, fractions_.size(),
               failed_, static_cast<int>(100 * fraction), complete ? "took" : "ETA", eta.c_str());
  std::fflush(out_);
}

}  // namespace gigsim::app
