// The listing as workers read it: the k-th live group from the top, dead entries skipped, and
// the gathered top of the listing (ListingTop, used by the worker phase) giving the same answer
// at every position, deeper than it gathered included, with each candidate's reward in units.
#include <catch2/catch.hpp>
#include <vector>

#include "market/listing.hpp"

using namespace gigsim;

namespace {
std::vector<TaskGroup> posted_groups(int n) {
  std::vector<TaskGroup> groups(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    TaskGroup& g = groups[static_cast<std::size_t>(i)];
    g.sequence = i + 1;
    g.open = true;
    g.available = 3;
    g.reward = 1000 * (i % 4);
    g.estimated_minutes = 1.0 + i;
    g.median_minutes = 2.0 + i;
    g.requester = 100 + i;
    g.has_thresholds = static_cast<std::uint8_t>(i % 2);
    g.min_approval_rate = 0.01 * i;
  }
  return groups;
}
}  // namespace

TEST_CASE("the newest listing reads newest first and skips filled or closed groups", "[market][listing]") {
  auto groups = posted_groups(6);
  Listing listing(ListingOrder::newest);
  for (int i = 0; i < 6; ++i) listing.add(i, groups[static_cast<std::size_t>(i)]);
  CHECK(listing.at_position(0, groups) == 5);
  CHECK(listing.at_position(5, groups) == 0);
  CHECK(listing.at_position(6, groups) == -1);
  groups[5].available = 0;  // filled
  groups[3].open = false;   // expired
  listing.note_dead(2);
  CHECK(listing.at_position(0, groups) == 4);
  CHECK(listing.at_position(1, groups) == 2);
  CHECK(listing.at_position(3, groups) == 0);
  CHECK(listing.at_position(4, groups) == -1);
}

TEST_CASE("the gathered top of a listing answers every position as the listing does", "[market][listing]") {
  auto groups = posted_groups(40);
  for (const ListingOrder order : {ListingOrder::newest, ListingOrder::highest_reward}) {
    Listing listing(order);
    for (int i = 0; i < 40; ++i) listing.add(i, groups[static_cast<std::size_t>(i)]);
    for (int i = 0; i < 40; i += 3) groups[static_cast<std::size_t>(i)].available = 0;  // a third dead
    for (const std::size_t depth : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{26},
                                    std::size_t{27}, std::size_t{100}}) {
      ListingTop top;
      top.gather(listing, groups, depth);
      for (std::size_t k = 0; k < 45; ++k) {
        INFO("depth " << depth << ", position " << k);
        CHECK(top.at_position(k, listing, groups) == listing.at_position(k, groups));
        // The candidate carries the group's reward as the search would convert it itself.
        const Candidate c = top.candidate_at(k, listing, groups);
        CHECK(c.id == listing.at_position(k, groups));
        if (c.id >= 0) {
          const TaskGroup& g = groups[static_cast<std::size_t>(c.id)];
          CHECK(c.reward_units == to_units(g.reward));
          CHECK(c.estimated_minutes == g.estimated_minutes);
          CHECK(c.median_minutes == g.median_minutes);
          CHECK(c.requester == g.requester);
          CHECK(c.has_thresholds == g.has_thresholds);
          CHECK(c.min_approval_rate == g.min_approval_rate);
          // Its place in the gathered top, or -1 below it.
          CHECK(c.top == (k < depth && k < 26 ? static_cast<std::int32_t>(k) : -1));
        }
        if (c.id < 0) CHECK(c.reward_units == 0.0);
      }
    }
    CHECK(listing.at_position(25, groups) != -1);  // 26 live groups
    CHECK(listing.at_position(26, groups) == -1);
  }
}

TEST_CASE("groups listed in any order take their places: by reward, and by posting order",
          "[market][listing]") {
  // Rewards 0, 1000, 2000, 3000 in turn (posted_groups), added in a shuffled order: each add
  // goes last (the usual case, a new posting) or into the middle (a relisted group).
  auto groups = posted_groups(24);
  const int added[] = {0, 1, 2, 3, 7, 5, 6, 4, 11, 23, 8, 9, 10, 12, 22, 13, 14, 15, 16, 17, 18, 19, 20, 21};
  {
    Listing listing(ListingOrder::highest_reward);
    for (const int i : added) listing.add(i, groups[static_cast<std::size_t>(i)]);
    // Highest reward first; among equal rewards the newer (higher sequence) first.
    std::vector<int> expected;
    for (int reward = 3; reward >= 0; --reward)
      for (int i = 23; i >= 0; --i)
        if (i % 4 == reward) expected.push_back(i);
    for (std::size_t k = 0; k < expected.size(); ++k) {
      INFO("position " << k);
      CHECK(listing.at_position(k, groups) == expected[k]);
    }
  }
  {
    Listing listing(ListingOrder::newest);
    for (const int i : added) listing.add(i, groups[static_cast<std::size_t>(i)]);
    for (int k = 0; k < 24; ++k) CHECK(listing.at_position(static_cast<std::size_t>(k), groups) == 23 - k);
  }
}
