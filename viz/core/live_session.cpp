#include "live_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "core/money.hpp"
#include "io/run_file_writer.hpp"
#include "io/scenario_loader.hpp"
#include "market/simulation.hpp"
#include "market/world.hpp"

namespace gigsim::viz {

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

const MetricInfo* find_metric(const std::vector<MetricInfo>& catalogue, const std::string& path) {
  for (const MetricInfo& m : catalogue)
    if (m.path == path) return &m;
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Snapshot

double Snapshot::value(const MetricRow& row, const std::string& path) const {
  const MetricInfo* m = find_metric(catalogue, path);
  if (!m) return std::numeric_limits<double>::quiet_NaN();
  if (m->is_integer) return m->slot < row.integers.size() ? static_cast<double>(row.integers[m->slot]) : 0.0;
  return m->slot < row.reals.size() ? row.reals[m->slot] : 0.0;
}

namespace {
// A metric's values over the rows (the catalogue is searched once, not per row).
template <typename F>
void each_value(const Snapshot& s, const std::string& path, F&& f) {
  const MetricInfo* m = find_metric(s.catalogue, path);
  if (!m) return;
  for (const MetricRow& row : s.rows) {
    double v = 0;
    if (m->is_integer) {
      if (m->slot < row.integers.size()) v = static_cast<double>(row.integers[m->slot]);
    } else if (m->slot < row.reals.size()) {
      v = row.reals[m->slot];
    }
    f(std::isfinite(v) ? v : 0.0);
  }
}
}  // namespace

std::vector<float> Snapshot::series(const std::string& path) const {
  std::vector<float> out;
  out.reserve(rows.size());
  each_value(*this, path, [&](double v) { out.push_back(static_cast<float>(v)); });
  return out;
}

double Snapshot::total(const std::string& path) const {
  double sum = 0;
  each_value(*this, path, [&](double v) { sum += v; });
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Recorder: the observer on the simulation thread; keeps what the snapshots copy.

class LiveSession::Recorder : public Observer {
 public:
  void on_start(const Scenario&, const std::vector<MetricInfo>& catalogue) override {
    this->catalogue = catalogue;
  }
  void on_interval(const MetricRow& row) override { rows.push_back(row); }
  std::vector<MetricInfo> catalogue;
  std::vector<MetricRow> rows;
};

// ---------------------------------------------------------------------------------------------
// LiveSession

LiveSession::LiveSession(const Scenario& scenario, SessionOptions options)
    : start_(scenario), all_(scenario.interventions), options_(std::move(options)) {
  start_.interventions.clear();
  speed_ = options_.speed;
  // The world (a second or so with a million workers) is built on the simulation thread.
  thread_ = std::thread([this] { run_thread(); });
}

void LiveSession::build() {
  recorder_ = std::make_unique<Recorder>();
  RunOptions run_options;
  run_options.threads = std::max(1, options_.threads);
  simulation_ = std::make_unique<Simulation>(start_, run_options);
  recorder_->catalogue = simulation_->catalogue();
  simulation_->add_observer(*recorder_);
  if (!options_.record_path.empty()) {
    Provenance provenance;
    provenance.gigsim_version = model_version();
    provenance.git_commit = "live-view";
    provenance.host = "gigsim-view";
    provenance.start_time_utc = utc_now();
    provenance.seed = start_.seed;
    provenance.threads = run_options.threads;
    provenance.command_line = "gigsim-view";
    writer_ = std::make_unique<RunFileWriter>(options_.record_path, yaml_with(all_), provenance);
    simulation_->add_observer(*writer_);
  }
  publish();
}

LiveSession::~LiveSession() {
  {
    std::lock_guard lock(commands_mutex_);
    stop_ = true;
  }
  commands_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const Snapshot> LiveSession::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_;
}

std::string LiveSession::failure() const {
  std::lock_guard lock(snapshot_mutex_);
  return failure_;
}

void LiveSession::push(Command command) {
  {
    std::lock_guard lock(commands_mutex_);
    commands_.push_back(std::move(command));
    busy_ = true;
  }
  commands_cv_.notify_all();
}

void LiveSession::play() { push(Command(Command::do_play)); }
void LiveSession::pause() { push(Command(Command::do_pause)); }
void LiveSession::step_ticks(std::int64_t ticks) {
  Command c(Command::do_step);
  c.ticks = ticks;
  push(std::move(c));
}
void LiveSession::set_speed(double minutes_per_second) {
  Command c(Command::do_speed);
  c.speed = minutes_per_second;
  push(std::move(c));
}
void LiveSession::change(std::string label, std::vector<std::pair<std::string, std::string>> settings) {
  Command c(Command::do_change);
  c.intervention.label = std::move(label);
  c.intervention.settings = std::move(settings);
  push(std::move(c));
}

void LiveSession::wait_idle() {
  std::unique_lock lock(commands_mutex_);
  idle_cv_.wait(lock, [&] { return !busy_ || stop_; });
}

std::string LiveSession::yaml_with(const std::vector<Intervention>& interventions) const {
  Scenario copy = start_;
  copy.interventions = interventions;
  for (Intervention& i : copy.interventions) i.after.reset();
  return scenario_to_yaml(copy);
}

std::string LiveSession::export_yaml() const {
  std::lock_guard lock(all_mutex_);
  return yaml_with(all_);
}

void LiveSession::apply_due() {
  const std::int64_t now = simulation_->tick() * start_.tick_minutes;
  while (next_ < all_.size() && all_[next_].at_minute <= now) simulation_->apply(all_[next_++]);
}

bool LiveSession::take_change(Command& command) {
  if (simulation_->finished()) {
    last_error_ = "the run has ended";
    return false;
  }
  Intervention& fresh = command.intervention;
  // A scenario file cannot hold a change at minute 0 (that belongs in the scenario itself): a change
  // made before the first tick takes effect before the second.
  fresh.at_minute = std::max<std::int64_t>(simulation_->tick(), 1) * start_.tick_minutes;
  std::vector<Intervention> list = all_;
  const auto at = std::upper_bound(list.begin(), list.end(), fresh.at_minute,
                                   [](std::int64_t m, const Intervention& i) { return m < i.at_minute; });
  list.insert(at, fresh);
  try {
    // The `after` of each intervention exactly as `gigsim run` builds it from the exported file.
    Scenario loaded = load_scenario_text(yaml_with(list), "<view>");
    if (loaded.interventions.size() != list.size()) throw Error("interventions lost on reload");
    std::lock_guard lock(all_mutex_);
    all_ = std::move(loaded.interventions);
    last_error_.clear();
    return true;
  } catch (const std::exception& e) {
    last_error_ = e.what();
    return false;
  }
}

void LiveSession::publish() {
  auto s = std::make_shared<Snapshot>();
  const Scenario& now = simulation_->scenario();
  s->version = ++version_;
  s->scenario_name = start_.name;
  s->currency = start_.currency;
  s->seed = start_.seed;
  s->tick = simulation_->tick();
  s->total_ticks = simulation_->total_ticks();
  s->tick_minutes = start_.tick_minutes;
  s->interval_minutes = start_.output.interval_minutes;
  s->playing = playing_;
  s->finished = simulation_->finished();
  s->speed = speed_;
  s->catalogue = recorder_->catalogue;
  s->rows = recorder_->rows;
  s->last_error = last_error_;
  s->current = std::make_shared<const Scenario>(now);
  for (std::size_t i = 0; i < next_ && i < all_.size(); ++i) {
    Intervention copy = all_[i];
    copy.after.reset();
    s->applied.push_back(std::move(copy));
  }
  for (const auto& g : start_.workers.groups) s->group_names.push_back(g.name);

  // Workers: a strided sample (every worker up to the sample size), read on the simulation thread
  // between ticks, so the view never touches the model.
  const WorkerTable& w = simulation_->world().workers();
  const std::size_t n = w.size();
  s->workers_total = static_cast<std::int64_t>(n);
  const auto logged = [&](std::size_t i) { return w.logged_minutes(i); };
  {
    const std::size_t stride =
        std::max<std::size_t>(1, (n + Snapshot::kDistributionSample - 1) / Snapshot::kDistributionSample);
    std::vector<double> earnings;
    for (std::size_t i = 0; i < n; i += stride) {
      const std::int64_t minutes = logged(i);
      if (w.activity[i].tasks_submitted > 0 && minutes > 0) {
        s->wages_with_unpaid.push_back(to_units(w.account[i].earned) * 60.0 / static_cast<double>(minutes));
        earnings.push_back(to_units(w.account[i].earned));
      }
    }
    std::sort(earnings.begin(), earnings.end());
    double sum = 0;
    for (double e : earnings) sum += e;
    s->lorenz.assign(101, 0.0);
    if (sum > 0 && !earnings.empty()) {
      double cumulative = 0, area = 0;
      std::size_t next_point = 1;
      const double m = static_cast<double>(earnings.size());
      for (std::size_t k = 0; k < earnings.size(); ++k) {
        const double before = cumulative;
        cumulative += earnings[k] / sum;
        area += (before + cumulative) / (2.0 * m);
        while (next_point <= 100 && static_cast<double>(k + 1) >= next_point * m / 100.0) {
          s->lorenz[next_point++] = cumulative;
        }
      }
      s->lorenz[100] = 1.0;
      s->gini = std::clamp(1.0 - 2.0 * area, 0.0, 1.0);
    }
  }
  {
    const std::size_t stride =
        std::max<std::size_t>(1, (n + Snapshot::kPopulationSample - 1) / Snapshot::kPopulationSample);
    for (std::size_t i = 0; i < n; i += stride) {
      WorkerDot d;
      d.id = static_cast<std::int32_t>(i);
      d.state = static_cast<std::uint8_t>(w.state[i]);
      d.group = w.group[i];
      d.skill = w.skill[i];
      d.earned = to_units(w.account[i].earned);
      d.forfeited = to_units(w.forfeited[i]);
      d.tasks_submitted = w.activity[i].tasks_submitted;
      d.tasks_rejected = w.account[i].tasks_rejected;
      d.paid_minutes = w.account[i].minutes_paid;
      d.unpaid_minutes = logged(i) - w.account[i].minutes_paid;
      d.wage_with_unpaid = logged(i) > 0 ? d.earned * 60.0 / static_cast<double>(logged(i)) : 0.0;
      s->population.push_back(d);
    }
  }
  std::lock_guard lock(snapshot_mutex_);
  snapshot_ = std::move(s);
}

void LiveSession::run_thread() {
  try {
    build();
  } catch (const std::exception& e) {
    {
      std::lock_guard lock(snapshot_mutex_);
      failure_ = e.what();
    }
    std::unique_lock lock(commands_mutex_);
    for (;;) {  // commands are dropped: there is no world
      commands_.clear();
      busy_ = false;
      idle_cv_.notify_all();
      if (stop_) return;
      commands_cv_.wait(lock, [&] { return stop_ || !commands_.empty(); });
    }
  }
  using clock = std::chrono::steady_clock;
  auto last = clock::now();
  auto last_publish = clock::now();
  double credit = 0;  // ticks owed to the chosen speed
  bool committed = false;
  for (;;) {
    std::deque<Command> commands;
    {
      std::unique_lock lock(commands_mutex_);
      const bool idle = (!playing_ || simulation_->finished()) && steps_pending_ == 0 && commands_.empty();
      if (idle) {
        busy_ = false;
        idle_cv_.notify_all();
        commands_cv_.wait(lock, [&] { return stop_ || !commands_.empty(); });
        last = clock::now();
        credit = 0;
      }
      if (stop_) {
        busy_ = false;
        idle_cv_.notify_all();
        return;
      }
      commands.swap(commands_);
    }
    bool changed = !commands.empty();
    for (Command& c : commands) {
      switch (c.kind) {
        case Command::do_play:
          playing_ = true;
          last = clock::now();
          credit = 0;
          break;
        case Command::do_pause:
          playing_ = false;
          steps_pending_ = 0;
          break;
        case Command::do_step:
          playing_ = false;
          steps_pending_ += c.ticks;
          break;
        case Command::do_speed:
          speed_ = std::max(0.0, c.speed);
          break;
        case Command::do_change:
          take_change(c);
          break;
      }
    }

    // Run a chunk of ticks, at most ~30 ms of work, so commands are taken promptly.
    const auto chunk_start = clock::now();
    const auto budget = std::chrono::milliseconds(30);
    std::int64_t ticks = 0;
    if (steps_pending_ > 0) {
      ticks = steps_pending_;
    } else if (playing_) {
      const auto now = clock::now();
      const double seconds = std::chrono::duration<double>(now - last).count();
      last = now;
      if (speed_ <= 0) {
        ticks = std::numeric_limits<std::int64_t>::max();
      } else {
        credit = std::min(credit + seconds * speed_ / static_cast<double>(start_.tick_minutes),
                          std::max(1.0, 0.25 * speed_ / static_cast<double>(start_.tick_minutes)));
        ticks = static_cast<std::int64_t>(credit);
      }
    }
    std::int64_t done = 0;
    while (done < ticks && !simulation_->finished()) {
      apply_due();
      simulation_->step();
      ++done;
      if (clock::now() - chunk_start > budget) break;
    }
    if (steps_pending_ > 0) steps_pending_ = simulation_->finished() ? 0 : steps_pending_ - done;
    if (playing_ && speed_ > 0) credit -= static_cast<double>(done);
    if (simulation_->finished()) {
      playing_ = false;
      steps_pending_ = 0;
      if (writer_ && !committed) {
        writer_->commit(utc_now());
        committed = true;
      }
    }
    changed = changed || done > 0;
    const bool settled = steps_pending_ == 0 && !playing_;
    if (changed && (settled || clock::now() - last_publish > std::chrono::milliseconds(50))) {
      publish();
      last_publish = clock::now();
    }
    if (playing_ && done == 0 && steps_pending_ == 0) {
      // Ahead of the chosen speed: wait for the next tick to be due, or a command.
      std::unique_lock lock(commands_mutex_);
      const double wait_s =
          speed_ > 0 ? std::min(0.02, (1.0 - credit) * static_cast<double>(start_.tick_minutes) / speed_)
                     : 0.0;
      commands_cv_.wait_for(lock, std::chrono::duration<double>(std::max(0.001, wait_s)),
                            [&] { return stop_ || !commands_.empty(); });
      if (clock::now() - last_publish > std::chrono::milliseconds(50) && changed) publish();
    }
  }
}

// ---------------------------------------------------------------------------------------------

std::vector<ScenarioEntry> list_scenarios(const std::string& root) {
  std::vector<ScenarioEntry> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) return out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    ScenarioEntry e;
    std::error_code canonical_ec;
    const auto canonical = std::filesystem::weakly_canonical(entry.path(), canonical_ec);
    e.path = canonical_ec ? entry.path().string() : canonical.string();
    e.name = entry.path().stem().string();
    try {
      const YAML::Node node = YAML::LoadFile(e.path);
      if (node["name"]) e.name = node["name"].as<std::string>();
      if (node["description"]) e.description = node["description"].as<std::string>();
    } catch (const std::exception&) {
    }
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

std::vector<double> requester_work_shares(const Scenario& scenario) {
  std::vector<double> out;
  double sum = 0;
  for (const RequesterTypeSpec& t : scenario.requesters.types) {
    const double per_group = t.assignments_per_group.median *
                             std::exp(0.5 * t.assignments_per_group.sigma * t.assignments_per_group.sigma);
    out.push_back(std::max(0.0, t.share * t.batches_per_week * per_group));
    sum += out.back();
  }
  for (double& v : out) v = sum > 0 ? v / sum : 0.0;
  return out;
}

ScenarioValues::ScenarioValues(const Scenario& scenario) : yaml_(scenario_to_yaml(scenario)) {}

std::string ScenarioValues::get(const std::string& key_path) const {
  YAML::Node node;
  try {
    node = YAML::Load(yaml_);
  } catch (const std::exception&) {
    return "";
  }
  std::size_t i = 0;
  while (i < key_path.size()) {
    std::size_t end = key_path.find_first_of(".[", i);
    const std::string key = key_path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (!key.empty()) {
      if (!node.IsMap() || !node[key]) return "";
      node.reset(node[key]);
    }
    if (end == std::string::npos) break;
    if (key_path[end] == '[') {
      const std::size_t close = key_path.find(']', end);
      if (close == std::string::npos) return "";
      const std::size_t index = std::stoul(key_path.substr(end + 1, close - end - 1));
      if (!node.IsSequence() || index >= node.size()) return "";
      node.reset(node[index]);
      i = close + 1;
      if (i < key_path.size() && key_path[i] == '.') ++i;
    } else {
      i = end + 1;
    }
  }
  if (!node.IsScalar()) return "";
  return node.as<std::string>();
}

double ScenarioValues::number(const std::string& key_path, double fallback) const {
  const std::string text = get(key_path);
  try {
    return text.empty() ? fallback : std::stod(text);
  } catch (const std::exception&) {
    return fallback;
  }
}

}  // namespace gigsim::viz
