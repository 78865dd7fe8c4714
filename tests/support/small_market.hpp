#pragma once
// A small market for model tests: seconds to run, every mechanism reachable.
#include "model/scenario.hpp"

namespace gigsim::testing {

inline Scenario small_market(std::int64_t workers = 600, double days = 4) {
  Scenario s;
  s.name = "small";
  s.duration_days = days;
  s.workers.registered = workers;
  s.workers.arrivals_per_day = 5;
  s.workers.groups[0].activity_by_local_hour.fill(1.0);
  s.workers.groups[0].hours_per_week = {15.0, 0.5};
  s.requesters.count = workers / 10;
  RequesterTypeSpec& t = s.requesters.types[0];
  t.batches_per_week = 4;
  t.assignments_per_group = {30, 0.8};
  t.task_minutes = {3, 0.5};
  t.review_delay_hours = {6, 0.5};
  s.platforms[0].auto_approval_days = 1;
  s.output.interval_minutes = 120;
  return s;
}

}  // namespace gigsim::testing
