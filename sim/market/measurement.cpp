// What a reporting interval's row holds. write_row fills a row and, given a
// catalogue, describes it: one code path, so names and values cannot drift apart.
#include <algorithm>
#include <array>
#include <string>

#include "market/world.hpp"
#include "observe/distribution.hpp"

namespace gigsim {

bool World::interval_ends() const { return tick_ > 0 && tick_ % interval_ticks_ == 0; }

void World::describe(std::vector<MetricInfo>& catalogue) const {
  catalogue.clear();
  RowSink sink(&catalogue, nullptr);
  write_row(sink);
}

MetricRow World::take_row() {
  MetricRow row;
  RowSink sink(nullptr, &row);
  write_row(sink);
  interval_ = IntervalCounters{};
  platform_totals_at_last_row_ = platform_totals_;
  return row;
}

void World::write_row(RowSink& out) const {
  const std::string money = "micro-" + scenario_.currency;
  const std::string per_hour = scenario_.currency + "/hour";
  const char* m = money.c_str();
  const char* ph = per_hour.c_str();
  const IntervalCounters& c = interval_;
  const std::size_t np = platforms_.size();

  // Stocks, counted over every worker: a row's passes over the worker table run in parallel
  // chunks, each counting or listing its own workers, combined in chunk order (integer sums and
  // lists in worker order: the same whatever the thread count).
  const std::size_t ngroups = scenario_.workers.groups.size();
  const std::size_t chunks = worker_chunks();
  struct StockCount {
    std::int64_t searching = 0, working = 0, qualifying = 0, offline = 0, suspended = 0, exited = 0;
    std::vector<std::int64_t> active_on, active_in_group;
  };
  std::vector<StockCount> stock(chunks);
  parallel_loop(
      chunks,
      [&](std::size_t k) {
        StockCount& sc = stock[k];
        sc.active_on.assign(np, 0);
        sc.active_in_group.assign(ngroups, 0);
        for (std::size_t w = k * kWorkerChunk; w < worker_chunk_end(k); ++w) {
          const WorkerState st = workers_.state[w];
          sc.searching += st == WorkerState::searching;
          sc.working += st == WorkerState::working;
          sc.qualifying += st == WorkerState::qualifying;
          sc.offline += st == WorkerState::offline;
          sc.suspended += st == WorkerState::suspended;
          sc.exited += st == WorkerState::exited;
          if (is_online(st)) {
            ++sc.active_on[workers_.activity[w].session_platform];
            ++sc.active_in_group[workers_.group[w]];
          }
        }
      },
      1);
  std::int64_t registered = 0, searching = 0, working = 0, qualifying = 0, offline = 0, suspended = 0,
               exited = 0;
  std::vector<std::int64_t> active_on(np, 0);
  std::vector<std::int64_t> active_in_group(ngroups, 0);
  for (const StockCount& sc : stock) {
    searching += sc.searching;
    working += sc.working;
    qualifying += sc.qualifying;
    offline += sc.offline;
    suspended += sc.suspended;
    exited += sc.exited;
    for (std::size_t p = 0; p < np; ++p) active_on[p] += sc.active_on[p];
    for (std::size_t g = 0; g < ngroups; ++g) active_in_group[g] += sc.active_in_group[g];
  }
  registered = static_cast<std::int64_t>(workers_.size()) - exited;
  std::int64_t open_available = 0, in_progress = 0;
  for (const TaskGroup& g : groups_) {
    open_available += g.open ? g.available : 0;
    in_progress += g.in_progress;
  }

  out.integer("time_minutes", "minutes",
              "Simulated time at the end of the interval, from the start of the run",
              tick_ * scenario_.tick_minutes);
  out.integer("workers_registered", "workers", "Accounts registered and not exited (suspended included)",
              registered);
  out.integer("workers_active", "workers",
              "Workers online (searching, working or in a qualification test) at the end of the interval",
              searching + working + qualifying);
  out.integer("workers_searching", "workers", "Workers searching for a task at the end of the interval",
              searching);
  out.integer("workers_working", "workers", "Workers doing an assignment at the end of the interval",
              working);
  out.integer("workers_qualifying", "workers",
              "Workers taking an unpaid qualification test at the end of the interval", qualifying);
  out.integer("workers_offline", "workers", "Registered workers offline at the end of the interval", offline);
  out.integer("workers_suspended", "workers", "Workers suspended from every platform they use", suspended);
  out.integer("workers_entered", "workers", "Workers who registered during the interval", c.workers_entered);
  out.integer("workers_exited", "workers", "Workers who left during the interval", c.workers_exited);
  out.integer("suspensions", "suspensions", "Account suspensions during the interval", c.suspensions);
  out.real("workers_active_mean", "workers", "Mean number of workers online over the interval's ticks",
           c.ticks > 0 ? static_cast<double>(c.active_worker_ticks) / static_cast<double>(c.ticks) : 0.0);

  out.integer("tasks_posted", "assignments", "Assignments posted by requesters during the interval",
              c.tasks.posted);
  out.integer("tasks_accepted", "assignments", "Assignments accepted by workers", c.tasks.accepted);
  out.integer("tasks_submitted", "assignments", "Assignments submitted for review", c.tasks.submitted);
  out.integer("tasks_approved", "assignments", "Submissions approved (auto-approvals included)",
              c.tasks.approved);
  out.integer("tasks_rejected", "assignments", "Submissions rejected at review (before any appeal)",
              c.tasks.rejected);
  out.integer("tasks_returned", "assignments", "Assignments returned or abandoned before submission",
              c.tasks.returned);
  out.integer("tasks_expired", "assignments", "Assignments never done: their group expired", c.tasks.expired);
  out.integer("tasks_auto_approved", "assignments",
              "Submissions approved because the requester did not review in time", c.tasks.auto_approved);
  out.integer("rejections_overturned", "assignments", "Rejections reversed on appeal", c.tasks.overturned);
  out.integer("tasks_open", "assignments", "Assignments listed and available at the end of the interval",
              open_available);
  out.integer("tasks_in_progress", "assignments", "Assignments being worked on at the end of the interval",
              in_progress);
  std::int64_t awaiting_reviews = ledger_.tasks.submitted - ledger_.tasks.approved - ledger_.tasks.rejected;
  out.integer("tasks_awaiting_review", "assignments",
              "Submissions not yet reviewed at the end of the interval", awaiting_reviews);

  out.integer("requester_spend", m,
              "Charged to requesters: rewards, top-ups, fees and requester-paid contributions",
              c.money.requester_spend);
  out.integer("worker_pay", m, "Paid out to workers' bank accounts", c.money.worker_pay);
  out.integer("platform_fees", m,
              "Platform revenue: commissions net of employer costs (top-ups, platform-paid contributions)",
              c.money.platform_fees);
  out.integer("social_contributions", m, "Remitted to the social-protection fund",
              c.money.social_contributions);
  out.integer("forfeited", m,
              "Earnings workers lost: suspension without due process, balances never withdrawn",
              c.money.forfeited);
  out.integer("forfeited_by_suspension", m, "Part of forfeited lost to suspensions without due process",
              c.money.forfeited_by_suspension);
  out.integer("pending", m,
              "Stock: credited to workers, not yet paid out or forfeited (held and available balances)",
              ledger_.pending);
  out.integer("platform_fees_gross", m, "Commissions charged to requesters, before employer costs",
              c.money.platform_fees_gross);
  out.integer("worker_credit", m, "Credited to workers' balances (rewards, top-ups, pay on rejected work)",
              c.money.worker_credit);
  out.integer("minimum_wage_top_up", m,
              "Ex-post minimum-wage top-ups paid by requesters (part of worker_credit)",
              c.money.minimum_wage_top_up);
  out.integer("employment_top_up", m,
              "Minimum wage on logged hours paid by platforms presumed to employ (part of worker_credit)",
              c.money.employment_top_up);

  out.integer("minutes_paid", "minutes",
              "Minutes of work approved at review (appeals won are in minutes_overturned)", c.minutes_paid);
  out.integer("minutes_search", "minutes", "Unpaid minutes spent searching for tasks", c.minutes_search);
  out.integer("minutes_rejected", "minutes", "Minutes of work rejected at review (before any appeal)",
              c.minutes_rejected);
  out.integer("minutes_overturned", "minutes",
              "Minutes of rejected work paid after an appeal won (moved from rejected to paid)",
              c.minutes_overturned);
  out.integer("minutes_returned", "minutes", "Unpaid minutes on assignments returned or abandoned",
              c.minutes_returned);
  out.integer("minutes_qualification", "minutes", "Unpaid minutes in qualification tests",
              c.minutes_qualification);

  // Effective hourly wages of every worker who has submitted work, cumulative since the start:
  // listed by chunk, then joined in worker order.
  const double minimum_wage = scenario_.platforms.front().regulation.minimum_wage.hourly;
  std::vector<WageSample>& sample = wage_sample_;  // kept with its capacity: a row allocates nothing
  sample.resize(chunks);
  parallel_loop(
      chunks,
      [&](std::size_t k) {
        WageSample& ws = sample[k];
        ws.with_unpaid.clear();
        ws.without_unpaid.clear();
        ws.earned.clear();
        ws.tasks.clear();
        ws.by_group.resize(ngroups);
        for (auto& g : ws.by_group) g.clear();
        ws.below_minimum = ws.below_reservation = 0;
        for (std::size_t w = k * kWorkerChunk; w < worker_chunk_end(k); ++w) {
          if (!in_wage_sample(w)) continue;
          const std::int64_t logged = logged_minutes(w);
          const double earned = to_units(workers_.account[w].earned);
          const double with_unpaid = earned / static_cast<double>(logged) * 60.0;
          ws.with_unpaid.push_back(with_unpaid);
          ws.by_group[workers_.group[w]].push_back(with_unpaid);
          if (workers_.account[w].minutes_paid > 0)
            ws.without_unpaid.push_back(earned / static_cast<double>(workers_.account[w].minutes_paid) *
                                        60.0);
          ws.below_minimum += with_unpaid < minimum_wage;
          ws.below_reservation += with_unpaid < workers_.reservation_wage[w];
          ws.earned.push_back(workers_.account[w].earned);
          ws.tasks.push_back(workers_.activity[w].tasks_submitted);
        }
      },
      1);
  // Joined in chunk order, each chunk's lists copied to their places in parallel: joined on one
  // thread, a national row spent as long on the copies as on the pass that made the lists.
  std::int64_t below_minimum = 0, below_reservation = 0;
  std::size_t logged_count = 0, paid_count = 0;
  std::vector<std::size_t> group_count(ngroups, 0);
  std::vector<std::size_t> places(chunks * (2 + ngroups));  // per chunk: logged, paid, each group
  for (std::size_t k = 0; k < chunks; ++k) {
    const WageSample& ws = sample[k];
    std::size_t* at = places.data() + k * (2 + ngroups);
    at[0] = logged_count;
    logged_count += ws.with_unpaid.size();
    at[1] = paid_count;
    paid_count += ws.without_unpaid.size();
    for (std::size_t g = 0; g < ngroups; ++g) {
      at[2 + g] = group_count[g];
      group_count[g] += ws.by_group[g].size();
    }
    below_minimum += ws.below_minimum;
    below_reservation += ws.below_reservation;
  }
  // Room for every worker at once: grown a little each day, the lists were copied whole each time
  // they outgrew their blocks.
  auto fit = [n = workers_.size()](auto& v, std::size_t size) {
    if (v.capacity() < size) v.reserve(n);
    v.resize(size);
  };
  fit(scratch_a_, logged_count);
  fit(scratch_b_, paid_count);
  fit(scratch_i_, logged_count);
  fit(scratch_j_, logged_count);
  std::vector<std::vector<double>>& by_group = wage_by_group_;
  by_group.resize(ngroups);
  for (std::size_t g = 0; g < ngroups; ++g) fit(by_group[g], group_count[g]);
  parallel_loop(
      chunks,
      [&](std::size_t k) {
        const WageSample& ws = sample[k];
        const std::size_t* at = places.data() + k * (2 + ngroups);
        std::copy(ws.with_unpaid.begin(), ws.with_unpaid.end(),
                  scratch_a_.begin() + static_cast<std::ptrdiff_t>(at[0]));
        std::copy(ws.earned.begin(), ws.earned.end(),
                  scratch_i_.begin() + static_cast<std::ptrdiff_t>(at[0]));
        std::copy(ws.tasks.begin(), ws.tasks.end(), scratch_j_.begin() + static_cast<std::ptrdiff_t>(at[0]));
        std::copy(ws.without_unpaid.begin(), ws.without_unpaid.end(),
                  scratch_b_.begin() + static_cast<std::ptrdiff_t>(at[1]));
        for (std::size_t g = 0; g < ngroups; ++g)
          std::copy(ws.by_group[g].begin(), ws.by_group[g].end(),
                    by_group[g].begin() + static_cast<std::ptrdiff_t>(at[2 + g]));
      },
      1);
  const double n_logged = static_cast<double>(scratch_a_.size());
  // The order statistics of each list are independent of one another's: selected side by side.
  Quantiles with, without;
  double gini_earned = 0, top10_tasks = 0;
  std::vector<double> group_medians(ngroups);  // the row prints only each group's median
  parallel_loop(
      4 + ngroups,
      [&](std::size_t task) {
        switch (task) {
          case 0:
            with = summarise(scratch_a_);
            break;
          case 1:
            without = summarise(scratch_b_);
            break;
          case 2:
            gini_earned = gini(scratch_i_, sort_buffer_);
            break;
          case 3:
            top10_tasks = top_share(scratch_j_, 0.10);
            break;
          default:
            group_medians[task - 4] = median(by_group[task - 4]);
        }
      },
      1);
  const char* wdesc =
      "Effective hourly wage including unpaid time (search, rejected, returned, qualification), workers who "
      "have "
      "submitted work";
  const char* odesc = "Effective hourly wage on approved work time only, workers with approved work";
  out.real("wage_with_unpaid_p10", ph, wdesc, with.p10);
  out.real("wage_with_unpaid_p25", ph, wdesc, with.p25);
  out.real("wage_with_unpaid_median", ph, wdesc, with.median);
  out.real("wage_with_unpaid_p75", ph, wdesc, with.p75);
  out.real("wage_with_unpaid_p90", ph, wdesc, with.p90);
  out.real("wage_with_unpaid_mean", ph, wdesc, with.mean);
  out.real("wage_without_unpaid_p10", ph, odesc, without.p10);
  out.real("wage_without_unpaid_p25", ph, odesc, without.p25);
  out.real("wage_without_unpaid_median", ph, odesc, without.median);
  out.real("wage_without_unpaid_p75", ph, odesc, without.p75);
  out.real("wage_without_unpaid_p90", ph, odesc, without.p90);
  out.real("wage_without_unpaid_mean", ph, odesc, without.mean);
  out.real("share_below_minimum_wage", "1",
           "Share of workers who have submitted work whose wage with unpaid time is below "
           "regulation.minimum_wage.hourly of the first platform (a benchmark even when the rule is off)",
           n_logged > 0 ? static_cast<double>(below_minimum) / n_logged : 0.0);
  out.real("share_below_reservation_wage", "1",
           "Share of workers who have submitted work earning less than their reservation wage",
           n_logged > 0 ? static_cast<double>(below_reservation) / n_logged : 0.0);
  out.real("gini_earnings", "1",
           "Gini coefficient of cumulative earnings among workers who have submitted work", gini_earned);
  out.real("top10_share_tasks", "1",
           "Share of submitted tasks done by the top 10% of workers who have submitted work", top10_tasks);
  out.real("task_latency_mean_minutes", "minutes",
           "Mean time from a group's posting to a submission, over the interval's submissions",
           c.latency_count > 0
               ? static_cast<double>(c.latency_minutes_sum) / static_cast<double>(c.latency_count)
               : 0.0);

  // Households below the poverty line: outside income plus micro-work earnings per month so far.
  std::int64_t poor = 0, households = 0;
  const double days = static_cast<double>(tick_ * scenario_.tick_minutes) / 1440.0;
  if (scenario_.workers.poverty_line > 0 && days > 0) {
    const double line = scenario_.workers.poverty_line;
    std::vector<std::array<std::int64_t, 2>> counts(chunks, {0, 0});  // poor, households
    parallel_loop(
        chunks,
        [&](std::size_t k) {
          for (std::size_t w = k * kWorkerChunk; w < worker_chunk_end(k); ++w) {
            if (workers_.state[w] == WorkerState::exited) continue;
            const double registered_days = std::max(
                1.0,
                days - static_cast<double>(workers_.registered_tick[w] * scenario_.tick_minutes) / 1440.0);
            const double monthly = to_units(workers_.household_income[w]) +
                                   to_units(workers_.account[w].earned) * 30.0 / registered_days;
            ++counts[k][1];
            counts[k][0] += monthly < line;
          }
        },
        1);
    for (const auto& c : counts) {
      poor += c[0];
      households += c[1];
    }
  }
  out.real("share_households_below_poverty_line", "1",
           "Share of registered workers whose household income plus micro-work earnings per month is under "
           "workers.poverty_line (0 when no line is set)",
           households > 0 ? static_cast<double>(poor) / static_cast<double>(households) : 0.0);

  // Requester-side pay per hour of work received, cumulative.
  scratch_r_.clear();
  double paid_total = 0, minutes_total = 0;
  for (std::size_t r = 0; r < requesters_.size(); ++r) {
    if (requesters_.record[r].work_minutes == 0) continue;
    const double paid = to_units(requesters_.record[r].paid_to_workers);
    const double minutes = static_cast<double>(requesters_.record[r].work_minutes);
    scratch_r_.push_back(paid / minutes * 60.0);
    paid_total += paid;
    minutes_total += minutes;
  }
  const Quantiles req = summarise(scratch_r_);
  out.real("requester_pay_per_hour_mean", ph, "Mean over requesters of pay per hour of work they received",
           req.mean);
  out.real("requester_pay_per_hour_median", ph,
           "Median over requesters of pay per hour of work they received", req.median);
  out.real("requester_pay_per_hour_work_weighted", ph,
           "Total pay over total hours of work received, all requesters",
           minutes_total > 0 ? paid_total / minutes_total * 60.0 : 0.0);

  for (std::size_t p = 0; p < np; ++p) {
    const std::string base = "by_platform/" + scenario_.platforms[p].name + "/";
    const PlatformTotals& now = platform_totals_[p];
    const PlatformTotals before =
        platform_totals_at_last_row_.empty() ? PlatformTotals{} : platform_totals_at_last_row_[p];
    out.integer(base + "workers_active", "workers",
                "Workers online on this platform at the end of the interval", active_on[p]);
    out.integer(base + "requester_spend", m, "Charged to requesters on this platform",
                now.requester_spend - before.requester_spend);
    out.integer(base + "platform_fees", m, "This platform's net revenue",
                now.platform_fees - before.platform_fees);
    out.integer(base + "social_contributions", m, "Contributions on this platform's work",
                now.social_contributions - before.social_contributions);
    out.integer(base + "tasks_submitted", "assignments", "Submissions on this platform",
                now.tasks_submitted - before.tasks_submitted);
    out.integer(base + "tasks_approved", "assignments", "Approvals on this platform",
                now.tasks_approved - before.tasks_approved);
    out.integer(base + "tasks_rejected", "assignments", "Rejections on this platform",
                now.tasks_rejected - before.tasks_rejected);
    out.integer(base + "suspensions", "suspensions", "Suspensions by this platform",
                now.suspensions - before.suspensions);
  }
  for (std::size_t g = 0; g < ngroups; ++g) {
    const std::string base = "by_group/" + scenario_.workers.groups[g].name + "/";
    out.integer(base + "workers_active", "workers", "Workers of this group online at the end of the interval",
                active_in_group[g]);
    out.real(base + "wage_with_unpaid_median", ph,
             "Median effective hourly wage with unpaid time, this group", group_medians[g]);
  }
}

}  // namespace gigsim
