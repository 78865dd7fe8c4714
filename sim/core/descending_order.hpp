#pragma once
// The order a stable sort by value, largest first, gives (ties keep their index order), as the
// indices of `values`. Sorted as 64-bit keys, the value's bits above the index, instead of by
// std::stable_sort with a comparison that reads the values through the indices (a national
// population's renumbering by hours, world_setup.cpp). -0 and +0 tie, as they
// compare; a NaN has no place in a sorted order, and gets an unspecified one. At most 2^32 values.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace gigsim {

inline std::vector<std::uint32_t> descending_order(std::span<const float> values) {
  std::vector<std::uint64_t> keys(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float v = values[i] == 0.0f ? 0.0f : values[i];
    const auto bits = std::bit_cast<std::uint32_t>(v);
    // Flipped so that the unsigned bits order as the floats do: negatives reversed below the
    // positives.
    const std::uint32_t ascending = (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
    keys[i] = (std::uint64_t{~ascending} << 32) | i;
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> order(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = static_cast<std::uint32_t>(keys[i]);
  return order;
}

}  // namespace gigsim
