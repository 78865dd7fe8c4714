// The money identity, task conservation and non-negative balances hold after
// every tick, with every rule off and with every rule on.
#include <catch2/catch.hpp>

#include "market/simulation.hpp"
#include "market/world.hpp"
#include "support/small_market.hpp"

using namespace gigsim;

namespace {
Scenario all_rules_on() {
  Scenario s = testing::small_market(500, 8);
  s.requesters.types.push_back(s.requesters.types[0]);
  s.requesters.types[0].share = 0.7;
  s.requesters.types[1].name = "wage_thief";
  s.requesters.types[1].share = 0.3;
  s.requesters.types[1].opportunistic_rejection = 0.3;
  s.platforms.push_back(s.platforms[0]);
  s.platforms[1].name = "second";
  s.platforms[0].requester_share = 0.5;
  s.platforms[1].requester_share = 0.5;
  s.platforms[1].hold_days = 1;
  s.platforms[1].listing = ListingOrder::highest_reward;
  s.workers.groups[0].multi_platform_share = 0.5;
  for (auto& p : s.platforms) {
    p.fraud_detection.false_positive_per_worker_year = 20;
    RegulationSpec& r = p.regulation;
    r.minimum_wage.enabled = true;
    r.rejection.enabled = true;
    r.rejection.pay_share_on_reject = 0.5;
    r.rejection.fee_refunded = false;
    r.rejection.appeal_delay_days = 1;
    r.due_process.enabled = true;
    r.due_process.notice_days = 1;
    r.due_process.appeal_delay_days = 1;
    r.fee_cap.enabled = true;
    r.social_contributions.enabled = true;
    r.presumption_of_employment.enabled = true;
    r.transparency.enabled = true;
    r.payout.enabled = true;
  }
  s.platforms[1].regulation.social_contributions.paid_by = ContributionPayer::requester;
  return s;
}
}  // namespace

TEST_CASE("invariants hold every tick with no regulation", "[invariants]") {
  Scenario s = testing::small_market(500, 8);
  s.platforms[0].fraud_detection.false_positive_per_worker_year = 20;
  Simulation sim(s, RunOptions{2, true, true});
  REQUIRE_NOTHROW(sim.run());
  const RunSummary r = sim.summary();
  CHECK(r.tasks_submitted > 1000);
  CHECK(r.suspensions > 0);
  CHECK(r.forfeited > 0);
}

TEST_CASE("invariants hold every tick with every rule on, two platforms, holds and appeals", "[invariants]") {
  Simulation sim(all_rules_on(), RunOptions{2, true, true});
  REQUIRE_NOTHROW(sim.run());
  const World& w = sim.world();
  CHECK(w.ledger().tasks.overturned > 0);
  CHECK(w.ledger().money.social_contributions > 0);
  CHECK(w.ledger().money.employment_top_up > 0);
  CHECK(w.ledger().money.minimum_wage_top_up > 0);
}

TEST_CASE("every reporting row satisfies the money identity exactly", "[invariants]") {
  struct Rows : Observer {
    std::vector<MetricInfo> cat;
    std::vector<MetricRow> rows;
    void on_start(const Scenario&, const std::vector<MetricInfo>& c) override { cat = c; }
    void on_interval(const MetricRow& r) override { rows.push_back(r); }
    std::int64_t get(const MetricRow& r, const std::string& name) const {
      for (const auto& m : cat)
        if (m.path == name) return r.integers[m.slot];
      FAIL("no metric " << name);
      return 0;
    }
  } obs;
  Simulation sim(all_rules_on(), RunOptions{1, true, false});
  sim.add_observer(obs);
  sim.run();
  REQUIRE(obs.rows.size() == 8 * 12);
  std::int64_t previous_pending = 0;
  for (const MetricRow& r : obs.rows) {
    const std::int64_t pending = obs.get(r, "pending");
    CHECK(obs.get(r, "requester_spend") == obs.get(r, "worker_pay") + obs.get(r, "platform_fees") +
                                               obs.get(r, "social_contributions") + obs.get(r, "forfeited") +
                                               (pending - previous_pending));
    previous_pending = pending;
  }
}
