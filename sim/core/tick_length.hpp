#pragma once
// Minutes to ticks (minutes / tick_minutes) on the hot path: a worker's decision converts an
// assignment's and a review's minutes at nearly every due minute, and a division costs a dozen
// cycles there. Where the tick is a power of two (the usual 1-minute tick), multiplying by the
// reciprocal gives the same double: x / 2^k and x * 2^-k are the same real number, which IEEE
// arithmetic rounds alike. Other ticks keep the division.
#include <cstdint>

namespace gigsim {

class TickLength {
 public:
  explicit TickLength(std::int64_t tick_minutes = 1)
      : minutes_(static_cast<double>(tick_minutes)),
        exact_reciprocal_(tick_minutes > 0 && (tick_minutes & (tick_minutes - 1)) == 0
                              ? 1.0 / static_cast<double>(tick_minutes)
                              : 0.0) {}
  double ticks(double minutes) const {
    return exact_reciprocal_ != 0.0 ? minutes * exact_reciprocal_ : minutes / minutes_;
  }
  bool by_multiplication() const { return exact_reciprocal_ != 0.0; }

 private:
  double minutes_;
  double exact_reciprocal_;  // 0 where 1 / tick_minutes is not exact
};

}  // namespace gigsim
