// Workers whose next session starts now come online and start searching.
#include <algorithm>
#include <cmath>

#include "core/list_where.hpp"
#include "market/draws.hpp"
#include "market/world.hpp"

namespace gigsim {

void World::prefetch_session_columns(WorkerId w) const {
  const auto uw = static_cast<std::size_t>(w);
  __builtin_prefetch(&workers_.state[uw]);
  __builtin_prefetch(&workers_.activity[uw]);
  __builtin_prefetch(&workers_.session_log[uw]);
  __builtin_prefetch(&workers_.account[uw]);
  __builtin_prefetch(&workers_.platform_mask[uw]);
}

bool World::start_session(WorkerId w) {
  const auto uw = static_cast<std::size_t>(w);
  // Only the latest scheduled wake-up of an offline worker counts.
  if (workers_.state[uw] != WorkerState::offline || workers_.activity[uw].busy_until_tick != tick_)
    return false;
  Stream s(tick_key_, Phase::session, static_cast<std::uint64_t>(w));
  SessionLog& log = workers_.session_log[uw];
  // Session lengths vary around the worker's habit (lognormal with the habit as mean).
  const double sigma = 0.5;
  const double length =
      log.session_minutes * std::exp(-0.5 * sigma * sigma) * draw(LogNormalSpec{1.0, sigma}, s);
  log.session_start_tick = tick32(tick_);
  log.sessions += 1;
  workers_.activity[uw].session_end_tick =
      tick32(tick_ + std::max<std::int64_t>(1, std::llround(in_ticks(length))));
  // A worker on several platforms picks one per session.
  const std::uint8_t mask = workers_.platform_mask[uw];
  const int n = __builtin_popcount(mask);
  int pick = std::min(n - 1, static_cast<int>(s.uniform() * n));
  std::uint8_t platform = 0;
  for (std::uint8_t p = 0; p < 8; ++p)
    if (mask & (1u << p)) {
      if (pick-- == 0) {
        platform = p;
        break;
      }
    }
  WorkerActivity& a = workers_.activity[uw];
  a.session_platform = platform;
  const DecisionCount d = decisions_on(w, platform);
  a.approvals = d.approvals;
  a.rejections = d.rejections;
  workers_.state[uw] = WorkerState::searching;
  workers_.account[uw].online_on = platform;
  return true;
}

void World::run_session_phase() {
  tick_key_ = TickKey(scenario_.seed, tick_);
  const std::vector<WorkerId>& due = sessions_.due(tick_);
  const std::size_t parts = this->parts();
  // Below this many wake-ups a tick, or places in the list, waking the threads costs more than
  // it saves.
  constexpr std::size_t kParallelFrom = 64;
  auto by_id = [](const OnlineWorker& a, const OnlineWorker& b) { return a.id < b.id; };
  auto gone = [](const OnlineWorker& o) { return o.quiet_until == OnlineWorker::kLeft; };
  const std::size_t listed = active_.size();
  // The active list stays in worker order: the per-tick loops then walk each worker column
  // upwards, which the memory system streams, instead of jumping about a million-row table.
  if (parts == 1 || (due.size() < kParallelFrom && listed < kListChunk)) {
    std::erase_if(active_, gone);
    left_listed_ = 0;
    const std::size_t already_online = active_.size();
    for (const WorkerId w : due)
      if (start_session(w)) active_.push_back(OnlineWorker{w, 0});
    sessions_.release(tick_);
    if (active_.size() == already_online) return;
    const auto arrived = active_.begin() + static_cast<std::ptrdiff_t>(already_online);
    std::sort(arrived, active_.end(), by_id);
    merged_.resize(active_.size());
    std::merge(active_.begin(), arrived, arrived, active_.end(), merged_.begin(), by_id);
    active_.swap(merged_);
    return;
  }
  // Wake-ups by parts of blocks of 64 worker ids (one line of the one-byte state column, so two
  // parts never write the same line), each block to the part whose thread ran its ids in the last
  // worker phase (worker_parts.hpp), which will run them again in this one: a worker booked
  // twice for this tick is woken once, by the part that meets both bookings in calendar order,
  // as on one thread. Each wake-up writes only its worker's rows. Beside them, each part counts
  // who stays in its share of the list's chunks.
  const bool wake_in_parts = due.size() >= kParallelFrom;
  const std::size_t chunks = (listed + kListChunk - 1) / kListChunk;
  list_places_.resize(chunks + 1);
  list_arrivals_.resize(chunks + 1);
  parallel_loop(
      parts,
      [&](std::size_t part) {
        std::vector<OnlineWorker>& arrived = part_lists_[part].arrived;
        arrived.clear();
        if (wake_in_parts) {
          std::vector<std::uint32_t>& mine = part_lists_[part].items;
          const std::size_t count = list_where(mine, due.size(), [&](std::size_t i) {
            return worker_parts_.part_of_block(static_cast<std::uint32_t>(due[i]) / 64, part_modulo_) == part;
          });
          for (std::size_t k = 0; k < count; ++k) {
            if (k + kPrefetchAhead < count) prefetch_session_columns(due[mine[k + kPrefetchAhead]]);
            const WorkerId w = due[mine[k]];
            if (start_session(w)) arrived.push_back(OnlineWorker{w, 0});
          }
        } else if (part == 0) {
          for (const WorkerId w : due)
            if (start_session(w)) arrived.push_back(OnlineWorker{w, 0});
        }
        std::sort(arrived.begin(), arrived.end(), by_id);  // each part sorts its own
        for (std::size_t c = part * chunks / parts; c < (part + 1) * chunks / parts; ++c) {
          const OnlineWorker* first = active_.data() + c * kListChunk;
          const OnlineWorker* last = active_.data() + std::min(listed, (c + 1) * kListChunk);
          std::size_t kept = 0;
          for (const OnlineWorker* o = first; o != last; ++o) kept += gone(*o) ? 0 : 1;
          list_places_[c] = kept;
        }
      },
      1);
  sessions_.release(tick_);
  // The parts' arrivals, each sorted, merged into one list in worker order.
  arrivals_.clear();
  for (std::size_t part = 0; part < parts; ++part) {
    const std::vector<OnlineWorker>& arrived = part_lists_[part].arrived;
    arrivals_merging_.resize(arrivals_.size() + arrived.size());
    std::merge(arrivals_.begin(), arrivals_.end(), arrived.begin(), arrived.end(), arrivals_merging_.begin(),
               by_id);
    arrivals_.swap(arrivals_merging_);
  }
  if (chunks == 0) {
    active_.swap(arrivals_);
    left_listed_ = 0;
    return;
  }
  // Chunk c takes the arrivals from the first whose id is not below its own first's (chunk 0:
  // all before) up to the next chunk's; its place in the new list follows from the counts.
  auto first_arrival = [&](std::size_t c) -> std::size_t {
    if (c == 0) return 0;
    if (c == chunks) return arrivals_.size();
    return static_cast<std::size_t>(
        std::lower_bound(arrivals_.begin(), arrivals_.end(), active_[c * kListChunk], by_id) -
        arrivals_.begin());
  };
  std::size_t kept_before = 0;
  for (std::size_t c = 0; c <= chunks; ++c) {
    const std::size_t kept = c == chunks ? 0 : list_places_[c];
    list_arrivals_[c] = first_arrival(c);
    list_places_[c] = kept_before + list_arrivals_[c];
    kept_before += kept;
  }
  merged_.resize(list_places_[chunks]);
  parallel_loop(
      chunks,
      [&](std::size_t c) {
        const OnlineWorker* o = active_.data() + c * kListChunk;
        const OnlineWorker* last = active_.data() + std::min(listed, (c + 1) * kListChunk);
        const OnlineWorker* a = arrivals_.data() + list_arrivals_[c];
        const OnlineWorker* a_last = arrivals_.data() + list_arrivals_[c + 1];
        OnlineWorker* out = merged_.data() + list_places_[c];
        for (; o != last; ++o) {
          if (gone(*o)) continue;
          while (a != a_last && a->id < o->id) *out++ = *a++;
          *out++ = *o;
        }
        std::copy(a, a_last, out);
      },
      1);
  active_.swap(merged_);
  left_listed_ = 0;
}

}  // namespace gigsim
