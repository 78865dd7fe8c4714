// The streams: a pure function of (seed, tick, phase, agent), however the key is built.
#include <catch2/catch.hpp>

#include "core/rng.hpp"

using namespace gigsim;

TEST_CASE("a stream keyed by a tick key follows the documented formula", "[core][rng]") {
  // docs/odd.md 4.9: state0 = mix64(mix64(mix64(seed ^ phi) ^ tick) ^ (phase << 48) ^ key),
  // then each draw is mix64(state += phi). Written out here apart from Stream and TickKey.
  const std::uint64_t phi = 0x9e3779b97f4a7c15ULL;
  for (const std::uint64_t seed : {0ULL, 42ULL, 2018ULL, ~0ULL})
    for (const std::int64_t tick : {std::int64_t{0}, std::int64_t{1}, std::int64_t{43199}}) {
      const TickKey key(seed, tick);
      for (const std::uint64_t agent : {0ULL, 7ULL, (3ULL << 40) + 12345}) {
        std::uint64_t state = mix64(mix64(mix64(seed ^ phi) ^ static_cast<std::uint64_t>(tick)) ^
                                    (static_cast<std::uint64_t>(Phase::search) << 48) ^ agent);
        Stream keyed(key, Phase::search, agent), plain(seed, tick, Phase::search, agent);
        for (int i = 0; i < 4; ++i) {
          state += phi;
          const std::uint64_t expected = mix64(state);
          CHECK(keyed() == expected);
          CHECK(plain() == expected);
        }
      }
    }
}

TEST_CASE("streams differ by tick, phase and agent", "[core][rng]") {
  const TickKey key(42, 100);
  const std::uint64_t first = Stream(key, Phase::search, 1)();
  CHECK(Stream(TickKey(42, 101), Phase::search, 1)() != first);
  CHECK(Stream(TickKey(43, 100), Phase::search, 1)() != first);
  CHECK(Stream(key, Phase::review, 1)() != first);
  CHECK(Stream(key, Phase::search, 2)() != first);
  // The value the streams have always given (before the tick key too): a change to the hash
  // would change every result.
  CHECK(first == 1121630028137914701ULL);
}
