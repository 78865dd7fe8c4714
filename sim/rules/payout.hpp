#pragma once
// When approved work turns into money in a worker's bank account: the review
// deadline (auto-approval), the hold, the minimum withdrawal and the payment
// frequency, each tightened by the payout rule when it is on.
#include <cstdint>

#include "core/money.hpp"
#include "model/scenario.hpp"

namespace gigsim {

struct PayoutTerms {
  std::int64_t auto_approval_ticks = 0;  // unreviewed work is approved after this
  std::int64_t hold_ticks = 0;           // approved earnings are held this long
  Money minimum_payout = 0;              // smallest balance that can be withdrawn
  std::int64_t payment_interval_days = 1;
};

PayoutTerms make_payout_terms(const PlatformSpec& platform, std::int64_t tick_minutes);

std::int64_t days_to_ticks(double days, std::int64_t tick_minutes);

}  // namespace gigsim
