// Saving and loading the state of a running market (checkpoints, docs/robustness.md).
// Everything a tick changes is saved; what follows from the scenario (platforms' terms,
// activity profiles, the tick arithmetic) is derived again from it, so a World is first
// built from the scenario, brought to the scenario in force (the interventions applied
// so far), and then loaded. Randomness is counter-based (core/rng.hpp): there is no
// generator position to save, only the counters that key streams (submission ids,
// group sequence numbers) and the tick.
//
// When a member is added to World, WorkerTable, RequesterTable or one of the records
// below, it must be added here too: the static_asserts catch the tables and records,
// and tests/market/test_checkpoint.cpp (resume at several ticks == an uninterrupted
// run, bit for bit) catches the rest.
#include <type_traits>

#include "market/world.hpp"

namespace gigsim {
namespace {

// Records saved as bytes must stay plain data.
static_assert(std::is_trivially_copyable_v<TaskGroup>);
static_assert(std::is_trivially_copyable_v<Submission>);
static_assert(std::is_trivially_copyable_v<Appeal>);
static_assert(std::is_trivially_copyable_v<Release>);
static_assert(std::is_trivially_copyable_v<AccountEvent>);
static_assert(std::is_trivially_copyable_v<GroupRef>);
static_assert(std::is_trivially_copyable_v<PlatformTotals>);
static_assert(std::is_trivially_copyable_v<Ledger>);
static_assert(std::is_trivially_copyable_v<IntervalCounters>);
static_assert(std::is_trivially_copyable_v<Listing::Entry>);

// The tables are structures of vectors; a new column changes their size and stops the build here.
constexpr std::size_t kWorkerColumns = 25;
constexpr std::size_t kRequesterColumns = 10;
static_assert(sizeof(WorkerTable) == kWorkerColumns * sizeof(std::vector<int>),
              "WorkerTable has a new column: save and load it below, then update kWorkerColumns");
static_assert(sizeof(RequesterTable) == kRequesterColumns * sizeof(std::vector<int>),
              "RequesterTable has a new column: save and load it below, then update kRequesterColumns");

template <typename Table, typename Archive>
void for_each_worker_column(Table& w, Archive&& f) {
  f(w.group), f(w.platform_mask), f(w.uses_tools), f(w.main_income);
  f(w.skill), f(w.speed), f(w.hours_per_week), f(w.session_minutes);
  f(w.reservation_wage), f(w.household_income), f(w.registered_tick), f(w.exit_tick);
  f(w.state), f(w.activity), f(w.account), f(w.session_log);
  f(w.under_notice), f(w.flagged_falsely), f(w.supply_factor);
  f(w.minutes_qualification);
  f(w.week_minutes), f(w.week_earned);
  f(w.decisions_on);
  f(w.paid_out), f(w.forfeited);
}

template <typename Table, typename Archive>
void for_each_requester_column(Table& r, Archive&& f) {
  f(r.type), f(r.platform), f(r.initial_platform), f(r.activity), f(r.intended_pay), f(r.volume_factor);
  f(r.switched), f(r.groups_posted), f(r.assignments_posted), f(r.record);
}

// Every column visited once: checked when saving, so a column added to the table and its
// size count but not to the visitor is caught by the first checkpoint test.
template <typename Table, typename Visit>
std::size_t count_columns(Table& t, Visit visit) {
  std::size_t n = 0;
  visit(t, [&](const auto&) { ++n; });
  return n;
}

// The sizes of what is saved as bytes: a build whose records differ (a field added, a type
// changed) refuses the state instead of misreading it, even under the same version and commit.
std::uint64_t layout_fingerprint() {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const std::size_t n :
       {sizeof(TaskGroup),        sizeof(Submission),      sizeof(Appeal),         sizeof(Release),
        sizeof(AccountEvent),     sizeof(GroupRef),        sizeof(WorkerActivity), sizeof(WorkerAccount),
        sizeof(SessionLog),       sizeof(RequesterRecord), sizeof(PlatformTotals), sizeof(Ledger),
        sizeof(IntervalCounters), sizeof(Listing::Entry),  sizeof(WorkerTable),    sizeof(RequesterTable),
        sizeof(WorkerState),      sizeof(WorkOutcome),     sizeof(Money),          sizeof(DecisionCount)}) {
    h ^= static_cast<std::uint64_t>(n);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

void Listing::save_state(StateWriter& out) const {
  out.value(order_);
  out.vector(entries_);
  out.value(static_cast<std::uint64_t>(dead_));
}

void Listing::load_state(StateReader& in) {
  in.value(order_);
  in.vector(entries_);
  dead_ = static_cast<std::size_t>(in.value<std::uint64_t>());
}

void World::save_state(StateWriter& out) const {
  out.tag("WRLD");
  out.value(layout_fingerprint());
  out.value(tick_);
  out.value(ticks_per_day_);
  out.value(interval_ticks_);
  out.value(group_sequence_);
  out.value(submission_sequence_);
  out.value(static_cast<std::uint64_t>(platforms_.size()));

  out.tag("TOTL");
  out.vector(platform_totals_);
  out.vector(platform_totals_at_last_row_);
  out.value(ledger_);
  out.value(interval_);

  out.tag("LIST");
  out.value(static_cast<std::uint64_t>(listings_.size()));
  for (const Listing& l : listings_) l.save_state(out);

  if (count_columns(workers_, [](auto& t, auto&& f) { for_each_worker_column(t, f); }) != kWorkerColumns ||
      count_columns(requesters_, [](auto& t, auto&& f) { for_each_requester_column(t, f); }) !=
          kRequesterColumns)
    throw Error("World::save_state: a table column is not saved (world_checkpoint.cpp)");
  out.tag("WRKR");
  out.value(static_cast<std::uint64_t>(kWorkerColumns));
  for_each_worker_column(workers_, [&](const auto& column) { out.vector(column); });
  out.tag("RQST");
  out.value(static_cast<std::uint64_t>(kRequesterColumns));
  for_each_requester_column(requesters_, [&](const auto& column) { out.vector(column); });

  out.tag("GRPS");
  out.vector(groups_);
  out.vector(free_groups_);
  // Only who is online: quiet_until is a shortcut the next worker phase re-derives.
  std::vector<WorkerId> online;
  online.reserve(active_.size());
  for (const OnlineWorker& o : active_)
    if (o.quiet_until != OnlineWorker::kLeft) online.push_back(o.id);
  out.vector(online);

  out.tag("CLDR");
  sessions_.save_state(out, tick_);
  posts_.save_state(out, tick_);
  expiries_.save_state(out, tick_);
  reviews_.save_state(out, tick_);
  appeals_.save_state(out, tick_);
  releases_.save_state(out, tick_);
  notices_.save_state(out, tick_);
  suspension_appeals_.save_state(out, tick_);
  out.tag("END.");
}

void World::load_state(StateReader& in) {
  in.tag("WRLD");
  if (in.value<std::uint64_t>() != layout_fingerprint())
    throw Error("saved state does not match this model (it was saved by a build whose records differ)");
  in.value(tick_);
  in.expect_count(static_cast<std::uint64_t>(in.value<std::int64_t>()),
                  static_cast<std::uint64_t>(ticks_per_day_), "ticks per day");
  in.expect_count(static_cast<std::uint64_t>(in.value<std::int64_t>()),
                  static_cast<std::uint64_t>(interval_ticks_), "ticks per reporting interval");
  in.value(group_sequence_);
  in.value(submission_sequence_);
  in.expect_count(in.value<std::uint64_t>(), platforms_.size(), "platforms");

  in.tag("TOTL");
  in.vector(platform_totals_);
  in.vector(platform_totals_at_last_row_);
  in.expect_count(platform_totals_.size(), platforms_.size(), "platform totals");
  in.value(ledger_);
  in.value(interval_);

  in.tag("LIST");
  in.expect_count(in.value<std::uint64_t>(), listings_.size(), "listings");
  for (Listing& l : listings_) l.load_state(in);

  in.tag("WRKR");
  in.expect_count(in.value<std::uint64_t>(), kWorkerColumns, "worker columns");
  for_each_worker_column(workers_, [&](auto& column) { in.vector(column); });
  const std::size_t n = workers_.size();
  std::size_t other_length = 0;
  for_each_worker_column(workers_, [&](const auto& column) {
    if (static_cast<const void*>(&column) != &workers_.decisions_on && column.size() != n) ++other_length;
  });
  in.expect_count(other_length, 0, "worker columns of another length");
  in.expect_count(workers_.decisions_on.size(), platforms_.size() > 1 ? n * platforms_.size() : 0,
                  "per-platform decision counts");
  in.tag("RQST");
  in.expect_count(in.value<std::uint64_t>(), kRequesterColumns, "requester columns");
  const std::size_t requesters = requesters_.size();  // fixed by the scenario
  for_each_requester_column(requesters_, [&](auto& column) { in.vector(column); });
  in.expect_count(requesters_.size(), requesters, "requesters");
  for_each_requester_column(requesters_, [&](const auto& column) {
    in.expect_count(column.size(), requesters_.size(), "requester column length");
  });

  in.tag("GRPS");
  in.vector(groups_);
  in.vector(free_groups_);
  group_requesters_.resize(groups_.size());
  group_terms_.resize(groups_.size());
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    group_requesters_[g] = groups_[g].requester;
    group_terms_[g] = GroupTerms::of(groups_[g]);
    // A tick's count, zero between ticks: a state saved before the field existed has padding here.
    groups_[g].demand = 0;
  }
  std::vector<WorkerId> online;
  in.vector(online);
  active_.clear();
  for (const WorkerId w : online) active_.push_back(OnlineWorker{w, 0});
  left_listed_ = 0;

  in.tag("CLDR");
  sessions_.load_state(in, tick_);
  posts_.load_state(in, tick_);
  expiries_.load_state(in, tick_);
  reviews_.load_state(in, tick_);
  appeals_.load_state(in, tick_);
  releases_.load_state(in, tick_);
  notices_.load_state(in, tick_);
  suspension_appeals_.load_state(in, tick_);
  in.tag("END.");
  deal_requesters_to_parts();  // the loaded volumes
}

}  // namespace gigsim
