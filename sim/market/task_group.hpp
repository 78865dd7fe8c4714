#pragma once
// A task group ("HIT group"): one posting of identical assignments by one requester.
#include <cstdint>

#include "core/money.hpp"

namespace gigsim {

using TaskGroupId = std::int32_t;

// On 64-byte boundaries (124 bytes, padded to 128). The first line holds everything a review
// reads and writes (requester, platform, type, reward, fee, median minutes, and the counts that
// say whether the slot is free again) and what a search reads of an ordinary group; the second
// what matching, posting and expiry use. A review whose hold counts sat on the second line
// waited for that line, unprefetched: 38% of the reviews' requester-side samples.
struct alignas(64) TaskGroup {
  std::int32_t requester = -1;
  std::uint8_t platform = 0, requester_type = 0, needs_qualification = 0, has_thresholds = 0;
  bool open = false;             // posted and not expired
  bool listed = false;           // has an entry in its platform's listing
  Money reward = 0;              // per assignment
  Money fee = 0;                 // per assignment, charged on approval
  double estimated_minutes = 0;  // what the requester announces
  double median_minutes = 0;     // what it really takes a typical worker
  std::int64_t in_progress = 0;
  std::int64_t awaiting_review = 0;  // submissions whose review is still to come
  std::int64_t sequence = 0;         // posting order, for the "newest" listing
  std::int64_t assignments = 0;      // posted
  std::int64_t available = 0;        // not yet accepted
  std::int64_t posted_tick = 0, expires_tick = 0;
  double min_approval_rate = 0;
  std::int64_t min_approved_count = 0;
  std::int32_t demand = 0;  // requests this tick, counted by the resolution; 0 between ticks
  // Nothing refers to it any more: its slot can take the next posting.
  bool done() const { return !open && in_progress == 0 && awaiting_review == 0; }
};
static_assert(sizeof(TaskGroup) == 128);

}  // namespace gigsim
