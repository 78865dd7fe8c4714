#include "agents/worker_table.hpp"

namespace gigsim {

void WorkerTable::resize(std::size_t n, std::size_t platforms) {
  for (auto* v : {&group, &platform_mask, &uses_tools, &main_income, &under_notice, &flagged_falsely})
    v->resize(n, 0);
  for (auto* v : {&skill, &speed, &hours_per_week, &session_minutes}) v->resize(n, 0.0f);
  supply_factor.resize(n, 1.0f);
  reservation_wage.resize(n, 0.0);
  for (auto* v : {&household_income, &registered_tick, &week_minutes, &week_earned, &paid_out, &forfeited})
    v->resize(n, 0);
  minutes_qualification.resize(n, 0);
  session_log.resize(n);
  exit_tick.resize(n, -1);
  state.resize(n, WorkerState::offline);
  activity.resize(n);
  account.resize(n);
  decisions_on.resize(platforms > 1 ? n * platforms : 0);
}

void WorkerTable::reserve(std::size_t n, std::size_t platforms) {
  for (auto* v : {&group, &platform_mask, &uses_tools, &main_income, &under_notice, &flagged_falsely})
    v->reserve(n);
  for (auto* v : {&skill, &speed, &hours_per_week, &session_minutes, &supply_factor}) v->reserve(n);
  reservation_wage.reserve(n);
  for (auto* v : {&household_income, &registered_tick, &week_minutes, &week_earned, &paid_out, &forfeited})
    v->reserve(n);
  minutes_qualification.reserve(n);
  session_log.reserve(n);
  exit_tick.reserve(n);
  state.reserve(n);
  activity.reserve(n);
  account.reserve(n);
  if (platforms > 1) decisions_on.reserve(n * platforms);
}

}  // namespace gigsim
