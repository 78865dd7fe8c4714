#include "app/summary_table.hpp"

#include <cmath>
#include <cstdio>

namespace gigsim::app {
namespace {

std::string group_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::uint64_t magnitude(std::int64_t v) {
  return v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
}

std::string format_real(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void add_row(std::string& out, const std::string& label, const std::string& value,
             const std::string& unit = "") {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-32s %16s%s%s\n", label.c_str(), value.c_str(), unit.empty() ? "" : " ",
                unit.c_str());
  out += buf;
}

}  // namespace

std::string format_money(std::int64_t micro_units) {
  const std::uint64_t abs = magnitude(micro_units);
  const std::uint64_t cents = abs / 10000 + (abs % 10000 >= 5000 ? 1 : 0);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%02u", static_cast<unsigned>(cents % 100));
  std::string out = micro_units < 0 && cents > 0 ? "-" : "";
  out += group_thousands(cents / 100);
  out += frac;
  return out;
}

std::string format_count(std::int64_t n) {
  std::string out = n < 0 ? "-" : "";
  out += group_thousands(magnitude(n));
  return out;
}

std::string format_summary(const RunSummary& s, const SummaryContext& c) {
  std::string out;
  char head[512];
  std::snprintf(head, sizeof head, "\n%s: %.4g simulated day%s, %s workers registered (%s ever active)\n\n",
                c.scenario_name.c_str(), c.duration_days, c.duration_days == 1 ? "" : "s",
                format_count(s.workers_registered).c_str(), format_count(s.workers_ever_active).c_str());
  out += head;

  const std::string wage_unit = c.currency + "/h";
  char wages[512];
  std::snprintf(wages, sizeof wages,
                "  %-32s %10s %10s\n"
                "  %-32s %10s %10s %s\n"
                "  %-32s %10s %10s %s\n",
                "effective hourly wage", "median", "mean",                                    //
                "  counting unpaid time", format_real(s.median_wage_with_unpaid, 2).c_str(),  //
                format_real(s.mean_wage_with_unpaid, 2).c_str(), wage_unit.c_str(),           //
                "  paid time only", format_real(s.median_wage_without_unpaid, 2).c_str(),     //
                format_real(s.mean_wage_without_unpaid, 2).c_str(), wage_unit.c_str());
  out += wages;
  out += '\n';
  add_row(out, "tasks submitted", format_count(s.tasks_submitted));
  add_row(out, "tasks approved", format_count(s.tasks_approved));
  add_row(out, "tasks rejected", format_count(s.tasks_rejected));
  add_row(out, "rejection rate (of reviewed)", format_real(100.0 * s.rejection_rate, 2), "%");
  add_row(out, "account suspensions", format_count(s.suspensions));
  out += '\n';
  add_row(out, "requester spend", format_money(s.requester_spend), c.currency);
  add_row(out, "  worker pay", format_money(s.worker_pay), c.currency);
  add_row(out, "  platform fees", format_money(s.platform_fees), c.currency);
  add_row(out, "  social contributions", format_money(s.social_contributions), c.currency);
  add_row(out, "  forfeited by workers", format_money(s.forfeited), c.currency);
  add_row(out, "  pending at the end", format_money(s.pending), c.currency);
  out += '\n';
  char tail[1024];
  std::snprintf(tail, sizeof tail, "  %-32s %s\n  %-32s %.2f s on %d thread%s\n", "output",
                c.output_path.c_str(), "wall time", c.wall_seconds, c.threads, c.threads == 1 ? "" : "s");
  out += tail;
  return out;
}

}  // namespace gigsim::app
