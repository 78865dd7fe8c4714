// The initial population (sim/market/world_setup.cpp): workers are numbered by intended hours per
// week, most first, and every trait moves with its worker; arrivals take the next numbers.
#include <catch2/catch.hpp>

#include "market/simulation.hpp"
#include "market/world.hpp"
#include "support/small_market.hpp"

using namespace gigsim;

namespace {

// Two groups whose every trait lies in its own range, so a trait left behind by the renumbering
// would sit beside the other group's.
Scenario two_kinds_of_workers(std::int64_t workers) {
  Scenario s = testing::small_market(workers, 2);
  s.workers.arrivals_per_day = 100;
  s.platforms.push_back(s.platforms[0]);
  s.platforms[1].name = "second";
  s.platforms[0].requester_share = 0.5;
  s.platforms[1].requester_share = 0.5;
  WorkerGroupSpec few = s.workers.groups[0];
  few.name = "few_hours";
  few.share = 0.7;
  few.hours_per_week = {1.0, 0.1};
  few.session_minutes = {30.0, 0.05};
  few.reservation_wage = {1.0, 0.05};
  few.household_income = {500.0, 0.05};
  few.skill = {0.5, 1000.0};
  few.speed = {0.5, 0.05};
  few.tools_share = 0.0;
  few.main_income_share = 0.0;
  few.multi_platform_share = 0.0;
  WorkerGroupSpec many = few;
  many.name = "many_hours";
  many.share = 0.3;
  many.hours_per_week = {40.0, 0.1};
  many.session_minutes = {300.0, 0.05};
  many.reservation_wage = {10.0, 0.05};
  many.household_income = {8000.0, 0.05};
  many.skill = {0.95, 1000.0};
  many.speed = {2.0, 0.05};
  many.tools_share = 1.0;
  many.main_income_share = 1.0;
  many.multi_platform_share = 1.0;
  s.workers.groups = {few, many};
  return s;
}

}  // namespace

TEST_CASE("the initial workers are numbered by intended hours, most first, with all their traits",
          "[market][setup]") {
  // 20,000: above register_workers' threshold (two blocks of 4,096), set up on the threads.
  const std::int64_t workers = GENERATE(2000, 20'000);
  INFO(workers << " workers");
  const Scenario s = two_kinds_of_workers(workers);
  Simulation sim(s, RunOptions{2, true, false});
  sim.run();
  const WorkerTable& w = sim.world().workers();
  const auto registered = static_cast<std::size_t>(s.workers.registered);
  REQUIRE(w.size() > registered);  // arrivals came

  std::size_t many_hours = 0, still_registered = 0;
  for (std::size_t i = 0; i < registered; ++i) {
    INFO("worker " << i);
    if (i > 0) REQUIRE(w.hours_per_week[i] <= w.hours_per_week[i - 1]);
    const bool many = w.group[i] == 1;
    many_hours += many;
    // The whole second group first: its hours are all above the first group's.
    REQUIRE(many == (i < static_cast<std::size_t>(0.3 * static_cast<double>(registered))));
    REQUIRE((w.hours_per_week[i] > 20.0f) == many);
    REQUIRE((w.session_minutes[i] > 150.0f) == many);
    REQUIRE((w.reservation_wage[i] > 5.0) == many);
    REQUIRE((w.household_income[i] > to_micros(4000.0)) == many);
    REQUIRE((w.skill[i] > 0.75f) == many);
    REQUIRE((w.speed[i] > 1.0f) == many);
    REQUIRE(w.uses_tools[i] == (many ? 1 : 0));
    REQUIRE(w.main_income[i] == (many ? 1 : 0));
    // One platform (the home one) for the first group, both for the second, less any platform
    // that has suspended the worker since.
    const unsigned registered_on = many ? 3u : 1u << w.account[i].home_platform;
    REQUIRE((w.platform_mask[i] & ~registered_on) == 0);
    still_registered += w.platform_mask[i] == registered_on;
    // The copies the hot loops read were taken after the renumbering.
    REQUIRE(w.session_log[i].session_minutes == w.session_minutes[i]);
    REQUIRE(w.activity[i].reservation_wage == w.reservation_wage[i]);
    REQUIRE(w.activity[i].skill == w.skill[i]);
    REQUIRE(w.activity[i].speed == w.speed[i]);
    REQUIRE(w.activity[i].uses_tools == w.uses_tools[i]);
    REQUIRE(w.registered_tick[i] == 0);
  }
  // Groups still drawn stratified: 30% exactly.
  REQUIRE(many_hours == registered * 3 / 10);
  CHECK(still_registered > registered * 9 / 10);
  // Home platforms still drawn: both appear in each group.
  std::size_t home_second[2] = {0, 0};
  for (std::size_t i = 0; i < registered; ++i) home_second[w.group[i]] += w.account[i].home_platform;
  CHECK(home_second[0] > 0);
  CHECK(home_second[1] > 0);
  // Arrivals keep the order they came in, after the initial population.
  for (std::size_t i = registered; i < w.size(); ++i) {
    INFO("worker " << i);
    REQUIRE(w.registered_tick[i] > 0);
    REQUIRE(w.registered_tick[i] >= w.registered_tick[i - 1]);
  }
}

TEST_CASE("a population large enough to be set up on threads is the one a single thread sets up",
          "[market][setup]") {
  // Above register_workers' threshold (two blocks of 4,096 workers), the columns are resized, the
  // traits drawn and the rows renumbered on the world's threads. A tenth of the workers intend
  // exactly the same hours (the order of ties: tests/core/test_descending_order.cpp).
  Scenario s = testing::small_market(30'000, 1);
  WorkerGroupSpec tied = s.workers.groups[0];
  tied.name = "tied";
  tied.share = 0.1;
  tied.hours_per_week = {20.0, 0.0};
  s.workers.groups[0].share = 0.9;
  s.workers.groups.push_back(tied);
  const Simulation serial(s, RunOptions{1, false, false});
  const Simulation threaded(s, RunOptions{4, true, false});
  const WorkerTable& a = serial.world().workers();
  const WorkerTable& b = threaded.world().workers();
  REQUIRE(a.size() == 30'000);
  REQUIRE(b.size() == a.size());
  std::size_t tied_workers = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("worker " << i);
    tied_workers += a.group[i] == 1;
    if (i > 0) REQUIRE(a.hours_per_week[i] <= a.hours_per_week[i - 1]);
    REQUIRE(a.group[i] == b.group[i]);
    REQUIRE(a.account[i].home_platform == b.account[i].home_platform);
    REQUIRE(a.platform_mask[i] == b.platform_mask[i]);
    REQUIRE(a.uses_tools[i] == b.uses_tools[i]);
    REQUIRE(a.main_income[i] == b.main_income[i]);
    REQUIRE(a.skill[i] == b.skill[i]);
    REQUIRE(a.speed[i] == b.speed[i]);
    REQUIRE(a.reservation_wage[i] == b.reservation_wage[i]);
    REQUIRE(a.hours_per_week[i] == b.hours_per_week[i]);
    REQUIRE(a.session_minutes[i] == b.session_minutes[i]);
    REQUIRE(a.household_income[i] == b.household_income[i]);
    REQUIRE(a.state[i] == b.state[i]);
    REQUIRE(a.activity[i].busy_until_tick == b.activity[i].busy_until_tick);  // the first session booked
    REQUIRE(a.session_log[i].sessions_per_week == b.session_log[i].sessions_per_week);
    REQUIRE(a.supply_factor[i] == b.supply_factor[i]);
    REQUIRE(a.exit_tick[i] == -1);
    REQUIRE(b.exit_tick[i] == -1);
  }
  CHECK(tied_workers == 3'000);  // stratified: a tenth exactly
  // Both runs go on to the same results (the tied workers' order decides whose sessions come when).
  Simulation serial_run(s, RunOptions{1, false, false});
  Simulation threaded_run(s, RunOptions{4, true, false});
  serial_run.run();
  threaded_run.run();
  CHECK(serial_run.summary().tasks_submitted == threaded_run.summary().tasks_submitted);
  CHECK(serial_run.summary().requester_spend == threaded_run.summary().requester_spend);
}
