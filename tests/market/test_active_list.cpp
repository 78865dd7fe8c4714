// The active list's 8-byte entries: a busy-until tick saturated by tick32 must keep its
// worker in the list (kLeft marks only a worker going offline).
#include <catch2/catch.hpp>
#include <cstdint>

#include "market/world.hpp"

using namespace gigsim;

TEST_CASE("an active-list entry's quiet-until tick never reads as leaving the list", "[market]") {
  CHECK(OnlineWorker::quiet(0) == 0);
  CHECK(OnlineWorker::quiet(52'560'000) == 52'560'000);  // a hundred years of one-minute ticks
  CHECK(OnlineWorker::quiet(tick32(std::int64_t{1} << 40)) == OnlineWorker::kLeft - 1);
  CHECK(OnlineWorker::quiet(OnlineWorker::kLeft - 1) == OnlineWorker::kLeft - 1);
  CHECK(OnlineWorker::quiet(tick32(std::int64_t{1} << 40)) != OnlineWorker::kLeft);
}
