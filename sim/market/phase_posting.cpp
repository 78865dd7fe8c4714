// Requesters post task groups; groups whose lifetime is over expire.
#include <algorithm>
#include <cmath>

#include "market/draws.hpp"
#include "market/world.hpp"
#include "rules/fees.hpp"
#include "rules/minimum_wage.hpp"

namespace gigsim {

TaskGroup World::draw_group(std::int32_t r, std::int64_t draw_key) const {
  const auto ur = static_cast<std::size_t>(r);
  const std::uint8_t type = requesters_.type[ur];
  const std::uint8_t p = requesters_.platform[ur];
  const RequesterTypeSpec& t = scenario_.requesters.types[type];
  const PlatformSpec& ps = scenario_.platforms[p];
  Stream s(scenario_.seed, tick_, Phase::posting, kGroupKey + static_cast<std::uint64_t>(draw_key));
  TaskGroup g;
  g.requester = r;
  g.platform = p;
  g.requester_type = type;
  g.median_minutes = std::max(0.1, draw(t.task_minutes, s));
  g.estimated_minutes = g.median_minutes / std::max(0.05, draw(t.duration_optimism, s));
  g.assignments = std::max<std::int64_t>(1, std::llround(draw(t.assignments_per_group, s)));
  const Money intended = to_micros(requesters_.intended_pay[ur] * g.estimated_minutes / 60.0);
  g.reward = std::max({intended, platforms_[p].minimum_reward,
                       reward_floor(ps.regulation.minimum_wage, g.estimated_minutes)});
  g.fee = assignment_fee(platforms_[p].fees, g.reward, g.assignments);
  g.needs_qualification = s.chance(t.qualification_share) ? 1 : 0;
  g.has_thresholds = s.chance(t.threshold_share) ? 1 : 0;
  g.min_approval_rate = t.min_approval_rate;
  g.min_approved_count = t.min_approved_count;
  g.available = g.assignments;
  g.open = true;
  g.posted_tick = tick_;
  const double lifetime = in_ticks(draw(t.group_lifetime_hours, s) * 60.0);
  g.expires_tick = tick_ + std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(lifetime)));
  return g;
}

void World::run_posting_phase() {
  for (const GroupRef ref : expiries_.due(tick_)) {
    TaskGroup& g = groups_[static_cast<std::size_t>(ref.id)];
    if (g.sequence == ref.sequence && g.open) close_group(ref.id);
  }
  expiries_.release(tick_);

  // The posts' draws (each on the stream of its posting number) and their requesters' next post
  // ticks read only the requesters' columns: in parallel parts from this many posts a tick.
  // What they change (the group slots, listings, calendars and counts) follows in calendar order.
  constexpr std::size_t kParallelFrom = 16;
  const std::vector<std::int32_t>& due = posts_.due(tick_);
  const std::size_t n = due.size(), parts = this->parts();
  posted_.resize(n);
  auto draw_posts = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      posted_[i].group = draw_group(due[i], group_sequence_ + static_cast<std::int64_t>(i));
      posted_[i].next_post_tick = next_post_tick(due[i], tick_);
    }
  };
  if (parts > 1 && n >= kParallelFrom)
    parallel_loop(
        parts, [&](std::size_t part) { draw_posts(part * n / parts, (part + 1) * n / parts); }, 1);
  else
    draw_posts(0, n);

  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t r = due[i];
    const auto ur = static_cast<std::size_t>(r);
    TaskGroupId id;
    if (free_groups_.empty()) {
      id = static_cast<TaskGroupId>(groups_.size());
      groups_.emplace_back();
      group_requesters_.emplace_back();
      group_terms_.emplace_back();
    } else {
      id = free_groups_.back();
      free_groups_.pop_back();
    }
    TaskGroup& g = groups_[static_cast<std::size_t>(id)];
    g = posted_[i].group;
    g.sequence = ++group_sequence_;
    group_requesters_[static_cast<std::size_t>(id)] = r;
    group_terms_[static_cast<std::size_t>(id)] = GroupTerms::of(g);
    expiries_.schedule(g.expires_tick, GroupRef{id, g.sequence});
    listings_[g.platform].add(id, g);

    requesters_.groups_posted[ur] += 1;
    requesters_.assignments_posted[ur] += g.assignments;
    ledger_.tasks.posted += g.assignments;
    interval_.tasks.posted += g.assignments;
    if (posted_[i].next_post_tick >= 0) posts_.schedule(posted_[i].next_post_tick, r);
  }
  posts_.release(tick_);
}

}  // namespace gigsim
