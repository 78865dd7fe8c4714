#pragma once
// Minimum hourly pay, Prolific-style: a reward floor on the expected (median)
// task time, and an optional ex-post top-up once the median time is measured.
#include "core/money.hpp"
#include "model/scenario.hpp"

namespace gigsim {

// Lowest reward a requester may post for a task expected to take `expected_minutes`.
Money reward_floor(const MinimumWageRule& rule, double expected_minutes);

// What the requester owes on top of `reward` once the platform has measured the
// task's median time; zero when the rule or its top-up is off.
Money minimum_wage_top_up(const MinimumWageRule& rule, Money reward, double measured_median_minutes);

}  // namespace gigsim
