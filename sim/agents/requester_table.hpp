#pragma once
// Requesters as a structure of arrays. Index = RequesterId.
#include <cstdint>
#include <vector>

#include "core/money.hpp"

namespace gigsim {

using RequesterId = std::int32_t;

struct RequesterTable {
  std::vector<std::uint8_t> type, platform, initial_platform;
  std::vector<double> activity;        // relative posting intensity, mean 1 (Pareto)
  std::vector<double> intended_pay;    // currency per hour, the requester's own pay policy
  std::vector<double> volume_factor;   // posting response to the cost regulation adds
  std::vector<std::uint8_t> switched;  // moved platform because regulation raised the cost
  std::vector<std::int64_t> groups_posted, assignments_posted, reviewed, approved, rejected;
  std::vector<Money> spend, paid_to_workers;
  std::vector<std::int64_t> work_minutes;  // minutes workers spent on submitted work

  std::size_t size() const { return type.size(); }
  void resize(std::size_t n) {
    type.resize(n, 0);
    platform.resize(n, 0);
    initial_platform.resize(n, 0);
    activity.resize(n, 1.0);
    intended_pay.resize(n, 0.0);
    volume_factor.resize(n, 1.0);
    switched.resize(n, 0);
    for (auto* v : {&groups_posted, &assignments_posted, &reviewed, &approved, &rejected, &work_minutes})
      v->resize(n, 0);
    spend.resize(n, 0);
    paid_to_workers.resize(n, 0);
  }
};

}  // namespace gigsim
