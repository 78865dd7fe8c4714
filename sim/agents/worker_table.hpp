#pragma once
// Workers as a structure of arrays: the hot loops touch a few columns of many
// workers, so each column is contiguous. Index = WorkerId.
#include <cstdint>
#include <functional>
#include <vector>

#include "core/huge_page_allocator.hpp"
#include "core/money.hpp"

namespace gigsim {

using WorkerId = std::int32_t;

enum class WorkerState : std::uint8_t { offline, searching, working, qualifying, suspended, exited };

// In a session: in the active list, handled by the worker phase.
inline bool is_online(WorkerState s) {
  return s == WorkerState::searching || s == WorkerState::working || s == WorkerState::qualifying;
}

// What a worker does at the end of an assignment; drawn when it is accepted.
enum class WorkOutcome : std::uint8_t { submit, give_back, abandon };

// What the worker phase reads and writes for one worker, on one 64-byte cache line instead of a
// dozen columns a million rows long: the assignment in progress and the session's end (kept only
// here), copies of the traits and counts the search uses, and the learning factor. The worker
// phase is bound by memory; fetching these from separate columns was most of its time
// (docs/performance.md). Ticks, minutes and counts take 32 bits: a run is shorter than 2^31
// minutes (World's constructor checks), and a worker cannot submit more than once a tick.
struct alignas(64) WorkerActivity {
  // End of the assignment or qualification test in hand; when offline, the booked wake-up tick.
  std::int32_t busy_until_tick = 0;
  std::int32_t session_end_tick = 0;
  std::int32_t work_start_tick = 0;
  // Minutes of work submitted in the run; less the account's paid and rejected minutes, those
  // awaiting review (kept so that a review, which mostly finds the worker offline, need not
  // fetch this line).
  std::int32_t minutes_submitted = 0;
  std::int32_t tasks_submitted = 0;  // in the run (the learning curve's count; approved, rejected: account)
  std::int32_t task_group = -1;  // current assignment's group (a requester type while qualifying), -1 if none
  // The decisions on the session's platform (World::decisions_on; qualification thresholds),
  // kept while the worker is online and taken afresh when a session starts.
  std::int32_t approvals = 0, rejections = 0;
  // Assignments given back or abandoned, and the minutes they took (unpaid).
  std::int32_t minutes_returned = 0, tasks_returned = 0;
  double reservation_wage = 0;  // the trait, copied (currency per hour)
  float speed = 0, skill = 0;   // the traits, copied
  WorkOutcome work_outcome = WorkOutcome::submit;
  std::uint8_t work_quality_ok = 0, session_platform = 0;
  std::uint8_t qualifications = 0;  // bit per requester type
  std::uint8_t uses_tools = 0;      // the trait, copied
  // Minutes searched and not yet added to SessionLog::minutes_search (WorkerTable::minutes_search
  // adds them): a search then writes only this line. Moved over when the session ends, or before
  // they would overflow.
  std::uint16_t unlogged_search_minutes = 0;
};
static_assert(sizeof(WorkerActivity) == 64);

// Approvals and rejections on one platform's record (requesters' thresholds, fraud detection).
struct DecisionCount {
  std::int32_t approvals = 0, rejections = 0;
};

// What a review reads and writes for one worker, on one 64-byte line: the record of decisions,
// the minutes they cover and the balances they credit, with what routes the credit (forfeits,
// suspension, the home platform's hold, the balance epoch) and whether the worker is online
// (then the tick record's copy of the counts is updated too). A national market reviews about 14
// million submissions a day, each for a worker whose rows are no longer in any cache; from
// separate columns a review fetched ten lines (docs/performance.md). Counts take 32 bits: a
// worker submits at most once a tick, and a run is shorter than 2^31 ticks.
struct alignas(64) WorkerAccount {
  static constexpr std::uint8_t kNotOnline = 0xff;
  std::int32_t tasks_approved = 0, tasks_rejected = 0;  // on every platform
  std::int64_t minutes_paid = 0, minutes_rejected = 0;
  // earned: credited in total; held and available: pending (not yet paid out).
  Money earned = 0, held = 0, available = 0;
  std::uint32_t balance_epoch = 0;  // bumped when a balance is settled at once (suspension)
  std::uint8_t forfeits = 0;        // why credits no longer reach the worker (kForfeitBy..., 0: they do)
  std::uint8_t home_platform = 0;   // the trait: the platform that pays the worker out
  // The state as reviews need it, kept with the state column (World::check_invariants):
  std::uint8_t online_on = kNotOnline;  // the session's platform while online
  std::uint8_t suspended = 0;           // the state is WorkerState::suspended
};
static_assert(sizeof(WorkerAccount) == 64);

// What a session's start and end read and write, and what the worker phase writes on a
// session's less frequent paths: the session's start (read when the worker goes offline), the
// count of sessions, the search time, and the copies of the habit
// that the session length and the next session's draw (World::next_session_tick) use. Beside one
// another on the line the worker phase already fetches for the search time, instead of seven
// more columns whose misses were a fifth of that phase and most of the session phase. Ticks,
// minutes and counts take 32 bits, as in the tick record.
struct alignas(32) SessionLog {
  std::int32_t session_start_tick = 0;
  std::int32_t sessions = 0;        // sessions started (engagement tiers)
  std::int32_t minutes_search = 0;  // logged searching
  float session_minutes = 0;        // the trait, copied
  // The habit's sessions a week times the labour-supply response (World::sessions_per_week),
  // refreshed when that response changes (daily phase).
  double sessions_per_week = 0;
};
static_assert(sizeof(SessionLog) == 32);

// A tick in the tick record's 32 bits. Runs end before tick 2^31 - 1, so a later tick (an
// assignment that would end after the run) is never reached and is stored as the largest.
inline std::int32_t tick32(std::int64_t tick) {
  return tick > INT32_MAX ? INT32_MAX : static_cast<std::int32_t>(tick);
}

// The columns every tick reads at random (the worker phase, the resolution, reviews) are
// HotColumns (core/huge_page_allocator.hpp): at national size huge pages spare most of their
// TLB misses. The others stay on small pages, which waste less memory at the end of a block.
struct WorkerTable {
  // Traits, drawn at registration.
  std::vector<std::uint8_t> group, platform_mask, uses_tools, main_income;
  std::vector<float> skill, speed, hours_per_week, session_minutes;
  std::vector<double> reservation_wage;  // currency per hour
  std::vector<Money> household_income;   // per month, outside micro-work
  std::vector<std::int64_t> registered_tick, exit_tick;

  // Situation.
  HotColumn<WorkerState> state;
  HotColumn<WorkerActivity> activity;
  HotColumn<WorkerAccount> account;
  HotColumn<SessionLog> session_log;
  std::vector<std::uint8_t> under_notice, flagged_falsely;
  std::vector<float> supply_factor;  // labour supply response to the wage earned

  // Exact account of time, in minutes.
  // Search: session_log; returned: activity; paid, rejected: account.
  HotColumn<std::int64_t> minutes_qualification;
  std::vector<std::int64_t> week_minutes;  // logged this week (presumption of employment)
  std::vector<Money> week_earned;

  // Record with the platforms (submitted, returned: activity; approved, rejected: account).
  // [worker * platforms + platform], only in a market of several platforms: in one of a single
  // platform the account's totals are that platform's (World::decisions_on).
  HotColumn<DecisionCount> decisions_on;

  // Money (earned, held and available: account).
  std::vector<Money> paid_out, forfeited;

  std::size_t size() const { return state.size(); }
  // Minutes logged searching, including those the tick record has not yet moved to the log.
  std::int64_t minutes_search(std::size_t w) const {
    return std::int64_t{session_log[w].minutes_search} + activity[w].unlogged_search_minutes;
  }
  // Minutes a worker has logged: paid, search, rejected, returned and qualification.
  std::int64_t logged_minutes(std::size_t w) const {
    return account[w].minutes_paid + minutes_search(w) + account[w].minutes_rejected +
           activity[w].minutes_returned + minutes_qualification[w];
  }
  void resize(std::size_t n, std::size_t platforms);
  // resize's work, one callable per column, which may run on different threads: a million
  // workers' columns are about 250 MB, and each of their pages is a fault when first touched.
  std::vector<std::function<void()>> column_resizes(std::size_t n, std::size_t platforms);
  // Room for n workers without moving the columns: a column that grows past its capacity is
  // copied whole, the old and new blocks both held meanwhile.
  void reserve(std::size_t n, std::size_t platforms);
};

}  // namespace gigsim
