#include <catch2/catch.hpp>

#include "rules/fees.hpp"

using namespace gigsim;

TEST_CASE("AMT fee: 20% of the reward, 40% for groups of 10 or more, at least $0.01", "[rules][fees]") {
  PlatformSpec p;  // defaults: 20%, 40% from 10 assignments, minimum 0.01
  const FeeSchedule s = make_fee_schedule(p);
  CHECK(assignment_fee(s, to_micros(1.00), 9) == to_micros(0.20));
  CHECK(assignment_fee(s, to_micros(1.00), 10) == to_micros(0.40));
  CHECK(assignment_fee(s, to_micros(0.02), 1) == to_micros(0.01));  // 20% would be $0.004
  CHECK(assignment_fee(s, to_micros(0.05), 1) == to_micros(0.01));  // exactly the minimum
  CHECK(assignment_fee(s, to_micros(0.10), 50) == to_micros(0.04));
}

TEST_CASE("fee rounding is exact integer arithmetic, half up", "[rules][fees]") {
  PlatformSpec p;
  p.fee.minimum = 0;
  const FeeSchedule s = make_fee_schedule(p);
  CHECK(assignment_fee(s, 7, 1) == 1);                // 1.4 micro-units -> 1
  CHECK(assignment_fee(s, 8, 1) == 2);                // 1.6 -> 2
  CHECK(assignment_fee(s, 1'234'567, 1) == 246'913);  // 246,913.4
}

TEST_CASE("the fee cap bounds the whole commission, the minimum fee included", "[rules][fees][regulation]") {
  PlatformSpec p;
  p.regulation.fee_cap.enabled = true;
  p.regulation.fee_cap.max_rate = 0.15;
  const FeeSchedule s = make_fee_schedule(p);
  CHECK(assignment_fee(s, to_micros(1.00), 20) == to_micros(0.15));  // 40% capped to 15%
  CHECK(assignment_fee(s, to_micros(1.00), 1) == to_micros(0.15));   // 20% capped to 15%
  CHECK(assignment_fee(s, to_micros(0.02), 1) == to_micros(0.003));  // $0.01 minimum capped
  p.regulation.fee_cap.enabled = false;
  CHECK(assignment_fee(make_fee_schedule(p), to_micros(1.00), 20) == to_micros(0.40));
}
