#include "rules/payout.hpp"

#include <algorithm>
#include <cmath>

namespace gigsim {

std::int64_t days_to_ticks(double days, std::int64_t tick_minutes) {
  return static_cast<std::int64_t>(std::llround(days * 1440.0 / static_cast<double>(tick_minutes)));
}

PayoutTerms make_payout_terms(const PlatformSpec& p, std::int64_t tick_minutes) {
  const auto& rule = p.regulation.payout;
  double review_days = p.auto_approval_days;
  double minimum = p.minimum_payout;
  double interval = p.payment_interval_days;
  if (rule.enabled) {
    review_days = std::min(review_days, rule.max_review_days);
    minimum = std::min(minimum, rule.max_minimum_withdrawal);
    interval = std::min(interval, rule.max_payment_interval_days);
  }
  PayoutTerms t;
  t.auto_approval_ticks = std::max<std::int64_t>(1, days_to_ticks(review_days, tick_minutes));
  t.hold_ticks = days_to_ticks(p.hold_days, tick_minutes);
  t.minimum_payout = to_micros(minimum);
  // Payouts run at day boundaries, so the interval is a whole number of days.
  t.payment_interval_days = std::max<std::int64_t>(1, std::llround(interval));
  return t;
}

}  // namespace gigsim
