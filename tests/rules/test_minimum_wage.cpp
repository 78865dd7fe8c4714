#include <catch2/catch.hpp>

#include "rules/minimum_wage.hpp"

using namespace gigsim;

TEST_CASE("minimum wage: the reward floor is the hourly rate on the expected time", "[rules][minimum_wage]") {
  MinimumWageRule r;
  r.enabled = true;
  r.hourly = 8.0;
  CHECK(reward_floor(r, 6.0) == to_micros(0.80));  // 6 min at $8/h
  CHECK(reward_floor(r, 0.75) == to_micros(0.10));
  r.count_search_time = true;
  r.search_minutes_per_task = 1.5;
  CHECK(reward_floor(r, 6.0) == to_micros(1.00));  // 7.5 min covered
  r.enabled = false;
  CHECK(reward_floor(r, 6.0) == 0);
}

TEST_CASE("minimum wage: the ex-post top-up pays the gap on the measured median time",
          "[rules][minimum_wage]") {
  MinimumWageRule r;
  r.enabled = true;
  r.hourly = 8.0;
  r.top_up = true;
  // Announced 3 minutes, paid $0.40; it really takes 6 minutes: $0.80 owed.
  CHECK(minimum_wage_top_up(r, to_micros(0.40), 6.0) == to_micros(0.40));
  CHECK(minimum_wage_top_up(r, to_micros(1.00), 6.0) == 0);  // paid more than owed: no claw-back
  r.top_up = false;
  CHECK(minimum_wage_top_up(r, to_micros(0.40), 6.0) == 0);
  r.top_up = true;
  r.enabled = false;
  CHECK(minimum_wage_top_up(r, to_micros(0.40), 6.0) == 0);
}
