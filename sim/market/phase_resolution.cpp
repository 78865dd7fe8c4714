// The resolution of a tick: finished assignments become submissions, given-back ones go
// back to their groups, and requests become assignments. The groups' side concerns one task
// group at a time, so the groups are split into parts that run in parallel. Within a part
// every event is handled in due_ order, as a single serial pass would; what a part does
// outside its groups (totals, listings, the pool of free groups) is kept in its GroupEffects
// and booked afterwards in an order that does not depend on the number of parts. A part also
// stages its groups' submissions for the review calendar, and ends the sessions of the
// worker-phase chunks its thread ran. Then parts file the submissions into the review calendar
// and the departures' wake-ups into the session calendar, by tick, and put the workers whose
// requests were refused back to searching, each part those of its thread's chunks. Only false
// positives' flags are handled serially.
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <span>
#include <string>

#include "core/error.hpp"
#include "core/streaming_store.hpp"
#include "market/world.hpp"

namespace gigsim {
// A group goes to its requester's part, as in the review phase: its line and the requester's
// then stay in one core's cache from the resolution to the reviews.
std::size_t World::part_of(TaskGroupId g) const {
  return requester_parts_[static_cast<std::size_t>(group_requesters_[static_cast<std::size_t>(g)])];
}

namespace {

// Review ticks go to filing parts by the review calendar's blocks: all of a block's reviews are
// then filed by one part, in order (and with ticks dealt one by one, two parts wrote the same
// line of bucket headers all through).
std::size_t filing_part(std::int64_t tick, const PartModulo& parts) {
  // A tick is below 2^31 (World's constructor), so its block is too.
  return parts(static_cast<std::uint32_t>(ReviewCalendar::block_of(tick)));
}

void reset(GroupEffects& fx, std::size_t platforms) {
  fx.submitted_on.assign(platforms, 0);
  fx.dead_on.assign(platforms, 0);
  fx.tasks_submitted = fx.tasks_expired = fx.tasks_accepted = 0;
  fx.latency_minutes_sum = fx.latency_count = 0;
  fx.reviews_filed = fx.reviews_dropped = 0;
  fx.released.clear();
  fx.relisted.clear();
  fx.requests.clear();
  fx.contested.clear();
  fx.contested_groups.clear();
  fx.refused.clear();
  for (auto& list : fx.to_file) list.clear();
}

}  // namespace

void World::resolve_worker_intents() {
  std::uint64_t submissions = 0;
  std::int64_t searching = 0, qualifying = 0, returned = 0, minutes_returned = 0;
  bool minutes_overflow = false;
  for (ChunkTally& t : chunk_tallies_) {
    t.first_submission = submissions;
    submissions += t.submissions;
    searching += t.searching;
    qualifying += t.qualifying;
    returned += t.tasks_returned;
    minutes_returned += t.minutes_returned;
    minutes_overflow |= t.minutes_overflow;
  }
  if (minutes_overflow)
    throw RuntimeFailure("a submission does not fit its record (an assignment of more than " +
                         std::to_string(Submission::kMaxMinutes) + " minutes); shorten the tasks");
  if (submission_sequence_ + submissions > Submission::kMaxId)
    throw RuntimeFailure("a submission does not fit its record (more than " +
                         std::to_string(Submission::kMaxId) + " submissions in one run); shorten the run");
  interval_.minutes_search += searching * scenario_.tick_minutes;
  interval_.minutes_qualification += qualifying * scenario_.tick_minutes;
  ledger_.tasks.returned += returned;
  interval_.tasks.returned += returned;
  interval_.minutes_returned += minutes_returned;
  // Grown, never shrunk nor cleared: every slot up to `submissions` is written in the parts, and
  // value-initialising them each tick wrote lines the other core had last read (2% of a tick).
  if (staged_reviews_.size() < submissions) staged_reviews_.resize(submissions);

  // One loop, where a second by worker-phase chunk used to apply the grants, stage the
  // submissions and end the sessions: it read every event back from memory, and its fetches of
  // granted workers' lines now happen in the worker phase (hold_assignment). A/B by blocks of
  // ticks, national, 2 threads: 0.970-0.987 of a tick, the resolution 7-8% less.
  const std::size_t parts = this->parts();
  parallel_loop(
      parts,
      [&](std::size_t part) {
        resolve_part(part, parts);
        end_chunk_sessions(part, parts);
      },
      1);
  submission_sequence_ += submissions;

  // Groups freed this tick join the pool in the order a single pass would have freed them:
  // the order the next postings reuse them in.
  if (parts > 1) {
    released_.clear();
    for (std::size_t part = 0; part < parts; ++part) {
      auto& r = resolution_parts_[part].released;
      released_.insert(released_.end(), r.begin(), r.end());
      r.clear();
    }
    std::sort(released_.begin(), released_.end());
    resolution_parts_[0].released.swap(released_);
  }
  std::size_t filed = 0, dropped = 0;
  for (std::size_t part = 0; part < parts; ++part) {
    filed += resolution_parts_[part].reviews_filed;
    dropped += resolution_parts_[part].reviews_dropped;
    book_group_effects(resolution_parts_[part]);
  }
  reviews_.add_pending(filed);
  reviews_.drop(dropped);

  // A false positive touches the worker's account and other calendars, never the session
  // calendar, where the departures' wake-ups are filed next, in parallel.
  for (std::size_t k = 0; k < chunk_tallies_.size(); ++k) {
    left_listed_ += chunk_tallies_[k].departures;  // marked kLeft by the worker phase
    const Wakeup* wakeups = wakeups_.data() + k * kResolutionChunk;
    for (std::uint32_t i = 0; i < chunk_tallies_[k].departures; ++i)
      if (wakeups[i].flagged)
        flag_worker(wakeups[i].worker,
                    workers_.activity[static_cast<std::size_t>(wakeups[i].worker)].session_platform, true);
  }
  file_bookings();
}

void World::resolve_part(std::size_t part, std::size_t parts) {
  GroupEffects& fx = resolution_parts_[part];
  reset(fx, platforms_.size());
  if (fx.to_file.size() != parts) fx.to_file.assign(parts, {});
  for (std::size_t k = 0; k < chunk_tallies_.size(); ++k) {
    const ChunkTally& tally = chunk_tallies_[k];
    const ResolutionEvent* events = resolution_events_.data() + k * kResolutionChunk;
    std::uint32_t begin = 0, end = tally.events;
    if (parts > 1) {
      begin = resolution_offsets_[k * (parts + 1) + part];
      end = resolution_offsets_[k * (parts + 1) + part + 1];
    }
    for (std::uint32_t i = begin; i < end; ++i) {
      const ResolutionEvent& e = events[i];
      if (e.kind == ResolutionEvent::submitted) stage_review(e, tally.first_submission, parts, fx);
      if (e.kind == ResolutionEvent::request || finish_assignment(e, fx))
        fx.requests.push_back(MatchRequest{e.group, e.worker,
                                           e.kind == ResolutionEvent::request ? e.priority : 0, e.due_index});
      else if (e.kind == ResolutionEvent::submitted && e.stay)
        fx.refused.push_back(Refusal{e.worker, e.due_index});  // the group closed or ran out
    }
  }
  if (parts > 1) end_streaming_stores();
  match_requests(fx);
}

void World::stage_review(const ResolutionEvent& e, std::uint64_t chunk_first, std::size_t parts,
                         GroupEffects& fx) {
  if (!e.filed) return;  // its review falls after the run: nothing files it
  const SubmittedWork work = e.work;
  const auto number = static_cast<std::uint32_t>(chunk_first + work.number);
  // Built here and stored whole: filled in place, the bit-fields' writes read the slot's line
  // first, which the last tick's filing may have left on the other core (2% of a tick).
  StagedReview staged;
  staged.tick = static_cast<std::int64_t>(work.review_tick);
  Submission& sub = staged.submission;
  sub.id = submission_sequence_ + number + 1;
  sub.group = e.group;
  sub.worker = e.worker;
  sub.quality_ok = work.quality_ok;
  sub.minutes = work.minutes;
  sub.auto_approved = work.auto_approved;
  // With several parts, a filing part reads it next, as often on the other core as on this
  // one: stored past the caches (core/streaming_store.hpp), it is not fetched first from the
  // core that filed the slot's last submissions (A/B by blocks of ticks, national, 2 threads:
  // 0.972-0.987 of a tick). On one thread the filing reads it here, from cache.
  if (parts > 1)
    store_streaming(staged_reviews_[number], staged);
  else
    staged_reviews_[number] = staged;
  fx.to_file[parts > 1 ? filing_part(work.review_tick, part_modulo_) : 0].push_back(number);
}

void World::end_chunk_sessions(std::size_t part, std::size_t parts) {
  for (std::size_t k = 0; k < chunk_tallies_.size(); ++k) {
    if (parts > 1 && chunk_parts_[k] != part) continue;
    const std::uint32_t* departures = departures_.data() + k * kResolutionChunk;
    const std::uint32_t n = chunk_tallies_[k].departures;
    // A session's end reads three lines the worker phase did not fetch: all asked for first.
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto uw = static_cast<std::size_t>(active_[due_[departures[i]]].id);
      __builtin_prefetch(&workers_.session_log[uw], 1);
      __builtin_prefetch(&workers_.account[uw], 1);
      __builtin_prefetch(&workers_.group[uw]);
    }
    for (std::uint32_t i = 0; i < n; ++i)
      wakeups_[k * kResolutionChunk + i] = end_session(active_[due_[departures[i]]].id);
  }
}

void World::put_back_refused(std::size_t part, std::size_t parts) {
  // Each part those of the chunks its thread ran, whose lines are in its core's cache.
  for (std::size_t p = 0; p < parts; ++p)
    for (const Refusal& r : resolution_parts_[p].refused) {
      if (parts > 1 && chunk_parts_[r.due_index / kResolutionChunk] != part) continue;
      // The worker phase wrote the assignment in as if granted (hold_assignment); due this
      // tick, the worker is due again at the next.
      const auto uw = static_cast<std::size_t>(r.worker);
      workers_.state[uw] = WorkerState::searching;
      workers_.activity[uw].task_group = -1;
      active_[due_[r.due_index]].quiet_until = tick32(tick_);
    }
}

Wakeup World::end_session(WorkerId w) {
  const auto uw = static_cast<std::size_t>(w);
  WorkerActivity& a = workers_.activity[uw];
  Wakeup wake{-1, w, false};
  // The detector's false positives strike in proportion to time online.
  Stream s(tick_key_, Phase::policing, static_cast<std::uint64_t>(w));
  const double minutes_online =
      static_cast<double>((tick_ - workers_.session_log[uw].session_start_tick) * scenario_.tick_minutes);
  wake.flagged =
      s.chance(-std::expm1(-platforms_[a.session_platform].false_positive_per_minute * minutes_online));
  log_search_minutes(a, workers_.session_log[uw]);
  wake.tick = next_session_tick(w, tick_, 1);
  a.busy_until_tick = tick32(wake.tick);  // only the latest booking wakes the worker
  workers_.account[uw].online_on = WorkerAccount::kNotOnline;
  return wake;
}

void World::store_chunk_events(std::size_t k, std::size_t parts, const ResolutionEvent* events) {
  ResolutionEvent* slots = resolution_events_.data() + k * kResolutionChunk;
  const std::uint32_t n = chunk_tallies_[k].events;
  if (parts == 1) {
    std::copy(events, events + n, slots);
    return;
  }
  // A stable counting sort of at most kResolutionChunk events: each resolution part then reads
  // its own, instead of every part reading every event and skipping the others' on a branch
  // that mispredicts for one event in two.
  std::uint32_t* offsets = resolution_offsets_.data() + k * (parts + 1);
  std::fill(offsets, offsets + parts + 1, 0);
  // Each event's part looked up once: two dependent loads (the group's requester, its part).
  std::array<std::uint16_t, kResolutionChunk> part;
  for (std::uint32_t i = 0; i < n; ++i) {
    part[i] = static_cast<std::uint16_t>(part_of(events[i].group));
    ++offsets[part[i] + 1];
  }
  for (std::size_t p = 1; p <= parts; ++p) offsets[p] += offsets[p - 1];
  // Stored past the caches (core/streaming_store.hpp): a resolution part, half the time on the
  // other core, read these slots last tick, and a plain store first took each line back from it
  // (A/B by blocks of ticks, national, 2 threads: 0.974-0.999 of a tick, 0.987 on average).
  for (std::uint32_t i = 0; i < n; ++i) store_streaming(slots[offsets[part[i]]++], events[i]);
  end_streaming_stores();
  // Each offsets[p] now ends part p: shifted up by one place, they start the parts again.
  for (std::size_t p = parts; p > 0; --p) offsets[p] = offsets[p - 1];
  offsets[0] = 0;
}

bool World::finish_assignment(const ResolutionEvent& e, GroupEffects& fx) {
  const TaskGroupId gid = e.group;
  const std::uint32_t key = e.due_index;
  TaskGroup& g = groups_[static_cast<std::size_t>(gid)];
  if (e.kind == ResolutionEvent::given_back) {
    return_assignment_to_group(gid, key, fx);
    return false;
  }
  // The submission is staged by the part (stage_review) and filed into the review calendar
  // after the parts (file_bookings).
  if (e.filed) {
    g.awaiting_review += 1;
    fx.reviews_filed += 1;
  } else {
    fx.reviews_dropped += 1;
  }

  fx.tasks_submitted += 1;
  fx.latency_minutes_sum += (tick_ - g.posted_tick) * scenario_.tick_minutes;
  fx.latency_count += 1;
  fx.submitted_on[g.platform] += 1;

  g.in_progress -= 1;
  if (g.open && g.available == 0 && g.in_progress == 0) {
    close_group(gid, key, fx);  // every assignment done
  } else {
    release_group_if_done(gid, key, fx);
  }
  return g.open && g.available > 0 && e.stay;
}

void World::match_requests(GroupEffects& fx) {
  // Several workers may want the last assignments of a group: the earliest (continuing
  // workers first, then by a random key, then by worker) get them. Most groups have room for
  // every request this tick, and then the order does not matter. The requests for the other
  // groups are gathered group by group, and each group grants the ones that come first in
  // that order: a selection per group, not a sort.
  //
  // Two passes over the requests: the first counts each group's demand; the second classifies a
  // group at its first request (no grant to it has been made yet, and grants to other groups do
  // not change it) and then grants or gathers each request. A group with room for all counts its
  // requests down to 0 as it grants them, and a contested group is reset below, so no pass is
  // left to reset the counts. Room for all is marked far below the contested groups' marks.
  constexpr std::int32_t kRoomForAll = INT32_MIN;  // plus the requests still to grant
  constexpr std::int32_t kRoomBelow = -(1 << 30);  // contested marks, -2 - index, stay above
  auto contested_index = [](std::int32_t mark) { return static_cast<std::size_t>(-2 - mark); };
  for (const MatchRequest& r : fx.requests) ++groups_[static_cast<std::size_t>(r.group)].demand;
  std::uint32_t contested = 0;
  // Requests come only from searching workers, one each: no worker's state needs checking.
  for (const MatchRequest& r : fx.requests) {
    const TaskGroup& g = groups_[static_cast<std::size_t>(r.group)];
    std::int32_t& demand = groups_[static_cast<std::size_t>(r.group)].demand;
    if (demand > 0) {  // the group's first request
      if (g.open && demand <= g.available) {
        demand = kRoomForAll + demand;
      } else {
        const auto count = static_cast<std::uint32_t>(demand);
        demand = -2 - static_cast<std::int32_t>(fx.contested_groups.size());
        fx.contested_groups.push_back(ContestedGroup{r.group, contested, count, 0});
        contested += count;
        if (fx.contested.size() < contested) fx.contested.resize(contested);
      }
    }
    if (demand < kRoomBelow) {
      grant_assignment(r, fx);
      demand = demand == kRoomForAll + 1 ? 0 : demand - 1;
    } else {
      ContestedGroup& c = fx.contested_groups[contested_index(demand)];
      fx.contested[c.offset + c.filled++] = r;
    }
  }
  auto first = [](const MatchRequest& a, const MatchRequest& b) {
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.worker < b.worker;
  };
  for (const ContestedGroup& c : fx.contested_groups) {
    TaskGroup& g = groups_[static_cast<std::size_t>(c.group)];
    g.demand = 0;
    std::uint32_t room = 0;
    if (g.open && g.available > 0) {
      room = static_cast<std::uint32_t>(std::min<std::int64_t>(g.available, c.count));
      const auto begin = fx.contested.begin() + c.offset;
      std::nth_element(begin, begin + room, begin + c.count, first);
      for (std::uint32_t i = 0; i < room; ++i) grant_assignment(fx.contested[c.offset + i], fx);
    }
    for (std::uint32_t i = room; i < c.count; ++i)
      fx.refused.push_back(Refusal{fx.contested[c.offset + i].worker, fx.contested[c.offset + i].due_index});
  }
}

void World::grant_assignment(const MatchRequest& r, GroupEffects& fx) {
  TaskGroup& g = groups_[static_cast<std::size_t>(r.group)];
  g.available -= 1;
  g.in_progress += 1;
  if (g.available == 0) fx.dead_on[g.platform] += 1;
  fx.tasks_accepted += 1;  // the worker phase wrote the assignment into the worker's tick record
}

void World::return_assignment_to_group(TaskGroupId id, std::uint32_t key, GroupEffects& fx) {
  TaskGroup& g = groups_[static_cast<std::size_t>(id)];
  g.in_progress -= 1;
  if (g.open) {
    g.available += 1;  // relisted: another worker may take it
    if (!g.listed) {
      g.listed = true;  // its entry is added when the effects are booked
      fx.relisted.push_back(id);
    }
  } else {
    fx.tasks_expired += 1;
    release_group_if_done(id, key, fx);
  }
}

void World::close_group(TaskGroupId id, std::uint32_t key, GroupEffects& fx) {
  TaskGroup& g = groups_[static_cast<std::size_t>(id)];
  if (!g.open) return;
  g.open = false;
  // A full group's entry went dead when it filled.
  if (g.available > 0) fx.dead_on[g.platform] += 1;
  fx.tasks_expired += g.available;
  g.available = 0;
  release_group_if_done(id, key, fx);
}

void World::release_group_if_done(TaskGroupId id, std::uint32_t key, GroupEffects& fx) {
  if (groups_[static_cast<std::size_t>(id)].done()) fx.released.emplace_back(key, id);
}

void World::book_group_effects(const GroupEffects& fx) {
  ledger_.tasks.submitted += fx.tasks_submitted;
  interval_.tasks.submitted += fx.tasks_submitted;
  ledger_.tasks.expired += fx.tasks_expired;
  interval_.tasks.expired += fx.tasks_expired;
  ledger_.tasks.accepted += fx.tasks_accepted;
  interval_.tasks.accepted += fx.tasks_accepted;
  interval_.latency_minutes_sum += fx.latency_minutes_sum;
  interval_.latency_count += fx.latency_count;
  for (std::size_t p = 0; p < fx.submitted_on.size(); ++p) {
    platform_totals_[p].tasks_submitted += fx.submitted_on[p];
    listings_[p].note_dead(static_cast<std::size_t>(fx.dead_on[p]));
  }
  for (const TaskGroupId id : fx.relisted) {
    TaskGroup& g = groups_[static_cast<std::size_t>(id)];
    listings_[g.platform].add(id, g);
  }
  for (const auto& [key, id] : fx.released) free_groups_.push_back(id);
}

void World::return_assignment_to_group(TaskGroupId id) {
  reset(serial_effects_, platforms_.size());
  return_assignment_to_group(id, 0, serial_effects_);
  book_group_effects(serial_effects_);
}

void World::close_group(TaskGroupId id) {
  reset(serial_effects_, platforms_.size());
  close_group(id, 0, serial_effects_);
  book_group_effects(serial_effects_);
}

void World::release_group_if_done(TaskGroupId id) {
  if (groups_[static_cast<std::size_t>(id)].done()) free_groups_.push_back(id);
}

void World::file_bookings() {
  // Review ticks and wake-up ticks are spread over days of buckets, so each filing is a cache
  // miss. Each part files the reviews and wake-ups whose tick falls to it, in submission order
  // and in active-list order: every bucket gets the same events in the same order whatever the
  // number of parts.
  const std::size_t parts = this->parts();
  auto book_wakeups = [&](std::size_t part, PartList& list) {
    list.booked = list.dropped = 0;
    for (std::size_t k = 0; k < chunk_tallies_.size(); ++k) {
      const Wakeup* wakeups = wakeups_.data() + k * kResolutionChunk;
      for (std::uint32_t i = 0; i < chunk_tallies_[k].departures; ++i) {
        const Wakeup& wake = wakeups[i];
        if (wake.tick < 0 || (parts > 1 && filing_part(wake.tick, part_modulo_) != part)) continue;
        if (sessions_.accepts(wake.tick)) {
          sessions_.append(wake.tick, wake.worker);
          ++list.booked;
        } else {
          ++list.dropped;
        }
      }
    }
  };
  // The review phase's listing of this tick's due reviews (their requesters and parts) rides
  // on this loop: a part done filing takes blocks of it while the other still files, which
  // evens out the filing parts (the auto-approval tick's block all falls to one) and spares the
  // review phase a loop. The filing writes only later ticks' reviews, and the split below only
  // the next block's, so this tick's stay as listed.
  std::span<const Submission> due_reviews;
  std::atomic<std::size_t> next_listed{0};
  if (parts > 1) {
    due_reviews = reviews_.due(tick_);
    review_parts_.resize(due_reviews.size());
    review_requesters_.resize(due_reviews.size());
    reviews_listed_at_ = tick_;
  }
  parallel_loop(
      parts,
      [&](std::size_t part) {
        put_back_refused(part, parts);
        book_wakeups(part, part_lists_[part]);
        // The resolution parts listed this part's submissions, each in ascending numbers:
        // merged, they are filed in submission order.
        const std::vector<std::uint32_t>* listed = &resolution_parts_[0].to_file[part];
        std::vector<std::uint32_t>* out = &part_lists_[part].items;
        std::vector<std::uint32_t>* spare = &part_lists_[part].merged;
        for (std::size_t p = 1; p < parts; ++p) {
          const std::vector<std::uint32_t>& theirs = resolution_parts_[p].to_file[part];
          out->resize(listed->size() + theirs.size());
          std::merge(listed->begin(), listed->end(), theirs.begin(), theirs.end(), out->begin());
          listed = out;
          std::swap(out, spare);
        }
        const std::vector<std::uint32_t>& mine = *listed;
        const std::size_t count = mine.size();
        for (std::size_t k = 0; k < count; ++k) {
          // The end of a later submission's block, a line this core may not have kept since
          // that block's last filing.
          if (k + kPrefetchAhead < count)
            __builtin_prefetch(reviews_.end_of(staged_reviews_[mine[k + kPrefetchAhead]].tick), 1);
          const StagedReview& r = staged_reviews_[mine[k]];
          reviews_.append(r.tick, r.submission);
        }
        if (parts > 1) list_due_reviews(due_reviews, next_listed);
      },
      1);
  // The next tick's block, if it starts then, is whole: split into its ticks, by chunks.
  if (reviews_.accepts(tick_ + 1) && !reviews_.is_split(tick_ + 1)) {
    const std::size_t chunks = reviews_.begin_split(tick_ + 1);
    parallel_loop(
        chunks, [&](std::size_t c) { reviews_.split_chunk(tick_ + 1, c); }, 1);
    reviews_.end_split(tick_ + 1);
  }
  for (std::size_t part = 0; part < parts; ++part) {
    sessions_.add_pending(part_lists_[part].booked);
    sessions_.drop(part_lists_[part].dropped);
  }
}

}  // namespace gigsim
