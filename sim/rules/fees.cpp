#include "rules/fees.hpp"

#include <algorithm>

namespace gigsim {

FeeSchedule make_fee_schedule(const PlatformSpec& platform) {
  FeeSchedule s;
  s.rate = to_ppm(platform.fee.rate);
  s.large_batch_rate = to_ppm(platform.fee.large_batch_rate);
  s.large_batch_threshold = platform.fee.large_batch_threshold;
  s.minimum = to_micros(platform.fee.minimum);
  s.capped = platform.regulation.fee_cap.enabled;
  s.cap = to_ppm(platform.regulation.fee_cap.max_rate);
  return s;
}

Money assignment_fee(const FeeSchedule& s, Money reward, std::int64_t assignments) {
  const Ppm rate = assignments >= s.large_batch_threshold ? s.large_batch_rate : s.rate;
  Money fee = std::max(apply_rate(reward, rate), s.minimum);
  // The cap bounds the whole commission, the minimum fee included: a cap of 15%
  // means the platform never takes more than 15% of what the worker is paid.
  if (s.capped) fee = std::min(fee, apply_rate(reward, s.cap));
  return fee;
}

}  // namespace gigsim
