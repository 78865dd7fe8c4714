// Each mechanism of the model, observed through a small run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "market/simulation.hpp"
#include "market/world.hpp"
#include "support/small_market.hpp"

namespace gigsim {
struct WorldTestAccess {
  static double learning(const World& w, WorkerId id) { return w.learning_factor(id); }
  // One tick as World::step runs it, but with the review phase listing its due reviews itself,
  // as when it runs without the resolution's filing loop before it.
  static void step_listing_in_review_phase(World& w) {
    if (w.daily_phase_due()) w.run_daily_phase();
    w.run_posting_phase();
    w.run_session_phase();
    w.run_worker_phase();
    w.resolve_worker_intents();
    REQUIRE(w.reviews_listed_at_ == w.tick());  // listed by the filing's loop: forgotten
    w.reviews_listed_at_ = -1;
    std::fill(w.review_parts_.begin(), w.review_parts_.end(), UINT32_MAX);  // no part's: unreviewed
    w.run_review_phase();
    w.run_account_phase();
    w.end_tick();
  }
  // One tick as World::step runs it, but with the passes split by worker given ranges of ids
  // unlike the worker phase's threads': part 1 below a third of the ids and above two thirds.
  static void step_with_other_worker_parts(World& w) {
    auto scramble = [&w] {
      const auto n = static_cast<std::uint32_t>(w.workers_.size());
      w.worker_parts_.clear();
      w.worker_parts_.add_chunk(0, 1);
      w.worker_parts_.add_chunk(n / 3, 0);
      w.worker_parts_.add_chunk(2 * n / 3, 1);
    };
    if (w.daily_phase_due()) w.run_daily_phase();
    w.run_posting_phase();
    scramble();
    w.run_session_phase();
    w.run_worker_phase();
    w.resolve_worker_intents();
    scramble();
    w.run_review_phase();
    w.run_account_phase();
    w.end_tick();
  }
};
}  // namespace gigsim

using namespace gigsim;

namespace {
template <typename T, typename A>
T sum(const std::vector<T, A>& v) {
  return std::accumulate(v.begin(), v.end(), T{});
}
std::unique_ptr<Simulation> run(const Scenario& s) {
  auto sim = std::make_unique<Simulation>(s, RunOptions{2, true, true});
  sim->run();
  return sim;
}
// Every final table of two worlds, column by column.
void check_same_final_tables(const World& x, const World& y) {
  const auto a = x.final_tables(), b = y.final_tables();
  REQUIRE(a.size() == b.size());
  for (std::size_t t = 0; t < a.size(); ++t)
    for (std::size_t c = 0; c < a[t].columns.size(); ++c) {
      INFO(a[t].name << "/" << a[t].columns[c].name);
      CHECK(a[t].columns[c].values == b[t].columns[c].values);
    }
}
}  // namespace

TEST_CASE("silent suspension forfeits the worker's pending earnings", "[market][suspension]") {
  Scenario s = testing::small_market(400, 6);
  s.platforms[0].fraud_detection.false_positive_per_worker_year = 40;
  s.platforms[0].minimum_payout = 1000;  // balances stay pending, so there is something to lose
  auto sim = run(s);
  const WorkerTable& w = sim->world().workers();
  std::int64_t suspended = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w.state[i] != WorkerState::suspended) continue;
    ++suspended;
    CHECK(w.account[i].held + w.account[i].available == 0);
    CHECK(w.paid_out[i] == 0);
    CHECK(w.forfeited[i] == w.account[i].earned);  // everything credited, before or after, is lost
  }
  CHECK(suspended > 10);
  CHECK(sim->summary().forfeited > 0);
}

TEST_CASE("due process: notice, human review, and pending earnings paid out",
          "[market][suspension][regulation]") {
  Scenario s = testing::small_market(400, 8);
  s.platforms[0].fraud_detection.false_positive_per_worker_year = 40;
  s.platforms[0].minimum_payout = 1000;
  s.workers.behaviour.exit.base_daily_hazard = 0;
  s.workers.behaviour.exit.daily_probability_when_below = 0;
  auto& due = s.platforms[0].regulation.due_process;
  due.enabled = true;
  due.notice_days = 1;
  due.human_review_accuracy = 0.5;
  due.pay_out_pending = true;
  auto sim = run(s);
  const WorkerTable& w = sim->world().workers();
  std::int64_t suspended = 0, under_notice = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    under_notice += w.under_notice[i];
    if (w.state[i] != WorkerState::suspended) continue;
    ++suspended;
    CHECK(w.forfeited[i] == 0);
    CHECK(w.paid_out[i] == w.account[i].earned);
  }
  CHECK(suspended > 0);
  CHECK(sim->summary().forfeited == 0);
  // Half the false flags are cleared by the human review: fewer suspensions than flags.
  Scenario silent = s;
  silent.platforms[0].regulation.due_process.enabled = false;
  CHECK(run(silent)->summary().suspensions > sim->summary().suspensions + under_notice);
}

TEST_CASE("the minimum payout keeps small balances pending", "[market][payout]") {
  Scenario s = testing::small_market(300, 4);
  s.platforms[0].fraud_detection.enabled = false;
  s.workers.behaviour.exit.base_daily_hazard = 0;
  s.workers.behaviour.exit.daily_probability_when_below = 0;
  s.platforms[0].minimum_payout = 1e6;
  auto high = run(s);
  CHECK(high->summary().worker_pay == 0);
  CHECK(high->summary().pending > 0);
  s.platforms[0].minimum_payout = 0.01;
  auto low = run(s);
  CHECK(low->summary().worker_pay > 0);
  CHECK(low->summary().pending < high->summary().pending);
}

TEST_CASE("work not reviewed in time is auto-approved, even bad work", "[market][review]") {
  Scenario s = testing::small_market(300, 4);
  s.requesters.types[0].review_delay_hours = {1000, 0.1};
  s.requesters.types[0].quality_check_accuracy = 1.0;
  s.workers.groups[0].skill = {0.5, 10};
  s.platforms[0].auto_approval_days = 0.5;
  auto sim = run(s);
  const Ledger& l = sim->world().ledger();
  CHECK(l.tasks.approved > 100);
  CHECK(l.tasks.rejected == 0);
  CHECK(l.tasks.auto_approved == l.tasks.approved);
}

TEST_CASE("bad work is rejected when reviewed; honest requesters reject nothing else", "[market][review]") {
  Scenario s = testing::small_market(300, 4);
  s.workers.groups[0].skill = {0.8, 1e6};
  s.requesters.types[0].quality_check_accuracy = 1.0;
  s.requesters.types[0].review_delay_hours = {2, 0.1};
  auto sim = run(s);
  const RunSummary r = sim->summary();
  CHECK(r.rejection_rate == Approx(0.2).margin(0.03));
}

TEST_CASE("justified rejections with appeal cut wage theft", "[market][regulation][rejection]") {
  Scenario s = testing::small_market(400, 6);
  s.workers.groups[0].skill = {0.999, 1e6};
  s.requesters.types[0].opportunistic_rejection = 0.3;
  s.requesters.types[0].review_delay_hours = {2, 0.1};
  const double base = run(s)->summary().rejection_rate;
  CHECK(base == Approx(0.3).margin(0.03));
  auto& rule = s.platforms[0].regulation.rejection;
  rule.enabled = true;
  rule.justification_deterrence = 0.8;
  rule.appeal_delay_days = 0.5;
  s.workers.behaviour.appeal_probability = 1.0;
  auto sim = run(s);
  CHECK(sim->summary().rejection_rate == Approx(0.06).margin(0.02));
  CHECK(sim->world().ledger().tasks.overturned > 0);
}

TEST_CASE("under a minimum wage every reward meets the floor on the announced time", "[market][regulation]") {
  Scenario s = testing::small_market(300, 3);
  auto& mw = s.platforms[0].regulation.minimum_wage;
  mw.enabled = true;
  mw.hourly = 12;
  auto sim = run(s);
  std::int64_t checked = 0;
  for (const TaskGroup& g : sim->world().task_groups()) {
    if (g.sequence == 0) continue;
    CHECK(g.reward >= to_micros(12.0 * g.estimated_minutes / 60.0));
    ++checked;
  }
  CHECK(checked > 0);  // slots of finished groups are reused: these are the groups still in memory
  CHECK(sum(sim->world().requesters().groups_posted) > 20);
  CHECK(sim->world().ledger().money.minimum_wage_top_up > 0);  // optimistic estimates are topped up
}

TEST_CASE("regulation that raises costs lowers posting volume, or moves requesters",
          "[market][regulation][elasticity]") {
  Scenario s = testing::small_market(200, 2);
  s.platforms[0].regulation.minimum_wage.enabled = true;
  s.platforms[0].regulation.minimum_wage.hourly = 30;
  s.requesters.price_elasticity = 0.5;
  {
    World w(s, 1, false);
    for (double f : w.requesters().volume_factor) CHECK(f < 1.0);
  }
  s.platforms.push_back(PlatformSpec{});
  s.platforms[1].name = "unregulated";
  s.platforms[0].requester_share = 0.5;
  s.platforms[1].requester_share = 0.5;
  World w(s, 1, false);
  for (std::size_t r = 0; r < w.requesters().size(); ++r) CHECK(w.requesters().platform[r] == 1);
  CHECK(sum(w.requesters().switched) > 0);
}

TEST_CASE("workers whose wage stays below their reservation wage leave", "[market][exit]") {
  Scenario s = testing::small_market(300, 6);
  s.workers.behaviour.exit.judge_after_hours = 1;
  s.workers.behaviour.exit.base_daily_hazard = 0;
  s.workers.behaviour.exit.daily_probability_when_below = 0.5;
  s.workers.groups[0].reservation_wage = {500, 0.1};
  s.workers.behaviour.min_rate_factor = 0;  // they still take work, and find it underpaid
  s.platforms[0].fraud_detection.enabled = false;
  CHECK(run(s)->world().ledger().workers_exited > 100);
  s.workers.behaviour.exit.daily_probability_when_below = 0;
  CHECK(run(s)->world().ledger().workers_exited == 0);
}

TEST_CASE("new workers arrive every day", "[market][arrivals]") {
  Scenario s = testing::small_market(200, 5);
  s.workers.arrivals_per_day = 30;
  auto sim = run(s);
  const auto entered = sim->world().ledger().workers_entered;
  CHECK(entered == Approx(120).margin(40));  // four day boundaries after the start
  CHECK(static_cast<std::int64_t>(sim->world().workers().size()) == 200 + entered);
}

TEST_CASE("the worker table has room for the run's arrivals from the start", "[market][arrivals]") {
  // A column that outgrew its capacity would be copied whole at the first arrivals, holding
  // two copies at once: at a million workers, a quarter of a second and tens of megabytes.
  Scenario s = testing::small_market(200, 5);
  s.workers.arrivals_per_day = 30;
  Simulation sim(s, RunOptions{1, true, false});
  const WorkerTable& table = sim.world().workers();
  REQUIRE(table.size() == 200);
  CHECK(table.activity.capacity() >= 200 + 150);
  CHECK(table.reservation_wage.capacity() >= 200 + 150);
  const WorkerActivity* activity = table.activity.data();
  const double* wages = table.reservation_wage.data();
  sim.run();
  REQUIRE(table.size() > 200 + 90);
  CHECK(table.activity.data() == activity);
  CHECK(table.reservation_wage.data() == wages);
}

TEST_CASE("learning: experienced workers are faster, down to the floor", "[market][learning]") {
  Scenario s = testing::small_market(300, 6);
  s.workers.behaviour.learning = {5.0, 0.3, 0.7};
  auto sim = run(s);
  const World& w = sim->world();
  bool saw_novice = false, saw_floor = false;
  for (std::size_t i = 0; i < w.workers().size(); ++i) {
    const double f = WorldTestAccess::learning(w, static_cast<WorkerId>(i));
    const double n = static_cast<double>(w.workers().activity[i].tasks_submitted);
    CHECK(f == Approx(std::max(0.7, std::pow(1.0 + n / 5.0, -0.3))));
    saw_novice |= n == 0 && f == 1.0;
    saw_floor |= f == 0.7;
  }
  CHECK(saw_novice);
  CHECK(saw_floor);
}

TEST_CASE("tasks longer than announced are returned; qualification tests cost unpaid time",
          "[market][search]") {
  Scenario s = testing::small_market(300, 3);
  s.requesters.types[0].duration_optimism = {3.0, 0.1};
  s.requesters.types[0].qualification_share = 1.0;
  auto sim = run(s);
  const WorkerTable& w = sim->world().workers();
  std::int64_t tasks_returned = 0, minutes_returned = 0;
  for (const WorkerActivity& a : w.activity) {
    tasks_returned += a.tasks_returned;
    minutes_returned += a.minutes_returned;
  }
  CHECK(tasks_returned > 50);
  CHECK(minutes_returned > 0);
  CHECK(sum(w.minutes_qualification) > 0);
}

TEST_CASE("social contributions: a share of pay, by the platform or the requester", "[market][regulation]") {
  Scenario s = testing::small_market(300, 3);
  auto& sc = s.platforms[0].regulation.social_contributions;
  sc.enabled = true;
  sc.rate = 0.1;
  sc.paid_by = ContributionPayer::platform;
  auto by_platform = run(s);
  const MoneyFlows& a = by_platform->world().ledger().money;
  CHECK(a.social_contributions == Approx(0.1 * static_cast<double>(a.worker_credit)).epsilon(0.001));
  CHECK(a.platform_fees == a.platform_fees_gross - a.social_contributions);
  sc.paid_by = ContributionPayer::requester;
  auto by_requester = run(s);
  const MoneyFlows& b = by_requester->world().ledger().money;
  CHECK(b.platform_fees == b.platform_fees_gross);
  CHECK(b.requester_spend == b.worker_credit + b.platform_fees_gross + b.social_contributions);
}

TEST_CASE("presumption of employment: platforms pay the minimum wage on logged hours",
          "[market][regulation]") {
  Scenario s = testing::small_market(300, 8);
  auto& pe = s.platforms[0].regulation.presumption_of_employment;
  pe.enabled = true;
  pe.indicators_required = 2;
  pe.hourly_wage = 10;
  auto sim = run(s);
  const MoneyFlows& m = sim->world().ledger().money;
  CHECK(m.employment_top_up > 0);
  CHECK(m.platform_fees < m.platform_fees_gross);
  pe.indicators_required = 5;  // the platform shows only 2 indicators: no presumption
  CHECK(run(s)->world().ledger().money.employment_top_up == 0);
}

TEST_CASE("a qualification test costs exactly its minutes, unpaid", "[market][search]") {
  Scenario s = testing::small_market(200, 2);
  s.requesters.types[0].qualification_share = 1.0;
  s.workers.behaviour.qualification_test_minutes = 10;
  auto sim = run(s);
  const WorkerTable& w = sim->world().workers();
  std::int64_t tested = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    // A test still running at the end of the run is the only partial one.
    const bool running = w.state[i] == WorkerState::qualifying;
    if (!running) CHECK(w.minutes_qualification[i] % 10 == 0);
    tested += w.minutes_qualification[i] > 0;
  }
  CHECK(tested > 50);
}

TEST_CASE("transparency steers workers away from requesters who reject good work", "[market][regulation]") {
  Scenario s = testing::small_market(500, 8);
  s.workers.groups[0].skill = {0.99, 1e6};
  s.workers.groups[0].tools_share = 0;
  s.requesters.types.push_back(s.requesters.types[0]);
  s.requesters.types[0].share = 0.5;
  s.requesters.types[1].name = "wage_thief";
  s.requesters.types[1].share = 0.5;
  s.requesters.types[1].opportunistic_rejection = 0.4;
  s.requesters.types[1].review_delay_hours = {1, 0.1};
  s.requesters.types[0].review_delay_hours = {1, 0.1};
  auto thief_share = [](const Simulation& sim) {
    const RequesterTable& r = sim.world().requesters();
    double thief = 0, all = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
      all += static_cast<double>(r.record[i].reviewed);
      thief += r.type[i] == 1 ? static_cast<double>(r.record[i].reviewed) : 0.0;
    }
    return thief / all;
  };
  const double blind = thief_share(*run(s));
  s.platforms[0].regulation.transparency.enabled = true;
  s.platforms[0].regulation.transparency.avoid_rejection_rate_above = 0.1;
  const double informed = thief_share(*run(s));
  CHECK(informed < 0.7 * blind);
}

TEST_CASE("each worker's search minutes add up to the market's, including those not yet logged",
          "[market][time]") {
  // A search writes its minutes to the tick record; they reach the session log when the session
  // ends. Workers still online at the end hold some there, and the report must count them.
  struct Searching : Observer {
    std::vector<MetricInfo> catalogue;
    std::int64_t minutes = 0;
    void on_start(const Scenario&, const std::vector<MetricInfo>& c) override { catalogue = c; }
    void on_interval(const MetricRow& r) override {
      for (const MetricInfo& m : catalogue)
        if (m.path.size() >= 14 && m.path.compare(m.path.size() - 14, 14, "minutes_search") == 0)
          minutes += r.integers[m.slot];
    }
  } observed;
  Simulation sim(testing::small_market(400, 2.5), RunOptions{2, true, true});
  sim.add_observer(observed);
  sim.run();
  const WorkerTable& w = sim.world().workers();
  std::int64_t per_worker = 0, unlogged = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    per_worker += w.minutes_search(i);
    unlogged += w.activity[i].unlogged_search_minutes;
  }
  CHECK(unlogged > 0);  // the run ends at noon (UTC): many workers are in a session
  CHECK(observed.minutes > 0);
  CHECK(per_worker == observed.minutes);
}

TEST_CASE("an assignment longer than a submission's record holds stops the run with the reason",
          "[market][limits]") {
  // Submission keeps the minutes worked in 19 bits (the review calendar's block mark took 4):
  // an assignment of a year or more cannot be recorded, and the run says so instead of
  // wrapping the minutes.
  Scenario s = testing::small_market(100, 600);
  s.tick_minutes = 1440;
  s.output.interval_minutes = 1440;
  s.requesters.types[0].task_minutes = {600000, 0.01};  // 417 days
  Simulation sim(s, RunOptions{1, true, false});
  CHECK_THROWS_WITH(sim.run(), Catch::Contains("an assignment of more than 524287 minutes") &&
                                   Catch::Contains("shorten the tasks"));
}

TEST_CASE("scarce assignments: each granted once, counts cleared every tick, the same on any thread count",
          "[market][matching]") {
  // Groups of one or two assignments and many searching workers: most groups get more requests
  // in a tick than they have assignments, so matching ranks them (World::match_requests). The
  // invariants, checked every tick, include that no group keeps a tick's count of requests.
  Scenario s = testing::small_market(800, 2);
  RequesterTypeSpec& t = s.requesters.types[0];
  t.assignments_per_group = {1.5, 0.3};
  t.batches_per_week = 60;
  auto serial = std::make_unique<Simulation>(s, RunOptions{1, false, true});
  serial->run();
  auto parallel = std::make_unique<Simulation>(s, RunOptions{2, true, true});
  parallel->run();
  const TaskCounts& a = serial->world().ledger().tasks;
  const TaskCounts& b = parallel->world().ledger().tasks;
  CHECK(a.accepted > 1000);
  CHECK(a.accepted <= a.posted);
  CHECK(b.posted == a.posted);
  CHECK(b.accepted == a.accepted);
  CHECK(b.submitted == a.submitted);
  CHECK(b.expired == a.expired);
  for (const TaskGroup& g : parallel->world().task_groups()) {
    CHECK(g.demand == 0);
    CHECK(g.available >= 0);
  }
}

TEST_CASE("the review phase lists its due reviews alike, by the filing's loop or by itself",
          "[market][parallel]") {
  const Scenario s = testing::small_market(2000, 2);
  World by_filing(s, 2, true), by_itself(s, 2, true);
  while (by_filing.tick() < s.total_ticks()) {
    by_filing.step();
    WorldTestAccess::step_listing_in_review_phase(by_itself);
  }
  REQUIRE(by_filing.summary().tasks_approved > 1000);
  check_same_final_tables(by_filing, by_itself);
}

TEST_CASE("the passes split by worker give the same results whatever ids each part takes",
          "[market][parallel]") {
  // Wake-ups and the reviews' workers' side go to parts by the worker phase's ranges of ids
  // (market/worker_parts.hpp), which follow the threads; other ranges must change nothing.
  // At 30-minute ticks, enough wake-ups a tick (64 or more) for the session phase's parts.
  Scenario s = testing::small_market(20000, 1);
  s.tick_minutes = GENERATE(1, 30);
  World normal(s, 2, true), other(s, 2, true);
  while (normal.tick() < s.total_ticks()) {
    normal.step();
    WorldTestAccess::step_with_other_worker_parts(other);
  }
  REQUIRE(normal.summary().tasks_approved > 1000);
  check_same_final_tables(normal, other);
}
