// The parallel heart of a tick: every online worker searches, works or takes a
// qualification test, writing only its own columns, its intent and its event record for the
// resolution. What a worker will need drawn for the rest of the tick (how an assignment will
// go, when the review comes) is drawn here too, on the worker's own stream, so the resolution
// that follows (phase_resolution.cpp) only moves things between agents, in active-list order;
// a session's end, whose draws read lines this phase does not fetch, is finished there.
#include <algorithm>
#include <array>
#include <boost/random/lognormal_distribution.hpp>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/list_where.hpp"
#include "market/draws.hpp"
#include "market/world.hpp"

namespace gigsim {

double World::learning_factor(WorkerId w) const {
  return learning_curve_(workers_.activity[static_cast<std::size_t>(w)].tasks_submitted);
}

DecisionCount World::decisions_on(WorkerId w, std::uint8_t p) const {
  const auto uw = static_cast<std::size_t>(w);
  if (platforms_.size() == 1)
    return DecisionCount{workers_.account[uw].tasks_approved, workers_.account[uw].tasks_rejected};
  return workers_.decisions_on[uw * platforms_.size() + p];
}

RequesterView World::requester_view(std::int32_t r, std::uint8_t p) const {
  const RequesterRecord& record = requesters_.record[static_cast<std::size_t>(r)];
  RequesterView view;
  const double reviewed = static_cast<double>(record.reviewed);
  view.avoided =
      reviewed >= 20 && static_cast<double>(record.rejected) / reviewed >
                            scenario_.platforms[p].regulation.transparency.avoid_rejection_rate_above;
  if (record.work_minutes >= 60)
    view.paid_per_hour = to_units(record.paid_to_workers) / static_cast<double>(record.work_minutes) * 60.0;
  return view;
}

double World::approval_rate(WorkerId w, std::uint8_t p) const {
  const DecisionCount d = decisions_on(w, p);
  return approval_rate(d.approvals, d.rejections);
}

double World::approval_rate(std::int32_t approvals, std::int32_t rejections) {
  const double a = approvals, r = rejections;
  return a + r > 0 ? a / (a + r) : 1.0;  // a new account starts at 100%, as on AMT
}

void World::count_decisions(WorkerId w, std::uint8_t p, std::int32_t approvals, std::int32_t rejections) {
  const auto uw = static_cast<std::size_t>(w);
  WorkerAccount& account = workers_.account[uw];
  account.tasks_approved += approvals;
  account.tasks_rejected += rejections;
  if (platforms_.size() > 1) {
    DecisionCount& d = workers_.decisions_on[uw * platforms_.size() + p];
    d.approvals += approvals;
    d.rejections += rejections;
  }
  // Offline, or on another platform, the copy is left alone: the next session takes it afresh
  // (run_session_phase), and a review, which mostly comes when its worker is offline, spares
  // the tick record's line.
  if (account.online_on != p) return;
  WorkerActivity& a = workers_.activity[uw];
  a.approvals += approvals;
  a.rejections += rejections;
}

AssignmentPlan World::plan_assignment(const WorkerActivity& a, double estimated_minutes,
                                      double median_minutes, Stream& s) const {
  const auto& b = scenario_.workers.behaviour;
  const double pace = a.speed * learning_curve_(a.tasks_submitted);
  const double expected = estimated_minutes * pace;
  boost::random::lognormal_distribution<double> noise(0.0, 0.35);
  const double actual = median_minutes * pace * noise(s);
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
  plan.ticks = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(in_ticks(minutes))));
  return plan;
}

void World::prefetch_worker_phase_columns(WorkerId w) const {
  // The state, asked for kPrefetchAhead workers earlier, says whether the worker will write a
  // line besides its tick record: a qualification test's minutes. Selected without a branch:
  // the states come in no order a branch predicts. (A session's end also writes the session
  // log, but only the tick record knows when that is.)
  const auto uw = static_cast<std::size_t>(w);
  const void* activity = &workers_.activity[uw];
  __builtin_prefetch(activity, 1);
  __builtin_prefetch(workers_.state[uw] == WorkerState::qualifying
                         ? static_cast<const void*>(&workers_.minutes_qualification[uw])
                         : activity,
                     1);
}

void World::log_search_minutes(WorkerActivity& a, SessionLog& log) {
  log.minutes_search += a.unlogged_search_minutes;
  a.unlogged_search_minutes = 0;
}

// Most requests are granted (about three in four in the national market): the worker's tick
// record, in this core's cache now, takes the assignment here, and the resolution puts back
// only a refused request's state (put_back_refused), instead of fetching the granted
// workers' lines again (A/B by blocks of ticks, national, 2 threads: 0.987-0.996 of a tick). What
// the assignment overwrites is stale while the worker searches: nothing reads it before the next
// assignment or session's end writes it again.
[[gnu::always_inline]] inline void World::hold_assignment(std::size_t uw, WorkerActivity& a,
                                                          OnlineWorker& online, TaskGroupId group,
                                                          const AssignmentPlan& plan,
                                                          bool quiet_when_granted) {
  workers_.state[uw] = WorkerState::working;
  a.task_group = group;
  a.work_outcome = plan.outcome;
  a.work_quality_ok = plan.quality_ok ? 1 : 0;
  a.work_start_tick = tick32(tick_ + 1);
  a.busy_until_tick = tick32(tick_ + plan.ticks);
  if (quiet_when_granted) online.quiet_until = OnlineWorker::quiet(a.busy_until_tick);
}

// Inlined: returned through the stack, the summary cost a store-forwarding stall per worker.
[[gnu::always_inline]] inline IntentSummary World::decide_worker_tick(std::size_t j, WorkerIntent& intent) {
  const auto& b = scenario_.workers.behaviour;
  const std::int64_t tm = scenario_.tick_minutes;
  IntentSummary summary;
  OnlineWorker& online = active_[due_[j]];
  const WorkerId w = online.id;
  const auto uw = static_cast<std::size_t>(w);
  WorkerActivity& a = workers_.activity[uw];
  const std::uint8_t p = a.session_platform;
  const PlatformRuntime& pr = platforms_[p];
  // Under a presumption of employment every logged minute is working time.
  if (pr.employment_presumed) workers_.week_minutes[uw] += tm;
  switch (workers_.state[uw]) {
    case WorkerState::working:
      // Quiet until the assignment is due, unless every logged minute counts as working time.
      if (tick_ < a.busy_until_tick && !pr.employment_presumed)
        online.quiet_until = OnlineWorker::quiet(a.busy_until_tick);
      if (tick_ >= a.busy_until_tick) {
        intent = WorkerIntent{};
        intent.kind = summary.kind = WorkerIntent::finish_work;
        const GroupTerms& g = group_terms_[static_cast<std::size_t>(a.task_group)];
        Stream s(tick_key_, Phase::review, static_cast<std::uint64_t>(w));
        const auto delay = std::max<std::int64_t>(
            1,
            static_cast<std::int64_t>(std::ceil(in_ticks(review_delay_hours_[g.requester_type](s) * 60.0))));
        const PlatformRuntime& gp = platforms_[g.platform];
        intent.auto_approved = delay >= gp.payout.auto_approval_ticks;
        intent.review_tick = tick_ + (intent.auto_approved ? gp.payout.auto_approval_ticks : delay);
        intent.stay = s.chance(b.stay_on_group_probability);
        AssignmentPlan plan;
        if (intent.stay) plan = plan_assignment(a, g.estimated_minutes, g.median_minutes, s);
        // The worker's own record of the finished assignment; what it does to the
        // group, the review calendar and the totals is left to the resolution.
        intent.group = a.task_group;
        const std::int64_t minutes = (std::int64_t{a.busy_until_tick} - a.work_start_tick + 1) * tm;
        intent.minutes = static_cast<std::int32_t>(minutes);
        intent.work_returned = a.work_outcome != WorkOutcome::submit;
        intent.work_quality_ok = a.work_quality_ok != 0;
        a.task_group = -1;
        workers_.state[uw] = WorkerState::searching;
        if (intent.work_returned) {
          a.minutes_returned += static_cast<std::int32_t>(minutes);
          a.tasks_returned += 1;
        } else {
          a.tasks_submitted += 1;
          a.minutes_submitted += static_cast<std::int32_t>(minutes);
          // Staying: the next assignment of the group is requested (finish_assignment).
          if (intent.stay) hold_assignment(uw, a, online, intent.group, plan, !gp.employment_presumed);
        }
      }
      return summary;
    case WorkerState::qualifying:
      workers_.minutes_qualification[uw] += tm;
      summary.qualified = true;
      if (tick_ >= a.busy_until_tick) {
        Stream s(tick_key_, Phase::search, static_cast<std::uint64_t>(w));
        // task_group holds the requester type whose qualification is being tested.
        if (s.chance(a.skill)) a.qualifications |= static_cast<std::uint8_t>(1u << a.task_group);
        a.task_group = -1;
        workers_.state[uw] = WorkerState::searching;
      }
      return summary;
    case WorkerState::searching:
      break;
    default:
      return summary;
  }
  if (tick_ >= a.session_end_tick) {
    intent = WorkerIntent{};
    intent.kind = summary.kind = WorkerIntent::go_offline;
    // The rest of the session's end reads lines this phase does not fetch (the session log, the
    // account, the group): it follows in the resolution (end_session), which asks for them
    // early. The booking in the session calendar is serial.
    workers_.state[uw] = WorkerState::offline;
    online.quiet_until = OnlineWorker::kLeft;
    return summary;
  }
  if (a.unlogged_search_minutes > UINT16_MAX - tm) log_search_minutes(a, workers_.session_log[uw]);
  a.unlogged_search_minutes = static_cast<std::uint16_t>(a.unlogged_search_minutes + tm);
  summary.searched = true;
  Stream s(tick_key_, Phase::search, static_cast<std::uint64_t>(w));
  const bool tools = a.uses_tools != 0;
  if (!s.chance(pr.find_per_tick[tools ? 1 : 0])) return summary;

  const Listing& listing = listings_[p];
  Candidate g;  // the group found
  if (listing.order() == ListingOrder::assigned) {
    const TaskGroupId id = listing.assigned(s.uniform(), groups_);
    if (id >= 0) g = Candidate::of(id, groups_[static_cast<std::size_t>(id)]);
  } else {
    const double position = draw_exponential_at_rate(search_rate_[tools ? 1 : 0], s);
    g = listing_tops_[p].candidate_at(static_cast<std::size_t>(position), listing, groups_);
  }
  if (g.id < 0) return summary;
  if (g.has_thresholds &&
      (approval_rate(a.approvals, a.rejections) < g.min_approval_rate || a.approvals < g.min_approved_count))
    return summary;
  const PlatformSpec& ps = scenario_.platforms[p];
  const double expected_minutes = g.estimated_minutes * a.speed * learning_curve_(a.tasks_submitted);
  double expected_rate = g.reward_units / expected_minutes * 60.0;
  if (tools || ps.regulation.transparency.enabled) {
    // Requesters' records (Turkopticon-like tools, or the transparency rule): workers avoid
    // those who reject much, and judge the others on the pay per hour they really gave.
    const RequesterView view =
        g.top >= 0 ? top_requesters_[p][static_cast<std::size_t>(g.top)] : requester_view(g.requester, p);
    if (view.avoided) return summary;
    expected_rate = std::min(expected_rate, view.paid_per_hour);
  }
  if (expected_rate < b.min_rate_factor * a.reservation_wage) return summary;
  if (g.needs_qualification && !(a.qualifications & (1u << g.requester_type))) {
    workers_.state[uw] = WorkerState::qualifying;
    a.task_group = g.requester_type;
    const auto ticks = static_cast<std::int64_t>(std::ceil(in_ticks(b.qualification_test_minutes)));
    // Counted from the next tick: this one was spent searching.
    a.busy_until_tick = tick32(tick_ + std::max<std::int64_t>(1, ticks));
    return summary;
  }
  intent = WorkerIntent{};
  intent.kind = summary.kind = WorkerIntent::request;
  intent.group = g.id;
  intent.priority = s() | 1u;  // 0 is kept for workers continuing on their group
  hold_assignment(uw, a, online, g.id, plan_assignment(a, g.estimated_minutes, g.median_minutes, s),
                  !platforms_[g.platform].employment_presumed);
  return summary;
}

void World::run_worker_phase() {
  tick_key_ = TickKey(scenario_.seed, tick_);
  // Nothing changes the listings or the groups until the resolution.
  constexpr std::size_t kListingTopDepth = 256;
  listing_tops_.resize(listings_.size());
  top_requesters_.resize(listings_.size());
  for (std::size_t p = 0; p < listings_.size(); ++p) {
    top_requesters_[p].clear();
    if (listings_[p].order() == ListingOrder::assigned) continue;
    listing_tops_[p].gather(listings_[p], groups_, kListingTopDepth);
    // The records change only in the reviews: read once here, for the top groups, each search of
    // a worker with tools reads neither the requester's line nor makes its three divisions
    // (1.2% of a tick at 2 threads).
    for (const Candidate& c : listing_tops_[p].candidates())
      top_requesters_[p].push_back(requester_view(c.requester, static_cast<std::uint8_t>(p)));
  }
  // Fixed chunks of the active list, each listing its own due workers (not quiet) at the start
  // of its slots: a due worker's slot j (in due_) is in its chunk's, so no serial pass
  // over the active list is needed, and nothing depends on how chunks are dealt to threads.
  const std::size_t active = active_.size();
  const std::size_t chunks = (active + kResolutionChunk - 1) / kResolutionChunk;
  const std::size_t slots = chunks * kResolutionChunk;
  due_.resize(slots);
  resolution_events_.resize(slots);
  departures_.resize(slots);
  wakeups_.resize(slots);
  chunk_tallies_.assign(chunks, ChunkTally{});
  const std::size_t parts = this->parts();
  if (parts > 1) {
    resolution_offsets_.resize(chunks * (parts + 1));
    chunk_parts_.resize(chunks);
  }
  parallel_loop(
      chunks,
      [&](std::size_t k) {
        if (parts > 1) {
          // The thread, as the part its index names: a loop over the parts runs part 0 on the
          // calling thread, index 0, and at 2 threads part 1 on the other in about 96% of ticks
          // (national, 2 days). A thread's index is below the arena's concurrency, the parts.
          const int thread = tbb::this_task_arena::current_thread_index();
          chunk_parts_[k] = static_cast<std::uint16_t>(
              std::min<std::size_t>(parts - 1, static_cast<std::size_t>(std::max(0, thread))));
        }
        ChunkTally& tally = chunk_tallies_[k];
        const std::size_t begin = k * kResolutionChunk;
        // Without a branch: about four workers in ten are quiet, in no pattern a branch predicts.
        const std::size_t end =
            begin + list_where(due_.data() + begin, begin, std::min(active, begin + kResolutionChunk),
                               [&](std::size_t i) { return tick_ >= active_[i].quiet_until; });
        // The chunk's first workers' lines, asked for before the loop below asks for later ones'.
        for (std::size_t j = begin; j < std::min(end, begin + 2 * kPrefetchAhead); ++j)
          __builtin_prefetch(&workers_.state[active_[due_[j]].id]);
        for (std::size_t j = begin; j < std::min(end, begin + kPrefetchAhead); ++j)
          __builtin_prefetch(&workers_.activity[active_[due_[j]].id], 1);
        // The chunk's events are gathered here and stored once, whole: written in place, each
        // event line had last been read by a resolution part, often on the other core, and the
        // stores waited for it (1.4% of a tick).
        std::array<ResolutionEvent, kResolutionChunk> events;
        for (std::size_t j = begin; j < end; ++j) {
          // A worker's columns are far apart in memory: fetching a later worker's columns now
          // hides the wait for them.
          if (j + 2 * kPrefetchAhead < end)
            __builtin_prefetch(&workers_.state[active_[due_[j + 2 * kPrefetchAhead]].id]);
          if (j + kPrefetchAhead < end) prefetch_worker_phase_columns(active_[due_[j + kPrefetchAhead]].id);
          WorkerIntent intent;
          const IntentSummary summary = decide_worker_tick(j, intent);
          tally.searching += summary.searched;
          tally.qualifying += summary.qualified;
          switch (summary.kind) {
            case WorkerIntent::none:
              break;
            case WorkerIntent::go_offline:
              departures_[begin + tally.departures++] = static_cast<std::uint32_t>(j);
              break;
            case WorkerIntent::finish_work:
            case WorkerIntent::request: {
              ResolutionEvent& e = events[tally.events++];
              e.due_index = static_cast<std::uint32_t>(j);
              e.group = intent.group;
              e.worker = active_[due_[j]].id;
              e.kind = ResolutionEvent::request;
              e.stay = e.filed = false;
              e.priority = intent.priority;
              if (summary.kind == WorkerIntent::request) break;
              if (intent.work_returned) {
                e.kind = ResolutionEvent::given_back;
                tally.tasks_returned += 1;
                tally.minutes_returned += intent.minutes;
              } else {
                e.kind = ResolutionEvent::submitted;
                e.stay = intent.stay;
                e.filed = reviews_.accepts(intent.review_tick);
                // The review's terms ride in the event: a filed review's tick is within the run,
                // and minutes over the field's range stop the run before it is read.
                e.work.review_tick = e.filed ? static_cast<std::uint32_t>(intent.review_tick) : 0;
                e.work.minutes = static_cast<std::uint32_t>(intent.minutes) & Submission::kMaxMinutes;
                e.work.number = tally.submissions;
                e.work.quality_ok = intent.work_quality_ok ? 1 : 0;
                e.work.auto_approved = intent.auto_approved ? 1 : 0;
                tally.submissions += 1;
                tally.minutes_overflow |= intent.minutes > Submission::kMaxMinutes;
              }
              break;
            }
          }
        }
        store_chunk_events(k, parts, events.data());
      },
      chunk_affinity_);
  worker_parts_.clear();
  if (parts > 1)
    for (std::size_t k = 0; k < chunks; ++k)
      worker_parts_.add_chunk(static_cast<std::uint32_t>(active_[k * kResolutionChunk].id), chunk_parts_[k]);
}

}  // namespace gigsim
