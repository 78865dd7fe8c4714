// The event calendar: order within a tick, events outside the run, and the two-step
// filing the resolution uses to fill buckets from several threads.
#include <catch2/catch.hpp>

#include <vector>

#include "market/event_calendar.hpp"

using gigsim::EventCalendar;

namespace {
std::vector<int> events_at(EventCalendar<int>& c, std::int64_t tick) {
  std::vector<int> out;
  for (const int e : c.due(tick)) out.push_back(e);
  return out;
}
}  // namespace

TEST_CASE("a calendar keeps scheduling order within a tick and drops what falls outside the run",
          "[market][calendar]") {
  EventCalendar<int> c(10);
  CHECK(c.schedule(3, 1));
  CHECK(c.schedule(3, 2));
  CHECK(c.schedule(5, 3));
  CHECK_FALSE(c.schedule(10, 4));  // the run has ticks 0..9
  CHECK_FALSE(c.schedule(-1, 5));
  CHECK(c.pending() == 3);
  CHECK(c.dropped() == 2);
  CHECK(events_at(c, 3) == std::vector<int>{1, 2});
  c.release(3);
  CHECK(c.pending() == 1);
  CHECK(events_at(c, 3).empty());
}

TEST_CASE("filing in parts gives every bucket the events of one-by-one scheduling", "[market][calendar]") {
  // What World::file_bookings does: each part appends the events whose tick falls to
  // it, in staging order; the result must not depend on the number of parts.
  std::vector<std::pair<std::int64_t, int>> staged;
  for (int i = 0; i < 200; ++i) staged.emplace_back((i * 7919) % 23 + 1, i);
  EventCalendar<int> reference(30);
  for (const auto& [t, e] : staged) reference.schedule(t, e);
  for (const std::size_t parts : {1u, 2u, 3u, 8u}) {
    EventCalendar<int> c(30);
    for (std::size_t part = parts; part-- > 0;)  // parts in any order
      for (const auto& [t, e] : staged)
        if (static_cast<std::size_t>(t) % parts == part) c.append(t, e);
    c.add_pending(staged.size());
    CHECK(c.pending() == reference.pending());
    for (std::int64_t t = 0; t < 30; ++t) CHECK(events_at(c, t) == events_at(reference, t));
  }
  EventCalendar<int> c(30);
  CHECK(c.accepts(29));
  CHECK_FALSE(c.accepts(30));
  c.drop();
  CHECK(c.dropped() == 1);
}
