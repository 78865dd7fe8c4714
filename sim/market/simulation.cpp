#include "market/simulation.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/error.hpp"
#include "market/world.hpp"

namespace gigsim {

Simulation::Simulation(const Scenario& scenario, RunOptions options)
    : world_(std::make_unique<World>(scenario, options.threads, options.parallel)),
      scheduled_(scenario.interventions),
      check_invariants_(options.check_invariants) {
  world_->describe(catalogue_);
}

Simulation::~Simulation() = default;

void Simulation::add_observer(Observer& observer) { observers_.push_back(&observer); }

void Simulation::start_if_needed() {
  if (started_) return;
  started_ = true;
  for (Observer* o : observers_) o->on_start(world_->scenario(), catalogue_);
}

void Simulation::step() {
  if (finished()) return;
  start_if_needed();
  const std::int64_t now = world_->tick() * world_->scenario().tick_minutes;
  while (next_scheduled_ < scheduled_.size() && scheduled_[next_scheduled_].at_minute <= now)
    apply(scheduled_[next_scheduled_++]);
  world_->step();
  if (check_invariants_) world_->check_invariants();
  if (world_->interval_ends() || finished()) {
    const MetricRow row = world_->take_row();
    for (Observer* o : observers_) o->on_interval(row);
  }
  if (finished() && !finished_notified_) {
    finished_notified_ = true;
#if defined(__GLIBC__)
    // The review calendar has drained by now, and glibc keeps its freed chunks resident in the
    // heaps; the final tables would come on top of them (national.yaml at 2 threads: a peak of
    // 988-1,018 MB at the end, 893 MB with the heaps trimmed first).
    malloc_trim(0);
#endif
    const FinalTables tables = std::make_shared<const std::vector<FinalTable>>(world_->final_tables());
    const auto s = world_->summary();
    for (Observer* o : observers_) o->on_finish(tables, s);
  }
}

void Simulation::apply(const Intervention& intervention) {
  if (!intervention.after) throw Error("intervention '" + intervention.label + "' has no resolved scenario");
  start_if_needed();
  world_->apply_intervention(*intervention.after);
  for (Observer* o : observers_) o->on_intervention(intervention);
}

void Simulation::run(const std::function<void(std::int64_t, std::int64_t)>& progress) {
  const std::int64_t total = total_ticks();
  const std::int64_t every = std::max<std::int64_t>(1, 60 / world_->scenario().tick_minutes);
  while (!finished()) {
    step();
    if (progress && (world_->tick() % every == 0 || finished())) progress(world_->tick(), total);
  }
}

void Simulation::save_state(StateWriter& out) const {
  out.tag("SIML");
  out.value(static_cast<std::uint64_t>(next_scheduled_));
  for (std::size_t i = 0; i < next_scheduled_; ++i) out.value(scheduled_[i].at_minute);
  out.value(static_cast<std::uint8_t>(started_ ? 1 : 0));
  world_->save_state(out);
}

void Simulation::load_state(StateReader& in) {
  if (started_ || world_->tick() != 0) throw Error("Simulation::load_state after the run has started");
  in.tag("SIML");
  const auto applied = in.value<std::uint64_t>();
  if (applied > scheduled_.size())
    throw Error("the saved run had applied " + std::to_string(applied) + " interventions; the scenario has " +
                std::to_string(scheduled_.size()));
  for (std::size_t i = 0; i < applied; ++i) {
    const auto minute = in.value<std::int64_t>();
    if (scheduled_[i].at_minute != minute)
      throw Error("the saved run applied an intervention at minute " + std::to_string(minute) +
                  "; the scenario's is at minute " + std::to_string(scheduled_[i].at_minute));
  }
  const bool was_started = in.value<std::uint8_t>() != 0;
  // The scenario in force: that of the last intervention applied; the rest is loaded.
  if (applied > 0) {
    const Intervention& last = scheduled_[applied - 1];
    if (!last.after) throw Error("intervention '" + last.label + "' has no resolved scenario");
    world_->apply_intervention(*last.after);
  }
  world_->load_state(in);
  next_scheduled_ = applied;
  started_ = was_started;
  const std::int64_t now = world_->tick() * world_->scenario().tick_minutes;
  if (next_scheduled_ < scheduled_.size() && scheduled_[next_scheduled_].at_minute < now)
    throw Error("an intervention at minute " + std::to_string(scheduled_[next_scheduled_].at_minute) +
                " is before the saved tick (minute " + std::to_string(now) + ")");
}

bool Simulation::finished() const { return world_->tick() >= total_ticks(); }
std::int64_t Simulation::tick() const { return world_->tick(); }
std::int64_t Simulation::total_ticks() const { return world_->scenario().total_ticks(); }
const Scenario& Simulation::scenario() const { return world_->scenario(); }
const std::vector<MetricInfo>& Simulation::catalogue() const { return catalogue_; }
RunSummary Simulation::summary() const { return world_->summary(); }
std::vector<FinalTable> Simulation::final_tables() const { return world_->final_tables(); }
const World& Simulation::world() const { return *world_; }

const char* model_version() { return GIGSIM_VERSION; }

std::int64_t estimate_memory_bytes(const Scenario& s) {
  // Per worker: ~230 bytes of columns plus 8 per platform; per requester ~120;
  // the event calendars hold a vector header per tick each; groups and pending
  // events are estimated from posting rates.
  const double days = s.duration_days;
  const double workers = static_cast<double>(s.workers.registered) + s.workers.arrivals_per_day * days;
  const double per_worker = 240.0 + 8.0 * static_cast<double>(s.platforms.size()) + 40.0;
  const double calendars = 8.0 * 24.0 * static_cast<double>(s.total_ticks());
  double groups_per_day = 0;
  for (const auto& t : s.requesters.types)
    groups_per_day += static_cast<double>(s.requesters.count) * t.share * t.batches_per_week / 7.0;
  const double groups = groups_per_day * 7.0 * 160.0;
  const double requesters = static_cast<double>(s.requesters.count) * 160.0;
  // The final tables, built at the end beside the model: 28 columns of 8 bytes a worker.
  // Not counted: the submissions awaiting review (16 bytes each), which depend on whether
  // workers or tasks are scarce (docs/performance.md, eighth sitting).
  const double final_tables = 28.0 * 8.0 * workers;
  return static_cast<std::int64_t>(workers * per_worker + calendars + groups + requesters + final_tables +
                                   64.0 * 1024 * 1024);
}

}  // namespace gigsim
