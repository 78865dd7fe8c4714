#pragma once
// Randomness is a pure function of (run seed, tick, phase, agent): every draw an
// agent makes in a phase comes from its own counter-based stream, so results
// cannot depend on how the work is split over threads. The engine is ours (a
// SplitMix64 keyed by a hash of the four coordinates); the distributions are
// Boost.Random's, whose output is the same with every standard library.
#include <cstdint>
#include <limits>

namespace gigsim {

enum class Phase : std::uint32_t {
  initialise = 1,
  arrivals,
  posting,
  session,
  search,
  work,
  review,
  appeal,
  policing,
  exit,
  payout,
  suspension,
};

inline constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The part of a stream's key that depends on the run's seed and the tick only: a phase that
// opens a stream for each of tens of thousands of agents in one tick hashes it once.
struct TickKey {
  std::uint64_t value = 0;
  TickKey() = default;
  constexpr TickKey(std::uint64_t seed, std::int64_t tick)
      : value(mix64(mix64(seed ^ 0x9e3779b97f4a7c15ULL) ^ static_cast<std::uint64_t>(tick))) {}
};

class Stream {
 public:
  using result_type = std::uint64_t;
  Stream(std::uint64_t seed, std::int64_t tick, Phase phase, std::uint64_t agent)
      : Stream(TickKey(seed, tick), phase, agent) {}
  // The same stream as Stream(seed, tick, phase, agent) for key = TickKey(seed, tick).
  Stream(TickKey key, Phase phase, std::uint64_t agent)
      : state_(mix64(key.value ^ (static_cast<std::uint64_t>(phase) << 48) ^ agent)) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  // Uniform in [0, 1) with 53 random bits; used for Bernoulli tests on the hot path.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }

 private:
  std::uint64_t state_;
};

}  // namespace gigsim
