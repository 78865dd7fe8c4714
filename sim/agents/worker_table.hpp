#pragma once
// Workers as a structure of arrays: the hot loops touch a few columns of many
// workers, so each column is contiguous. Index = WorkerId.
#include <cstdint>
#include <vector>

#include "core/money.hpp"

namespace gigsim {

using WorkerId = std::int32_t;

enum class WorkerState : std::uint8_t { offline, searching, working, qualifying, suspended, exited };

// What a worker does at the end of an assignment; drawn when it is accepted.
enum class WorkOutcome : std::uint8_t { submit, give_back, abandon };

struct WorkerTable {
  // Traits, drawn at registration.
  std::vector<std::uint8_t> group, home_platform, platform_mask, uses_tools, main_income;
  std::vector<float> skill, speed, hours_per_week, session_minutes;
  std::vector<double> reservation_wage;  // currency per hour
  std::vector<Money> household_income;   // per month, outside micro-work
  std::vector<std::int64_t> registered_tick, exit_tick;

  // Situation.
  std::vector<WorkerState> state;
  std::vector<std::uint8_t> session_platform, qualifications;  // bit per requester type
  std::vector<std::int64_t> session_start_tick, session_end_tick, busy_until_tick;
  std::vector<std::int32_t> task_group;  // current assignment's group, -1 if none
  std::vector<std::int64_t> work_start_tick;
  std::vector<WorkOutcome> work_outcome;
  std::vector<std::uint8_t> work_quality_ok;
  std::vector<std::uint8_t> under_notice, forfeits, flagged_falsely;
  std::vector<float> supply_factor;
  std::vector<std::uint32_t> balance_epoch;  // bumped when a balance is settled at once (suspension)  //
                                             // labour supply response to the wage earned

  // Exact account of time, in minutes.
  std::vector<std::int64_t> minutes_paid, minutes_search, minutes_rejected, minutes_returned,
      minutes_qualification, minutes_awaiting_review;
  std::vector<std::int64_t> week_minutes;  // logged this week (presumption of employment)
  std::vector<Money> week_earned;

  // Record with the platforms.
  std::vector<std::int64_t> tasks_submitted, tasks_approved, tasks_rejected, tasks_returned;
  std::vector<std::int32_t> sessions;                     // sessions started (engagement tiers)
  std::vector<std::int32_t> approvals_on, rejections_on;  // [worker * platforms + platform]

  // Money: earned = credited in total; held and available are pending (not yet paid out).
  std::vector<Money> earned, held, available, paid_out, forfeited;

  std::size_t size() const { return state.size(); }
  void resize(std::size_t n, std::size_t platforms);
};

}  // namespace gigsim
