// Requesters review submitted work (or the platform auto-approves it), money
// moves, rejected workers may appeal, and held earnings are released.
#include <algorithm>

#include "market/draws.hpp"
#include "market/world.hpp"
#include "rules/minimum_wage.hpp"
#include "rules/rejection.hpp"

namespace gigsim {

namespace {
// Books a money flow in the ledger, the interval and the platform's totals at once.
void book(Ledger& ledger, IntervalCounters& interval, Money MoneyFlows::*field, Money amount) {
  ledger.money.*field += amount;
  interval.money.*field += amount;
}
}  // namespace

void World::forfeit(WorkerId w, Money amount) {
  const auto uw = static_cast<std::size_t>(w);
  workers_.forfeited[uw] += amount;
  book(ledger_, interval_, &MoneyFlows::forfeited, amount);
  if (workers_.forfeits[uw] == kForfeitBySuspension)
    book(ledger_, interval_, &MoneyFlows::forfeited_by_suspension, amount);
}

void World::credit_worker(WorkerId w, std::uint8_t platform, Money amount, bool wages) {
  if (amount == 0) return;
  const auto uw = static_cast<std::size_t>(w);
  workers_.earned[uw] += amount;
  if (platforms_[platform].employment_presumed) workers_.week_earned[uw] += amount;
  book(ledger_, interval_, &MoneyFlows::worker_credit, amount);
  platform_totals_[platform].worker_credit += amount;
  if (workers_.forfeits[uw] && !wages) {  // silently suspended, or gone: the money never reaches them
    forfeit(w, amount);
    return;
  }
  // Paid straight to the bank: under due process, and an employer's wages, reach even a
  // suspended worker or one who has left.
  if (workers_.state[uw] == WorkerState::suspended || workers_.forfeits[uw]) {
    workers_.paid_out[uw] += amount;
    book(ledger_, interval_, &MoneyFlows::worker_pay, amount);
    return;
  }
  ledger_.pending += amount;
  const std::int64_t hold = platforms_[workers_.home_platform[uw]].payout.hold_ticks;
  if (hold == 0) {
    workers_.available[uw] += amount;
  } else {
    workers_.held[uw] += amount;
    releases_.schedule(tick_ + hold, Release{w, amount, workers_.balance_epoch[uw]});
  }
}

void World::settle_review(const Settlement& sub, bool rejected) {
  const auto ur = static_cast<std::size_t>(sub.requester);
  const PlatformSpec& ps = scenario_.platforms[sub.platform];
  const RegulationSpec& reg = ps.regulation;
  PlatformTotals& pt = platform_totals_[sub.platform];

  Money pay = 0, fee = 0, top_up = 0;
  if (rejected) {
    if (reg.rejection.enabled) {
      const Ppm share = to_ppm(reg.rejection.pay_share_on_reject);
      pay = apply_rate(sub.reward, share);
      fee = reg.rejection.fee_refunded ? 0 : apply_rate(sub.fee, share);
    }
  } else {
    // An overturned rejection pays what the rejection withheld.
    pay = sub.reward - sub.paid_on_reject;
    fee = sub.fee - sub.fee_on_reject;
    top_up = minimum_wage_top_up(reg.minimum_wage, sub.reward, sub.median_minutes);
  }
  const Money to_worker = pay + top_up;
  Money contribution = 0;
  const auto& sc = reg.social_contributions;
  if (sc.enabled) contribution = apply_rate(to_worker, to_ppm(sc.rate));
  const bool requester_pays_contribution = sc.paid_by == ContributionPayer::requester;
  const Money spend = to_worker + fee + (requester_pays_contribution ? contribution : 0);
  const Money fee_net = fee - (requester_pays_contribution ? 0 : contribution);

  book(ledger_, interval_, &MoneyFlows::requester_spend, spend);
  book(ledger_, interval_, &MoneyFlows::platform_fees, fee_net);
  book(ledger_, interval_, &MoneyFlows::platform_fees_gross, fee);
  book(ledger_, interval_, &MoneyFlows::social_contributions, contribution);
  book(ledger_, interval_, &MoneyFlows::minimum_wage_top_up, top_up);
  pt.requester_spend += spend;
  pt.platform_fees += fee_net;
  pt.platform_fees_gross += fee;
  pt.social_contributions += contribution;
  requesters_.spend[ur] += spend;
  requesters_.paid_to_workers[ur] += to_worker;
  credit_worker(sub.worker, sub.platform, to_worker);
}

void World::prefetch_review_rows(const Submission& sub) const {
  const auto uw = static_cast<std::size_t>(sub.worker);
  const std::size_t k = uw * platforms_.size();  // the platform's count is on the same line or the next
  __builtin_prefetch(&groups_[static_cast<std::size_t>(sub.group)]);
  const auto* activity = reinterpret_cast<const char*>(&workers_.activity[uw]);
  __builtin_prefetch(activity);
  __builtin_prefetch(activity + 64);
  __builtin_prefetch(&workers_.approvals_on[k]);
  __builtin_prefetch(&workers_.tasks_approved[uw]);
  __builtin_prefetch(&workers_.minutes_paid[uw]);
  __builtin_prefetch(&workers_.earned[uw]);
  __builtin_prefetch(&workers_.forfeits[uw]);
  __builtin_prefetch(&workers_.state[uw]);
  __builtin_prefetch(&workers_.home_platform[uw]);
  __builtin_prefetch(&workers_.available[uw]);
}

void World::run_review_phase() {
  const auto due = reviews_.due(tick_);
  auto ahead = due.begin();
  for (std::size_t k = 0; k < kPrefetchAhead && ahead != due.end(); ++k) ++ahead;
  for (const Submission& sub : due) {
    // Reviews reach workers and requesters in no memory order; ask for a later one's rows now.
    if (ahead != due.end()) {
      prefetch_review_rows(*ahead);
      ++ahead;
    }
    const auto uw = static_cast<std::size_t>(sub.worker);
    TaskGroup& g = groups_[static_cast<std::size_t>(sub.group)];
    const std::uint8_t platform = g.platform;
    const auto minutes = static_cast<std::int64_t>(sub.minutes);
    const bool quality_ok = sub.quality_ok != 0, auto_approved = sub.auto_approved != 0;
    const auto ur = static_cast<std::size_t>(g.requester);
    const RequesterTypeSpec& t = scenario_.requesters.types[requesters_.type[ur]];
    const RegulationSpec& reg = scenario_.platforms[platform].regulation;
    Stream s(scenario_.seed, tick_, Phase::review, kSubmissionKey + sub.id);
    ReviewContext ctx;
    ctx.quality_ok = quality_ok;
    ctx.auto_approved = auto_approved;
    ctx.quality_check_accuracy = t.quality_check_accuracy;
    ctx.opportunistic_rejection = t.opportunistic_rejection;
    ctx.requester_reviewed = requesters_.reviewed[ur];
    ctx.requester_rejected = requesters_.rejected[ur];
    const bool rejected = review_rejects(reg.rejection, ctx, s);

    requesters_.reviewed[ur] += 1;
    requesters_.work_minutes[ur] += minutes;
    workers_.activity[uw].minutes_awaiting_review -= minutes;
    if (rejected) {
      requesters_.rejected[ur] += 1;
      workers_.tasks_rejected[uw] += 1;
      count_decisions(sub.worker, platform, 0, 1);
      workers_.minutes_rejected[uw] += minutes;
      interval_.minutes_rejected += minutes;
      ledger_.tasks.rejected += 1;
      interval_.tasks.rejected += 1;
      platform_totals_[platform].tasks_rejected += 1;
    } else {
      requesters_.approved[ur] += 1;
      workers_.tasks_approved[uw] += 1;
      count_decisions(sub.worker, platform, 1, 0);
      workers_.minutes_paid[uw] += minutes;
      interval_.minutes_paid += minutes;
      ledger_.tasks.approved += 1;
      interval_.tasks.approved += 1;
      platform_totals_[platform].tasks_approved += 1;
      if (auto_approved) {
        ledger_.tasks.auto_approved += 1;
        interval_.tasks.auto_approved += 1;
      }
    }
    Settlement terms;
    terms.worker = sub.worker;
    terms.requester = g.requester;
    terms.platform = platform;
    terms.reward = g.reward;
    terms.fee = g.fee;
    terms.median_minutes = g.median_minutes;
    settle_review(terms, rejected);
    g.awaiting_review -= 1;
    release_group_if_done(sub.group);

    const auto& rule = reg.rejection;
    if (rejected && rule.enabled && rule.appeal && s.chance(scenario_.workers.behaviour.appeal_probability)) {
      const std::int64_t delay = days_to_ticks(rule.appeal_delay_days, scenario_.tick_minutes);
      // Past the platform's reversal window a rejection can no longer be overturned.
      if (delay <= platforms_[platform].reversal_ticks) {
        Appeal appeal;
        appeal.id = sub.id;
        appeal.minutes = static_cast<std::int32_t>(minutes);
        appeal.quality_ok = quality_ok;
        appeal.terms = terms;
        const Ppm share = to_ppm(rule.pay_share_on_reject);
        appeal.terms.paid_on_reject = apply_rate(terms.reward, share);
        appeal.terms.fee_on_reject = rule.fee_refunded ? 0 : apply_rate(terms.fee, share);
        appeals_.schedule(tick_ + std::max<std::int64_t>(1, delay), appeal);
      }
    }
  }
  reviews_.release(tick_);

  for (const Appeal& appeal : appeals_.due(tick_)) {
    Stream s(scenario_.seed, tick_, Phase::appeal, kSubmissionKey + appeal.id);
    const Settlement& sub = appeal.terms;
    const RegulationSpec& reg = scenario_.platforms[sub.platform].regulation;
    if (!appeal_succeeds(reg.rejection, appeal.quality_ok, s)) continue;
    const auto uw = static_cast<std::size_t>(sub.worker);
    const auto ur = static_cast<std::size_t>(sub.requester);
    workers_.tasks_rejected[uw] -= 1;
    workers_.tasks_approved[uw] += 1;
    count_decisions(sub.worker, sub.platform, 1, -1);
    workers_.minutes_rejected[uw] -= appeal.minutes;
    workers_.minutes_paid[uw] += appeal.minutes;
    interval_.minutes_overturned += appeal.minutes;
    requesters_.rejected[ur] -= 1;
    requesters_.approved[ur] += 1;
    ledger_.tasks.overturned += 1;
    interval_.tasks.overturned += 1;
    settle_review(sub, false);
  }
  appeals_.release(tick_);

  for (const Release& r : releases_.due(tick_)) {
    const auto uw = static_cast<std::size_t>(r.worker);
    if (workers_.balance_epoch[uw] != r.epoch) continue;  // settled with the rest at a suspension
    workers_.held[uw] -= r.amount;
    if (workers_.forfeits[uw]) {
      ledger_.pending -= r.amount;
      forfeit(r.worker, r.amount);
    } else {
      workers_.available[uw] += r.amount;
    }
  }
  releases_.release(tick_);
}

}  // namespace gigsim
