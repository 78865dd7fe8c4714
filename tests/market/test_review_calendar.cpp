// The review calendar keeps future reviews by blocks of ticks and splits a block into its
// ticks just before they are due: every tick must still get its reviews in filing order,
// whenever the split comes, and a checkpoint must give back the same buckets.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/state_archive.hpp"
#include "market/review_calendar.hpp"

using gigsim::ReviewCalendar;
using gigsim::Submission;

namespace {

constexpr std::int64_t kHorizon = 100;  // not a whole number of blocks: the last one is short

Submission review(std::uint64_t id) {
  Submission s;
  s.id = id;
  s.minutes = id % 500;
  s.quality_ok = id % 3 != 0;
  s.auto_approved = id % 5 == 0;
  s.group = static_cast<std::int32_t>(id % 7);
  s.worker = static_cast<std::int32_t>(id * 13);
  return s;
}

std::vector<std::uint64_t> ids_at(ReviewCalendar& c, std::int64_t tick) {
  std::vector<std::uint64_t> out;
  for (const Submission& s : c.due(tick)) {
    CHECK(s.tick_in_block == 0);  // the block's mark is gone once in the tick's bucket
    CHECK(s.minutes == s.id % 500);
    CHECK(s.worker == static_cast<std::int32_t>(s.id * 13));
    out.push_back(s.id);
  }
  return out;
}

// Files reviews tick after tick as the resolution does (each into a later tick); with
// `split_ahead`, the next tick's block is split after the filing in World::file_bookings's three
// steps (chunks in reverse order), otherwise when its first tick is due. Returns what each tick saw.
std::vector<std::vector<std::uint64_t>> run(bool split_ahead,
                                            std::vector<std::vector<std::uint64_t>>& expected) {
  ReviewCalendar c(kHorizon);
  expected.assign(kHorizon, {});
  std::vector<std::vector<std::uint64_t>> seen(kHorizon);
  std::uint64_t id = 1;
  for (std::int64_t now = 0; now < kHorizon; ++now) {
    for (int k = 0; k < 25; ++k, ++id) {
      const std::int64_t tick = now + 1 + static_cast<std::int64_t>((id * 7919) % 40);
      if (!c.accepts(tick)) {
        c.drop();
        continue;
      }
      c.append(tick, review(id));
      c.add_pending(1);
      expected[static_cast<std::size_t>(tick)].push_back(id);
    }
    if (split_ahead && c.accepts(now + 1) && !c.is_split(now + 1)) {
      const std::size_t chunks = c.begin_split(now + 1);
      for (std::size_t k = chunks; k-- > 0;) c.split_chunk(now + 1, k);
      c.end_split(now + 1);
    }
    if (now + 1 < kHorizon) {
      seen[static_cast<std::size_t>(now + 1)] = ids_at(c, now + 1);
      c.release(now + 1);
    }
  }
  CHECK(c.pending() == 0);
  CHECK(c.dropped() > 0);
  return seen;
}

}  // namespace

TEST_CASE("the review calendar gives each tick its reviews in filing order, split early or late",
          "[market][calendar]") {
  for (const bool split_ahead : {true, false}) {
    std::vector<std::vector<std::uint64_t>> expected;
    const auto seen = run(split_ahead, expected);
    for (std::int64_t t = 1; t < kHorizon; ++t) {
      INFO("tick " << t << (split_ahead ? ", split ahead" : ", split when due"));
      CHECK(seen[static_cast<std::size_t>(t)] == expected[static_cast<std::size_t>(t)]);
    }
  }
}

TEST_CASE("the review calendar refuses ticks outside the run and counts what waits", "[market][calendar]") {
  ReviewCalendar c(kHorizon);
  CHECK(c.accepts(0));
  CHECK(c.accepts(kHorizon - 1));
  CHECK_FALSE(c.accepts(kHorizon));
  CHECK_FALSE(c.accepts(-1));
  c.append(kHorizon - 1, review(1));  // the last block is short: 96..99
  c.append(17, review(2));
  c.add_pending(2);
  c.drop(3);
  CHECK(c.pending() == 2);
  CHECK(c.dropped() == 3);
  CHECK(ids_at(c, kHorizon - 1) == std::vector<std::uint64_t>{1});
  CHECK(ids_at(c, 16).empty());
  c.release(17);
  CHECK(c.pending() == 1);
  CHECK(ids_at(c, 17).empty());
}

TEST_CASE("a checkpoint of the review calendar gives back every tick's reviews, split or not",
          "[market][calendar]") {
  ReviewCalendar c(kHorizon);
  std::vector<std::vector<std::uint64_t>> expected(kHorizon);
  for (std::uint64_t id = 1; id <= 400; ++id) {
    const auto tick = static_cast<std::int64_t>(30 + (id * 7919) % 70);
    c.append(tick, review(id));
    expected[static_cast<std::size_t>(tick)].push_back(id);
  }
  c.add_pending(400);
  c.split(35);  // ticks 32..47 in their buckets, the later blocks not
  c.append(40, review(401));
  expected[40].push_back(401);
  c.add_pending(1);

  gigsim::StateWriter out;
  c.save_state(out, 30);
  const std::string bytes = out.bytes();
  gigsim::StateReader in(bytes);
  ReviewCalendar loaded(kHorizon);
  loaded.load_state(in, 30);
  CHECK(in.at_end());
  CHECK(loaded.pending() == 401);
  for (std::int64_t t = 30; t < kHorizon; ++t) {
    INFO("tick " << t);
    CHECK(ids_at(loaded, t) == expected[static_cast<std::size_t>(t)]);
    loaded.release(t);
  }
  CHECK(loaded.pending() == 0);

  gigsim::StateReader short_in(bytes);
  ReviewCalendar other(kHorizon + 1);
  CHECK_THROWS_WITH(other.load_state(short_in, 30), Catch::Contains("event calendar length: 100 saved, 101"));
}

TEST_CASE("the review calendar refuses to split a block into a buffer still due", "[market][calendar]") {
  // Two buffers: blocks 0 and 2 share one, so block 2 cannot be split while block 0's reviews
  // are still to come (the world splits only this tick's block and the next one's).
  ReviewCalendar c(kHorizon);
  c.append(3, review(1));
  c.append(40, review(2));
  c.split(3);
  CHECK_THROWS_WITH(c.split(40), Catch::Contains("block 2 split while block 0 is still due"));
}

TEST_CASE("a block split chunk by chunk, in any order, gives each tick its reviews in filing order",
          "[market][calendar]") {
  // What World::file_bookings does with several threads: the chunks of 4,096 reviews are moved
  // by different threads, in no set order.
  ReviewCalendar c(kHorizon);
  std::vector<std::vector<std::uint64_t>> expected(kHorizon);
  const std::uint64_t n = 3 * ReviewCalendar::kChunk + 123;
  for (std::uint64_t id = 1; id <= n; ++id) {
    const auto tick = static_cast<std::int64_t>(32 + (id * id * 31) % 16);  // block 2
    c.append(tick, review(id));
    expected[static_cast<std::size_t>(tick)].push_back(id);
  }
  c.add_pending(n);
  REQUIRE_FALSE(c.is_split(32));
  const std::size_t chunks = c.begin_split(32);
  CHECK(chunks == 4);
  CHECK(c.is_split(47));
  for (std::size_t k = chunks; k-- > 0;) c.split_chunk(32, k);
  c.end_split(32);
  c.append(40, review(n + 1));  // filed after the split: after the split ones
  expected[40].push_back(n + 1);
  c.add_pending(1);
  for (std::int64_t t = 32; t < 48; ++t) {
    INFO("tick " << t);
    CHECK(ids_at(c, t) == expected[static_cast<std::size_t>(t)]);
    c.release(t);
  }
  CHECK(c.pending() == 0);
}
