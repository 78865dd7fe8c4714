#pragma once
// Requesters as a structure of arrays. Index = RequesterId.
#include <cstdint>
#include <vector>

#include "core/money.hpp"

namespace gigsim {

using RequesterId = std::int32_t;

// A requester's record, which every review and the searches of workers with tools read: on one
// line instead of six columns.
struct alignas(64) RequesterRecord {
  std::int64_t reviewed = 0, approved = 0, rejected = 0;
  Money spend = 0, paid_to_workers = 0;
  std::int64_t work_minutes = 0;  // minutes workers spent on submitted work
};
static_assert(sizeof(RequesterRecord) == 64);

struct RequesterTable {
  std::vector<std::uint8_t> type, platform, initial_platform;
  std::vector<double> activity;        // relative posting intensity, mean 1 (Pareto)
  std::vector<double> intended_pay;    // currency per hour, the requester's own pay policy
  std::vector<double> volume_factor;   // posting response to the cost regulation adds
  std::vector<std::uint8_t> switched;  // moved platform because regulation raised the cost
  std::vector<std::int64_t> groups_posted, assignments_posted;
  std::vector<RequesterRecord> record;

  std::size_t size() const { return type.size(); }
  void resize(std::size_t n) {
    type.resize(n, 0);
    platform.resize(n, 0);
    initial_platform.resize(n, 0);
    activity.resize(n, 1.0);
    intended_pay.resize(n, 0.0);
    volume_factor.resize(n, 1.0);
    switched.resize(n, 0);
    for (auto* v : {&groups_posted, &assignments_posted}) v->resize(n, 0);
    record.resize(n);
  }
};

}  // namespace gigsim
