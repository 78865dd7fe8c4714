// Building the initial market: platforms' effective terms, requesters, the
// registered workers and their first sessions.
#include <algorithm>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>
#include <functional>
#include <type_traits>
#include <vector>

#include "core/descending_order.hpp"
#include "market/draws.hpp"
#include "market/world.hpp"
#include "rules/employment.hpp"
#include "rules/fees.hpp"
#include "rules/minimum_wage.hpp"

namespace gigsim {

World::World(const Scenario& scenario, int threads, bool parallel)
    : scenario_(scenario),
      parallel_(parallel),
      arena_(std::make_unique<tbb::task_arena>(std::max(1, threads))),
      ticks_per_day_(scenario.ticks_per_day()),
      interval_ticks_(scenario.output.interval_minutes / scenario.tick_minutes),
      sessions_(scenario.total_ticks()),
      posts_(scenario.total_ticks()),
      expiries_(scenario.total_ticks()),
      reviews_(scenario.total_ticks()),
      appeals_(scenario.total_ticks()),
      releases_(scenario.total_ticks()),
      notices_(scenario.total_ticks()),
      suspension_appeals_(scenario.total_ticks()) {
  // The tick record (WorkerActivity) holds ticks and minutes in 32 bits; the scenario validator
  // bounds a run to 36,500 days, far below this.
  if (scenario.total_ticks() * scenario.tick_minutes >= std::int64_t{INT32_MAX})
    throw Error("a run of " + std::to_string(scenario.total_ticks() * scenario.tick_minutes) +
                " minutes is longer than the model can count (2^31 minutes); shorten duration_days");
  setup_platforms();
  setup_requesters();
  reserve_worker_rows();
  register_workers(scenario_.workers.registered, 0);
  // The parts of the passes split over threads: as many as the arena has threads, for the run.
  resolution_parts_.resize(parts());
  part_modulo_ = PartModulo(static_cast<std::uint32_t>(parts()));
  part_lists_.resize(parts());
  review_deltas_.resize(parts());
  deal_requesters_to_parts();
  for (LedgerDelta& d : review_deltas_) d.platforms.resize(scenario_.platforms.size());
  serial_delta_.platforms.resize(scenario_.platforms.size());
}

World::~World() = default;

// Cost to a requester of one assignment of a typical task, with or without the regulation in force.
static double cost_per_assignment(const PlatformSpec& p, double intended_pay, double estimated_minutes,
                                  double median_minutes, std::int64_t assignments, bool regulated) {
  PlatformSpec q = p;
  if (!regulated) q.regulation = RegulationSpec{};
  Money reward = std::max(to_micros(intended_pay * estimated_minutes / 60.0), to_micros(q.minimum_reward));
  reward = std::max(reward, reward_floor(q.regulation.minimum_wage, estimated_minutes));
  Money cost = reward + assignment_fee(make_fee_schedule(q), reward, assignments);
  cost += minimum_wage_top_up(q.regulation.minimum_wage, reward, median_minutes);
  const auto& sc = q.regulation.social_contributions;
  if (sc.enabled && sc.paid_by == ContributionPayer::requester) cost += apply_rate(reward, to_ppm(sc.rate));
  return static_cast<double>(cost);
}

void World::setup_platforms() {
  for (const PlatformSpec& p : scenario_.platforms) listings_.emplace_back(p.listing);
  platforms_.resize(scenario_.platforms.size());
  platform_totals_.assign(scenario_.platforms.size(), PlatformTotals{});
  derive_platform_terms();
  derive_activity_profiles();
  derive_behaviour_tables();
}

void World::derive_behaviour_tables() {
  learning_curve_ = LearningCurve(scenario_.workers.behaviour.learning);
  review_delay_hours_.clear();
  for (const RequesterTypeSpec& t : scenario_.requesters.types)
    review_delay_hours_.emplace_back(t.review_delay_hours);
  const auto& b = scenario_.workers.behaviour;
  for (std::size_t tools = 0; tools < search_rate_.size(); ++tools)
    search_rate_[tools] = 1.0 / (b.listing_attention * (tools ? 2.0 : 1.0));
  tick_length_ = TickLength(scenario_.tick_minutes);
}

void World::derive_platform_terms() {
  const auto tm = scenario_.tick_minutes;
  const auto& b = scenario_.workers.behaviour;
  for (std::size_t i = 0; i < scenario_.platforms.size(); ++i) {
    const PlatformSpec& p = scenario_.platforms[i];
    PlatformRuntime& rt = platforms_[i];
    rt.fees = make_fee_schedule(p);
    rt.payout = make_payout_terms(p, tm);
    rt.minimum_reward = to_micros(p.minimum_reward);
    rt.employment_presumed = employment_presumed(p);
    rt.reversal_ticks = days_to_ticks(p.rejection_reversal_days, tm);
    // The rate is per worker-year of full-time activity (2,000 hours).
    rt.false_positive_per_minute =
        p.fraud_detection.enabled ? p.fraud_detection.false_positive_per_worker_year / (2000.0 * 60.0) : 0.0;
    for (int tools = 0; tools < 2; ++tools) {
      double per_minute = b.search_find_probability * (tools ? b.tools_search_factor : 1.0);
      if (p.regulation.transparency.enabled) per_minute /= p.regulation.transparency.search_time_factor;
      per_minute = std::min(1.0, per_minute);
      rt.find_per_tick[static_cast<std::size_t>(tools)] =
          1.0 - std::pow(1.0 - per_minute, static_cast<double>(tm));
    }
    if (listings_[i].order() != p.listing) relist(i);
  }
}

void World::relist(std::size_t platform) {
  // A new listing order: the open groups are listed afresh, in posting order.
  Listing fresh(scenario_.platforms[platform].listing);
  for (std::size_t g = 0; g < groups_.size(); ++g) groups_[g].listed &= groups_[g].platform != platform;
  std::vector<TaskGroupId> open;
  for (std::size_t g = 0; g < groups_.size(); ++g)
    if (groups_[g].platform == platform && groups_[g].open && groups_[g].available > 0)
      open.push_back(static_cast<TaskGroupId>(g));
  std::sort(open.begin(), open.end(), [&](TaskGroupId x, TaskGroupId y) {
    return groups_[static_cast<std::size_t>(x)].sequence < groups_[static_cast<std::size_t>(y)].sequence;
  });
  for (TaskGroupId g : open) fresh.add(g, groups_[static_cast<std::size_t>(g)]);
  listings_[platform] = std::move(fresh);
}

void World::derive_activity_profiles() {
  weekly_activity_.clear();
  activity_peak_.clear();
  activity_mean_.clear();
  for (const WorkerGroupSpec& g : scenario_.workers.groups) {
    std::array<double, 168> week{};
    for (int h = 0; h < 168; ++h) {
      // Hour h of the UTC week counted from the scenario's start weekday.
      const int utc_hour_of_week = (scenario_.start_weekday * 24 + h) % 168;
      const int local = ((utc_hour_of_week + g.utc_offset_hours) % 168 + 168) % 168;
      const int local_day = local / 24;
      const bool weekend = local_day >= 5;
      week[static_cast<std::size_t>(h)] =
          g.activity_by_local_hour[static_cast<std::size_t>(local % 24)] * (weekend ? g.weekend_factor : 1.0);
    }
    double peak = 0, sum = 0;
    for (double v : week) {
      peak = std::max(peak, v);
      sum += v;
    }
    weekly_activity_.push_back(week);
    activity_peak_.push_back(peak);
    activity_mean_.push_back(sum / 168.0);
  }
}

void World::setup_requesters() {
  const auto& spec = scenario_.requesters;
  const auto n = static_cast<std::size_t>(spec.count);
  requesters_.resize(n);
  std::vector<double> activity_sum(spec.types.size(), 0.0);
  std::vector<std::size_t> type_count(spec.types.size(), 0);
  for (std::size_t r = 0; r < n; ++r) {
    Stream s(scenario_.seed, 0, Phase::initialise, kRequesterKey + r);
    const auto type = draw_index_stratified(
        spec.types, [](const RequesterTypeSpec& t) { return t.share; }, r, n, s);
    const auto platform = draw_index(
        scenario_.platforms, [](const PlatformSpec& p) { return p.requester_share; }, s);
    requesters_.type[r] = static_cast<std::uint8_t>(type);
    requesters_.platform[r] = static_cast<std::uint8_t>(platform);
    // Pareto(alpha) activity: few requesters post most of the work.
    const double u = s.uniform();
    requesters_.activity[r] = std::pow(1.0 - u, -1.0 / spec.activity_pareto_alpha);
    activity_sum[type] += requesters_.activity[r];
    type_count[type] += 1;
    requesters_.intended_pay[r] = draw(spec.types[type].intended_hourly_pay, s);
  }
  // Normalised to mean 1 within each type on the sample, so that a type's batches_per_week is
  // what its requesters post on average, for any alpha and any seed.
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t t = requesters_.type[r];
    requesters_.activity[r] *= static_cast<double>(type_count[t]) / std::max(activity_sum[t], 1e-300);
  }

  for (std::size_t r = 0; r < n; ++r) requesters_.initial_platform[r] = requesters_.platform[r];
  reprice_requesters();
  for (std::size_t r = 0; r < n; ++r) schedule_next_post(static_cast<std::int32_t>(r), 0);
}

void World::reprice_requesters() {
  const auto& spec = scenario_.requesters;
  std::vector<double> cost(scenario_.platforms.size());
  for (std::size_t r = 0; r < requesters_.size(); ++r) {
    const RequesterTypeSpec& t = spec.types[requesters_.type[r]];
    const double median_minutes = t.task_minutes.median;
    const double estimated = median_minutes / t.duration_optimism.median;
    const auto assignments = static_cast<std::int64_t>(std::llround(t.assignments_per_group.median));
    // Regulation raises the cost of a task; the requester may move to a cheaper platform,
    // and posts less in proportion to the rise that remains (price elasticity of demand).
    for (std::size_t p = 0; p < cost.size(); ++p)
      cost[p] = cost_per_assignment(scenario_.platforms[p], requesters_.intended_pay[r], estimated,
                                    median_minutes, assignments, true);
    const std::size_t current = requesters_.platform[r];
    const auto cheapest = static_cast<std::size_t>(std::min_element(cost.begin(), cost.end()) - cost.begin());
    if (cost[current] > (1.0 + spec.platform_switch_threshold) * cost[cheapest]) {
      requesters_.platform[r] = static_cast<std::uint8_t>(cheapest);
      requesters_.switched[r] = 1;
      ++platform_totals_[cheapest].requesters_arrived_by_switching;
    }
    // Against the market before any regulation: the platform the requester started on, unregulated.
    const std::size_t initial = requesters_.initial_platform[r];
    const double base = cost_per_assignment(scenario_.platforms[initial], requesters_.intended_pay[r],
                                            estimated, median_minutes, assignments, false);
    const double ratio = cost[requesters_.platform[r]] / std::max(base, 1.0);
    requesters_.volume_factor[r] = std::pow(ratio, -spec.price_elasticity);
  }
}

void World::apply_intervention(const Scenario& next) {
  scenario_ = next;
  scenario_.interventions.clear();
  derive_platform_terms();
  derive_activity_profiles();
  reprice_requesters();
  // The learning curve may have changed.
  derive_behaviour_tables();
  deal_requesters_to_parts();  // the cost response may have changed their volumes
  // A presumption of employment may start: every online worker is looked at again.
  for (OnlineWorker& o : active_)
    if (o.quiet_until != OnlineWorker::kLeft) o.quiet_until = 0;
}

void World::deal_requesters_to_parts() {
  const std::size_t parts = this->parts();
  requester_parts_.assign(requesters_.size(), 0);
  if (parts == 1) return;
  // Expected assignments a week: batches a week times the mean batch size (log-normal).
  std::vector<double> volume(requesters_.size());
  std::vector<std::int32_t> order(requesters_.size());
  for (std::size_t r = 0; r < requesters_.size(); ++r) {
    const RequesterTypeSpec& t = scenario_.requesters.types[requesters_.type[r]];
    const LogNormalSpec& size = t.assignments_per_group;
    volume[r] = t.batches_per_week * requesters_.activity[r] * requesters_.volume_factor[r] * size.median *
                std::exp(0.5 * size.sigma * size.sigma);
    order[r] = static_cast<std::int32_t>(r);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    return volume[static_cast<std::size_t>(a)] > volume[static_cast<std::size_t>(b)];
  });
  std::vector<double> load(parts, 0.0);
  for (const std::int32_t r : order) {
    const auto least = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    requester_parts_[static_cast<std::size_t>(r)] = static_cast<std::uint16_t>(least);
    load[least] += volume[static_cast<std::size_t>(r)];
  }
}

std::int64_t World::next_post_tick(std::int32_t r, std::int64_t from_tick) const {
  const auto ur = static_cast<std::size_t>(r);
  const RequesterTypeSpec& t = scenario_.requesters.types[requesters_.type[ur]];
  const double per_week = t.batches_per_week * requesters_.activity[ur] * requesters_.volume_factor[ur];
  if (per_week <= 0.0) return -1;
  Stream s(scenario_.seed, from_tick, Phase::posting, kRequesterKey + ur);
  const double gap_minutes = draw_exponential(10080.0 / per_week, s);
  const auto gap =
      static_cast<std::int64_t>(std::ceil(gap_minutes / static_cast<double>(scenario_.tick_minutes)));
  return from_tick + std::max<std::int64_t>(1, gap);
}

void World::schedule_next_post(std::int32_t r, std::int64_t from_tick) {
  const std::int64_t tick = next_post_tick(r, from_tick);
  if (tick >= 0) posts_.schedule(tick, r);
}

void World::reserve_worker_rows() {
  // The arrivals are Poisson draws, one a day: room for the expected number plus six standard
  // deviations at the highest rate the scenario or its interventions set. (Should more come,
  // the columns grow as vectors do; nothing depends on the capacity.)
  double per_day = scenario_.workers.arrivals_per_day;
  for (const Intervention& i : scenario_.interventions)
    if (i.after) per_day = std::max(per_day, i.after->workers.arrivals_per_day);
  const double expected = per_day * std::max(0.0, scenario_.duration_days);
  const auto room = static_cast<std::size_t>(std::ceil(expected + 6.0 * std::sqrt(expected)));
  workers_.reserve(static_cast<std::size_t>(scenario_.workers.registered) + room, platforms_.size());
}

void World::register_workers(std::int64_t count, std::int64_t tick) {
  const std::size_t first = workers_.size();
  const std::size_t n = first + static_cast<std::size_t>(count);
  const std::size_t platforms = platforms_.size();
  // A national population's columns and draws were 0.6 s of one thread before the first tick:
  // the columns are resized, and the workers drawn by blocks, on the world's threads.
  constexpr std::size_t kBlock = 4096;
  const bool large = n - first >= 2 * kBlock;
  if (large) {
    const auto resizes = workers_.column_resizes(n, platforms);
    parallel_loop(
        resizes.size(), [&](std::size_t k) { resizes[k](); }, 1);
  } else {
    workers_.resize(n, platforms);
  }
  const auto& spec = scenario_.workers;
  auto draw_block = [&](std::size_t b) {
    for (std::size_t w = first + b * kBlock; w < std::min(n, first + (b + 1) * kBlock); ++w) {
      Stream s(scenario_.seed, 0, Phase::initialise, w);
      // The initial population has each group's share exactly; arrivals draw freely.
      const auto gi = tick == 0 ? draw_index_stratified(
                                      spec.groups, [](const WorkerGroupSpec& g) { return g.share; }, w, n, s)
                                : draw_index(
                                      spec.groups, [](const WorkerGroupSpec& g) { return g.share; }, s);
      const WorkerGroupSpec& g = spec.groups[gi];
      workers_.group[w] = static_cast<std::uint8_t>(gi);
      const auto home = draw_index(
          scenario_.platforms, [](const PlatformSpec& p) { return p.requester_share; }, s);
      workers_.account[w].home_platform = static_cast<std::uint8_t>(home);
      const bool multi = s.chance(g.multi_platform_share);
      workers_.platform_mask[w] =
          multi ? static_cast<std::uint8_t>((1u << platforms) - 1u) : static_cast<std::uint8_t>(1u << home);
      workers_.uses_tools[w] = s.chance(g.tools_share) ? 1 : 0;
      workers_.main_income[w] = s.chance(g.main_income_share) ? 1 : 0;
      workers_.skill[w] = static_cast<float>(draw(g.skill, s));
      workers_.speed[w] = static_cast<float>(draw(g.speed, s));
      workers_.reservation_wage[w] = draw(g.reservation_wage, s);
      workers_.hours_per_week[w] = static_cast<float>(draw(g.hours_per_week, s));
      workers_.session_minutes[w] = static_cast<float>(draw(g.session_minutes, s));
      workers_.household_income[w] = to_micros(draw(g.household_income, s));
    }
  };
  const std::size_t blocks = (n - first + kBlock - 1) / kBlock;
  if (large) {
    parallel_loop(blocks, draw_block, 1);
  } else {
    for (std::size_t b = 0; b < blocks; ++b) draw_block(b);
  }
  // The initial population only: an arrival takes the next number.
  if (tick == 0) number_by_hours(first, n);
  for (std::size_t w = first; w < n; ++w) {
    workers_.session_log[w].session_minutes = workers_.session_minutes[w];
    workers_.session_log[w].sessions_per_week = sessions_per_week(w);
    workers_.registered_tick[w] = tick;
    workers_.state[w] = WorkerState::offline;
    WorkerActivity& a = workers_.activity[w];
    a.reservation_wage = workers_.reservation_wage[w];
    a.speed = workers_.speed[w];
    a.skill = workers_.skill[w];
    a.uses_tools = workers_.uses_tools[w];
    schedule_next_session(static_cast<WorkerId>(w), tick, 0);
  }
  const auto added = static_cast<std::int64_t>(n - first);
  ledger_.workers_ever += added;
  if (tick > 0) {
    ledger_.workers_entered += added;
    interval_.workers_entered += added;
  }
}

void World::number_by_hours(std::size_t first, std::size_t n) {
  // Hours per week are lognormal with a wide spread (amt_2018: sigma 1.9): the tenth of workers
  // who intend the most hours log most of the time online (national.yaml, 7 days: 62%, the first
  // fifth 79%). Numbered first, their rows fill the first tenth of every worker column, so the
  // rows a tick reads at random (the online workers' tick records, the reviewed workers'
  // accounts) share far fewer lines and pages: national.yaml about 10% faster at 2 threads
  // (docs/performance.md). A worker's traits are drawn from the stream of its place in the
  // drawing order, as before; only the number it then keeps changes, and every later draw is
  // keyed by that number.
  std::vector<std::uint32_t> order =
      descending_order(std::span<const float>(workers_.hours_per_week.data() + first, n - first));
  for (std::uint32_t& o : order) o += static_cast<std::uint32_t>(first);
  // Every column register_workers has drawn into so far moves with its worker, a column per item.
  auto move_rows = [&](auto row) {
    using Value = std::decay_t<decltype(row(first))>;
    std::vector<Value> drawn(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) drawn[i] = row(first + i);
    for (std::size_t i = 0; i < order.size(); ++i) row(first + i) = drawn[order[i] - first];
  };
  const std::function<void()> moves[] = {
      [&] { move_rows([&](std::size_t w) -> std::uint8_t& { return workers_.group[w]; }); },
      [&] { move_rows([&](std::size_t w) -> std::uint8_t& { return workers_.account[w].home_platform; }); },
      [&] { move_rows([&](std::size_t w) -> std::uint8_t& { return workers_.platform_mask[w]; }); },
      [&] { move_rows([&](std::size_t w) -> std::uint8_t& { return workers_.uses_tools[w]; }); },
      [&] { move_rows([&](std::size_t w) -> std::uint8_t& { return workers_.main_income[w]; }); },
      [&] { move_rows([&](std::size_t w) -> float& { return workers_.skill[w]; }); },
      [&] { move_rows([&](std::size_t w) -> float& { return workers_.speed[w]; }); },
      [&] { move_rows([&](std::size_t w) -> double& { return workers_.reservation_wage[w]; }); },
      [&] { move_rows([&](std::size_t w) -> float& { return workers_.hours_per_week[w]; }); },
      [&] { move_rows([&](std::size_t w) -> float& { return workers_.session_minutes[w]; }); },
      [&] { move_rows([&](std::size_t w) -> Money& { return workers_.household_income[w]; }); },
  };
  parallel_loop(
      std::size(moves), [&](std::size_t k) { moves[k](); }, 1);
}

double World::sessions_per_week(std::size_t w) const {
  return workers_.hours_per_week[w] * 60.0 / std::max(1.0f, workers_.session_minutes[w]) *
         workers_.supply_factor[w];
}

std::int64_t World::next_session_tick(WorkerId w, std::int64_t from_tick, std::uint64_t draw_key) const {
  const auto uw = static_cast<std::size_t>(w);
  const auto gi = workers_.group[uw];
  Stream s(scenario_.seed, from_tick, Phase::session, static_cast<std::uint64_t>(w) ^ (draw_key << 36));
  const double sessions_per_week = workers_.session_log[uw].sessions_per_week;
  const double peak = activity_peak_[gi], mean = activity_mean_[gi];
  if (sessions_per_week <= 0.0 || peak <= 0.0) return -1;
  // Thinning: candidates at the peak rate, kept in proportion to the hour's activity.
  const double candidate_mean_gap = 10080.0 / sessions_per_week * mean / peak;
  const double candidate_rate = 1.0 / candidate_mean_gap;  // draw_exponential's, once
  const auto tm = static_cast<double>(scenario_.tick_minutes);
  double t_minutes = static_cast<double>(from_tick) * tm;
  const double horizon = static_cast<double>(scenario_.total_ticks()) * tm;
  for (int attempt = 0; attempt < 100000; ++attempt) {
    t_minutes += draw_exponential_at_rate(candidate_rate, s);
    if (t_minutes >= horizon) return -1;  // not within this run
    const auto hour = static_cast<std::size_t>(static_cast<std::int64_t>(t_minutes / 60.0) % 168);
    if (s.uniform() * peak < weekly_activity_[gi][hour]) break;
  }
  return std::max(from_tick + 1, static_cast<std::int64_t>(in_ticks(t_minutes)));
}

void World::book_next_session(WorkerId w, std::int64_t tick) {
  // Only the latest booking counts when the session phase wakes the worker.
  workers_.activity[static_cast<std::size_t>(w)].busy_until_tick = tick32(tick);
  if (tick >= 0) sessions_.schedule(tick, w);
}

}  // namespace gigsim
