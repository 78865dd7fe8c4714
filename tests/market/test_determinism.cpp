// Same scenario and seed: identical rows and final tables, serial or parallel,
// whatever the thread count.
#include <catch2/catch.hpp>

#include "market/simulation.hpp"
#include "market/world.hpp"
#include "support/small_market.hpp"

using namespace gigsim;

namespace {
struct Recording : Observer {
  std::vector<MetricRow> rows;
  std::vector<FinalTable> tables;
  void on_interval(const MetricRow& r) override { rows.push_back(r); }
  void on_finish(const FinalTables& t, const RunSummary&) override { tables = *t; }
};

Recording record(const Scenario& s, RunOptions o) {
  Recording rec;
  Simulation sim(s, o);
  sim.add_observer(rec);
  sim.run();
  return rec;
}

void require_identical(const Recording& a, const Recording& b) {
  REQUIRE(a.rows.size() == b.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    REQUIRE(a.rows[i].integers == b.rows[i].integers);
    // Bitwise: == on doubles is exact equality, which is what we promise.
    REQUIRE(a.rows[i].reals == b.rows[i].reals);
  }
  REQUIRE(a.tables.size() == b.tables.size());
  for (std::size_t t = 0; t < a.tables.size(); ++t)
    for (std::size_t c = 0; c < a.tables[t].columns.size(); ++c)
      REQUIRE(a.tables[t].columns[c].values == b.tables[t].columns[c].values);
}
}  // namespace

TEST_CASE("serial reference and TBB stepper at 1, 2 and 4 threads agree bit for bit", "[determinism]") {
  Scenario s = testing::small_market(1500, 5);
  s.platforms[0].fraud_detection.false_positive_per_worker_year = 5;
  const Recording serial = record(s, RunOptions{1, false, false});
  REQUIRE(serial.rows.size() == 60);
  for (int threads : {1, 2, 4}) {
    INFO("threads " << threads);
    require_identical(serial, record(s, RunOptions{threads, true, false}));
  }
}

TEST_CASE("a run repeated gives the same output; another seed does not", "[determinism]") {
  Scenario s = testing::small_market(800, 3);
  const Recording a = record(s, RunOptions{2, true, false});
  require_identical(a, record(s, RunOptions{2, true, false}));
  s.seed += 1;
  const Recording c = record(s, RunOptions{2, true, false});
  CHECK(a.rows.back().integers != c.rows.back().integers);
}

TEST_CASE("wake-ups split over threads give the serial result", "[determinism]") {
  // Short, frequent sessions: over a hundred wake-ups a tick, so the session phase runs in
  // parts (from 64 a tick).
  Scenario s = testing::small_market(6000, 1);
  s.workers.groups[0].session_minutes = {5.0, 0.3};
  const Recording serial = record(s, RunOptions{1, false, false});
  Simulation probe(s, RunOptions{2, true, false});
  probe.run();
  std::int64_t sessions = 0;
  const WorkerTable& w = probe.world().workers();
  for (std::size_t i = 0; i < w.size(); ++i) sessions += w.session_log[i].sessions;
  REQUIRE(sessions > 64 * probe.world().tick());
  for (int threads : {2, 3}) {
    INFO("threads " << threads);
    require_identical(serial, record(s, RunOptions{threads, true, false}));
  }
}

TEST_CASE("the active list rebuilt by chunks gives the serial result", "[determinism]") {
  // Most of 12,000 workers online (several 2,048-place chunks of the list), and about 64
  // wake-ups a tick, so ticks take both ways of waking (in parts, or all by the first part)
  // beside the rebuild; the invariants check the count of workers gone but still listed.
  Scenario s = testing::small_market(12000, 0.5);
  s.workers.groups[0].hours_per_week = {100.0, 0.3};
  s.workers.groups[0].session_minutes = {120.0, 0.5};
  const Recording serial = record(s, RunOptions{1, false, false});
  Simulation probe(s, RunOptions{2, true, true});
  probe.run();
  REQUIRE(probe.world().active_count() > 2 * 2048);
  for (int threads : {2, 3}) {
    INFO("threads " << threads);
    require_identical(serial, record(s, RunOptions{threads, true, threads == 3}));
  }
}

TEST_CASE("posts drawn in parts give the serial result", "[determinism]") {
  // Dozens of posts a tick (the posting phase draws in parts from 16), on two platforms
  // listing in different orders.
  Scenario s = testing::small_market(3000, 0.25);
  s.requesters.count = 3000;
  s.requesters.types[0].batches_per_week = 150;
  s.requesters.types[0].assignments_per_group = {10, 0.8};
  s.platforms.push_back(s.platforms[0]);
  s.platforms[1].name = "second";
  s.platforms[0].requester_share = 0.5;
  s.platforms[1].requester_share = 0.5;
  s.platforms[1].listing = ListingOrder::highest_reward;
  const Recording serial = record(s, RunOptions{1, false, false});
  Simulation probe(s, RunOptions{2, true, true});
  probe.run();
  std::int64_t posted = 0;
  for (const std::int64_t g : probe.world().requesters().groups_posted) posted += g;
  REQUIRE(posted > 30 * probe.world().tick());
  for (int threads : {2, 3}) {
    INFO("threads " << threads);
    require_identical(serial, record(s, RunOptions{threads, true, false}));
  }
}

TEST_CASE("reviews settled in parts schedule held releases and appeals as the serial run does",
          "[determinism]") {
  // The review phase's parts sum the ledger's side; the releases of held earnings and the
  // appeals they schedule must still reach their calendars in calendar order.
  Scenario s = testing::small_market(1500, 4);
  s.platforms[0].hold_days = 1;
  auto& rule = s.platforms[0].regulation.rejection;
  rule.enabled = true;
  rule.appeal = true;
  rule.appeal_success = 0.7;
  rule.appeal_delay_days = 1;
  s.platforms[0].rejection_reversal_days = 30;
  s.workers.behaviour.appeal_probability = 1.0;
  s.requesters.types[0].opportunistic_rejection = 0.1;  // good work rejected: appeals can win
  const Recording serial = record(s, RunOptions{1, false, false});
  Simulation probe(s, RunOptions{2, true, false});
  probe.run();
  REQUIRE(probe.world().ledger().tasks.overturned > 0);  // appeals came due and some were won
  std::int64_t held = 0;
  for (const WorkerAccount& a : probe.world().workers().account) held += a.held;
  REQUIRE(held > 0);  // earnings are held, waiting for their release
  for (int threads : {2, 3}) {
    INFO("threads " << threads);
    require_identical(serial, record(s, RunOptions{threads, true, false}));
  }
}

TEST_CASE("timing every loop item (the phase profiler's --loops) changes no result", "[determinism]") {
  const Scenario s = testing::small_market(1500, 3);
  World plain(s, 2, true), profiled(s, 2, true);
  LoopProfile profile(2);
  profiled.profile_loops(&profile);
  const std::int64_t ticks = s.total_ticks();
  for (std::int64_t t = 0; t < ticks; ++t) {
    plain.step();
    profiled.step();
  }
  const std::vector<FinalTable> a = plain.final_tables(), b = profiled.final_tables();
  REQUIRE(a.size() == b.size());
  for (std::size_t t = 0; t < a.size(); ++t)
    for (std::size_t c = 0; c < a[t].columns.size(); ++c)
      REQUIRE(a[t].columns[c].values == b[t].columns[c].values);
  // Every tick ran the worker phase's loop once, and each loop's parts fit in its wall time.
  bool worker_phase = false;
  for (const LoopCost& loop : profile.loops()) {
    INFO(loop.site << " " << loop.function);
    CHECK(loop.calls > 0);
    CHECK(loop.busy >= 0);
    CHECK(loop.slowest <= loop.busy + 1e-12);
    CHECK(loop.mean(2) <= loop.slowest + 1e-12);
    CHECK(loop.slowest <= loop.wall + 1e-9);
    if (loop.function.find("run_worker_phase") != std::string::npos) {
      worker_phase = true;
      CHECK(loop.calls == ticks);
    }
  }
  CHECK(worker_phase);
}
