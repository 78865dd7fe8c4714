// The order of phases in one tick.
#include "market/world.hpp"

namespace gigsim {

void World::step() {
  if (daily_phase_due()) run_daily_phase();
  run_posting_phase();
  run_session_phase();
  run_worker_phase();
  resolve_worker_intents();
  run_review_phase();
  run_account_phase();
  end_tick();
}

void World::end_tick() {
  // Who went offline leaves the list at the next session phase, in its rebuild.
  interval_.active_worker_ticks += static_cast<std::int64_t>(active_count());
  interval_.ticks += 1;
  for (Listing& l : listings_) l.sweep(groups_);
  ++tick_;
}

}  // namespace gigsim
