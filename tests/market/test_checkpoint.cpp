// Checkpoints of the model: a run saved at tick k and loaded into a fresh Simulation
// continues exactly as the uninterrupted run does, bit for bit, at every cut point
// tried (the first tick, mid-day, a day boundary, the tick of an intervention and the
// one after it, the last tick), whatever the thread count. A member of World that
// is not saved shows up here as a difference in the rows or the final tables.
#include <catch2/catch.hpp>
#include <string>

#include "io/scenario_loader.hpp"
#include "market/simulation.hpp"
#include "market/world.hpp"

using namespace gigsim;

namespace {

struct Recording : Observer {
  std::vector<MetricRow> rows;
  std::vector<FinalTable> tables;
  std::vector<std::int64_t> intervention_minutes;
  void on_intervention(const Intervention& i) override { intervention_minutes.push_back(i.at_minute); }
  void on_interval(const MetricRow& r) override { rows.push_back(r); }
  void on_finish(const FinalTables& t, const RunSummary&) override { tables = *t; }
};

Scenario checkpoint_market() {
  return load_scenario_file(
      std::string(GIGSIM_TEST_DATA) + "/market/checkpoint_market.yaml",
      {"workers.registered=3000", "requesters.count=250", "workers.arrivals_per_day=30"});
}

void require_same(const Recording& a, const Recording& b) {
  REQUIRE(a.rows.size() == b.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    INFO("row " << i);
    REQUIRE(a.rows[i].integers == b.rows[i].integers);
    REQUIRE(a.rows[i].reals == b.rows[i].reals);
  }
  REQUIRE(a.tables.size() == b.tables.size());
  for (std::size_t t = 0; t < a.tables.size(); ++t) {
    REQUIRE(a.tables[t].columns.size() == b.tables[t].columns.size());
    for (std::size_t c = 0; c < a.tables[t].columns.size(); ++c) {
      INFO(a.tables[t].name << "/" << a.tables[t].columns[c].name);
      REQUIRE(a.tables[t].columns[c].values == b.tables[t].columns[c].values);
    }
  }
  REQUIRE(a.intervention_minutes == b.intervention_minutes);
}

}  // namespace

TEST_CASE("a run resumed from a checkpoint at any tick equals the uninterrupted run", "[checkpoint]") {
  const Scenario s = checkpoint_market();
  REQUIRE(s.platforms.size() == 3);
  REQUIRE(s.interventions.size() == 2);
  const std::int64_t day = s.ticks_per_day();

  Recording whole;
  {
    Simulation sim(s, RunOptions{2, true, true});
    sim.add_observer(whole);
    sim.run();
  }
  REQUIRE(whole.intervention_minutes.size() == 2);
  {
    Simulation probe(s, RunOptions{2, true, false});
    probe.run();
    const RunSummary sum = probe.summary();
    REQUIRE(sum.tasks_submitted > 10000);  // busy enough to exercise the market
    REQUIRE(sum.tasks_rejected > 0);
    REQUIRE(sum.suspensions > 0);
    REQUIRE(sum.forfeited > 0);
  }

  const std::int64_t intervention_tick = s.interventions[0].at_minute / s.tick_minutes;
  const std::int64_t total = s.total_ticks();
  for (const std::int64_t cut :
       {std::int64_t{1}, day / 2 + 7, day, intervention_tick, intervention_tick + 1, total - 1}) {
    DYNAMIC_SECTION("cut at tick " << cut) {
      Recording resumed;
      std::string bytes;
      {
        Simulation first(s, RunOptions{2, true, false});
        first.add_observer(resumed);
        while (first.tick() < cut) first.step();
        StateWriter out;
        first.save_state(out);
        bytes = out.take();
      }
      // The second half on another thread count: the result must not depend on it.
      Simulation second(s, RunOptions{1, true, true});
      second.add_observer(resumed);
      StateReader in(bytes);
      second.load_state(in);
      REQUIRE(in.at_end());
      REQUIRE(second.tick() == cut);
      second.run();
      require_same(whole, resumed);

      // Saving twice gives the same bytes: nothing in the state depends on when it was saved.
      Simulation again(s, RunOptions{1, true, false});
      StateReader in2(bytes);
      again.load_state(in2);
      StateWriter out2;
      again.save_state(out2);
      REQUIRE(out2.bytes() == bytes);
    }
  }
}

TEST_CASE("loading a checkpoint into another scenario's model is refused", "[checkpoint]") {
  const Scenario s = checkpoint_market();
  Simulation first(s, RunOptions{1, true, false});
  for (int i = 0; i < 30; ++i) first.step();
  StateWriter out;
  first.save_state(out);
  const std::string bytes = out.take();

  SECTION("more requesters") {
    Scenario other = s;
    other.requesters.count += 1;
    Simulation second(other, RunOptions{1, true, false});
    StateReader in(bytes);
    REQUIRE_THROWS_AS(second.load_state(in), Error);
  }
  SECTION("truncated") {
    Simulation second(s, RunOptions{1, true, false});
    StateReader in(std::string_view(bytes).substr(0, bytes.size() / 2));
    REQUIRE_THROWS_WITH(second.load_state(in), Catch::Contains("saved state does not match"));
  }
  SECTION("after the run started") {
    Simulation second(s, RunOptions{1, true, false});
    second.step();
    StateReader in(bytes);
    REQUIRE_THROWS_AS(second.load_state(in), Error);
  }
}
