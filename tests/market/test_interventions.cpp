// Interventions: parameters that change during a run. Runs with and without a
// policy share their random streams, so what differs is the policy.
#include <catch2/catch.hpp>

#include "market/simulation.hpp"
#include "market/world.hpp"
#include "support/small_market.hpp"

using namespace gigsim;

namespace {
struct Recording : Observer {
  std::vector<MetricInfo> catalogue;
  std::vector<MetricRow> rows;
  std::vector<FinalTable> tables;
  std::vector<std::int64_t> intervention_minutes;
  void on_start(const Scenario&, const std::vector<MetricInfo>& c) override { catalogue = c; }
  void on_intervention(const Intervention& i) override { intervention_minutes.push_back(i.at_minute); }
  void on_interval(const MetricRow& r) override { rows.push_back(r); }
  void on_finish(const FinalTables& t, const RunSummary&) override { tables = *t; }
};

Recording record(const Scenario& s) {
  Recording rec;
  Simulation sim(s, RunOptions{2, true, true});
  sim.add_observer(rec);
  sim.run();
  return rec;
}

Intervention at_day(double day, const Scenario& after) {
  Intervention i;
  i.at_minute = static_cast<std::int64_t>(day * 1440);
  i.label = "test";
  auto copy = std::make_shared<Scenario>(after);
  copy->interventions.clear();
  i.after = copy;
  return i;
}
}  // namespace

TEST_CASE("an intervention that changes nothing changes nothing", "[interventions]") {
  const Scenario base = testing::small_market(600, 4);
  Scenario with_noop = base;
  with_noop.interventions.push_back(at_day(1.5, base));
  const Recording a = record(base), b = record(with_noop);
  REQUIRE(b.intervention_minutes == std::vector<std::int64_t>{2160});
  REQUIRE(a.rows.size() == b.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    REQUIRE(a.rows[i].integers == b.rows[i].integers);
    REQUIRE(a.rows[i].reals == b.rows[i].reals);
  }
  for (std::size_t t = 0; t < a.tables.size(); ++t)
    for (std::size_t c = 0; c < a.tables[t].columns.size(); ++c)
      REQUIRE(a.tables[t].columns[c].values == b.tables[t].columns[c].values);
}

TEST_CASE("a policy switched on at day 2: identical before, the rule applies after", "[interventions]") {
  const Scenario base = testing::small_market(600, 4);
  Scenario policy = base;
  policy.platforms[0].regulation.minimum_wage.enabled = true;
  policy.platforms[0].regulation.minimum_wage.hourly = 15;
  Scenario switched = base;
  switched.interventions.push_back(at_day(2, policy));
  const Recording a = record(base), b = record(switched);
  const std::size_t rows_before = 2 * 1440 / 120;  // two days of 2-hour rows
  for (std::size_t i = 0; i < rows_before; ++i) REQUIRE(a.rows[i].integers == b.rows[i].integers);
  // After: the top-up and the floor raise what requesters pay per assignment.
  auto metric = [&](const Recording& r, const char* name) {
    for (const MetricInfo& m : r.catalogue)
      if (m.path == name) {
        std::int64_t total = 0;
        for (std::size_t i = rows_before; i < r.rows.size(); ++i) total += r.rows[i].integers[m.slot];
        return total;
      }
    FAIL("no metric " << name);
    return std::int64_t{0};
  };
  CHECK(metric(b, "minimum_wage_top_up") > 0);
  CHECK(metric(a, "minimum_wage_top_up") == 0);
  CHECK(static_cast<double>(metric(b, "requester_spend")) / static_cast<double>(metric(b, "tasks_approved")) >
        static_cast<double>(metric(a, "requester_spend")) / static_cast<double>(metric(a, "tasks_approved")));
}

TEST_CASE("changing the listing order mid-run relists the open groups", "[interventions]") {
  const Scenario base = testing::small_market(400, 3);
  Scenario by_reward = base;
  by_reward.platforms[0].listing = ListingOrder::highest_reward;
  Scenario switched = base;
  switched.interventions.push_back(at_day(1, by_reward));
  Simulation sim(switched, RunOptions{1, true, true});
  REQUIRE_NOTHROW(sim.run());
  CHECK(sim.scenario().platforms[0].listing == ListingOrder::highest_reward);
  CHECK(sim.summary().tasks_submitted > 0);
}
