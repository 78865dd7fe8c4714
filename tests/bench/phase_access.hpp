#pragma once
// The benchmark executables' window on the phases World keeps private (tests have their own),
// in the order World::step runs them.
#include "market/world.hpp"

namespace gigsim {
struct WorldTestAccess {
  static void daily(World& w) {
    if (w.daily_phase_due()) w.run_daily_phase();
  }
  static void posting(World& w) { w.run_posting_phase(); }
  static void sessions(World& w) { w.run_session_phase(); }
  static void workers(World& w) { w.run_worker_phase(); }
  static void resolution(World& w) { w.resolve_worker_intents(); }
  static void reviews(World& w) { w.run_review_phase(); }
  static void accounts(World& w) { w.run_account_phase(); }
  static void end_tick(World& w) { w.end_tick(); }
};
}  // namespace gigsim

namespace gigsim::bench {

enum Phase { daily, posting, sessions, workers, resolution, reviews, accounts, end_of_tick, phase_count };
using PhaseFn = void (*)(World&);
inline constexpr PhaseFn kPhases[phase_count] = {WorldTestAccess::daily,      WorldTestAccess::posting,
                                                 WorldTestAccess::sessions,   WorldTestAccess::workers,
                                                 WorldTestAccess::resolution, WorldTestAccess::reviews,
                                                 WorldTestAccess::accounts,   WorldTestAccess::end_tick};
inline constexpr const char* kPhaseNames[phase_count] = {"daily",      "posting", "sessions", "workers",
                                                         "resolution", "reviews", "accounts", "end tick"};

}  // namespace gigsim::bench
