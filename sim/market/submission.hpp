#pragma once
// Submitted work waiting for its review.
#include <cstdint>

#include "agents/worker_table.hpp"
#include "market/task_group.hpp"

namespace gigsim {

// Tens of millions wait at once in a national market, so it takes 16 bytes: what the review
// needs of the task group (reward, fee, requester, platform) is read from the group, which is
// not recycled while reviews of it are pending, and the submission number, the minutes worked,
// the place in the review calendar's block and two flags share one 64-bit word.
struct Submission {
  static constexpr std::uint64_t kMaxId = (std::uint64_t{1} << 39) - 1;     // 5.5e11 submissions a run
  static constexpr std::int64_t kMaxMinutes = (std::int64_t{1} << 19) - 1;  // 364 days
  static constexpr std::int64_t kBlockTicks = 16;  // ReviewCalendar's blocks: tick_in_block's range
  std::uint64_t id : 39 = 0;                       // order of submission, keys the review's random stream
  std::uint64_t minutes : 19 = 0;
  // The review's tick less its block's first, while the submission waits in a block of the
  // review calendar (0 once in its tick's bucket).
  std::uint64_t tick_in_block : 4 = 0;
  std::uint64_t quality_ok : 1 = 1;
  std::uint64_t auto_approved : 1 = 0;
  TaskGroupId group = -1;
  WorkerId worker = -1;
};
static_assert(sizeof(Submission) == 16);
static_assert(Submission::kBlockTicks == 1 << 4, "tick_in_block holds a place in a block");

}  // namespace gigsim
