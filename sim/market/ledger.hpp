#pragma once
// Running totals since the start (Ledger) and flows within the current
// reporting interval (IntervalCounters). Money in micro-units.
#include <cstdint>

#include "core/money.hpp"

namespace gigsim {

struct MoneyFlows {
  Money requester_spend = 0;          // charged to requesters
  Money worker_pay = 0;               // paid out to workers' accounts
  Money platform_fees = 0;            // platform revenue net of employer costs
  Money platform_fees_gross = 0;      // commissions charged
  Money social_contributions = 0;     // remitted to the social-protection fund
  Money forfeited = 0;                // earnings workers lost (suspension, unreachable threshold)
  Money forfeited_by_suspension = 0;  // the part lost to silent suspensions
  Money minimum_wage_top_up = 0;      // part of worker credit paid by requesters as top-up
  Money employment_top_up = 0;        // part of worker credit paid by platforms as employers
  Money worker_credit = 0;            // credited to workers (enters pending)
};

struct TaskCounts {
  std::int64_t posted = 0, accepted = 0, submitted = 0, approved = 0, rejected = 0, returned = 0, expired = 0,
               overturned = 0, auto_approved = 0;
};

struct Ledger {
  MoneyFlows money;
  TaskCounts tasks;
  Money pending = 0;  // stock: credited to workers and not yet paid out or forfeited
  std::int64_t suspensions = 0, reinstatements = 0, workers_entered = 0, workers_exited = 0;
  std::int64_t workers_ever = 0;
};

struct IntervalCounters {
  MoneyFlows money;
  TaskCounts tasks;
  std::int64_t suspensions = 0, workers_entered = 0, workers_exited = 0;
  std::int64_t minutes_paid = 0, minutes_search = 0, minutes_rejected = 0, minutes_returned = 0,
               minutes_qualification = 0, minutes_overturned = 0;
  std::int64_t ticks = 0;
  std::int64_t latency_minutes_sum = 0, latency_count = 0;
  std::int64_t active_worker_ticks = 0;  // summed over ticks, for the mean active count
};

}  // namespace gigsim
