#pragma once
// Runs f(i) for i in [0, n), on TBB threads or serially. The result is the same
// either way as long as f(i) writes only to slot i: the serial path is the
// reference the determinism tests compare the parallel one with.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <cstddef>

namespace gigsim {

template <typename F>
void for_each_index(tbb::task_arena& arena, bool parallel, std::size_t n, F&& f) {
  if (!parallel) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 256),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) f(i);
                      });
  });
}

}  // namespace gigsim
