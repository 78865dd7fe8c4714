// Requesters review submitted work (or the platform auto-approves it), money
// moves, rejected workers may appeal, and held earnings are released.
#include <algorithm>
#include <atomic>

#include "core/list_where.hpp"
#include "core/streaming_store.hpp"
#include "market/draws.hpp"
#include "market/world.hpp"
#include "rules/minimum_wage.hpp"
#include "rules/rejection.hpp"

namespace gigsim {

void World::forfeit(WorkerId w, Money amount) {
  const auto uw = static_cast<std::size_t>(w);
  workers_.forfeited[uw] += amount;
  serial_delta_.money.forfeited += amount;
  if (workers_.account[uw].forfeits == kForfeitBySuspension)
    serial_delta_.money.forfeited_by_suspension += amount;
  book_delta(serial_delta_);
}

void World::credit_worker(WorkerId w, std::uint8_t platform, Money amount, bool wages) {
  book_credit(w, platform, amount, credit_worker_side(w, platform, amount, wages));
}

CreditRoute World::credit_worker_side(WorkerId w, std::uint8_t platform, Money amount, bool wages) {
  CreditRoute route;
  if (amount == 0) return route;
  const auto uw = static_cast<std::size_t>(w);
  workers_.account[uw].earned += amount;
  if (platforms_[platform].employment_presumed) workers_.week_earned[uw] += amount;
  if (workers_.account[uw].forfeits && !wages) {  // silently suspended, or gone: the money never reaches them
    workers_.forfeited[uw] += amount;
    route.kind = CreditRoute::forfeited;
    route.by_suspension = workers_.account[uw].forfeits == kForfeitBySuspension;
    return route;
  }
  // Paid straight to the bank: under due process, and an employer's wages, reach even a
  // suspended worker or one who has left.
  if (workers_.account[uw].suspended || workers_.account[uw].forfeits) {
    workers_.paid_out[uw] += amount;
    route.kind = CreditRoute::paid_out;
    return route;
  }
  if (platforms_[workers_.account[uw].home_platform].payout.hold_ticks == 0) {
    workers_.account[uw].available += amount;
    route.kind = CreditRoute::available;
  } else {
    workers_.account[uw].held += amount;
    route.kind = CreditRoute::held;
    route.epoch = workers_.account[uw].balance_epoch;
  }
  return route;
}

void World::book_credit(WorkerId w, std::uint8_t platform, Money amount, const CreditRoute& route) {
  if (add_credit(platform, amount, route, serial_delta_)) schedule_release(w, amount, route);
  book_delta(serial_delta_);
}

bool World::add_credit(std::uint8_t platform, Money amount, const CreditRoute& route, LedgerDelta& d) {
  if (route.kind == CreditRoute::none) return false;
  d.money.worker_credit += amount;
  d.platforms[platform].totals.worker_credit += amount;
  switch (route.kind) {
    case CreditRoute::forfeited:
      d.money.forfeited += amount;
      if (route.by_suspension) d.money.forfeited_by_suspension += amount;
      return false;
    case CreditRoute::paid_out:
      d.money.worker_pay += amount;
      return false;
    case CreditRoute::available:
      d.pending += amount;
      return false;
    case CreditRoute::held:
      d.pending += amount;
      return true;
    case CreditRoute::none:
      break;
  }
  return false;
}

void World::schedule_release(WorkerId w, Money amount, const CreditRoute& route) {
  const auto uw = static_cast<std::size_t>(w);
  const std::int64_t hold = platforms_[workers_.account[uw].home_platform].payout.hold_ticks;
  releases_.schedule(tick_ + hold, Release{w, amount, route.epoch});
}

void World::book_delta(LedgerDelta& d) {
  for (MoneyFlows* m : {&ledger_.money, &interval_.money}) {
    m->requester_spend += d.money.requester_spend;
    m->worker_pay += d.money.worker_pay;
    m->platform_fees += d.money.platform_fees;
    m->platform_fees_gross += d.money.platform_fees_gross;
    m->social_contributions += d.money.social_contributions;
    m->forfeited += d.money.forfeited;
    m->forfeited_by_suspension += d.money.forfeited_by_suspension;
    m->minimum_wage_top_up += d.money.minimum_wage_top_up;
    m->employment_top_up += d.money.employment_top_up;
    m->worker_credit += d.money.worker_credit;
  }
  for (TaskCounts* t : {&ledger_.tasks, &interval_.tasks}) {
    t->approved += d.tasks.approved;
    t->rejected += d.tasks.rejected;
    t->auto_approved += d.tasks.auto_approved;
  }
  interval_.minutes_paid += d.minutes_paid;
  interval_.minutes_rejected += d.minutes_rejected;
  ledger_.pending += d.pending;
  for (std::size_t p = 0; p < d.platforms.size(); ++p) {
    PlatformTotals& to = platform_totals_[p];
    const PlatformTotals& from = d.platforms[p].totals;
    to.requester_spend += from.requester_spend;
    to.platform_fees += from.platform_fees;
    to.platform_fees_gross += from.platform_fees_gross;
    to.social_contributions += from.social_contributions;
    to.worker_credit += from.worker_credit;
    to.tasks_approved += from.tasks_approved;
    to.tasks_rejected += from.tasks_rejected;
    d.platforms[p].totals = PlatformTotals{};
  }
  d.money = MoneyFlows{};
  d.tasks = TaskCounts{};
  d.minutes_paid = d.minutes_rejected = d.pending = 0;
}

// Inlined: its outcome, stored field by field and read back as pairs, stalled each review on the
// store forwarding (a fifth of the requesters' side's samples).
[[gnu::always_inline]] inline void World::price_review(const Settlement& sub, bool rejected,
                                                       ReviewOutcome& out) const {
  const RegulationSpec& reg = scenario_.platforms[sub.platform].regulation;
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
  out.to_worker = to_worker;
  out.fee = fee;
  out.top_up = top_up;
  out.contribution = contribution;
  out.spend = to_worker + fee + (requester_pays_contribution ? contribution : 0);
  out.fee_net = fee - (requester_pays_contribution ? 0 : contribution);
}

void World::book_review(std::uint8_t platform, const ReviewOutcome& out) {
  add_review(platform, out, serial_delta_);
  book_delta(serial_delta_);
}

void World::add_review(std::uint8_t platform, const ReviewOutcome& out, LedgerDelta& d) const {
  d.money.requester_spend += out.spend;
  d.money.platform_fees += out.fee_net;
  d.money.platform_fees_gross += out.fee;
  d.money.social_contributions += out.contribution;
  d.money.minimum_wage_top_up += out.top_up;
  PlatformTotals& pt = d.platforms[platform].totals;
  pt.requester_spend += out.spend;
  pt.platform_fees += out.fee_net;
  pt.platform_fees_gross += out.fee;
  pt.social_contributions += out.contribution;
}

void World::settle_review(const Settlement& sub, bool rejected) {
  ReviewOutcome out;
  price_review(sub, rejected, out);
  book_review(sub.platform, out);
  const auto ur = static_cast<std::size_t>(sub.requester);
  requesters_.record[ur].spend += out.spend;
  requesters_.record[ur].paid_to_workers += out.to_worker;
  credit_worker(sub.worker, sub.platform, out.to_worker);
}

void World::prefetch_review_worker(const Submission& sub) const {
  const auto uw = static_cast<std::size_t>(sub.worker);
  __builtin_prefetch(&workers_.account[uw]);
  // The platform's count is on the same line or the next.
  if (platforms_.size() > 1) __builtin_prefetch(&workers_.decisions_on[uw * platforms_.size()]);
}

void World::prefetch_review_activity(const Submission& sub) const {
  // An online worker's tick record takes the decision too (count_decisions): known from the
  // account line, asked for (prefetch_review_worker) twice as many reviews ahead as this.
  const auto uw = static_cast<std::size_t>(sub.worker);
  const WorkerAccount& account = workers_.account[uw];
  if (account.online_on != WorkerAccount::kNotOnline) __builtin_prefetch(&workers_.activity[uw], 1);
}

void World::list_due_reviews(std::span<const Submission> due, std::atomic<std::size_t>& next) {
  // Blocks of a few lines of each output: two threads never write one line at once.
  constexpr std::size_t kBlock = 512;
  const std::size_t n = due.size();
  for (;;) {
    const std::size_t begin = next.fetch_add(kBlock, std::memory_order_relaxed);
    if (begin >= n) return;
    for (std::size_t i = begin; i < std::min(n, begin + kBlock); ++i) {
      const std::int32_t r = group_requesters_[static_cast<std::size_t>(due[i].group)];
      review_requesters_[i] = r;
      review_parts_[i] = requester_parts_[static_cast<std::size_t>(r)];
    }
  }
}

void World::run_review_phase() {
  // Each review has three sides: the requester's (decision, whose rejection cap reads the
  // requester's running counts, and the requester's record), the worker's (record and balances),
  // and the rest (groups, ledger, calendars). On several threads they are three passes over the
  // due reviews: by requester and by worker in parallel parts, each in calendar order, then the
  // calendars serially; the group's side goes with the requester's, and each part sums the
  // ledger's side of what it settles. Every agent sees its reviews in the same order as the
  // one-thread loop.
  tick_key_ = TickKey(scenario_.seed, tick_);
  const std::span<const Submission> due = reviews_.due(tick_);
  const std::size_t n = due.size();
  const std::size_t parts = this->parts();
  if (parts > 1) review_verdicts_.resize(n);
  auto terms_of = [&](const Submission& sub) {
    const TaskGroup& g = groups_[static_cast<std::size_t>(sub.group)];
    Settlement terms;
    terms.worker = sub.worker;
    terms.requester = g.requester;
    terms.platform = g.platform;
    terms.reward = g.reward;
    terms.fee = g.fee;
    terms.median_minutes = g.median_minutes;
    return terms;
  };
  auto decide = [&](std::size_t i, ReviewOutcome& out) {  // the requester's side
    const Submission& sub = due[i];
    const TaskGroup& g = groups_[static_cast<std::size_t>(sub.group)];
    const auto ur = static_cast<std::size_t>(g.requester);
    const RequesterTypeSpec& t = scenario_.requesters.types[g.requester_type];
    const RejectionRule& rule = scenario_.platforms[g.platform].regulation.rejection;
    Stream s(tick_key_, Phase::review, kSubmissionKey + sub.id);
    ReviewContext ctx;
    ctx.quality_ok = sub.quality_ok != 0;
    ctx.auto_approved = sub.auto_approved != 0;
    ctx.quality_check_accuracy = t.quality_check_accuracy;
    ctx.opportunistic_rejection = t.opportunistic_rejection;
    ctx.requester_reviewed = requesters_.record[ur].reviewed;
    ctx.requester_rejected = requesters_.record[ur].rejected;
    out.platform = g.platform;
    out.rejected = review_rejects(rule, ctx, s);
    out.appeals = out.rejected && rule.enabled && rule.appeal &&
                  s.chance(scenario_.workers.behaviour.appeal_probability);
    price_review(terms_of(sub), out.rejected, out);
    requesters_.record[ur].reviewed += 1;
    requesters_.record[ur].work_minutes += static_cast<std::int64_t>(sub.minutes);
    (out.rejected ? requesters_.record[ur].rejected : requesters_.record[ur].approved) += 1;
    requesters_.record[ur].spend += out.spend;
    requesters_.record[ur].paid_to_workers += out.to_worker;
  };
  auto apply_to_worker = [&](std::size_t i, const ReviewVerdict& v) {  // the worker's side
    const Submission& sub = due[i];
    const auto uw = static_cast<std::size_t>(sub.worker);
    const auto minutes = static_cast<std::int64_t>(sub.minutes);
    if (v.rejected) {
      count_decisions(sub.worker, v.platform, 0, 1);
      workers_.account[uw].minutes_rejected += minutes;
    } else {
      count_decisions(sub.worker, v.platform, 1, 0);
      workers_.account[uw].minutes_paid += minutes;
    }
    return credit_worker_side(sub.worker, v.platform, v.to_worker, false);
  };
  // A reviewed submission no longer holds its group: the group's side, in calendar order per
  // group. Returns true when the group's slot is free again.
  auto release_hold = [&](std::size_t i) {
    TaskGroup& g = groups_[static_cast<std::size_t>(due[i].group)];
    g.awaiting_review -= 1;
    return g.done();
  };
  // The ledger's side, summed into `d` (book_delta adds it afterwards: integer sums come out
  // the same in any order): the decision and its price, where they are made, then the credit
  // (add_credit), where it is made.
  auto count_review = [&](std::size_t i, const ReviewOutcome& out, LedgerDelta& d) {
    const Submission& sub = due[i];
    PlatformTotals& pt = d.platforms[out.platform].totals;
    const auto minutes = static_cast<std::int64_t>(sub.minutes);
    if (out.rejected) {
      d.minutes_rejected += minutes;
      d.tasks.rejected += 1;
      pt.tasks_rejected += 1;
    } else {
      d.minutes_paid += minutes;
      d.tasks.approved += 1;
      d.tasks.auto_approved += sub.auto_approved;
      pt.tasks_approved += 1;
    }
    add_review(out.platform, out, d);
  };
  // The calendars' side, in calendar order: a held credit's release, an appeal.
  auto schedule_events = [&](std::size_t i, const ReviewVerdict& v, const CreditRoute& credit) {
    const Submission& sub = due[i];
    if (credit.kind == CreditRoute::held) schedule_release(sub.worker, v.to_worker, credit);
    if (!v.appeals) return;
    const auto& rule = scenario_.platforms[v.platform].regulation.rejection;
    const std::int64_t delay = days_to_ticks(rule.appeal_delay_days, scenario_.tick_minutes);
    // Past the platform's reversal window a rejection can no longer be overturned.
    if (delay > platforms_[v.platform].reversal_ticks) return;
    Appeal appeal;
    appeal.id = sub.id;
    appeal.minutes = static_cast<std::int32_t>(sub.minutes);
    appeal.quality_ok = sub.quality_ok != 0;
    appeal.terms = terms_of(sub);
    const Ppm share = to_ppm(rule.pay_share_on_reject);
    appeal.terms.paid_on_reject = apply_rate(appeal.terms.reward, share);
    appeal.terms.fee_on_reject = rule.fee_refunded ? 0 : apply_rate(appeal.terms.fee, share);
    appeals_.schedule(tick_ + std::max<std::int64_t>(1, delay), appeal);
  };

  if (parts == 1) {
    // One thread: the three sides of each review in turn, one pass over the rows.
    for (std::size_t i = 0; i < n; ++i) {
      // Reviews reach workers and requesters in no memory order; ask for a later one's rows now.
      // The group twice as far ahead, so that its line gives the requester whose record to ask
      // for (the dense group-to-requester column would be one more line read at random).
      if (i + 2 * kPrefetchAhead < n)
        __builtin_prefetch(&groups_[static_cast<std::size_t>(due[i + 2 * kPrefetchAhead].group)]);
      if (i + kPrefetchAhead < n) {
        const TaskGroup& later = groups_[static_cast<std::size_t>(due[i + kPrefetchAhead].group)];
        __builtin_prefetch(&requesters_.record[static_cast<std::size_t>(later.requester)]);
        prefetch_review_worker(due[i + kPrefetchAhead]);
      }
      if (i + kPrefetchAhead / 2 < n) prefetch_review_activity(due[i + kPrefetchAhead / 2]);
      ReviewOutcome out;
      decide(i, out);
      const ReviewVerdict v{out.to_worker, out.platform, out.rejected, out.appeals};
      const CreditRoute credit = apply_to_worker(i, v);
      count_review(i, out, review_deltas_[0]);
      if (add_credit(v.platform, v.to_worker, credit, review_deltas_[0]) || v.appeals)
        schedule_events(i, v, credit);
      if (release_hold(i)) free_groups_.push_back(due[i].group);
    }
    book_delta(review_deltas_[0]);
  } else {
    // Each side's loop has one or two lines per review in flight where the one-thread loop has
    // three or four: asked for farther ahead, as many lines are in flight (pinned pairs,
    // national, 8 days: reviews 7.27 -> 6.16 s and 6.50 -> 5.40 s; 64 ahead was slower again).
    constexpr std::size_t kSideAhead = 4 * kPrefetchAhead;
    // Each part lists its reviews first (list_where), the requesters' parts from each review's
    // requester part, computed once with the requester, whose record the part prefetches: by the
    // filing's loop (file_bookings), or here when the resolution did not run before.
    if (reviews_listed_at_ != tick_) {
      review_parts_.resize(n);
      review_requesters_.resize(n);
      std::atomic<std::size_t> next{0};
      parallel_loop(
          parts, [&](std::size_t) { list_due_reviews(due, next); }, 1);
    }
    parallel_loop(
        parts,
        [&](std::size_t part) {
          std::vector<std::uint32_t>& mine = part_lists_[part].items;
          const std::size_t count =
              list_where(mine, n, [&](std::size_t i) { return review_parts_[i] == part; });
          // The group's side goes with the requester's: a group is its requester's, so its part
          // sees all its reviews, in calendar order, and its line is already here. So does the
          // ledger's side of the decision and its price.
          auto& released = part_lists_[part].released;
          released.clear();
          LedgerDelta& delta = review_deltas_[part];
          for (std::size_t k = 0; k < count; ++k) {
            if (k + kSideAhead < count) {
              const std::uint32_t later = mine[k + kSideAhead];
              __builtin_prefetch(&groups_[static_cast<std::size_t>(due[later].group)]);
              __builtin_prefetch(&requesters_.record[static_cast<std::size_t>(review_requesters_[later])]);
            }
            const std::uint32_t i = mine[k];
            ReviewOutcome out;
            decide(i, out);
            count_review(i, out, delta);
            // For the workers' side, on either core: stored past the caches
            // (core/streaming_store.hpp), not fetched first from the core that read the slot
            // last tick (A/B by blocks of ticks, national, 2 threads: 0.983-0.992 of a tick).
            store_streaming(review_verdicts_[i],
                            ReviewVerdict{out.to_worker, out.platform, out.rejected, out.appeals});
            if (release_hold(i)) released.push_back(i);
          }
          end_streaming_stores();
        },
        1);
    // Freed slots join the pool in calendar order, as on one thread.
    released_reviews_.clear();
    for (std::size_t part = 0; part < parts; ++part)
      released_reviews_.insert(released_reviews_.end(), part_lists_[part].released.begin(),
                               part_lists_[part].released.end());
    std::sort(released_reviews_.begin(), released_reviews_.end());
    for (const std::uint32_t i : released_reviews_) free_groups_.push_back(due[i].group);
    parallel_loop(
        parts,
        [&](std::size_t part) {
          std::vector<std::uint32_t>& mine = part_lists_[part].items;
          // By the worker phase's ranges of ids (worker_parts.hpp): an online worker's tick
          // record, which a decision updates, then stays on the core that runs its searches.
          const std::size_t count = list_where(mine, n, [&](std::size_t i) {
            return worker_parts_.part_of(static_cast<std::uint32_t>(due[i].worker), part_modulo_) == part;
          });
          // The credit's side of the ledger goes with the worker's: each part sums its own.
          LedgerDelta& delta = review_deltas_[part];
          for (std::size_t k = 0; k < count; ++k) {
            if (k + kSideAhead < count) prefetch_review_worker(due[mine[k + kSideAhead]]);
            if (k + kSideAhead / 2 < count) prefetch_review_activity(due[mine[k + kSideAhead / 2]]);
            const std::uint32_t i = mine[k];
            const ReviewVerdict& v = review_verdicts_[i];
            const CreditRoute credit = apply_to_worker(i, v);
            if (add_credit(v.platform, v.to_worker, credit, delta) || v.appeals)
              delta.scheduling.push_back(ScheduledReview{i, credit});
          }
        },
        1);
    scheduling_reviews_.clear();
    for (LedgerDelta& d : review_deltas_) {
      book_delta(d);
      scheduling_reviews_.insert(scheduling_reviews_.end(), d.scheduling.begin(), d.scheduling.end());
      d.scheduling.clear();
    }
    std::sort(scheduling_reviews_.begin(), scheduling_reviews_.end(),  // calendar order
              [](const ScheduledReview& a, const ScheduledReview& b) { return a.index < b.index; });
    for (const ScheduledReview& r : scheduling_reviews_)
      schedule_events(r.index, review_verdicts_[r.index], r.credit);
  }
  reviews_.release(tick_);
  reviews_listed_at_ = -1;  // the lists are this tick's only

  for (const Appeal& appeal : appeals_.due(tick_)) {
    Stream s(scenario_.seed, tick_, Phase::appeal, kSubmissionKey + appeal.id);
    const Settlement& sub = appeal.terms;
    const RegulationSpec& reg = scenario_.platforms[sub.platform].regulation;
    if (!appeal_succeeds(reg.rejection, appeal.quality_ok, s)) continue;
    const auto uw = static_cast<std::size_t>(sub.worker);
    const auto ur = static_cast<std::size_t>(sub.requester);
    count_decisions(sub.worker, sub.platform, 1, -1);
    workers_.account[uw].minutes_rejected -= appeal.minutes;
    workers_.account[uw].minutes_paid += appeal.minutes;
    interval_.minutes_overturned += appeal.minutes;
    requesters_.record[ur].rejected -= 1;
    requesters_.record[ur].approved += 1;
    ledger_.tasks.overturned += 1;
    interval_.tasks.overturned += 1;
    settle_review(sub, false);
  }
  appeals_.release(tick_);

  for (const Release& r : releases_.due(tick_)) {
    const auto uw = static_cast<std::size_t>(r.worker);
    if (workers_.account[uw].balance_epoch != r.epoch) continue;  // settled with the rest at a suspension
    workers_.account[uw].held -= r.amount;
    if (workers_.account[uw].forfeits) {
      ledger_.pending -= r.amount;
      forfeit(r.worker, r.amount);
    } else {
      workers_.account[uw].available += r.amount;
    }
  }
  releases_.release(tick_);
}

}  // namespace gigsim
