#pragma once
// What each loop a tick splits over threads cost, for the phase profiler
// (build-bench/bin/gigsim_phase_profile --loops; docs/performance.md). Of a loop's wall time,
// the slowest thread's items are the part more threads could not shorten without evening out
// the work; the rest is starting and joining the threads. The mean thread's items against the
// slowest's is the imbalance. Kept per call site, in the order the loops first ran. Off unless
// a World is given one (World::profile_loops): the tick loops then time each item.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gigsim {

struct LoopCost {
  std::string site;      // file:line of the call
  std::string function;  // the function it is in, as the compiler names it
  std::int64_t calls = 0;
  double wall = 0;     // seconds from the loop's start to its end
  double busy = 0;     // seconds in items, all threads together
  double slowest = 0;  // seconds in items of each call's busiest thread, summed over the calls
  // busy / threads: what the slowest thread would have taken, had the items been shared evenly.
  double mean(int threads) const { return threads > 0 ? busy / threads : busy; }
};

class LoopProfile {
 public:
  explicit LoopProfile(int threads);

  // An item of the current loop took `seconds` on the thread with this arena index (any other
  // index, as from a thread outside an arena, counts as the first thread's).
  void add_item(int thread, double seconds) {
    const std::size_t slot = thread > 0 && thread < threads_ ? static_cast<std::size_t>(thread) : 0;
    threads_busy_[slot].nanoseconds.fetch_add(static_cast<std::int64_t>(seconds * 1e9),
                                              std::memory_order_relaxed);
  }
  // The loop called at line `line` of `file`, in `function`, ended after `wall` seconds: its
  // items are added to its call site's. (The call site comes from the compilers' __builtin_FILE,
  // __builtin_LINE and __builtin_FUNCTION: libstdc++ 12 has no std::source_location under Clang
  // 14, which the fuzzing build uses.)
  void end_loop(const char* file, unsigned line, const char* function, double wall);

  int threads() const { return threads_; }
  const std::vector<LoopCost>& loops() const { return loops_; }

 private:
  struct alignas(64) ThreadBusy {  // a line each: every thread adds to its own
    std::atomic<std::int64_t> nanoseconds{0};
  };
  struct Site {
    std::string file;  // a copy: the caller's text need not outlive the profile
    unsigned line;
  };
  int threads_;
  std::unique_ptr<ThreadBusy[]> threads_busy_;
  std::vector<Site> sites_;  // beside loops_
  std::vector<LoopCost> loops_;
};

}  // namespace gigsim
