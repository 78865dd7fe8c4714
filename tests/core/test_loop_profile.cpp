// The loop profile's bookkeeping: each call site's calls, wall time, all threads' item time and
// the busiest thread's, summed over calls.
#include <catch2/catch.hpp>
#include <source_location>
#include <stdexcept>

#include "core/loop_profile.hpp"

using namespace gigsim;

namespace {
std::source_location first_site() { return std::source_location::current(); }
std::source_location second_site() { return std::source_location::current(); }
}  // namespace

TEST_CASE("LoopProfile sums each call site's items by thread and keeps the busiest thread per call") {
  LoopProfile profile(3);
  CHECK(profile.threads() == 3);
  // First call at the first site: thread 0 did 1 s, thread 2 did 3 s.
  profile.add_item(0, 0.5);
  profile.add_item(0, 0.5);
  profile.add_item(2, 3.0);
  profile.end_loop(first_site(), 3.5);
  // A call at another site, then the first site again, where thread 1 is now the busiest.
  profile.add_item(1, 0.25);
  profile.end_loop(second_site(), 0.5);
  profile.add_item(0, 1.0);
  profile.add_item(1, 2.0);
  profile.end_loop(first_site(), 2.25);

  REQUIRE(profile.loops().size() == 2);
  const LoopCost& first = profile.loops()[0];
  CHECK(first.site.find("test_loop_profile.cpp:") == 0);
  CHECK(first.function.find("first_site") != std::string::npos);
  CHECK(first.calls == 2);
  CHECK(first.wall == Approx(5.75));
  CHECK(first.busy == Approx(7.0));
  CHECK(first.slowest == Approx(3.0 + 2.0));  // not the sum of each thread's largest
  CHECK(first.mean(3) == Approx(7.0 / 3));
  const LoopCost& second = profile.loops()[1];
  CHECK(second.site != first.site);
  CHECK(second.calls == 1);
  CHECK(second.busy == Approx(0.25));
  CHECK(second.slowest == Approx(0.25));
}

TEST_CASE("LoopProfile counts an item from a thread outside its range as the first thread's") {
  LoopProfile profile(2);
  profile.add_item(-1, 1.0);  // a thread outside any arena
  profile.add_item(5, 2.0);   // an index beyond the threads given
  profile.add_item(1, 0.5);
  profile.end_loop(first_site(), 3.0);
  REQUIRE(profile.loops().size() == 1);
  CHECK(profile.loops()[0].busy == Approx(3.5));
  CHECK(profile.loops()[0].slowest == Approx(3.0));
}

TEST_CASE("LoopProfile needs a thread") { CHECK_THROWS_AS(LoopProfile(0), std::invalid_argument); }
