#pragma once
// Runs f(i) for i in [0, n), on TBB threads or serially. The result is the same
// either way as long as f(i) writes only to slot i: the serial path is the
// reference the determinism tests compare the parallel one with.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>
#include <algorithm>
#include <cstddef>
#include <utility>
#if defined(__SANITIZE_THREAD__)
#include <thread>
#include <vector>
#endif

namespace gigsim {

// `grain`: the fewest consecutive indices one task takes (TBB builds only).
template <typename F>
void for_each_index(tbb::task_arena& arena, bool parallel, std::size_t n, F&& f,
                    [[maybe_unused]] std::size_t grain = 256) {
  if (!parallel) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer build only (preset tsan, docs/robustness.md): libtbb.so is not
  // instrumented, so TSan cannot see the synchronisation between a spawning and a
  // stealing thread and reports TBB's own bookkeeping as races. Here the same f(i) run
  // concurrently on std::threads, which TSan does see, in as many contiguous chunks as
  // the arena has threads; a race between two indices is still found.
  const std::size_t k = std::min<std::size_t>(std::max(1, arena.max_concurrency()), n);
  std::vector<std::thread> threads;
  auto chunk = [&](std::size_t c) {
    for (std::size_t i = c * n / k; i != (c + 1) * n / k; ++i) f(i);
  };
  for (std::size_t c = 1; c < k; ++c) threads.emplace_back(chunk, c);
  if (k > 0) chunk(0);
  for (auto& t : threads) t.join();
#else
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) f(i);
                      });
  });
#endif
}

// The same, one index at a time, with indices dealt to threads as in the last loop run with
// this partitioner over as many indices: a loop that reads what an earlier one wrote for the
// same index then mostly finds it in its own core's cache. Which thread runs an index never
// changes a result, only the time.
template <typename F>
void for_each_index(tbb::task_arena& arena, bool parallel, std::size_t n, F&& f,
                    [[maybe_unused]] tbb::affinity_partitioner& affinity) {
#if defined(__SANITIZE_THREAD__)
  for_each_index(arena, parallel, n, std::forward<F>(f), 1);
#else
  if (!parallel) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, n, 1),
        [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t i = r.begin(); i != r.end(); ++i) f(i);
        },
        affinity);
  });
#endif
}

}  // namespace gigsim
