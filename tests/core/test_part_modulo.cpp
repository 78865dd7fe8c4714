// The remainder by multiplication that picks each item's part: equal to % for every divisor a
// run can have and at the edges of the 32-bit range.
#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>

#include "core/part_modulo.hpp"

using namespace gigsim;

TEST_CASE("PartModulo gives a % d for parts counts from 1 to 1024") {
  const std::uint32_t edges[] = {
      0u,        1u, 2u, 63u, 64u, 65u, 1023u, 1024u, 999'999u, 1u << 31, (1u << 31) - 1, UINT32_MAX - 1,
      UINT32_MAX};
  for (std::uint32_t d = 1; d <= 1024; ++d) {
    const PartModulo mod(d);
    CHECK(mod.divisor() == d);
    for (const std::uint32_t a : edges) REQUIRE(mod(a) == a % d);
    // A spread of values, including every multiple boundary near the divisor.
    std::uint64_t a = 12345;
    for (int k = 0; k < 2000; ++k) {
      a = (a * 6364136223846793005ULL + 1442695040888963407ULL);
      const auto x = static_cast<std::uint32_t>(a >> 32);
      REQUIRE(mod(x) == x % d);
      REQUIRE(mod(d * static_cast<std::uint32_t>(k)) == (d * static_cast<std::uint32_t>(k)) % d);
      REQUIRE(mod(d * static_cast<std::uint32_t>(k) - 1) == (d * static_cast<std::uint32_t>(k) - 1) % d);
    }
  }
}

TEST_CASE("PartModulo refuses zero parts") { CHECK_THROWS_AS(PartModulo(0), std::invalid_argument); }
