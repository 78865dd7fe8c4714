#include "app/progress_display.hpp"

#include "app/terminal_text.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace gigsim::app {

ProgressStyle progress_style_for_stderr(bool quiet) {
  if (quiet) return ProgressStyle::quiet;
  return isatty(STDERR_FILENO) ? ProgressStyle::terminal : ProgressStyle::plain;
}

ProgressDisplay::ProgressDisplay(ProgressStyle style, std::int64_t ticks_per_day, std::FILE* out)
    : style_(style),
      ticks_per_day_(std::max<std::int64_t>(1, ticks_per_day)),
      out_(out),
      start_(Clock::now()),
      last_output_(start_) {}

ProgressDisplay::~ProgressDisplay() {
  if (line_open_) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
}

void ProgressDisplay::update(std::int64_t tick, std::int64_t total) {
  last_tick_ = tick;
  last_total_ = total;
  if (style_ == ProgressStyle::quiet || finished_ || total <= 0) return;
  const auto now = Clock::now();
  if (style_ == ProgressStyle::terminal) {
    if (now - last_output_ >= std::chrono::milliseconds(100) || !line_open_) {
      last_output_ = now;
      draw_terminal(tick, total);
    }
    return;
  }
  const int decile = static_cast<int>(10 * tick / total);
  if (decile > last_decile_ || now - last_output_ >= std::chrono::seconds(30)) {
    last_decile_ = std::max(decile, last_decile_);
    last_output_ = now;
    if (tick < total) print_plain(tick, total);
  }
}

void ProgressDisplay::finish() {
  if (finished_) return;
  const std::int64_t total = last_total_ > 0 ? last_total_ : 1;
  if (style_ == ProgressStyle::terminal) {
    draw_terminal(total, total);
    std::fputc('\n', out_);
    line_open_ = false;
  } else if (style_ == ProgressStyle::plain) {
    print_plain(total, total);
  }
  finished_ = true;
  std::fflush(out_);
}

void ProgressDisplay::draw_terminal(std::int64_t tick, std::int64_t total) {
  const double fraction = std::clamp(static_cast<double>(tick) / static_cast<double>(total), 0.0, 1.0);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const double days = static_cast<double>(tick) / static_cast<double>(ticks_per_day_);
  const double total_days = static_cast<double>(total) / static_cast<double>(ticks_per_day_);
  const double rate = elapsed > 0 ? days / elapsed : 0.0;  // simulated days per second
  const std::string eta = tick >= total ? format_duration(elapsed)
                                        : (rate > 0 ? format_duration((total_days - days) / rate) : "--:--");
  char tail[160];
  std::snprintf(tail, sizeof tail, " %5.1f%%  day %.1f/%.4g  %.2f days/s  %s %s", 100.0 * fraction, days,
                total_days, rate, tick >= total ? "took" : "ETA", eta.c_str());
  const int columns = terminal_columns(out_);
  // Room for the longest tail, so the bar keeps its width from one redraw to the next.
  constexpr int kTailRoom = 58;
  const int bar_width = std::clamp(columns - kTailRoom - 3, 0, 40);
  std::string line = "\r";
  if (bar_width >= 10) {
    const int filled = static_cast<int>(fraction * bar_width);
    line += '[' + std::string(filled, '#') + std::string(bar_width - filled, '.') + ']';
  }
  line += tail;
  line += "\x1b[K";  // clear what is left of a longer previous line
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
  line_open_ = true;
}

void ProgressDisplay::print_plain(std::int64_t tick, std::int64_t total) {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const double days = static_cast<double>(tick) / static_cast<double>(ticks_per_day_);
  const double total_days = static_cast<double>(total) / static_cast<double>(ticks_per_day_);
  const double rate = elapsed > 0 ? days / elapsed : 0.0;
  if (tick >= total) {
    std::fprintf(out_, "gigsim: 100%% day %.4g/%.4g, %.2f simulated days/s, took %s\n", days, total_days,
                 rate, format_duration(elapsed).c_str());
  } else {
    const std::string eta = rate > 0 ? format_duration((total_days - days) / rate) : "--:--";
    std::fprintf(out_, "gigsim: %3d%% day %.1f/%.4g, %.2f simulated days/s, ETA %s\n",
                 static_cast<int>(100 * tick / total), days, total_days, rate, eta.c_str());
  }
  std::fflush(out_);
}

}  // namespace gigsim::app
