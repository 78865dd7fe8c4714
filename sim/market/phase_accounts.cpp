// Policing accounts: the fraud detector flags a worker; the platform suspends
// silently (earnings forfeited) or, with notice or under due process, after a
// notice period, a human review and an appeal (earnings paid out).
#include <algorithm>

#include "market/draws.hpp"
#include "market/world.hpp"

namespace gigsim {

void World::flag_worker(WorkerId w, std::uint8_t platform, bool false_positive) {
  const auto uw = static_cast<std::size_t>(w);
  const WorkerState st = workers_.state[uw];
  if (workers_.under_notice[uw] || st == WorkerState::suspended || st == WorkerState::exited) return;
  if (!(workers_.platform_mask[uw] & (1u << platform))) return;
  const PlatformSpec& ps = scenario_.platforms[platform];
  const auto& due = ps.regulation.due_process;
  if (due.enabled || ps.suspension == SuspensionStyle::with_notice) {
    workers_.under_notice[uw] = 1;
    workers_.flagged_falsely[uw] = false_positive ? 1 : 0;
    notices_.schedule(
        tick_ + std::max<std::int64_t>(1, days_to_ticks(due.notice_days, scenario_.tick_minutes)),
        AccountEvent{w, platform});
  } else {
    suspend_worker(w, platform, true);
  }
}

void World::leave_active_work(WorkerId w) {
  const auto uw = static_cast<std::size_t>(w);
  const auto online = std::lower_bound(active_.begin(), active_.end(), w,
                                       [](const OnlineWorker& o, WorkerId id) { return o.id < id; });
  if (online != active_.end() && online->id == w && online->quiet_until != OnlineWorker::kLeft) {
    online->quiet_until = OnlineWorker::kLeft;
    ++left_listed_;
  }
  if (workers_.state[uw] == WorkerState::working) {
    // The assignment in hand goes back to the group; the time spent is lost.
    const std::int64_t minutes =
        std::max<std::int64_t>(0, tick_ - workers_.activity[uw].work_start_tick + 1) * scenario_.tick_minutes;
    workers_.activity[uw].minutes_returned += static_cast<std::int32_t>(minutes);
    workers_.activity[uw].tasks_returned += 1;
    interval_.minutes_returned += minutes;
    ledger_.tasks.returned += 1;
    interval_.tasks.returned += 1;
    return_assignment_to_group(workers_.activity[uw].task_group);
  }
  workers_.activity[uw].task_group = -1;
}

void World::suspend_worker(WorkerId w, std::uint8_t platform, bool forfeit_balance) {
  const auto uw = static_cast<std::size_t>(w);
  workers_.under_notice[uw] = 0;
  workers_.platform_mask[uw] &= static_cast<std::uint8_t>(~(1u << platform));
  ledger_.suspensions += 1;
  interval_.suspensions += 1;
  platform_totals_[platform].suspensions += 1;
  Stream s(scenario_.seed, tick_, Phase::suspension, static_cast<std::uint64_t>(w));
  const bool leaves = s.chance(scenario_.workers.behaviour.exit.leave_after_suspension);
  if (workers_.platform_mask[uw] != 0 && !leaves) {
    if (workers_.activity[uw].session_platform == platform && workers_.state[uw] != WorkerState::offline) {
      leave_active_work(w);
      workers_.state[uw] = WorkerState::offline;
      workers_.account[uw].online_on = WorkerAccount::kNotOnline;
      schedule_next_session(w, tick_, 2);
    }
    return;
  }
  leave_active_work(w);
  workers_.state[uw] = WorkerState::suspended;
  workers_.account[uw].online_on = WorkerAccount::kNotOnline;
  workers_.account[uw].suspended = 1;
  const Money balance = workers_.account[uw].held + workers_.account[uw].available;
  workers_.account[uw].held = 0;
  workers_.account[uw].available = 0;
  workers_.account[uw].balance_epoch += 1;
  ledger_.pending -= balance;
  if (forfeit_balance) {
    workers_.account[uw].forfeits = kForfeitBySuspension;
    forfeit(w, balance);
  } else {
    workers_.paid_out[uw] += balance;
    ledger_.money.worker_pay += balance;
    interval_.money.worker_pay += balance;
  }
}

void World::exit_worker(WorkerId w) {
  const auto uw = static_cast<std::size_t>(w);
  leave_active_work(w);
  workers_.state[uw] = WorkerState::exited;
  workers_.account[uw].online_on = WorkerAccount::kNotOnline;
  workers_.account[uw].suspended = 0;
  workers_.exit_tick[uw] = tick_;
  ledger_.workers_exited += 1;
  interval_.workers_exited += 1;
  // A worker who leaves withdraws what can be withdrawn; a balance under the
  // minimum payout, and anything credited later, is never collected.
  const Money minimum = platforms_[workers_.account[uw].home_platform].payout.minimum_payout;
  const Money available = workers_.account[uw].available;
  ledger_.pending -= available;
  workers_.account[uw].available = 0;
  workers_.account[uw].forfeits = kForfeitByLeaving;
  if (available >= minimum) {
    workers_.paid_out[uw] += available;
    ledger_.money.worker_pay += available;
    interval_.money.worker_pay += available;
  } else {
    forfeit(w, available);
  }
}

void World::run_account_phase() {
  for (const AccountEvent& e : notices_.due(tick_)) {
    const auto uw = static_cast<std::size_t>(e.worker);
    if (!workers_.under_notice[uw]) continue;
    const PlatformSpec& ps = scenario_.platforms[e.platform];
    const auto& due = ps.regulation.due_process;
    Stream s(scenario_.seed, tick_, Phase::policing, static_cast<std::uint64_t>(e.worker));
    const bool false_flag = workers_.flagged_falsely[uw] != 0;
    if (workers_.state[uw] == WorkerState::exited) {  // left during the notice: nothing to suspend
      workers_.under_notice[uw] = 0;
      continue;
    }
    if (!due.enabled) {  // notice without review: the decision stands
      suspend_worker(e.worker, e.platform, true);
      continue;
    }
    if (false_flag && s.chance(due.human_review_accuracy)) {
      workers_.under_notice[uw] = 0;  // a person looked and cleared the account
      continue;
    }
    suspend_worker(e.worker, e.platform, !due.pay_out_pending);
    if (s.chance(scenario_.workers.behaviour.appeal_probability))
      suspension_appeals_.schedule(
          tick_ + std::max<std::int64_t>(1, days_to_ticks(due.appeal_delay_days, scenario_.tick_minutes)),
          AccountEvent{e.worker, e.platform});
  }
  notices_.release(tick_);

  for (const AccountEvent& e : suspension_appeals_.due(tick_)) {
    const auto uw = static_cast<std::size_t>(e.worker);
    Stream s(scenario_.seed, tick_, Phase::appeal, static_cast<std::uint64_t>(e.worker));
    const auto& due = scenario_.platforms[e.platform].regulation.due_process;
    const bool wins = workers_.flagged_falsely[uw] && s.chance(due.appeal_success);
    if (!wins || workers_.state[uw] == WorkerState::exited) continue;
    workers_.platform_mask[uw] |= static_cast<std::uint8_t>(1u << e.platform);
    ledger_.reinstatements += 1;
    if (workers_.state[uw] == WorkerState::suspended) {
      workers_.state[uw] = WorkerState::offline;
      workers_.account[uw].suspended = 0;
      workers_.account[uw].forfeits = 0;
      schedule_next_session(e.worker, tick_, 3);
    }
  }
  suspension_appeals_.release(tick_);
}

}  // namespace gigsim
