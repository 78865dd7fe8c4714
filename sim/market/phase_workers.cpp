// The parallel heart of a tick: every online worker searches, works or takes a
// qualification test, writing only its own columns and its intent. Everything a
// worker will need drawn for the rest of the tick (how an assignment will go,
// when the review comes, when the next session starts) is drawn here too, on
// the worker's own stream, so the serial resolution that follows only moves
// things between agents, in active-list order.
#include <algorithm>
#include <boost/random/lognormal_distribution.hpp>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "market/draws.hpp"
#include "market/world.hpp"

namespace gigsim {

double World::learning_factor(WorkerId w) const {
  return learning_curve(workers_.tasks_submitted[static_cast<std::size_t>(w)]);
}

double World::learning_curve(std::int64_t tasks_submitted) const {
  const auto& l = scenario_.workers.behaviour.learning;
  const double n = static_cast<double>(tasks_submitted);
  return std::max(l.floor, std::pow(1.0 + n / l.tasks_scale, -l.exponent));
}

double World::approval_rate(WorkerId w, std::uint8_t p) const {
  const std::size_t k = static_cast<std::size_t>(w) * platforms_.size() + p;
  return approval_rate(workers_.approvals_on[k], workers_.rejections_on[k]);
}

double World::approval_rate(std::int32_t approvals, std::int32_t rejections) {
  const double a = approvals, r = rejections;
  return a + r > 0 ? a / (a + r) : 1.0;  // a new account starts at 100%, as on AMT
}

void World::count_decisions(WorkerId w, std::uint8_t p, std::int32_t approvals, std::int32_t rejections) {
  const auto uw = static_cast<std::size_t>(w);
  const std::size_t k = uw * platforms_.size() + p;
  workers_.approvals_on[k] += approvals;
  workers_.rejections_on[k] += rejections;
  WorkerActivity& a = workers_.activity[uw];
  if (a.session_platform == p) {
    a.approvals += approvals;
    a.rejections += rejections;
  }
}

AssignmentPlan World::plan_assignment(const WorkerActivity& a, const TaskGroup& g, Stream& s) const {
  const auto& b = scenario_.workers.behaviour;
  const double pace = a.speed * a.learning;
  const double expected = g.estimated_minutes * pace;
  boost::random::lognormal_distribution<double> noise(0.0, 0.35);
  const double actual = g.median_minutes * pace * noise(s);
  double minutes = actual;
  AssignmentPlan plan;
  if (actual > b.return_if_longer_than * expected) {
    plan.outcome = WorkOutcome::give_back;  // it turns out too long: the worker returns it
    minutes = b.return_if_longer_than * expected;
  } else if (s.chance(b.abandon_probability)) {
    plan.outcome = WorkOutcome::abandon;
    minutes = 0.5 * actual;
  }
  plan.quality_ok = s.uniform() < a.skill;
  const auto tm = static_cast<double>(scenario_.tick_minutes);
  plan.ticks = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(minutes / tm)));
  return plan;
}

void World::prefetch_worker_phase_columns(WorkerId w) const {
  const auto uw = static_cast<std::size_t>(w);
  __builtin_prefetch(&workers_.state[uw]);
  __builtin_prefetch(&workers_.activity[uw]);
  __builtin_prefetch(&workers_.minutes_search[uw]);
}

void World::run_worker_phase() {
  due_.clear();
  for (std::size_t i = 0; i < active_.size(); ++i)
    if (tick_ >= active_[i].quiet_until) due_.push_back(static_cast<std::uint32_t>(i));
  intents_.resize(due_.size());
  intent_summaries_.resize(due_.size());
  const auto& b = scenario_.workers.behaviour;
  const std::int64_t tm = scenario_.tick_minutes;
  const std::size_t n = due_.size();
  for_each_worker_index(n, [&](std::size_t j) {
    // A worker's columns are far apart in memory: fetching a later worker's columns now
    // hides the wait for them.
    if (j + kPrefetchAhead < n) prefetch_worker_phase_columns(active_[due_[j + kPrefetchAhead]].id);
    OnlineWorker& online = active_[due_[j]];
    const WorkerId w = online.id;
    const auto uw = static_cast<std::size_t>(w);
    WorkerActivity& a = workers_.activity[uw];
    WorkerIntent& intent = intents_[j];
    IntentSummary& summary = intent_summaries_[j];
    summary = IntentSummary{};
    const std::uint8_t p = a.session_platform;
    const PlatformRuntime& pr = platforms_[p];
    // Under a presumption of employment every logged minute is working time.
    if (pr.employment_presumed) workers_.week_minutes[uw] += tm;

    switch (workers_.state[uw]) {
      case WorkerState::working:
        // Quiet until the assignment is due, unless every logged minute counts as working time.
        if (tick_ < a.busy_until_tick && !pr.employment_presumed) online.quiet_until = a.busy_until_tick;
        if (tick_ >= a.busy_until_tick) {
          intent = WorkerIntent{};
          intent.kind = summary.kind = WorkerIntent::finish_work;
          const TaskGroup& g = groups_[static_cast<std::size_t>(a.task_group)];
          Stream s(scenario_.seed, tick_, Phase::review, static_cast<std::uint64_t>(w));
          const RequesterTypeSpec& t = scenario_.requesters.types[g.requester_type];
          const auto delay = static_cast<std::int64_t>(
              std::ceil(draw(t.review_delay_hours, s) * 60.0 / static_cast<double>(tm)));
          intent.review_delay = std::max<std::int64_t>(1, delay);
          intent.stay = s.chance(b.stay_on_group_probability);
          if (intent.stay) intent.plan = plan_assignment(a, g, s);
          // The worker's own record of the finished assignment; what it does to the
          // group, the review calendar and the totals is resolved serially.
          intent.group = a.task_group;
          const std::int64_t minutes = (std::int64_t{a.busy_until_tick} - a.work_start_tick + 1) * tm;
          intent.minutes = static_cast<std::int32_t>(minutes);
          intent.work_returned = a.work_outcome != WorkOutcome::submit;
          intent.work_quality_ok = a.work_quality_ok != 0;
          a.task_group = -1;
          workers_.state[uw] = WorkerState::searching;
          if (intent.work_returned) {
            workers_.minutes_returned[uw] += minutes;
            workers_.tasks_returned[uw] += 1;
          } else {
            a.tasks_submitted += 1;
            workers_.tasks_submitted[uw] = a.tasks_submitted;
            a.learning = learning_curve(a.tasks_submitted);
            a.minutes_awaiting_review += static_cast<std::int32_t>(minutes);
          }
        }
        return;
      case WorkerState::qualifying:
        workers_.minutes_qualification[uw] += tm;
        summary.qualified = true;
        if (tick_ >= a.busy_until_tick) {
          Stream s(scenario_.seed, tick_, Phase::search, static_cast<std::uint64_t>(w));
          // task_group holds the requester type whose qualification is being tested.
          if (s.chance(a.skill)) a.qualifications |= static_cast<std::uint8_t>(1u << a.task_group);
          a.task_group = -1;
          workers_.state[uw] = WorkerState::searching;
        }
        return;
      case WorkerState::searching:
        break;
      default:
        return;
    }
    if (tick_ >= a.session_end_tick) {
      intent = WorkerIntent{};
      intent.kind = summary.kind = WorkerIntent::go_offline;
      // The detector's false positives strike in proportion to time online.
      Stream s(scenario_.seed, tick_, Phase::policing, static_cast<std::uint64_t>(w));
      const double minutes_online = static_cast<double>((tick_ - workers_.session_start_tick[uw]) * tm);
      intent.flagged = s.chance(-std::expm1(-pr.false_positive_per_minute * minutes_online));
      intent.wake_tick = next_session_tick(w, tick_, 1);
      // The worker's own side of going offline; the booking in the session calendar is serial.
      workers_.state[uw] = WorkerState::offline;
      a.busy_until_tick = tick32(intent.wake_tick);  // only the latest booking wakes the worker
      online.quiet_until = OnlineWorker::kLeft;
      return;
    }
    workers_.minutes_search[uw] += tm;
    summary.searched = true;
    Stream s(scenario_.seed, tick_, Phase::search, static_cast<std::uint64_t>(w));
    const bool tools = a.uses_tools != 0;
    if (!s.chance(pr.find_per_tick[tools ? 1 : 0])) return;

    const Listing& listing = listings_[p];
    TaskGroupId gid;
    if (listing.order() == ListingOrder::assigned) {
      gid = listing.assigned(s.uniform(), groups_);
    } else {
      const double attention = b.listing_attention * (tools ? 2.0 : 1.0);
      gid = listing.at_position(static_cast<std::size_t>(draw_exponential(attention, s)), groups_);
    }
    if (gid < 0) return;
    const TaskGroup& g = groups_[static_cast<std::size_t>(gid)];
    if (g.has_thresholds && (approval_rate(a.approvals, a.rejections) < g.min_approval_rate ||
                             a.approvals < g.min_approved_count))
      return;
    const PlatformSpec& ps = scenario_.platforms[p];
    const double expected_minutes = g.estimated_minutes * a.speed * a.learning;
    double expected_rate = to_units(g.reward) / expected_minutes * 60.0;
    if (tools || ps.regulation.transparency.enabled) {
      // Requesters' records (Turkopticon-like tools, or the transparency rule): workers avoid
      // those who reject much, and judge the others on the pay per hour they really gave.
      const auto r = static_cast<std::size_t>(g.requester);
      const double reviewed = static_cast<double>(requesters_.reviewed[r]);
      if (reviewed >= 20 && static_cast<double>(requesters_.rejected[r]) / reviewed >
                                ps.regulation.transparency.avoid_rejection_rate_above)
        return;
      if (requesters_.work_minutes[r] >= 60)
        expected_rate = std::min(expected_rate, to_units(requesters_.paid_to_workers[r]) /
                                                    static_cast<double>(requesters_.work_minutes[r]) * 60.0);
    }
    if (expected_rate < b.min_rate_factor * a.reservation_wage) return;
    if (g.needs_qualification && !(a.qualifications & (1u << g.requester_type))) {
      workers_.state[uw] = WorkerState::qualifying;
      a.task_group = g.requester_type;
      const auto ticks =
          static_cast<std::int64_t>(std::ceil(b.qualification_test_minutes / static_cast<double>(tm)));
      // Counted from the next tick: this one was spent searching.
      a.busy_until_tick = tick32(tick_ + std::max<std::int64_t>(1, ticks));
      return;
    }
    intent = WorkerIntent{};
    intent.kind = summary.kind = WorkerIntent::request;
    intent.group = gid;
    intent.priority = s() | 1u;  // 0 is kept for workers continuing on their group
    intent.plan = plan_assignment(a, g, s);
  });
}

void World::grant_assignment(const MatchRequest& r) {
  TaskGroup& g = groups_[static_cast<std::size_t>(r.group)];
  g.available -= 1;
  g.in_progress += 1;
  if (g.available == 0) listings_[g.platform].note_dead();
  ledger_.tasks.accepted += 1;
  interval_.tasks.accepted += 1;
  granted_.push_back(r);  // the worker's side: start_granted_assignments
}

void World::start_granted_assignments() {
  // Each worker has at most one request a tick, so each granted worker is written by one
  // index only: the workers' side of the grants runs in parallel.
  for_each_worker_index(granted_.size(), [&](std::size_t i) {
    const MatchRequest& r = granted_[i];
    const auto uw = static_cast<std::size_t>(r.worker);
    const AssignmentPlan& plan = r.plan;
    WorkerActivity& a = workers_.activity[uw];
    workers_.state[uw] = WorkerState::working;
    a.task_group = r.group;
    a.work_outcome = plan.outcome;
    a.work_quality_ok = plan.quality_ok ? 1 : 0;
    a.work_start_tick = tick32(tick_ + 1);
    a.busy_until_tick = tick32(tick_ + plan.ticks);
    const std::uint8_t platform = groups_[static_cast<std::size_t>(r.group)].platform;
    if (!platforms_[platform].employment_presumed) active_[r.slot].quiet_until = a.busy_until_tick;
  });
  granted_.clear();
}

bool World::finish_assignment(WorkerId w, const WorkerIntent& intent) {
  const TaskGroupId gid = intent.group;
  TaskGroup& g = groups_[static_cast<std::size_t>(gid)];
  const std::int64_t minutes = intent.minutes;

  if (intent.work_returned) {
    interval_.minutes_returned += minutes;
    ledger_.tasks.returned += 1;
    interval_.tasks.returned += 1;
    return_assignment_to_group(gid);
    return false;
  }

  const PlatformRuntime& pr = platforms_[g.platform];
  if (submission_sequence_ >= Submission::kMaxId || intent.minutes > Submission::kMaxMinutes)
    throw RuntimeFailure("a submission does not fit its record (more than " +
                         std::to_string(Submission::kMaxId) +
                         " submissions in one run, or an assignment of more than " +
                         std::to_string(Submission::kMaxMinutes) + " minutes); shorten the run or the tasks");
  Submission sub;
  sub.id = ++submission_sequence_;
  sub.group = gid;
  sub.worker = w;
  sub.quality_ok = intent.work_quality_ok ? 1 : 0;
  sub.minutes = static_cast<std::uint64_t>(intent.minutes);
  std::int64_t review_tick = tick_ + intent.review_delay;
  if (intent.review_delay >= pr.payout.auto_approval_ticks) {
    review_tick = tick_ + pr.payout.auto_approval_ticks;
    sub.auto_approved = true;
  }
  // Filed into the review calendar after the resolution (file_staged_reviews), in parallel.
  if (reviews_.accepts(review_tick)) {
    staged_reviews_.push_back(StagedReview{review_tick, sub});
    g.awaiting_review += 1;
  } else {
    reviews_.drop();
  }

  ledger_.tasks.submitted += 1;
  interval_.tasks.submitted += 1;
  interval_.latency_minutes_sum += (tick_ - g.posted_tick) * scenario_.tick_minutes;
  interval_.latency_count += 1;
  platform_totals_[g.platform].tasks_submitted += 1;

  g.in_progress -= 1;
  if (g.open && g.available == 0 && g.in_progress == 0) {
    close_group(gid);  // every assignment done
  } else {
    release_group_if_done(gid);
  }
  return g.open && g.available > 0 && intent.stay;
}

void World::resolve_worker_intents() {
  requests_.clear();
  const std::int64_t tm = scenario_.tick_minutes;
  std::int64_t searching = 0, qualifying = 0;
  for (std::size_t j = 0; j < due_.size(); ++j) {
    const IntentSummary summary = intent_summaries_[j];
    searching += summary.searched;
    qualifying += summary.qualified;
    if (summary.kind == WorkerIntent::none) continue;
    const std::uint32_t slot = due_[j];
    const WorkerId w = active_[slot].id;
    const auto uw = static_cast<std::size_t>(w);
    const WorkerIntent& intent = intents_[j];
    switch (summary.kind) {
      case WorkerIntent::finish_work:
        if (finish_assignment(w, intent))
          requests_.push_back(MatchRequest{intent.group, 0, w, slot, intent.plan});
        break;
      case WorkerIntent::go_offline:
        if (intent.wake_tick >= 0) sessions_.schedule(intent.wake_tick, w);
        if (intent.flagged) flag_worker(w, workers_.activity[uw].session_platform, true);
        break;
      case WorkerIntent::request:
        requests_.push_back(MatchRequest{intent.group, intent.priority, w, slot, intent.plan});
        break;
      case WorkerIntent::none:
        break;
    }
  }
  interval_.minutes_search += searching * tm;
  interval_.minutes_qualification += qualifying * tm;
  file_staged_reviews();
  match_requests();
}

void World::file_staged_reviews() {
  // Review ticks are spread over days of buckets, so each filing is a cache miss. Each
  // part files the reviews whose tick falls to it, in submission order: every bucket gets
  // the same events in the same order whatever the number of parts.
  if (staged_reviews_.empty()) return;
  const auto parts = static_cast<std::size_t>(parallel_ ? std::max(1, arena_->max_concurrency()) : 1);
  for_each_index(
      *arena_, parallel_, parts,
      [&](std::size_t part) {
        for (const StagedReview& r : staged_reviews_)
          if (static_cast<std::size_t>(r.tick) % parts == part) reviews_.append(r.tick, r.submission);
      },
      1);
  reviews_.add_pending(staged_reviews_.size());
  staged_reviews_.clear();
}

void World::match_requests() {
  // Several workers may want the last assignments of a group: the earliest
  // (continuing workers first, then by a random key) gets them. Most groups have
  // room for every request this tick, and then the order does not matter: only
  // requests for groups with more demand than room are sorted.
  if (group_demand_.size() < groups_.size()) group_demand_.resize(groups_.size(), 0);
  for (const MatchRequest& r : requests_) ++group_demand_[static_cast<std::size_t>(r.group)];
  constexpr std::int32_t kRoomForAll = -1, kContested = -2;
  for (const MatchRequest& r : requests_) {
    std::int32_t& demand = group_demand_[static_cast<std::size_t>(r.group)];
    if (demand > 0) {
      const TaskGroup& g = groups_[static_cast<std::size_t>(r.group)];
      demand = g.open && demand <= g.available ? kRoomForAll : kContested;
    }
  }
  contested_.clear();
  // Requests come only from searching workers, one each: no worker's state needs checking.
  for (const MatchRequest& r : requests_) {
    if (group_demand_[static_cast<std::size_t>(r.group)] == kRoomForAll) {
      grant_assignment(r);
    } else {
      contested_.push_back(r);
    }
  }
  for (const MatchRequest& r : requests_) group_demand_[static_cast<std::size_t>(r.group)] = 0;
  std::sort(contested_.begin(), contested_.end(), [](const MatchRequest& a, const MatchRequest& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.worker < b.worker;
  });
  for (const MatchRequest& r : contested_) {
    const TaskGroup& g = groups_[static_cast<std::size_t>(r.group)];
    if (g.open && g.available > 0) grant_assignment(r);
  }
  start_granted_assignments();
}

}  // namespace gigsim
