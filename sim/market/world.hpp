#pragma once
// The state of a running market and the phases of one tick. A tick is an
// ordered list of phases. The worker phase runs in parallel and writes nothing
// but the slots of the worker it handles and that worker's intent. Cross-agent
// effects (taking an assignment, submitting, going offline) are resolved
// afterwards in active-list order, in parallel parts by task group where they
// concern one group; the results do not depend on the number of threads.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include "agents/requester_table.hpp"
#include "agents/worker_table.hpp"
#include "core/loop_profile.hpp"
#include "core/parallel.hpp"
#include "core/part_modulo.hpp"
#include "core/rng.hpp"
#include "core/state_archive.hpp"
#include "core/tick_length.hpp"
#include "market/draws.hpp"
#include "market/event_calendar.hpp"
#include "market/learning_curve.hpp"
#include "market/ledger.hpp"
#include "market/listing.hpp"
#include "market/review_calendar.hpp"
#include "market/task_group.hpp"
#include "market/worker_parts.hpp"
#include "model/scenario.hpp"
#include "observe/metrics.hpp"
#include "observe/row_sink.hpp"
#include "rules/fees.hpp"
#include "rules/payout.hpp"

namespace gigsim {

// Why a worker's money no longer reaches them (WorkerTable::forfeits).
inline constexpr std::uint8_t kForfeitBySuspension = 1, kForfeitByLeaving = 2;

// What a review settles: the submission's terms, and for an overturned rejection what
// the rejection already paid.
struct Settlement {
  WorkerId worker = -1;
  std::int32_t requester = -1;
  std::uint8_t platform = 0;
  Money reward = 0, fee = 0;
  Money paid_on_reject = 0, fee_on_reject = 0;
  double median_minutes = 0;
};

// A rejected submission whose worker appealed; it outlives its task group.
struct Appeal {
  std::uint64_t id = 0;
  std::int32_t minutes = 0;
  bool quality_ok = true;
  Settlement terms;
};

struct Release {
  WorkerId worker;
  Money amount;
  std::uint32_t epoch;  // the worker's balance epoch when scheduled; a suspension starts a new one
};

struct AccountEvent {  // end of a suspension notice, or a suspension appeal's decision
  WorkerId worker;
  std::uint8_t platform;
};

struct GroupRef {
  TaskGroupId id;
  std::int64_t sequence;
};

// How an assignment will go if the worker gets it, drawn when it is chosen.
struct AssignmentPlan {
  std::int64_t ticks = 1;
  WorkOutcome outcome = WorkOutcome::submit;
  bool quality_ok = true;
};

// What a due worker decides this tick, in the worker phase. It stays on that phase's stack:
// what the resolution needs of it goes into the worker's event (ResolutionEvent) or its slot
// in the departures, and the worker's tick record. (A line per due worker, written in the
// worker phase and read again by the chunk pass, cost 2.8% of a tick at 2 threads by A/B.)
struct WorkerIntent {
  enum Kind : std::uint8_t { none, request, finish_work, go_offline };
  Kind kind = none;
  bool stay = false;  // after submitting, take another assignment of the group
  bool work_returned = false, work_quality_ok = false;  // a finished assignment: given back; good work
  bool auto_approved = false;  // a submission: the platform approves it at review_tick
  std::int32_t minutes = 0;    // a finished assignment's working time
  TaskGroupId group = -1;      // requested, or the finished assignment's
  std::uint64_t priority = 0;
  std::int64_t review_tick = 0;  // a submission's review (the requester's, or the platform's auto-approval)
};

// Where a credit to a worker went (World::credit_worker): its worker's side is applied first,
// the ledger's side after, so that reviews can apply the first in parallel.
struct CreditRoute {
  enum Kind : std::uint8_t { none, forfeited, paid_out, available, held };
  Kind kind = none;
  bool by_suspension = false;  // forfeited: the worker is silently suspended
  std::uint32_t epoch = 0;     // held: the worker's balance epoch
};

// A due review, decided and priced.
struct ReviewOutcome {
  bool rejected = false, appeals = false;
  std::uint8_t platform = 0;  // the group's, for the worker's side, which need not fetch the group
  Money to_worker = 0, fee = 0, fee_net = 0, spend = 0, contribution = 0, top_up = 0;
};

// What the requesters' side of the review phase leaves for the workers' side (2+ threads): the
// rest of the outcome is summed where it is priced. 16 bytes, where the whole outcome took 64:
// written on one core and read on the other, each line crosses between the cores.
struct ReviewVerdict {
  Money to_worker = 0;
  std::uint8_t platform = 0;
  bool rejected = false, appeals = false;
};
static_assert(sizeof(ReviewVerdict) == 16);

// A due review (its place among the tick's) whose settlement schedules an event: a held credit's
// release, an appeal.
struct ScheduledReview {
  std::uint32_t index = 0;
  CreditRoute credit;
};

// One worker's tick as the chunk's tally counts it.
// What a worker with tools (or under the transparency rule) reads of a group's requester: whether
// to avoid it, and the pay per hour it really gave (infinite before an hour of work, when the
// record says nothing and the announced pay stands).
struct RequesterView {
  double paid_per_hour = std::numeric_limits<double>::infinity();
  bool avoided = false;
};

struct IntentSummary {
  WorkerIntent::Kind kind = WorkerIntent::none;
  bool searched = false, qualified = false;  // minutes this tick went to search / a qualification test
};

// What the worker phase reads of the group of an assignment that ends (the review delay's
// distribution, the platform's terms, the next assignment's plan), copied out of the group line
// when the slot takes a posting and never written after. The group line itself is written every
// tick by its resolution part and its reviews, on the thread of its requester's part: read by
// the worker phase on the other thread, it went back and forth between the cores (1.3% of a
// tick at 2 threads, docs/performance.md).
struct GroupTerms {
  double estimated_minutes = 0, median_minutes = 0;
  std::uint8_t platform = 0, requester_type = 0;
  static GroupTerms of(const TaskGroup& g) {
    return GroupTerms{g.estimated_minutes, g.median_minutes, g.platform, g.requester_type};
  }
  bool operator==(const GroupTerms&) const = default;
};
static_assert(sizeof(GroupTerms) == 24);

// What the review of a submitted assignment needs of the worker's intent, in the 64 bits a
// request's priority takes.
struct SubmittedWork {
  std::uint64_t review_tick : 32;  // when filed: a tick of the run, below 2^31
  std::uint64_t minutes : 19;      // at most Submission::kMaxMinutes (checked before it is read)
  std::uint64_t number : 11;       // its place among its chunk's submissions
  std::uint64_t quality_ok : 1;
  std::uint64_t auto_approved : 1;
};
static_assert(sizeof(SubmittedWork) == 8);

// A due worker whose intent concerns a task group (a request or a finished assignment), with
// what the group's side of the resolution needs of it: the parts by group stream these,
// written beside their chunk's others, instead of fetching each intent's line from the core
// that wrote it. Only the worker phase writes them.
struct ResolutionEvent {
  enum Kind : std::uint8_t { request, submitted, given_back };
  std::uint32_t due_index;  // place in due_
  TaskGroupId group;
  WorkerId worker;
  Kind kind;
  bool stay;   // submitted: the worker wants another assignment of the group
  bool filed;  // submitted: its review falls within the run
  union {
    std::uint64_t priority;  // a request's
    SubmittedWork work;      // submitted (a stay's request has priority 0)
  };
};
static_assert(sizeof(ResolutionEvent) == 24);

// A session's end (World::end_session): the worker's next session, and the fraud detector's
// false-positive flag, handled serially.
struct Wakeup {
  std::int64_t tick;  // -1: not within the run
  WorkerId worker;
  bool flagged;
};

// What one fixed-size chunk of the due workers left for the resolution. The chunks do not
// depend on the number of threads, so neither do the submission numbers counted from them.
struct ChunkTally {
  std::uint32_t events = 0, departures = 0, submissions = 0;
  std::uint32_t searching = 0, qualifying = 0;
  std::uint32_t tasks_returned = 0;  // assignments given back, and their minutes
  std::int64_t minutes_returned = 0;
  bool minutes_overflow = false;       // an assignment too long for a Submission
  std::uint64_t first_submission = 0;  // submissions in earlier chunks this tick
};

struct StagedReview {  // a submission on its way into the review calendar
  std::int64_t tick;
  Submission submission;
};

struct MatchRequest {
  TaskGroupId group;
  WorkerId worker;  // breaks ties between equal priorities
  std::uint64_t priority;
  std::uint32_t due_index;  // the worker's place in due_, should the request be refused
};

// A request (or a stay) not granted: the worker phase wrote its worker in as working, and the
// filing parts put it back to searching (World::put_back_refused).
struct Refusal {
  WorkerId worker;
  std::uint32_t due_index;
};

// A group with more requests this tick than assignments left: its requests, at
// [offset, offset + count) of GroupEffects::contested.
struct ContestedGroup {
  TaskGroupId group;
  std::uint32_t offset, count, filled;
};

// What resolving the intents on a set of task groups does outside those groups. The
// resolution splits the groups into parts that run in parallel; each part keeps its
// effects here and they are booked serially afterwards, the released groups in the order
// the serial resolution would have released them (`key`: the intent's place in due_). Each
// part's effects start a cache line: their counters and vector ends are written all through it.
struct alignas(64) GroupEffects {
  std::int64_t tasks_submitted = 0, tasks_expired = 0, tasks_accepted = 0;
  std::int64_t latency_minutes_sum = 0, latency_count = 0;
  std::size_t reviews_filed = 0, reviews_dropped = 0;
  std::vector<std::int64_t> submitted_on, dead_on;  // per platform: submissions, listing entries gone dead
  std::vector<std::pair<std::uint32_t, TaskGroupId>> released;  // (key, group), ascending keys
  std::vector<TaskGroupId> relisted;                            // given-back assignments listed again
  std::vector<MatchRequest> requests, contested;                // this part's matching
  std::vector<ContestedGroup> contested_groups;
  std::vector<Refusal> refused;
  // Per filing part: the numbers of this part's staged reviews it files, ascending.
  std::vector<std::vector<std::uint32_t>> to_file;
};

// An online worker's entry in the active list. Four in ten online worker-ticks are spent in
// the middle of an assignment with nothing to do; `quiet_until` lets the tick loops skip such
// a worker without touching its columns, which lie far apart in memory. An entry is eight
// bytes, so that the passes over the list each tick (the due workers, the arrivals' merge,
// the departures' removal) stream half the memory they did with a 64-bit tick.
struct OnlineWorker {
  static constexpr std::int32_t kLeft = INT32_MAX;  // went offline; leaves the list at the tick's end
  WorkerId id = -1;
  std::int32_t quiet_until = 0;  // nothing to do before this tick (working, not yet due)
  // A busy-until tick as a quiet-until one: a saturated tick32 must not read as kLeft.
  static std::int32_t quiet(std::int32_t busy_until_tick) { return std::min(busy_until_tick, kLeft - 1); }
};
static_assert(sizeof(OnlineWorker) == 8);

// One part's share of a pass split over the threads (scratch reused every tick); each part's
// lists start a cache line, as they are resized by that part's thread.
struct alignas(64) PartList {
  std::vector<std::uint32_t> items, merged;  // merged: the filing's scratch
  std::size_t booked = 0, dropped = 0;       // the filing: wake-ups booked, and past the run
  std::vector<std::uint32_t> released;       // the review phase: due reviews after which a group is free
  std::vector<OnlineWorker> arrived;         // the session phase: workers who came online
};

// Platform settings as the model uses them, derived once from the scenario.
struct PlatformRuntime {
  FeeSchedule fees;
  PayoutTerms payout;
  Money minimum_reward = 0;
  bool employment_presumed = false;
  std::int64_t reversal_ticks = 0;
  std::array<double, 2> find_per_tick{};  // chance to find a candidate in one tick, without / with tools
  double false_positive_per_minute = 0;
  double cost_multiplier_of_regulation = 1.0;  // cost per task with regulation / without
};

struct PlatformTotals {
  Money requester_spend = 0, platform_fees = 0, platform_fees_gross = 0, social_contributions = 0,
        worker_credit = 0, employment_top_up = 0;
  std::int64_t tasks_submitted = 0, tasks_approved = 0, tasks_rejected = 0, suspensions = 0,
               requesters_arrived_by_switching = 0;
};

// What settling reviews adds to the ledger, the interval and the platforms' totals, summed
// apart (World::book_delta then adds it): the review phase's parts each sum their own reviews,
// and integer sums come out the same in any order. Each part's starts a cache line.
struct alignas(64) LedgerDelta {
  MoneyFlows money;  // added to the ledger's and the interval's
  TaskCounts tasks;  // likewise
  std::int64_t minutes_paid = 0, minutes_rejected = 0;
  Money pending = 0;
  // One per platform, each on lines of its own: the parts' vectors are small heap blocks that
  // would otherwise share a line, written at every review.
  struct alignas(64) PlatformSums {
    PlatformTotals totals;
  };
  std::vector<PlatformSums> platforms;
  // Due reviews whose settlement schedules an event, scheduled afterwards in calendar order.
  std::vector<ScheduledReview> scheduling;
};

class World {
 public:
  World(const Scenario& scenario, int threads, bool parallel);
  ~World();

  void step();  // one tick
  // Parameters change from the next tick on (an intervention): platforms' terms, rules, the
  // rhythm of sessions and requesters' pricing follow `next`; agents keep their drawn traits.
  void apply_intervention(const Scenario& next);
  std::int64_t tick() const { return tick_; }
  // Checkpoints (world_checkpoint.cpp): everything a run changes. load_state expects a World
  // built from the same scenario, with the interventions applied so far applied to it.
  void save_state(StateWriter& out) const;
  void load_state(StateReader& in);

  void describe(std::vector<MetricInfo>& catalogue) const;  // the time-series catalogue
  bool interval_ends() const;                               // after step(): a row is due
  MetricRow take_row();                                     // fills and resets the interval
  std::vector<FinalTable> final_tables() const;
  RunSummary summary() const;
  // Throws gigsim::Error on the first broken invariant (money identity, task
  // conservation, negative balances).
  void check_invariants() const;

  // Read access for tests.
  const Scenario& scenario() const { return scenario_; }
  const WorkerTable& workers() const { return workers_; }
  const RequesterTable& requesters() const { return requesters_; }
  const std::vector<TaskGroup>& task_groups() const { return groups_; }
  const Ledger& ledger() const { return ledger_; }
  const std::vector<PlatformRuntime>& platforms() const { return platforms_; }
  const std::vector<PlatformTotals>& platform_totals() const { return platform_totals_; }
  std::size_t active_count() const { return active_.size() - left_listed_; }
  // Wall seconds spent so far in the loops a tick splits over threads (serially with --serial).
  // The rest of a phase runs on one thread whatever the thread count: gigsim_phase_profile
  // reports it, the bound it puts on the speed-up (docs/performance.md).
  double parallel_loop_seconds() const { return parallel_loop_seconds_; }
  // Times every item of those loops into `profile` (null: stops). Results do not change; the
  // clock reads cost a little time (gigsim_phase_profile --loops).
  void profile_loops(LoopProfile* profile) { loop_profile_ = profile; }

 private:
  friend struct WorldTestAccess;
  // Initialisation (world_setup.cpp).
  void setup_platforms();
  void setup_requesters();
  void derive_platform_terms();     // platforms' effective terms from the scenario
  void derive_activity_profiles();  // workers' weekly rhythm per group
  void derive_behaviour_tables();   // learning curve, review delays
  void relist(std::size_t platform);
  void reprice_requesters();   // price elasticity and platform switching
  void reserve_worker_rows();  // the registered workers and the run's expected arrivals
  // Renumbers workers first..n-1, just drawn, by intended hours per week, most first.
  void number_by_hours(std::size_t first, std::size_t n);
  void register_workers(std::int64_t count, std::int64_t tick);
  // The tick a session starts after from_tick (-1 if not within the run); reads only.
  // Sessions a week the worker's habit and labour-supply response give (SessionLog's copy).
  double sessions_per_week(std::size_t w) const;
  std::int64_t next_session_tick(WorkerId w, std::int64_t from_tick, std::uint64_t draw_key) const;
  void book_next_session(WorkerId w, std::int64_t tick);
  void schedule_next_session(WorkerId w, std::int64_t from_tick, std::uint64_t draw_key) {
    book_next_session(w, next_session_tick(w, from_tick, draw_key));
  }
  // The tick of requester r's next post after from_tick (-1: it posts no more); reads only.
  std::int64_t next_post_tick(std::int32_t r, std::int64_t from_tick) const;
  void schedule_next_post(std::int32_t r, std::int64_t from_tick);
  // A new group of requester r, drawn on the stream of posting number draw_key; reads only. Its
  // slot, sequence and listing are the posting phase's.
  TaskGroup draw_group(std::int32_t r, std::int64_t draw_key) const;

  // Phases (one file each).
  void run_daily_phase();    // phase_daily.cpp: arrivals, payouts, exits, detection, payroll
  void run_posting_phase();  // phase_posting.cpp: requesters post, groups expire
  void run_session_phase();  // phase_sessions.cpp: workers come online
  // A booked wake-up: starts the session unless a later booking replaced it; writes only w's rows.
  bool start_session(WorkerId w);
  void prefetch_session_columns(WorkerId w) const;
  void run_worker_phase();        // phase_workers.cpp: parallel decisions
  void resolve_worker_intents();  // phase_resolution.cpp: finished work and matching, by groups
  // phase_resolution.cpp: this tick's submissions into the review calendar and its departures'
  // wake-ups into the session calendar, in parts by tick; with several parts, then the listing
  // of the tick's due reviews for the review phase (list_due_reviews).
  void file_bookings();
  void run_review_phase();  // phase_review.cpp: approvals, rejections, appeals, releases
  // phase_review.cpp: each due review's requester and requester part into review_requesters_ and
  // review_parts_, by blocks claimed from `next`, so that any number of threads may share it.
  void list_due_reviews(std::span<const Submission> due, std::atomic<std::size_t>& next);
  void run_account_phase();  // phase_accounts.cpp: notices, human review, suspension appeals
  bool daily_phase_due() const { return tick_ % ticks_per_day_ == 0; }
  void end_tick();  // world_step.cpp: online workers counted; listings swept

  // Shared actions.
  AssignmentPlan plan_assignment(const WorkerActivity& a, double estimated_minutes, double median_minutes,
                                 Stream& s) const;
  // The worker phase's decision for the due worker at place j of due_; sets the intent only when
  // the kind is not none (phase_workers.cpp).
  IntentSummary decide_worker_tick(std::size_t j, WorkerIntent& intent);
  // A request's assignment, written into the worker's tick record as if granted (phase_workers.cpp).
  void hold_assignment(std::size_t uw, WorkerActivity& a, OnlineWorker& online, TaskGroupId group,
                       const AssignmentPlan& plan, bool quiet_when_granted);
  // The groups' side of the resolution, part `part` of `parts` (phase_resolution.cpp): every
  // event on those groups, in due_ order, then their matching. Writes only those groups, the
  // part's effects (refusals included) and the staged reviews of its events.
  void resolve_part(std::size_t part, std::size_t parts);
  // A submitted event's review, if filed, staged in its slot of staged_reviews_ and listed for
  // its filing part; `chunk_first`: the submissions in chunks before the event's.
  void stage_review(const ResolutionEvent& e, std::uint64_t chunk_first, std::size_t parts, GroupEffects& fx);
  // The sessions ending in the worker-phase chunks that part `part`'s thread ran (all of them
  // with one part), into wakeups_.
  void end_chunk_sessions(std::size_t part, std::size_t parts);
  // The refused requests' workers of the chunks that part `part`'s thread ran, back to searching.
  void put_back_refused(std::size_t part, std::size_t parts);
  // A session's end, after the worker phase set the state: the false-positive draw, the next
  // session's tick (also into the tick record), the search minutes moved to the log.
  Wakeup end_session(WorkerId w);
  std::size_t part_of(TaskGroupId g) const;  // a group's resolution part: its requester's
  // Stores chunk k's resolution events (`events`, the chunk's tally of them) in its slots, ordered
  // by part when there are several, for resolve_part (phase_resolution.cpp).
  void store_chunk_events(std::size_t k, std::size_t parts, const ResolutionEvent* events);
  // The group's side of a finished assignment; true when the worker gets the next one of the group.
  bool finish_assignment(const ResolutionEvent& e, GroupEffects& fx);
  void match_requests(GroupEffects& fx);
  void grant_assignment(const MatchRequest& r, GroupEffects& fx);  // the group's side
  void return_assignment_to_group(TaskGroupId g, std::uint32_t key, GroupEffects& fx);
  void close_group(TaskGroupId g, std::uint32_t key, GroupEffects& fx);
  void release_group_if_done(TaskGroupId g, std::uint32_t key, GroupEffects& fx);
  void book_group_effects(const GroupEffects& fx);  // to the ledger, listings and pool of groups
  // The same, booked at once: for the serial phases.
  void return_assignment_to_group(TaskGroupId g);
  // `wages`: an employer's pay (presumption of employment), owed even after a suspension or exit.
  void credit_worker(WorkerId w, std::uint8_t platform, Money amount, bool wages = false);
  // credit_worker's two sides: the worker's balances (writes only worker w), then the ledger's.
  CreditRoute credit_worker_side(WorkerId w, std::uint8_t platform, Money amount, bool wages);
  void book_credit(WorkerId w, std::uint8_t platform, Money amount, const CreditRoute& route);
  void forfeit(WorkerId w, Money amount);  // books by the reason in workers_.forfeits
  void flag_worker(WorkerId w, std::uint8_t platform, bool false_positive);
  void suspend_worker(WorkerId w, std::uint8_t platform, bool forfeit);
  void exit_worker(WorkerId w);
  void leave_active_work(WorkerId w);
  void settle_review(const Settlement& s, bool rejected);
  // The ledger's side of a review and of a credit, summed into `d` (phase_review.cpp). add_credit
  // returns true when the credit is held: its release is to be scheduled (schedule_release).
  void add_review(std::uint8_t platform, const ReviewOutcome& out, LedgerDelta& d) const;
  static bool add_credit(std::uint8_t platform, Money amount, const CreditRoute& route, LedgerDelta& d);
  void schedule_release(WorkerId w, Money amount, const CreditRoute& route);
  void book_delta(LedgerDelta& d);  // into the ledger, interval and platforms; `d` is zeroed
  // A review's money, from its terms and decision (reads only the scenario).
  void price_review(const Settlement& s, bool rejected, ReviewOutcome& out) const;
  void book_review(std::uint8_t platform, const ReviewOutcome& out);  // the ledger's and platform's side
  void release_group_if_done(TaskGroupId g);  // back to the pool once nothing refers to it
  void close_group(TaskGroupId g);
  // The learning factor at the worker's tasks_submitted (the tick record's count; the curve's
  // table is small enough to stay in cache, so the tick record keeps no copy of the factor).
  double learning_factor(WorkerId w) const;
  RequesterView requester_view(std::int32_t r, std::uint8_t platform) const;
  double in_ticks(double minutes) const { return tick_length_.ticks(minutes); }
  // Workers handled this many positions later in a loop over the active list have their
  // columns requested from memory early (phase_workers.cpp).
  static constexpr std::size_t kPrefetchAhead = 8;
  void prefetch_worker_phase_columns(WorkerId w) const;                // reads the state, asked for earlier
  static void log_search_minutes(WorkerActivity& a, SessionLog& log);  // the tick record's into the log
  void prefetch_review_worker(const Submission& sub) const;            // the worker's rows
  void prefetch_review_activity(const Submission& sub) const;          // an online worker's tick record
  double approval_rate(WorkerId w, std::uint8_t platform) const;
  // A worker's decisions on one platform's record: the account's totals in a market of one.
  DecisionCount decisions_on(WorkerId w, std::uint8_t platform) const;
  static double approval_rate(std::int32_t approvals, std::int32_t rejections);
  // Adds review decisions to the worker's record with a platform (and to its tick state's copy).
  void count_decisions(WorkerId w, std::uint8_t platform, std::int32_t approvals, std::int32_t rejections);
  std::int64_t logged_minutes(std::size_t w) const { return workers_.logged_minutes(w); }
  // Wage statistics cover workers who have submitted work, as in the field's task-log samples.
  bool in_wage_sample(std::size_t w) const {
    return workers_.activity[w].tasks_submitted > 0 && logged_minutes(w) > 0;
  }
  void write_row(RowSink& sink) const;  // measurement.cpp

  // The once-a-day passes over the worker table (the daily decisions and payouts, an interval's
  // row) run in parallel over fixed chunks of workers, chunk k being workers
  // [k * kWorkerChunk, worker_chunk_end(k)); their results are combined in chunk order.
  static constexpr std::size_t kWorkerChunk = std::size_t{1} << 14;
  std::size_t worker_chunks() const { return (workers_.size() + kWorkerChunk - 1) / kWorkerChunk; }
  std::size_t worker_chunk_end(std::size_t k) const {
    return std::min(workers_.size(), (k + 1) * kWorkerChunk);
  }

  // The passes split over threads run in this many parts: one per thread, one when serial.
  std::size_t parts() const {
    return static_cast<std::size_t>(parallel_ ? std::max(1, arena_->max_concurrency()) : 1);
  }
  // for_each_index on the world's threads (parallel or serial, same result), timed, and item by
  // item where a LoopProfile is given (profile_loops). `split`: a grain, or an
  // affinity_partitioner.
  template <typename F, typename Split = std::size_t>
  void parallel_loop(std::size_t n, F&& f, Split&& split = 256, const char* file = __builtin_FILE(),
                     unsigned line = __builtin_LINE(), const char* function = __builtin_FUNCTION()) const {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    if (loop_profile_ == nullptr) {
      for_each_index(*arena_, parallel_, n, std::forward<F>(f), std::forward<Split>(split));
    } else {
      for_each_index(
          *arena_, parallel_, n,
          [&](std::size_t i) {
            const auto item_start = Clock::now();
            f(i);
            loop_profile_->add_item(tbb::this_task_arena::current_thread_index(),
                                    std::chrono::duration<double>(Clock::now() - item_start).count());
          },
          std::forward<Split>(split));
    }
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    parallel_loop_seconds_ += wall;
    if (loop_profile_ != nullptr) loop_profile_->end_loop(file, line, function, wall);
  }

  Scenario scenario_;  // replaced by interventions; the structure never changes
  const bool parallel_;
  std::unique_ptr<tbb::task_arena> arena_;
  mutable double parallel_loop_seconds_ = 0;  // a measurement, added to by const passes too
  LoopProfile* loop_profile_ = nullptr;       // not owned
  std::int64_t tick_ = 0;
  TickKey tick_key_;  // TickKey(seed, tick_), set by the phases that open a stream per agent
  std::int64_t ticks_per_day_ = 1440;
  std::int64_t interval_ticks_ = 60;
  std::int64_t group_sequence_ = 0;
  std::uint64_t submission_sequence_ = 0;

  std::vector<PlatformRuntime> platforms_;
  std::vector<PlatformTotals> platform_totals_;
  std::vector<Listing> listings_;
  std::vector<ListingTop> listing_tops_;                    // gathered at the start of each worker phase
  std::vector<std::vector<RequesterView>> top_requesters_;  // per listing: its top groups' requesters
  std::vector<std::array<double, 168>> weekly_activity_;    // per worker group, by UTC hour of week
  std::vector<double> activity_peak_, activity_mean_;
  // Derived from the scenario's behaviour (derive_behaviour_tables), for the hot path.
  LearningCurve learning_curve_;
  std::vector<LogNormalDraw> review_delay_hours_;  // per requester type
  std::array<double, 2> search_rate_{};  // listing positions' exponential rate, without / with tools
  TickLength tick_length_;               // minutes to ticks

  WorkerTable workers_;
  RequesterTable requesters_;
  std::vector<TaskGroup> groups_;
  std::vector<TaskGroupId> free_groups_;
  // Each group slot's requester, as in groups_, kept dense: the review phase's requester-side
  // parts pick their reviews by requester, and a 120-byte group line per review to learn it
  // was a quarter of that pass. Written with groups_ at posting and at a checkpoint's load.
  std::vector<std::int32_t> group_requesters_;
  std::vector<GroupTerms> group_terms_;  // each slot's, written with groups_ as group_requesters_ is
  // Each requester's part in the passes split by requester (the resolution's groups, the reviews'
  // requesters' side): requesters' volumes are Pareto-distributed, so parts by id modulo left
  // one part with far more work than the other. Dealt once, largest expected volume first to the
  // least loaded part; which part a requester is in never changes a result.
  std::vector<std::uint16_t> requester_parts_;
  PartModulo part_modulo_;  // a % parts(), by multiplication (a worker's, a block's part)
  void deal_requesters_to_parts();

  // This tick's posts, drawn (in parallel parts at 2+ threads), in calendar order.
  struct Post {
    TaskGroup group;
    std::int64_t next_post_tick;  // -1: none
  };
  std::vector<Post> posted_;

  std::vector<OnlineWorker> active_;    // online workers, in ascending id order
  std::vector<OnlineWorker> merged_;    // scratch for keeping active_ ordered
  std::vector<OnlineWorker> arrivals_;  // the session phase's parts' arrivals, merged
  // Scratch for that merge. Not merged_: after the merge's swaps merged_ held a few hundred
  // entries, and the rebuild's resize value-initialised the whole list again each tick.
  std::vector<OnlineWorker> arrivals_merging_;
  // Entries marked kLeft stay in active_ until the next session phase rebuilds the list, in
  // parallel by chunks of kListChunk places, arrivals merged in (phase_sessions.cpp); this
  // many are in it now.
  std::size_t left_listed_ = 0;
  static constexpr std::size_t kListChunk = 2048;
  // Per chunk of the rebuild: its kept entries' count, then its first place in the new list;
  // and its arrivals' first place in arrivals_ (one more entry each: the end).
  std::vector<std::size_t> list_places_, list_arrivals_;
  // The worker phase's chunks: kResolutionChunk places of active_ each (the last one shorter),
  // and as many slots of due_, resolution_events_, departures_ and wakeups_ each.
  static constexpr std::size_t kResolutionChunk = 512;
  static_assert(kResolutionChunk <= 1u << 11, "SubmittedWork::number holds a place in a chunk");
  // This tick, chunk k's slots from k * kResolutionChunk: the places in active_ of the chunk's
  // workers not quiet, in active-list order.
  std::vector<std::uint32_t> due_;
  std::vector<ChunkTally> chunk_tallies_;
  std::vector<ResolutionEvent> resolution_events_;  // chunk k's at [k * kResolutionChunk, + tally.events)
  // The worker phase's chunks stay on their threads from tick to tick, and the passes split by
  // worker follow the chunks' threads (chunk_parts_), finding the tick records in their cache.
  tbb::affinity_partitioner chunk_affinity_;
  // The part whose thread ran each chunk this tick, and the id ranges they make: the passes
  // split by worker follow them (worker_parts.hpp).
  std::vector<std::uint16_t> chunk_parts_;
  WorkerParts worker_parts_;
  // With several parts, each chunk's events are ordered by resolution part (then due_ order),
  // part p's at [offsets[p], offsets[p + 1]) of the chunk's, offsets at k * (parts + 1).
  std::vector<std::uint32_t> resolution_offsets_;
  std::vector<std::uint32_t> departures_;  // places in due_, chunk k's as above
  // A departure's next wake-up, written by the resolution part of its chunk's thread beside its
  // chunk's others (slots as departures_), for the filing parts to book in the session calendar.
  std::vector<Wakeup> wakeups_;
  std::vector<GroupEffects> resolution_parts_;
  GroupEffects serial_effects_;  // the serial phases' group changes, booked at once
  std::vector<std::pair<std::uint32_t, TaskGroupId>> released_;  // scratch: the parts' releases merged
  std::vector<StagedReview> staged_reviews_;                     // this tick's filed submissions by number
  std::vector<ReviewVerdict> review_verdicts_;  // this tick's due reviews, decided (2+ threads)
  std::vector<std::uint32_t> review_parts_;  // this tick's due reviews: their requester's part (2+ threads)
  std::vector<std::int32_t> review_requesters_;      // ... and their requester (2+ threads)
  std::int64_t reviews_listed_at_ = -1;              // the tick whose due reviews those two list
  std::vector<PartList> part_lists_;                 // per part: its reviews or filings this tick
  std::vector<std::uint32_t> released_reviews_;      // scratch: the parts' released lists merged
  std::vector<LedgerDelta> review_deltas_;           // per part: its reviews' sums
  std::vector<ScheduledReview> scheduling_reviews_;  // scratch: the parts' scheduling lists merged
  LedgerDelta serial_delta_;                         // the serial phases' credits, booked at once

  EventCalendar<WorkerId> sessions_;
  EventCalendar<std::int32_t> posts_;
  EventCalendar<GroupRef> expiries_;
  ReviewCalendar reviews_;
  EventCalendar<Appeal> appeals_;
  EventCalendar<Release> releases_;
  EventCalendar<AccountEvent> notices_;
  EventCalendar<AccountEvent> suspension_appeals_;

  Ledger ledger_;
  IntervalCounters interval_;
  std::vector<PlatformTotals> platform_totals_at_last_row_;
  // Reused buffers: the interval rows allocate only when the population grows.
  // The wage sample's joined lists (a, b, i, j) are resized, never cleared: resized up from
  // empty, they were value-initialised again each row. r: the requesters' pay per hour.
  mutable std::vector<double> scratch_a_, scratch_b_, scratch_r_;
  mutable std::vector<std::int64_t> scratch_i_, scratch_j_, sort_buffer_;
  // An interval row's wage sample, by worker chunk (measurement.cpp), and its lists by group.
  struct WageSample {
    std::vector<double> with_unpaid, without_unpaid;
    std::vector<std::int64_t> earned, tasks;
    std::vector<std::vector<double>> by_group;
    std::int64_t below_minimum = 0, below_reservation = 0;
  };
  mutable std::vector<WageSample> wage_sample_;
  mutable std::vector<std::vector<double>> wage_by_group_;
};

}  // namespace gigsim
