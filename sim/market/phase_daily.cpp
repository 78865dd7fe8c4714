// Once a day, at midnight UTC: new workers register, balances are paid out,
// workers judge whether the work is worth it (and may leave), the platform's
// detector reviews approval rates, and weekly, employers' payroll runs.
#include <algorithm>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

#include "market/draws.hpp"
#include "market/world.hpp"

namespace gigsim {

void World::run_daily_phase() {
  const std::int64_t day = tick_ / ticks_per_day_;
  const std::size_t np = platforms_.size();
  const auto& b = scenario_.workers.behaviour;

  if (day > 0 && scenario_.workers.arrivals_per_day > 0) {
    Stream s(scenario_.seed, tick_, Phase::arrivals, kMarketKey);
    boost::random::poisson_distribution<std::int64_t, double> arrivals(scenario_.workers.arrivals_per_day);
    register_workers(arrivals(s), tick_);
  }

  // Decisions in parallel chunks of workers, each writing its own workers' rows and listing the
  // few who leave or are flagged; effects applied serially, in id order.
  const std::size_t count = workers_.size();
  const std::size_t chunks = worker_chunks();
  struct Decision {
    WorkerId worker;
    std::int32_t decision;  // -1: leaves; p + 1: flagged on platform p
  };
  std::vector<std::vector<Decision>> decisions(chunks);
  parallel_loop(
      chunks,
      [&](std::size_t k) {
        for (std::size_t w = k * kWorkerChunk; w < worker_chunk_end(k); ++w) {
          const WorkerState st = workers_.state[w];
          if (st == WorkerState::suspended || st == WorkerState::exited) continue;
          Stream s(scenario_.seed, tick_, Phase::exit, w);
          const std::int64_t logged = logged_minutes(w);
          double leave = b.exit.base_daily_hazard;
          if (static_cast<double>(logged) >= b.exit.judge_after_hours * 60.0) {
            const double wage = to_units(workers_.account[w].earned) / static_cast<double>(logged) * 60.0;
            const double ratio = wage / workers_.reservation_wage[w];
            // Hours respond to the wage with the labour-supply elasticity, within a sane range.
            workers_.supply_factor[w] = static_cast<float>(
                std::clamp(std::pow(std::max(ratio, 1e-6), b.labour_supply_elasticity), 0.2, 5.0));
            workers_.session_log[w].sessions_per_week = sessions_per_week(w);
            if (ratio < b.exit.tolerance)
              leave += b.exit.daily_probability_when_below * (workers_.main_income[w] ? 0.5 : 1.0);
          }
          std::int32_t decision = 0;
          if (st == WorkerState::offline && s.chance(leave)) decision = -1;
          // The detector reviews approval rates: low rates get flagged (true positives).
          for (std::size_t p = 0; p < np && decision == 0; ++p) {
            if (!(workers_.platform_mask[w] & (1u << p))) continue;
            const auto& fd = scenario_.platforms[p].fraud_detection;
            const DecisionCount d = decisions_on(static_cast<WorkerId>(w), static_cast<std::uint8_t>(p));
            const std::int64_t decided = std::int64_t{d.approvals} + d.rejections;
            const bool low =
                decided >= 10 && approval_rate(static_cast<WorkerId>(w), static_cast<std::uint8_t>(p)) <
                                     fd.approval_rate_threshold;
            if (fd.enabled && low && s.chance(fd.detection_per_day))
              decision = static_cast<std::int32_t>(p) + 1;
          }
          if (decision != 0) decisions[k].push_back(Decision{static_cast<WorkerId>(w), decision});
        }
      },
      1);
  for (const std::vector<Decision>& chunk : decisions)
    for (const Decision& d : chunk) {
      if (d.decision < 0) exit_worker(d.worker);
      if (d.decision > 0) flag_worker(d.worker, static_cast<std::uint8_t>(d.decision - 1), false);
    }

  // Payouts: a balance at or above the minimum goes to the worker's bank on payment days. Each
  // chunk pays its own workers and sums what it paid (integers: the same in any order).
  std::vector<Money> paid(chunks, 0);
  parallel_loop(
      chunks,
      [&](std::size_t k) {
        for (std::size_t w = k * kWorkerChunk; w < worker_chunk_end(k); ++w) {
          const WorkerState st = workers_.state[w];
          if (st == WorkerState::suspended || st == WorkerState::exited || workers_.account[w].forfeits)
            continue;
          const PayoutTerms& terms = platforms_[workers_.account[w].home_platform].payout;
          const Money a = workers_.account[w].available;
          if (a == 0 || a < terms.minimum_payout || day % terms.payment_interval_days != 0) continue;
          workers_.account[w].available = 0;
          workers_.paid_out[w] += a;
          paid[k] += a;
        }
      },
      1);
  for (const Money a : paid) {
    ledger_.pending -= a;
    ledger_.money.worker_pay += a;
    interval_.money.worker_pay += a;
  }

  // Payroll of platforms presumed to employ: minimum wage on logged hours, and contributions.
  if (day > 0 && day % 7 == 0) {
    for (std::size_t w = 0; w < count; ++w) {
      if (workers_.week_minutes[w] == 0) {
        workers_.week_earned[w] = 0;  // a new week starts for everyone
        continue;
      }
      std::size_t p = workers_.account[w].home_platform;
      if (!platforms_[p].employment_presumed)
        for (std::size_t q = 0; q < np; ++q)
          if (platforms_[q].employment_presumed) {
            p = q;
            break;
          }
      const auto& rule = scenario_.platforms[p].regulation.presumption_of_employment;
      const Money due = to_micros(rule.hourly_wage * static_cast<double>(workers_.week_minutes[w]) / 60.0);
      const Money top_up = std::max<Money>(0, due - workers_.week_earned[w]);
      const Money contribution = apply_rate(workers_.week_earned[w] + top_up, to_ppm(rule.contribution_rate));
      ledger_.money.employment_top_up += top_up;
      interval_.money.employment_top_up += top_up;
      ledger_.money.platform_fees -= top_up + contribution;
      interval_.money.platform_fees -= top_up + contribution;
      ledger_.money.social_contributions += contribution;
      interval_.money.social_contributions += contribution;
      platform_totals_[p].platform_fees -= top_up + contribution;
      platform_totals_[p].social_contributions += contribution;
      platform_totals_[p].employment_top_up += top_up;
      credit_worker(static_cast<WorkerId>(w), static_cast<std::uint8_t>(p), top_up, true);
      workers_.week_minutes[w] = 0;
      workers_.week_earned[w] = 0;
    }
  }
}

}  // namespace gigsim
