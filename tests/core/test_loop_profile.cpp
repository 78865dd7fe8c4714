// The loop profile's bookkeeping: each call site's calls, wall time, all threads' item time and
// the busiest thread's, summed over calls.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include "core/loop_profile.hpp"

using namespace gigsim;

TEST_CASE("LoopProfile sums each call site's items by thread and keeps the busiest thread per call") {
  LoopProfile profile(3);
  CHECK(profile.threads() == 3);
  // First call at the first site: thread 0 did 1 s, thread 2 did 3 s.
  profile.add_item(0, 0.5);
  profile.add_item(0, 0.5);
  profile.add_item(2, 3.0);
  profile.end_loop("/src/sim/market/phase_a.cpp", 10, "first", 3.5);
  // A call at another line of the same file, then the first site again (its file name in another
  // buffer: sites match by their text), where thread 1 is now the busiest.
  profile.add_item(1, 0.25);
  profile.end_loop("/src/sim/market/phase_a.cpp", 20, "second", 0.5);
  const std::string same_file = "/src/sim/market/phase_a.cpp";
  profile.add_item(0, 1.0);
  profile.add_item(1, 2.0);
  profile.end_loop(same_file.c_str(), 10, "first", 2.25);

  REQUIRE(profile.loops().size() == 2);
  const LoopCost& first = profile.loops()[0];
  CHECK(first.site == "phase_a.cpp:10");
  CHECK(first.function == "first");
  CHECK(first.calls == 2);
  CHECK(first.wall == Approx(5.75));
  CHECK(first.busy == Approx(7.0));
  CHECK(first.slowest == Approx(3.0 + 2.0));  // not the largest of each thread's totals
  CHECK(first.mean(3) == Approx(7.0 / 3));
  const LoopCost& second = profile.loops()[1];
  CHECK(second.site == "phase_a.cpp:20");
  CHECK(second.calls == 1);
  CHECK(second.busy == Approx(0.25));
  CHECK(second.slowest == Approx(0.25));
}

TEST_CASE("LoopProfile counts an item from a thread outside its range as the first thread's") {
  LoopProfile profile(2);
  profile.add_item(-1, 1.0);  // a thread outside any arena
  profile.add_item(5, 2.0);   // an index beyond the threads given
  profile.add_item(1, 0.5);
  profile.end_loop("loop.cpp", 1, "f", 3.0);
  REQUIRE(profile.loops().size() == 1);
  CHECK(profile.loops()[0].site == "loop.cpp:1");
  CHECK(profile.loops()[0].busy == Approx(3.5));
  CHECK(profile.loops()[0].slowest == Approx(3.0));
}

TEST_CASE("LoopProfile needs a thread") { CHECK_THROWS_AS(LoopProfile(0), std::invalid_argument); }
