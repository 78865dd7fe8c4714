// The allocator of the hot worker columns: large blocks start on a 2 MiB boundary (where huge
// pages are used), small ones come from the usual heap, and a column keeps its contents
// through growth, copies and moves like any vector.
#include <catch2/catch.hpp>
#include <cstdint>
#include <numeric>

#include "core/huge_page_allocator.hpp"

using namespace gigsim;

TEST_CASE("a large hot column starts on a huge-page boundary and keeps its values through growth") {
  HotColumn<std::int64_t> column;
  const std::size_t n = 3 * kHugePageThresholdBytes / sizeof(std::int64_t);  // 3 MiB
  column.resize(n);
  std::iota(column.begin(), column.end(), std::int64_t{1});
  if (kHugePagesUsed) CHECK(reinterpret_cast<std::uintptr_t>(column.data()) % kHugePageBytes == 0);
  column.resize(3 * n, -1);  // reallocates: the new block is mapped and the old one unmapped
  if (kHugePagesUsed) CHECK(reinterpret_cast<std::uintptr_t>(column.data()) % kHugePageBytes == 0);
  CHECK(column[0] == 1);
  CHECK(column[n - 1] == static_cast<std::int64_t>(n));
  CHECK(column[n] == -1);
  CHECK(column.back() == -1);

  const HotColumn<std::int64_t> copy = column;
  CHECK(copy == column);
  HotColumn<std::int64_t> moved = std::move(column);
  CHECK(moved.size() == 3 * n);
  CHECK(moved[n - 1] == static_cast<std::int64_t>(n));
  moved.clear();
  moved.shrink_to_fit();
  CHECK(moved.capacity() == 0);
}

TEST_CASE("small hot columns use the ordinary heap") {
  HotColumn<std::uint8_t> small(1000, 7);
  CHECK(std::accumulate(small.begin(), small.end(), 0) == 7000);
  small.resize(kHugePageThresholdBytes + 1, 1);  // crosses the threshold: now mapped
  if (kHugePagesUsed) CHECK(reinterpret_cast<std::uintptr_t>(small.data()) % kHugePageBytes == 0);
  CHECK(small[999] == 7);
  CHECK(small[1000] == 1);
  CHECK(HugePageAllocator<int>{} == HugePageAllocator<int>{});
}
