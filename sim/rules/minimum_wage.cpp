#include "rules/minimum_wage.hpp"

#include <algorithm>

namespace gigsim {

static Money owed_for(const MinimumWageRule& rule, double minutes) {
  const double covered = minutes + (rule.count_search_time ? rule.search_minutes_per_task : 0.0);
  return to_micros(rule.hourly * covered / 60.0);
}

Money reward_floor(const MinimumWageRule& rule, double expected_minutes) {
  if (!rule.enabled) return 0;
  return owed_for(rule, expected_minutes);
}

Money minimum_wage_top_up(const MinimumWageRule& rule, Money reward, double measured_median_minutes) {
  if (!rule.enabled || !rule.top_up) return 0;
  return std::max<Money>(0, owed_for(rule, measured_median_minutes) - reward);
}

}  // namespace gigsim
