#pragma once
// The public face of the model: build a Simulation from a validated Scenario,
// attach observers, step or run it. No I/O happens in here.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/state_archive.hpp"
#include "model/scenario.hpp"
#include "observe/metrics.hpp"
#include "observe/observer.hpp"

namespace gigsim {

struct RunOptions {
  int threads = 1;                // TBB threads for the parallel phases
  bool parallel = true;           // false: the serial reference stepper
  bool check_invariants = false;  // verify money identity, task conservation, balances every tick
};

class World;

class Simulation {
 public:
  Simulation(const Scenario& scenario, RunOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  void add_observer(Observer& observer);  // before the first step
  void step();                            // one tick; applies interventions due at that tick first
  // Applies a change of parameters before the next tick (the live view's sliders use this; scheduled
  // interventions of the scenario are applied by step()). `intervention.after` must keep the
  // scenario's structure (same platforms, groups, types, duration, tick): the loader checks that.
  void apply(const Intervention& intervention);
  // Runs to the end; `progress` (may be empty) is called about every simulated hour.
  void run(const std::function<void(std::int64_t tick, std::int64_t total)>& progress = {});

  // Checkpoints. save_state: the model's state after the last step (observers save their own).
  // load_state continues a saved run: call it on a Simulation built from the same scenario, whose
  // interventions up to the saved tick are those of the saved run (a fork adds later ones), after
  // add_observer and before step(); observers' on_start is not called, they restore themselves.
  // Throws gigsim::Error when the state does not fit the scenario.
  void save_state(StateWriter& out) const;
  void load_state(StateReader& in);
  std::size_t interventions_applied() const { return next_scheduled_; }

  bool finished() const;
  std::int64_t tick() const;
  std::int64_t total_ticks() const;
  const Scenario& scenario() const;
  const std::vector<MetricInfo>& catalogue() const;
  RunSummary summary() const;
  std::vector<FinalTable> final_tables() const;
  const World& world() const;  // for tests of the model's internals

 private:
  void start_if_needed();

  std::unique_ptr<World> world_;
  std::vector<Observer*> observers_;
  std::vector<MetricInfo> catalogue_;
  std::vector<Intervention> scheduled_;  // the scenario's interventions, in time order
  std::size_t next_scheduled_ = 0;
  bool check_invariants_ = false;
  bool started_ = false;
  bool finished_notified_ = false;
};

// Bytes the model will need for this scenario, estimated before anything is allocated.
std::int64_t estimate_memory_bytes(const Scenario& scenario);

// "0.1.0"; the build stamps the git commit separately (see sim/app/version).
const char* model_version();

}  // namespace gigsim
