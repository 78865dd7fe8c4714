#pragma once
// Stores that bypass the caches (non-temporal), for slots another core reads next and that a
// core read the tick before: the resolution's events, the staged submissions, the reviews'
// verdicts, each written on one core and read by a part that is on the other about half the
// time. A plain store into such a line first takes it from the core that holds it (on this VM
// 40-200 ns a line, as slow as memory, docs/performance.md); a streaming store does not wait
// for it, and the reader finds the line in memory. Elsewhere than x86-64, plain stores.
#include <cstddef>
#include <cstring>
#include <type_traits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace gigsim {

// Copies `from` to `to`, a whole number of 8-byte words, 8-byte aligned.
template <typename T>
inline void store_streaming(T& to, const T& from) {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % 8 == 0 && alignof(T) >= 8);
#if defined(__x86_64__)
  auto* out = reinterpret_cast<long long*>(&to);
  for (std::size_t w = 0; w < sizeof(T) / 8; ++w) {
    long long word;
    std::memcpy(&word, reinterpret_cast<const char*>(&from) + 8 * w, 8);
    _mm_stream_si64(out + w, word);
  }
#else
  to = from;
#endif
}

// After a run of streaming stores, before another thread may read them: orders them before the
// stores that follow (a loop's join).
inline void end_streaming_stores() {
#if defined(__x86_64__)
  _mm_sfence();
#endif
}

}  // namespace gigsim
