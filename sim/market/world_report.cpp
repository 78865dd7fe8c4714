// End-of-run tables, the headline summary, and the invariants a run must keep.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "market/world.hpp"
#include "observe/distribution.hpp"

namespace gigsim {

namespace {

// A column's values, filled later: the final tables' columns are filled on the world's threads,
// one column per item (a million workers' columns are 216 MB, whose zeroing and filling took
// 0.6 s of one thread at the end of a national run; docs/performance.md).
struct ColumnFill {
  std::function<void(ColumnValues&)> fill;
};

template <typename T, typename F>
ColumnFill column(std::size_t n, F f) {
  return ColumnFill{[n, f](ColumnValues& out) {
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = f(i);
    out = std::move(v);
  }};
}

struct PendingColumn {
  FinalTable* table;
  std::size_t index;
  ColumnFill values;
};

}  // namespace

std::vector<FinalTable> World::final_tables() const {
  const std::string money = "micro-" + scenario_.currency;
  const std::size_t n = workers_.size();
  const std::size_t np = platforms_.size();
  using I = std::int64_t;
  FinalTable w{"workers", {}};
  std::vector<PendingColumn> pending;
  auto add = [&](FinalTable& t, std::string name, std::string unit, std::string desc, ColumnFill values) {
    pending.push_back(PendingColumn{&t, t.columns.size(), std::move(values)});
    t.columns.push_back(Column{std::move(name), std::move(unit), std::move(desc), {}});
  };
  add(w, "id", "1", "Worker id", column<I>(n, [](std::size_t i) { return I(i); }));
  add(w, "group", "1", "Index of the worker group in workers.groups",
      column<I>(n, [&](std::size_t i) { return I(workers_.group[i]); }));
  add(w, "home_platform", "1", "Index of the home platform in platforms",
      column<I>(n, [&](std::size_t i) { return I(workers_.account[i].home_platform); }));
  add(w, "state", "1", "Final state: 0 offline, 1 searching, 2 working, 3 qualifying, 4 suspended, 5 exited",
      column<I>(n, [&](std::size_t i) { return I(workers_.state[i]); }));
  add(w, "registered_minute", "minutes", "When the worker registered",
      column<I>(n, [&](std::size_t i) { return workers_.registered_tick[i] * scenario_.tick_minutes; }));
  add(w, "exit_minute", "minutes", "When the worker left, -1 if still registered",
      column<I>(n, [&](std::size_t i) {
        return workers_.exit_tick[i] < 0 ? I(-1) : workers_.exit_tick[i] * scenario_.tick_minutes;
      }));
  add(w, "main_income", "1", "1 if micro-work is the worker's main income",
      column<I>(n, [&](std::size_t i) { return I(workers_.main_income[i]); }));
  add(w, "uses_tools", "1", "1 if the worker uses search tools",
      column<I>(n, [&](std::size_t i) { return I(workers_.uses_tools[i]); }));
  add(w, "skill", "1", "Probability a submission meets the quality bar",
      column<double>(n, [&](std::size_t i) { return double(workers_.skill[i]); }));
  add(w, "speed", "1", "Multiplier on task time (higher is slower)",
      column<double>(n, [&](std::size_t i) { return double(workers_.speed[i]); }));
  add(w, "reservation_wage", scenario_.currency + "/hour", "Wage below which the worker considers leaving",
      column<double>(n, [&](std::size_t i) { return workers_.reservation_wage[i]; }));
  add(w, "hours_per_week", "hours", "Intended hours of micro-work per week",
      column<double>(n, [&](std::size_t i) { return double(workers_.hours_per_week[i]); }));
  add(w, "household_income", money, "Monthly household income outside micro-work",
      column<I>(n, [&](std::size_t i) { return workers_.household_income[i]; }));
  add(w, "sessions", "sessions", "Sessions started (engagement)",
      column<I>(n, [&](std::size_t i) { return I(workers_.session_log[i].sessions); }));
  add(w, "tasks_submitted", "assignments", "Assignments submitted",
      column<I>(n, [&](std::size_t i) { return I(workers_.activity[i].tasks_submitted); }));
  add(w, "tasks_approved", "assignments", "Submissions approved (appeals won included)",
      column<I>(n, [&](std::size_t i) { return workers_.account[i].tasks_approved; }));
  add(w, "tasks_rejected", "assignments", "Submissions rejected (net of appeals won)",
      column<I>(n, [&](std::size_t i) { return workers_.account[i].tasks_rejected; }));
  add(w, "tasks_returned", "assignments", "Assignments returned or abandoned",
      column<I>(n, [&](std::size_t i) { return I(workers_.activity[i].tasks_returned); }));
  add(w, "minutes_paid", "minutes", "Minutes of approved work",
      column<I>(n, [&](std::size_t i) { return workers_.account[i].minutes_paid; }));
  add(w, "minutes_search", "minutes", "Unpaid minutes searching",
      column<I>(n, [&](std::size_t i) { return workers_.minutes_search(i); }));
  add(w, "minutes_rejected", "minutes", "Minutes of rejected work",
      column<I>(n, [&](std::size_t i) { return workers_.account[i].minutes_rejected; }));
  add(w, "minutes_returned", "minutes", "Minutes on returned or abandoned work",
      column<I>(n, [&](std::size_t i) { return I(workers_.activity[i].minutes_returned); }));
  add(w, "minutes_qualification", "minutes", "Minutes in qualification tests",
      column<I>(n, [&](std::size_t i) { return workers_.minutes_qualification[i]; }));
  add(w, "minutes_awaiting_review", "minutes", "Minutes of submitted work not yet reviewed",
      column<I>(n, [&](std::size_t i) {
        return std::int64_t{workers_.activity[i].minutes_submitted} - workers_.account[i].minutes_paid -
               workers_.account[i].minutes_rejected;
      }));
  add(w, "earned", money, "Credited in total (rewards, top-ups, pay on rejected work)",
      column<I>(n, [&](std::size_t i) { return workers_.account[i].earned; }));
  add(w, "paid_out", money, "Paid out to the worker's bank account",
      column<I>(n, [&](std::size_t i) { return workers_.paid_out[i]; }));
  add(w, "pending", money, "Held or available, not yet paid out",
      column<I>(n, [&](std::size_t i) { return workers_.account[i].held + workers_.account[i].available; }));
  add(w, "forfeited", money, "Earnings lost to suspension or never withdrawn",
      column<I>(n, [&](std::size_t i) { return workers_.forfeited[i]; }));

  const std::size_t nr = requesters_.size();
  FinalTable r{"requesters", {}};
  add(r, "id", "1", "Requester id", column<I>(nr, [](std::size_t i) { return I(i); }));
  add(r, "type", "1", "Index of the requester type in requesters.types",
      column<I>(nr, [&](std::size_t i) { return I(requesters_.type[i]); }));
  add(r, "platform", "1", "Platform the requester posts on",
      column<I>(nr, [&](std::size_t i) { return I(requesters_.platform[i]); }));
  add(r, "switched_platform", "1", "1 if the requester moved platform because regulation raised its cost",
      column<I>(nr, [&](std::size_t i) { return I(requesters_.switched[i]); }));
  add(r, "activity", "1", "Relative posting intensity (mean 1)",
      column<double>(nr, [&](std::size_t i) { return requesters_.activity[i]; }));
  add(r, "volume_factor", "1", "Posting volume relative to an unregulated market (price elasticity)",
      column<double>(nr, [&](std::size_t i) { return requesters_.volume_factor[i]; }));
  add(r, "intended_hourly_pay", scenario_.currency + "/hour",
      "Pay per hour of estimated work the requester aims for",
      column<double>(nr, [&](std::size_t i) { return requesters_.intended_pay[i]; }));
  add(r, "groups_posted", "groups", "Task groups posted",
      column<I>(nr, [&](std::size_t i) { return requesters_.groups_posted[i]; }));
  add(r, "assignments_posted", "assignments", "Assignments posted",
      column<I>(nr, [&](std::size_t i) { return requesters_.assignments_posted[i]; }));
  add(r, "reviewed", "assignments", "Submissions reviewed",
      column<I>(nr, [&](std::size_t i) { return requesters_.record[i].reviewed; }));
  add(r, "approved", "assignments", "Submissions approved",
      column<I>(nr, [&](std::size_t i) { return requesters_.record[i].approved; }));
  add(r, "rejected", "assignments", "Submissions rejected (net of appeals)",
      column<I>(nr, [&](std::size_t i) { return requesters_.record[i].rejected; }));
  add(r, "spend", money, "Charged in total",
      column<I>(nr, [&](std::size_t i) { return requesters_.record[i].spend; }));
  add(r, "paid_to_workers", money, "Of which credited to workers",
      column<I>(nr, [&](std::size_t i) { return requesters_.record[i].paid_to_workers; }));
  add(r, "work_minutes", "minutes", "Minutes of reviewed work received",
      column<I>(nr, [&](std::size_t i) { return requesters_.record[i].work_minutes; }));

  FinalTable p{"platforms", {}};
  add(p, "id", "1", "Platform index", column<I>(np, [](std::size_t i) { return I(i); }));
  add(p, "requester_spend", money, "Charged to requesters",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].requester_spend; }));
  add(p, "platform_fees", money, "Net revenue",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].platform_fees; }));
  add(p, "platform_fees_gross", money, "Commissions charged",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].platform_fees_gross; }));
  add(p, "social_contributions", money, "Contributions remitted",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].social_contributions; }));
  add(p, "employment_top_up", money, "Minimum wage top-ups paid as presumed employer",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].employment_top_up; }));
  add(p, "tasks_submitted", "assignments", "Submissions",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].tasks_submitted; }));
  add(p, "tasks_approved", "assignments", "Approvals",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].tasks_approved; }));
  add(p, "tasks_rejected", "assignments", "Rejections at review",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].tasks_rejected; }));
  add(p, "suspensions", "suspensions", "Accounts suspended",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].suspensions; }));
  add(p, "employment_presumed", "1", "1 if the presumption of employment applies",
      column<I>(np, [&](std::size_t i) { return I(platforms_[i].employment_presumed); }));
  add(p, "requesters_arrived_by_switching", "requesters", "Requesters who moved here because it is cheaper",
      column<I>(np, [&](std::size_t i) { return platform_totals_[i].requesters_arrived_by_switching; }));
  parallel_loop(
      pending.size(),
      [&](std::size_t k) {
        const PendingColumn& c = pending[k];
        c.values.fill(c.table->columns[c.index].values);
      },
      1);
  // Moved in one by one: a vector built from a braced list copies its elements (a list's
  // elements are const), which held the tables twice (a million workers' are 214 MB).
  std::vector<FinalTable> tables;
  tables.reserve(3);
  tables.push_back(std::move(w));
  tables.push_back(std::move(r));
  tables.push_back(std::move(p));
  return tables;
}

RunSummary World::summary() const {
  RunSummary s;
  s.workers_registered = static_cast<std::int64_t>(workers_.size()) - ledger_.workers_exited;
  std::vector<double> with, without;
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    const std::int64_t logged = logged_minutes(w);
    if (logged == 0) continue;
    ++s.workers_ever_active;
    if (!in_wage_sample(w)) continue;
    const double earned = to_units(workers_.account[w].earned);
    with.push_back(earned / static_cast<double>(logged) * 60.0);
    if (workers_.account[w].minutes_paid > 0)
      without.push_back(earned / static_cast<double>(workers_.account[w].minutes_paid) * 60.0);
  }
  const Quantiles a = summarise(with), b = summarise(without);
  s.median_wage_with_unpaid = a.median;
  s.mean_wage_with_unpaid = a.mean;
  s.median_wage_without_unpaid = b.median;
  s.mean_wage_without_unpaid = b.mean;
  s.tasks_submitted = ledger_.tasks.submitted;
  s.tasks_approved = ledger_.tasks.approved;
  s.tasks_rejected = ledger_.tasks.rejected;
  const std::int64_t reviewed = ledger_.tasks.approved + ledger_.tasks.rejected;
  s.rejection_rate =
      reviewed > 0 ? static_cast<double>(ledger_.tasks.rejected) / static_cast<double>(reviewed) : 0.0;
  s.suspensions = ledger_.suspensions;
  s.requester_spend = ledger_.money.requester_spend;
  s.worker_pay = ledger_.money.worker_pay;
  s.platform_fees = ledger_.money.platform_fees;
  s.social_contributions = ledger_.money.social_contributions;
  s.forfeited = ledger_.money.forfeited;
  s.pending = ledger_.pending;
  return s;
}

void World::check_invariants() const {
  auto fail = [&](const std::string& what) {
    throw Error("invariant broken at minute " + std::to_string(tick_ * scenario_.tick_minutes) + ": " + what);
  };
  const MoneyFlows& m = ledger_.money;
  if (m.requester_spend !=
      m.worker_pay + m.platform_fees + m.social_contributions + m.forfeited + ledger_.pending)
    fail("money identity: requester_spend " + std::to_string(m.requester_spend) + " != worker_pay " +
         std::to_string(m.worker_pay) + " + platform_fees " + std::to_string(m.platform_fees) +
         " + social_contributions " + std::to_string(m.social_contributions) + " + forfeited " +
         std::to_string(m.forfeited) + " + pending " + std::to_string(ledger_.pending));
  std::size_t left = 0;
  for (const OnlineWorker& o : active_) {
    if (o.quiet_until == OnlineWorker::kLeft) {  // leaves the list at the next session phase
      ++left;
      continue;
    }
    const WorkerState st = workers_.state[static_cast<std::size_t>(o.id)];
    if (!is_online(st)) fail("worker " + std::to_string(o.id) + " is in the active list but not online");
    if (tick_ < o.quiet_until &&
        (st != WorkerState::working ||
         OnlineWorker::quiet(workers_.activity[static_cast<std::size_t>(o.id)].busy_until_tick) !=
             o.quiet_until))
      fail("worker " + std::to_string(o.id) + " is skipped by the tick loops but has work to do");
  }
  if (left != left_listed_)
    fail("the active list holds " + std::to_string(left) + " workers gone offline, but counts " +
         std::to_string(left_listed_));
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    const WorkerActivity& a = workers_.activity[w];
    const WorkerAccount& account = workers_.account[w];
    const auto id = static_cast<WorkerId>(w);
    // The approval counts are copied for online workers only (count_decisions).
    const bool online = is_online(workers_.state[w]);
    const DecisionCount d = decisions_on(id, a.session_platform);
    if (online && (a.approvals != d.approvals || a.rejections != d.rejections))
      fail("worker " + std::to_string(w) + ": the tick state's copy of its counts differs from its record");
    if (account.online_on != (online ? a.session_platform : WorkerAccount::kNotOnline) ||
        (account.suspended != 0) != (workers_.state[w] == WorkerState::suspended))
      fail("worker " + std::to_string(w) + ": the account's copy of its state differs from the state");
    if (workers_.session_log[w].session_minutes != workers_.session_minutes[w] ||
        workers_.session_log[w].sessions_per_week != sessions_per_week(w))
      fail("worker " + std::to_string(w) + ": the session log's copy of its habit differs from its traits");
    if (platforms_.size() > 1) {
      std::int64_t approvals = 0, rejections = 0;
      for (std::size_t p = 0; p < platforms_.size(); ++p) {
        approvals += workers_.decisions_on[w * platforms_.size() + p].approvals;
        rejections += workers_.decisions_on[w * platforms_.size() + p].rejections;
      }
      if (approvals != account.tasks_approved || rejections != account.tasks_rejected)
        fail("worker " + std::to_string(w) + ": decisions per platform do not sum to the account's");
    }
    if (std::int64_t{a.minutes_submitted} <
        workers_.account[w].minutes_paid + workers_.account[w].minutes_rejected)
      fail("worker " + std::to_string(w) + ": more minutes reviewed than submitted");
  }
  Money pending = 0;
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    if (workers_.account[w].held < 0 || workers_.account[w].available < 0 || workers_.paid_out[w] < 0 ||
        workers_.account[w].earned < 0)
      fail("negative balance of worker " + std::to_string(w));
    pending += workers_.account[w].held + workers_.account[w].available;
  }
  if (pending != ledger_.pending)
    fail("pending stock " + std::to_string(ledger_.pending) + " != sum of balances " +
         std::to_string(pending));
  // Each working worker holds one assignment of its group, and each assignment in progress has
  // its worker: a request the resolution refused must not leave its worker working
  // (World::hold_assignment).
  std::vector<std::int32_t> held(groups_.size(), 0);
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    if (workers_.state[w] != WorkerState::working) continue;
    const std::int32_t g = workers_.activity[w].task_group;
    if (g < 0 || static_cast<std::size_t>(g) >= groups_.size())
      fail("worker " + std::to_string(w) + " is working but holds no task group");
    ++held[static_cast<std::size_t>(g)];
  }
  std::int64_t available = 0, in_progress = 0;
  if (group_requesters_.size() != groups_.size()) fail("the dense requester column has a row per group slot");
  if (group_terms_.size() != groups_.size()) fail("the dense terms column has a row per group slot");
  for (std::size_t id = 0; id < groups_.size(); ++id) {
    const TaskGroup& g = groups_[id];
    if (group_requesters_[id] != g.requester)
      fail("task group " + std::to_string(id) + ": its requester differs in the dense column");
    if (group_terms_[id] != GroupTerms::of(g))
      fail("task group " + std::to_string(id) + ": its terms differ in the dense column");
    if (g.available < 0 || g.in_progress < 0) fail("negative assignment count in a task group");
    if (g.demand != 0) fail("task group " + std::to_string(id) + ": a tick's count of requests left behind");
    if (g.in_progress != held[id])
      fail("task group " + std::to_string(id) + ": " + std::to_string(g.in_progress) +
           " assignments in progress, but " + std::to_string(held[id]) + " workers working on it");
    available += g.available;
    in_progress += g.in_progress;
  }
  const TaskCounts& t = ledger_.tasks;
  // Returned assignments are relisted (or expire), so they are not a final state.
  if (t.posted != available + in_progress + t.submitted + t.expired)
    fail("task conservation: posted " + std::to_string(t.posted) + " != open " + std::to_string(available) +
         " + in progress " + std::to_string(in_progress) + " + submitted " + std::to_string(t.submitted) +
         " + expired " + std::to_string(t.expired));
  // Reviews due after the end of the run are counted as awaiting too.
  const auto awaiting = static_cast<std::int64_t>(reviews_.pending() + reviews_.dropped());
  if (t.submitted != awaiting + t.approved + t.rejected)
    fail("review conservation: submitted " + std::to_string(t.submitted) + " != awaiting " +
         std::to_string(awaiting) + " + approved " + std::to_string(t.approved) + " + rejected " +
         std::to_string(t.rejected));
}

}  // namespace gigsim
