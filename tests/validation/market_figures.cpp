#include "validation/market_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "market/world.hpp"

namespace gigsim::validation {

std::vector<double> SeriesRecorder::series(const std::string& path) const {
  for (const MetricInfo& m : catalogue) {
    if (m.path != path) continue;
    std::vector<double> v;
    for (const MetricRow& r : rows)
      v.push_back(m.is_integer ? static_cast<double>(r.integers[m.slot]) : r.reals[m.slot]);
    return v;
  }
  return {};
}

namespace {
double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = 0.5 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  return lo + 1 < v.size() ? v[lo] + (pos - static_cast<double>(lo)) * (v[lo + 1] - v[lo]) : v[lo];
}
double mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}
double top_share(std::vector<double> v, double fraction) {
  std::sort(v.begin(), v.end(), std::greater<>());
  const auto k =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(v.size()))));
  const double total = std::accumulate(v.begin(), v.end(), 0.0);
  return total > 0 ? std::accumulate(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), 0.0) / total : 0;
}
// Hour of the day (UTC) at which a series of hourly counts peaks on average.
int peak_hour(const std::vector<double>& hourly) {
  std::vector<double> by_hour(24, 0.0);
  for (std::size_t i = 0; i < hourly.size(); ++i) by_hour[(i + 1) % 24] += hourly[i];
  return static_cast<int>(std::max_element(by_hour.begin(), by_hour.end()) - by_hour.begin());
}
}  // namespace

std::vector<Target> amt_targets(const Simulation& sim, const SeriesRecorder& series) {
  const World& world = sim.world();
  const WorkerTable& w = world.workers();
  std::vector<double> with, without, tasks;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w.activity[i].tasks_submitted == 0) continue;
    const double logged = static_cast<double>(w.logged_minutes(i));
    if (logged <= 0) continue;
    const double earned = to_units(w.account[i].earned);
    with.push_back(earned / logged * 60.0);
    if (w.account[i].minutes_paid > 0)
      without.push_back(earned / static_cast<double>(w.account[i].minutes_paid) * 60.0);
    tasks.push_back(static_cast<double>(w.activity[i].tasks_submitted));
  }
  const double above_725 =
      with.empty()
          ? 0
          : static_cast<double>(std::count_if(with.begin(), with.end(), [](double x) { return x > 7.25; })) /
                static_cast<double>(with.size());
  double task_sd = 0;
  const double task_mean = mean(tasks);
  for (double t : tasks) task_sd += (t - task_mean) * (t - task_mean);
  task_sd = tasks.size() > 1 ? std::sqrt(task_sd / static_cast<double>(tasks.size() - 1)) : 0;

  const RequesterTable& r = world.requesters();
  std::vector<double> pay_per_hour, spend;
  double paid_total = 0, minutes_total = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.record[i].spend > 0) spend.push_back(static_cast<double>(r.record[i].spend));
    if (r.record[i].work_minutes == 0) continue;
    pay_per_hour.push_back(to_units(r.record[i].paid_to_workers) /
                           static_cast<double>(r.record[i].work_minutes) * 60.0);
    paid_total += to_units(r.record[i].paid_to_workers);
    minutes_total += static_cast<double>(r.record[i].work_minutes);
  }
  const double requester_mean = mean(pay_per_hour);
  const double work_weighted = minutes_total > 0 ? paid_total / minutes_total * 60.0 : 0;

  const Ledger& l = world.ledger();
  const double returned = l.tasks.accepted > 0
                              ? static_cast<double>(l.tasks.returned) / static_cast<double>(l.tasks.accepted)
                              : 0;
  const double rejected = l.tasks.submitted > 0
                              ? static_cast<double>(l.tasks.rejected) / static_cast<double>(l.tasks.submitted)
                              : 0;

  // Active share: mean over the run after the first day (the market starts empty).
  const auto active = series.series("workers_active_mean");
  const auto registered = series.series("workers_registered");
  std::vector<double> share;
  const std::size_t rows_per_day = active.size() / std::max(1.0, sim.scenario().duration_days);
  for (std::size_t i = rows_per_day; i < active.size(); ++i) share.push_back(active[i] / registered[i]);
  // Daily cycle: the busiest hour is well above the quietest; the two countries peak at different hours.
  std::vector<double> by_hour(24, 0.0);
  for (std::size_t i = rows_per_day; i < active.size(); ++i) by_hour[(i + 1) % 24] += active[i];
  const double cycle = *std::min_element(by_hour.begin(), by_hour.end()) > 0
                           ? *std::max_element(by_hour.begin(), by_hour.end()) /
                                 *std::min_element(by_hour.begin(), by_hour.end())
                           : 0;
  const auto& groups = sim.scenario().workers.groups;
  double shift = 0;
  if (groups.size() >= 2) {
    const int a = peak_hour(series.series("by_group/" + groups[0].name + "/workers_active"));
    const int b = peak_hour(series.series("by_group/" + groups[1].name + "/workers_active"));
    shift = std::min((a - b + 24) % 24, (b - a + 24) % 24);
  }
  const PlatformRuntime& p = world.platforms().front();

  return {
      {"median wage with unpaid time ($/h)", 1.50, 2.60, median(with), "Hara et al. 2018: $1.77-2"},
      {"mean wage with unpaid time ($/h)", 2.50, 3.80, mean(with), "Hara et al. 2018: $3.13"},
      {"median wage, paid time only ($/h)", 2.60, 4.00, median(without), "Hara et al. 2018: about $3.2"},
      {"mean wage, paid time only ($/h)", 5.00, 7.50, mean(without), "Hara et al. 2018: $6.19"},
      {"share of workers above $7.25/h", 0.02, 0.08, above_725, "Hara et al. 2018: 4%"},
      {"requester mean pay per hour ($/h)", 9.0, 1e9, requester_mean, "Hara et al. 2018: $11.58"},
      {"requester median pay per hour ($/h)", 3.40, 5.80, median(pay_per_hour), "Hara et al. 2018: $4.57"},
      {"work-weighted / requester mean pay", 0.0, 0.75,
       requester_mean > 0 ? work_weighted / requester_mean : 1, "low payers post more (Hara et al. 2018)"},
      {"started tasks returned or abandoned", 0.08, 0.18, returned, "Hara et al. 2018: about 13%"},
      {"submitted tasks rejected", 0.003, 0.015, rejected, "Hara et al. 2018: under 1%"},
      {"tasks per worker, coefficient of variation", 2.5, 1e9, task_mean > 0 ? task_sd / task_mean : 0,
       "Hara et al. 2018: 3.6"},
      {"spending share of top 1% of requesters", 0.50, 0.70, top_share(spend, 0.01),
       "Ipeirotis 2010: about 60%"},
      {"spending share of top 10% of requesters", 0.80, 0.95, top_share(spend, 0.10),
       "Ipeirotis 2010: about 90%"},
      {"active at a moment / registered", 0.01, 0.05, mean(share), "Difallah et al. 2018: 2-5k of 100-200k"},
      {"daily cycle: busiest / quietest hour", 1.5, 1e9, cycle,
       "Difallah et al. 2018: strong time-of-day shifts"},
      {"hours between US and India activity peaks", 4, 12, shift, "Difallah et al. 2018: India/US shift"},
      {"fee rate (%)", 20, 20, static_cast<double>(p.fees.rate) / 1e4, "AMT since July 2015"},
      {"fee rate for 10+ assignments (%)", 40, 40, static_cast<double>(p.fees.large_batch_rate) / 1e4,
       "AMT since July 2015"},
      {"minimum fee ($)", 0.01, 0.01, to_units(p.fees.minimum), "AMT since July 2015"},
  };
}

std::vector<Target> france_targets(const Simulation& sim, const SeriesRecorder& series) {
  const WorkerTable& w = sim.world().workers();
  const double n = static_cast<double>(w.size());
  double very_active = 0, regular = 0, occasional = 0, earned = 0;
  std::vector<std::int64_t> earnings;
  for (const WorkerAccount& a : w.account) earnings.push_back(a.earned);
  for (std::size_t i = 0; i < w.size(); ++i) {
    // DiPLab's tiers over a month: at least weekly, at least once, not at all.
    very_active += w.session_log[i].sessions >= 4;
    regular += w.session_log[i].sessions >= 1 && w.session_log[i].sessions < 4;
    occasional += w.session_log[i].sessions == 0;
    earned += to_units(w.account[i].earned);
  }
  std::sort(earnings.begin(), earnings.end());
  long double weighted = 0, total = 0;
  for (std::size_t i = 0; i < earnings.size(); ++i) {
    weighted += (2.0L * static_cast<long double>(i + 1) - static_cast<long double>(n) - 1.0L) * earnings[i];
    total += earnings[i];
  }
  const double gini = total > 0 ? static_cast<double>(weighted / (static_cast<long double>(n) * total)) : 0;
  const double months = sim.scenario().duration_days / 30.0;
  const auto poverty = series.series("share_households_below_poverty_line");
  return {
      {"very active share (>= 4 sessions in the month)", 0.032, 0.059, very_active / n,
       "DiPLab 2019: 15k of 333k (4.5%)"},
      {"regular share (1-3 sessions)", 0.11, 0.20, regular / n, "DiPLab 2019: 52k of 333k (15.6%)"},
      {"occasional share (no session)", 0.72, 0.88, occasional / n, "DiPLab 2019: 266k of 333k (79.9%)"},
      {"mean monthly earnings (EUR)", 15, 28, earned / n / months, "DiPLab 2019: about 21 EUR"},
      {"Gini of earnings", 0.8, 1.0, gini, "DiPLab 2019: very unequal"},
      {"households below the poverty line", 0.17, 0.27, poverty.empty() ? 0 : poverty.back(),
       "DiPLab 2019: 22%"},
  };
}

std::string format_table(const std::vector<Target>& targets) {
  std::string out = "| target | range | achieved | holds | source |\n|---|---|---|---|---|\n";
  char line[512];
  for (const Target& t : targets) {
    char range[64];
    if (t.high >= 1e9)
      std::snprintf(range, sizeof range, "> %g", t.low);
    else if (t.low == t.high)
      std::snprintf(range, sizeof range, "= %g", t.low);
    else
      std::snprintf(range, sizeof range, "%g - %g", t.low, t.high);
    std::snprintf(line, sizeof line, "| %s | %s | %.4g | %s | %s |\n", t.name.c_str(), range, t.achieved,
                  t.holds() ? "yes" : "NO", t.source.c_str());
    out += line;
  }
  return out;
}

}  // namespace gigsim::validation
