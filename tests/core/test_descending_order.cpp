// The renumbering's order (world_setup.cpp): the order std::stable_sort by value, largest first,
// gives, for values with many ties, both zeros, negatives, infinities and denormals.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "core/descending_order.hpp"

using namespace gigsim;

namespace {
std::vector<std::uint32_t> stable_reference(const std::vector<float>& values) {
  std::vector<std::uint32_t> order(values.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return values[a] > values[b]; });
  return order;
}
}  // namespace

TEST_CASE("descending_order is a stable sort by value, largest first") {
  const float pool[] = {0.0f,
                        -0.0f,
                        1.0f,
                        -1.0f,
                        40.0f,
                        40.0f,
                        2.5e-3f,
                        -2.5e-3f,
                        std::numeric_limits<float>::denorm_min(),
                        -std::numeric_limits<float>::denorm_min(),
                        std::numeric_limits<float>::max(),
                        std::numeric_limits<float>::lowest(),
                        std::numeric_limits<float>::infinity(),
                        -std::numeric_limits<float>::infinity()};
  std::uint64_t x = 0x2545f4914f6cdd1dULL;
  for (const std::size_t n :
       {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{1000}, std::size_t{50'000}}) {
    std::vector<float> values(n);
    for (float& v : values) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      // Half from the pool (ties, both zeros, the extremes), half spread out.
      v = (x & 1) != 0 ? pool[(x >> 1) % std::size(pool)] : static_cast<float>(x >> 40) * 1e-4f - 400.0f;
    }
    INFO(n << " values");
    CHECK(descending_order(values) == stable_reference(values));
  }
}

TEST_CASE("descending_order keeps tied values in index order") {
  const std::vector<float> values = {3.0f, 5.0f, 3.0f, -0.0f, 5.0f, 0.0f, 3.0f};
  CHECK(descending_order(values) == std::vector<std::uint32_t>{1, 4, 0, 2, 6, 3, 5});
}
