#pragma once
// The platform's commission on one assignment, with the large-batch surcharge,
// the minimum fee and, when regulated, the fee cap.
#include <cstdint>

#include "core/money.hpp"
#include "model/scenario.hpp"

namespace gigsim {

struct FeeSchedule {
  Ppm rate = 0;
  Ppm large_batch_rate = 0;
  std::int64_t large_batch_threshold = 10;
  Money minimum = 0;
  bool capped = false;
  Ppm cap = 0;
};

FeeSchedule make_fee_schedule(const PlatformSpec& platform);

// Fee charged to the requester for one assignment paying `reward`, in a group of `assignments`.
Money assignment_fee(const FeeSchedule& schedule, Money reward, std::int64_t assignments);

}  // namespace gigsim
