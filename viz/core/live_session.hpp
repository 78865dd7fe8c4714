#pragma once
// The model side of the live view, with no window and no ImGui: a Simulation driven on its own
// thread, commands queued to it (play, pause, step, speed, parameter changes), and immutable
// snapshots published for the view. The view never touches the Simulation and never waits for it:
// it takes the latest snapshot (a shared_ptr<const Snapshot> swapped under a short mutex).
//
// Every parameter change becomes a time-stamped Intervention, applied before the next tick with
// Simulation::apply and recorded; export_yaml() writes the starting scenario plus every
// intervention (the scenario's own and the class's, in time order) so that `gigsim run` replays the
// session headless, identically. Each intervention's `after` is built by loading exactly that
// exported text, so the live run and the replay apply the same resolved scenarios.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "model/scenario.hpp"
#include "observe/metrics.hpp"
#include "observe/observer.hpp"

namespace gigsim {
class Simulation;
class RunFileWriter;
}  // namespace gigsim

namespace gigsim::viz {

// One dot of the population view (a sample of at most Snapshot::kPopulationSample workers).
struct WorkerDot {
  std::int32_t id = 0;
  std::uint8_t state = 0;  // WorkerState: offline, searching, working, qualifying, suspended, exited
  std::uint8_t group = 0;
  float skill = 0;
  double earned = 0;            // currency, credited in total
  double forfeited = 0;         // currency
  double wage_with_unpaid = 0;  // currency per logged hour (0 without logged time)
  std::int64_t tasks_submitted = 0, tasks_rejected = 0;
  std::int64_t unpaid_minutes = 0, paid_minutes = 0;
};

struct Snapshot {
  static constexpr std::size_t kPopulationSample = 2000;
  static constexpr std::size_t kDistributionSample = 20000;

  std::uint64_t version = 0;  // increases with every publication
  std::string scenario_name, currency;
  std::uint64_t seed = 0;
  std::int64_t tick = 0, total_ticks = 0, tick_minutes = 1, interval_minutes = 60;
  bool playing = false, finished = false;
  double speed = 60;  // simulated minutes per wall-clock second (0: as fast as possible)

  std::vector<MetricInfo> catalogue;
  std::vector<MetricRow> rows;  // one per reporting interval so far

  // From the workers at the last publication (a sample for large populations).
  std::vector<double> wages_with_unpaid;  // per worker in the wage sample, currency per hour
  std::vector<double> lorenz;             // cumulative share of earnings, 0..1, over 101 points
  double gini = 0;
  std::vector<WorkerDot> population;
  std::int64_t workers_total = 0;  // registered so far (the population is a sample of them)
  std::vector<std::string> group_names;

  // The scenario in force (after the interventions so far), for the levers.
  std::shared_ptr<const Scenario> current;
  std::vector<Intervention> applied;  // in order (their `after` dropped)
  std::string last_error;             // a change that could not be applied, for the status line

  // Value of a metric in a row, by catalogue path (NaN when absent).
  double value(const MetricRow& row, const std::string& path) const;
  // A metric over every row so far.
  std::vector<float> series(const std::string& path) const;
  double total(const std::string& path) const;  // sum over the rows
};

struct SessionOptions {
  int threads = 1;
  double speed = 60;        // simulated minutes per second; 0 = as fast as possible
  std::string record_path;  // when not empty: an HDF5 run file written when the run ends
};

class LiveSession {
 public:
  // `scenario` is the starting scenario (its own interventions are applied at their minute).
  explicit LiveSession(const Scenario& scenario, SessionOptions options = {});
  ~LiveSession();  // stops the simulation thread
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  // Never blocks on the simulation: the latest published snapshot, or nullptr while the world is
  // still being built (the constructor returns at once; the simulation thread builds the world, so
  // a reset never freezes the window) or when building it failed (see failure()).
  std::shared_ptr<const Snapshot> snapshot() const;
  // Why the world could not be built ("" when it was, or is still being built).
  std::string failure() const;

  void play();
  void pause();
  void step_ticks(std::int64_t ticks);  // pauses, then runs this many ticks
  void set_speed(double minutes_per_second);
  // A change of parameters ("key.path" -> YAML value) applied before the next tick and recorded.
  void change(std::string label, std::vector<std::pair<std::string, std::string>> settings);

  // Blocks until the world is built and every queued command and step has been carried out (tests,
  // --screenshot).
  void wait_idle();

  // The session as a scenario file: the starting scenario with every intervention so far.
  std::string export_yaml() const;
  const Scenario& start() const { return start_; }

 private:
  struct Command {
    enum Kind { do_play, do_pause, do_step, do_speed, do_change };
    explicit Command(Kind k) : kind(k) {}
    Kind kind;
    std::int64_t ticks = 0;
    double speed = 0;
    Intervention intervention;
  };
  void push(Command command);
  void run_thread();
  void build();  // on the simulation thread, before anything else
  void apply_due();
  bool take_change(Command& command);
  void publish();
  // The exported text for the start plus `interventions`, in order.
  std::string yaml_with(const std::vector<Intervention>& interventions) const;

  Scenario start_;                 // without its interventions
  std::vector<Intervention> all_;  // scheduled and live, time order; `after` rebuilt on each change
  std::size_t next_ = 0;           // first not applied yet
  SessionOptions options_;

  class Recorder;
  std::unique_ptr<Recorder> recorder_;
  std::unique_ptr<Simulation> simulation_;
  std::unique_ptr<RunFileWriter> writer_;

  mutable std::mutex commands_mutex_;
  std::condition_variable commands_cv_, idle_cv_;
  std::deque<Command> commands_;
  bool stop_ = false;
  bool busy_ = true;  // until the world is built

  mutable std::mutex all_mutex_;  // all_ is read by export_yaml from the view's thread

  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::string failure_;

  // Sim-thread state.
  bool playing_ = false;
  double speed_ = 60;
  std::int64_t steps_pending_ = 0;
  std::string last_error_;
  std::uint64_t version_ = 0;

  std::thread thread_;
};

// Scenario files under `root` (recursively), with their description, sorted by path.
struct ScenarioEntry {
  std::string path, name, description;
};
std::vector<ScenarioEntry> list_scenarios(const std::string& root);

// The requester mix: each type's expected share of the tasks posted, from its share of requesters,
// its batches per week and the mean of its assignments per group (sums to 1; all 0 when nothing is
// posted). The mix sliders set `requesters.types[i].batches_per_week` and show these shares.
std::vector<double> requester_work_shares(const Scenario& scenario);

// Values of a resolved scenario by key path ("platforms[0].fee.rate"), as YAML scalar text ("" when
// absent): the view reads the levers' positions from the scenario in force with it.
class ScenarioValues {
 public:
  explicit ScenarioValues(const Scenario& scenario);
  std::string get(const std::string& key_path) const;
  double number(const std::string& key_path, double fallback = 0) const;
  bool flag(const std::string& key_path) const { return get(key_path) == "true"; }

 private:
  std::string yaml_;
};

}  // namespace gigsim::viz
