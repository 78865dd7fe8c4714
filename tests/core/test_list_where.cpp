// The branch-free listing the parallel passes pick their items with: the kept indices, in order,
// whatever the scratch held before.
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "core/list_where.hpp"

using namespace gigsim;

TEST_CASE("list_where lists the kept indices in ascending order") {
  const std::vector<int> parts = {1, 0, 1, 1, 0, 0, 1, 0};
  std::vector<std::uint32_t> out = {7, 7, 7};  // stale scratch from an earlier call
  const std::size_t ones = list_where(out, parts.size(), [&](std::size_t i) { return parts[i] == 1; });
  REQUIRE(ones == 4);
  CHECK(std::vector<std::uint32_t>(out.begin(), out.begin() + 4) == std::vector<std::uint32_t>{0, 2, 3, 6});
  const std::size_t zeros = list_where(out, parts.size(), [&](std::size_t i) { return parts[i] == 0; });
  REQUIRE(zeros == 4);
  CHECK(std::vector<std::uint32_t>(out.begin(), out.begin() + 4) == std::vector<std::uint32_t>{1, 4, 5, 7});
}

TEST_CASE("list_where keeps all, none, or nothing to choose from") {
  std::vector<std::uint32_t> out;
  CHECK(list_where(out, 5, [](std::size_t) { return true; }) == 5);
  CHECK(out == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
  CHECK(list_where(out, 5, [](std::size_t) { return false; }) == 0);
  CHECK(list_where(out, 0, [](std::size_t) { return true; }) == 0);
  CHECK(out.empty());
}
