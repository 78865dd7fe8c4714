#pragma once
// The learning curve: the duration multiplier after n submitted tasks,
// max(floor, (1 + n / scale)^-exponent). It is evaluated at every submission (a
// national market: 14 million a day), where pow was 3% of the run; the first
// counts are tabulated with the very values pow gives, so results do not change.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "model/scenario.hpp"

namespace gigsim {

class LearningCurve {
 public:
  static constexpr std::int64_t kTabulated = 8192;  // 64 KiB; most workers submit fewer in a run

  LearningCurve() : LearningCurve(LearningSpec{}) {}
  explicit LearningCurve(const LearningSpec& spec) : spec_(spec), table_(kTabulated) {
    for (std::int64_t n = 0; n < kTabulated; ++n) table_[static_cast<std::size_t>(n)] = evaluate(n);
  }

  double operator()(std::int64_t tasks_submitted) const {
    return tasks_submitted >= 0 && tasks_submitted < kTabulated
               ? table_[static_cast<std::size_t>(tasks_submitted)]
               : evaluate(tasks_submitted);
  }

  double evaluate(std::int64_t tasks_submitted) const {
    const double n = static_cast<double>(tasks_submitted);
    return std::max(spec_.floor, std::pow(1.0 + n / spec_.tasks_scale, -spec_.exponent));
  }

 private:
  LearningSpec spec_;
  std::vector<double> table_;
};

}  // namespace gigsim
