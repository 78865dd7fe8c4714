#include "agents/worker_table.hpp"

namespace gigsim {

std::vector<std::function<void()>> WorkerTable::column_resizes(std::size_t n, std::size_t platforms) {
  std::vector<std::function<void()>> r;
  // The largest first, so that threads taking them in turn end together.
  r.emplace_back([this, n] { activity.resize(n); });
  r.emplace_back([this, n] { account.resize(n); });
  r.emplace_back([this, n] { session_log.resize(n); });
  r.emplace_back([this, n, platforms] { decisions_on.resize(platforms > 1 ? n * platforms : 0); });
  for (auto* v : {&household_income, &registered_tick, &week_minutes, &week_earned, &paid_out, &forfeited})
    r.emplace_back([v, n] { v->resize(n, 0); });
  r.emplace_back([this, n] { minutes_qualification.resize(n, 0); });
  r.emplace_back([this, n] { exit_tick.resize(n, -1); });
  r.emplace_back([this, n] { reservation_wage.resize(n, 0.0); });
  for (auto* v : {&skill, &speed, &hours_per_week, &session_minutes})
    r.emplace_back([v, n] { v->resize(n, 0.0f); });
  r.emplace_back([this, n] { supply_factor.resize(n, 1.0f); });
  for (auto* v : {&group, &platform_mask, &uses_tools, &main_income, &under_notice, &flagged_falsely})
    r.emplace_back([v, n] { v->resize(n, 0); });
  r.emplace_back([this, n] { state.resize(n, WorkerState::offline); });
  return r;
}

void WorkerTable::resize(std::size_t n, std::size_t platforms) {
  for (const auto& resize_column : column_resizes(n, platforms)) resize_column();
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
