// Minutes to ticks: the multiplication a power-of-two tick allows gives the division's double,
// to the bit, and other ticks divide.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "core/rng.hpp"
#include "core/tick_length.hpp"

using namespace gigsim;

namespace {
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
}  // namespace

TEST_CASE("minutes convert to ticks exactly as the division does", "[core][tick_length]") {
  Stream s(2018, 0, Phase::work, 1);
  for (const std::int64_t tm : {1, 2, 3, 4, 5, 8, 10, 15, 16, 30, 60, 64, 1440}) {
    const TickLength length(tm);
    CHECK(length.by_multiplication() == (tm == 1 || tm == 2 || tm == 4 || tm == 8 || tm == 16 || tm == 64));
    const auto d = static_cast<double>(tm);
    for (const double minutes : {0.0, 1e-300, 0.1, 1.0, 1.5, 59.999999999, 60.0, 4319.5, 1e9, 1e300}) {
      INFO("tick " << tm << ", minutes " << minutes);
      CHECK(same_bits(length.ticks(minutes), minutes / d));
    }
    // Drawn values over many magnitudes, as review delays and assignment lengths come.
    for (int i = 0; i < 20000; ++i) {
      const double minutes = std::exp(40.0 * s.uniform() - 20.0) * (1.0 + s.uniform());
      if (!same_bits(length.ticks(minutes), minutes / d)) FAIL("tick " << tm << ", minutes " << minutes);
    }
  }
  // Where the reciprocal is not exact, multiplying by it would differ for some minutes: the
  // reason the division is kept there.
  bool some_differ = false;
  for (int i = 0; i < 1000 && !some_differ; ++i) {
    const double minutes = 1.0 + 1000.0 * s.uniform();
    some_differ = !same_bits(minutes * (1.0 / 5.0), minutes / 5.0);
  }
  CHECK(some_differ);
}
