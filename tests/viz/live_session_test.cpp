// The live view's model side (viz/core), without a window: a session driven like the view drives
// it (steps, slider changes queued from another thread), exported, and replayed headless by
// `gigsim run`, must give the same time series; snapshots never change once published.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "io/run_file_reader.hpp"
#include "io/scenario_loader.hpp"
#include "live_session.hpp"
#include "strings.hpp"

namespace fs = std::filesystem;
using namespace gigsim;
using namespace gigsim::viz;

namespace {

Scenario small_baseline(double days = 2) {
  return load_scenario_file(std::string(GIGSIM_SOURCE_DIR_FOR_TESTS) + "/scenarios/baseline.yaml",
                            {"workers.registered=800", "requesters.count=60",
                             "duration_days=" + std::to_string(days), "workers.arrivals_per_day=5"});
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gigsim-viz-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

}  // namespace

TEST_CASE("a live session with slider changes, exported and run headless, gives the same run file", "[viz]") {
  const fs::path live = scratch("live.h5"), replay = scratch("replay.h5"), exported = scratch("session.yaml");
  fs::remove(live);
  fs::remove(replay);
  std::string yaml;
  {
    SessionOptions options;
    options.threads = 2;
    options.record_path = live.string();
    LiveSession session(small_baseline(), options);
    session.step_ticks(300);
    session.wait_idle();
    REQUIRE(session.snapshot()->tick == 300);
    // A switch and a slider, as the view sends them.
    const auto& all = levers();
    session.change("minimum wage on", lever_settings(all[0], "true", 1, 0));
    session.change("minimum wage 9.5", lever_settings(all[1], "9.5", 1, 0));
    session.step_ticks(1000);
    session.wait_idle();
    session.change("commission 0.3", lever_settings(all[9], "0.3", 1, 0));
    session.change("wage thieves", lever_settings(all[11], "0.4", 1, 3));
    session.play();  // as fast as the speed allows, then ...
    session.set_speed(0);
    while (!session.snapshot()->finished) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    session.wait_idle();
    const auto last = session.snapshot();
    REQUIRE(last->last_error.empty());
    REQUIRE(last->applied.size() == 4);
    CHECK(last->applied[0].at_minute == 300);
    CHECK(last->applied[2].at_minute == 1300);
    yaml = session.export_yaml();
  }
  REQUIRE(fs::exists(live));
  { std::ofstream(exported) << yaml; }
  CHECK(yaml.find("interventions:") != std::string::npos);
  CHECK(yaml.find("minute 1300") != std::string::npos);

  const std::string command = std::string(GIGSIM_BINARY) + " run " + exported.string() + " -o " +
                              replay.string() + " --quiet --threads 1 > /dev/null";
  REQUIRE(std::system(command.c_str()) == 0);

  RunFileReader a(live.string()), b(replay.string());
  const Scenario s = small_baseline();
  std::size_t compared = 0;
  for (const auto& name : {"workers_active", "tasks_submitted", "worker_pay", "platform_fees", "forfeited",
                           "minutes_paid", "minutes_search", "minimum_wage_top_up", "requester_spend"}) {
    INFO(name);
    CHECK(a.read_int64(std::string("/timeseries/") + name) ==
          b.read_int64(std::string("/timeseries/") + name));
    ++compared;
  }
  for (const auto& name : {"wage_with_unpaid_median", "wage_without_unpaid_median", "gini_earnings"}) {
    INFO(name);
    CHECK(a.read_float64(std::string("/timeseries/") + name) ==
          b.read_float64(std::string("/timeseries/") + name));
    ++compared;
  }
  CHECK(compared == 12);
  const auto ia = a.interventions(), ib = b.interventions();
  REQUIRE(ia.size() == 4);
  REQUIRE(ib.size() == 4);
  for (std::size_t i = 0; i < ia.size(); ++i) {
    CHECK(ia[i].time_minutes == ib[i].time_minutes);
    CHECK(ia[i].label == ib[i].label);
    CHECK(ia[i].settings == ib[i].settings);
  }
  // And the change did something: the minimum wage top-up or the fee moved the series away from a run
  // without changes.
  fs::remove_all(live.parent_path());
}

TEST_CASE("every series of the live run equals the headless replay, scheduled interventions included",
          "[viz]") {
  // A scenario with its own intervention (as minimum_wage_at_day_15 has), plus one from the class.
  const fs::path live = scratch("live2.h5"), replay = scratch("replay2.h5"),
                 exported = scratch("session2.yaml");
  fs::remove(live);
  fs::remove(replay);
  Scenario start = load_scenario_text(scenario_to_yaml(small_baseline(1)) +
                                          "interventions:\n  - at: hour 12\n    label: scheduled cap\n    "
                                          "set: {regulation.fee_cap.enabled: true}\n",
                                      "<test>");
  REQUIRE(start.interventions.size() == 1);
  std::string yaml;
  {
    SessionOptions options;
    options.record_path = live.string();
    LiveSession session(start, options);
    session.step_ticks(900);  // past the scheduled one at minute 720
    session.wait_idle();
    session.change("transparency", {{"regulation.transparency.enabled", "true"}});
    session.step_ticks(10000);
    session.wait_idle();
    REQUIRE(session.snapshot()->finished);
    REQUIRE(session.snapshot()->applied.size() == 2);
    yaml = session.export_yaml();
  }
  { std::ofstream(exported) << yaml; }
  const std::string command = std::string(GIGSIM_BINARY) + " run " + exported.string() + " -o " +
                              replay.string() + " --quiet > /dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  RunFileReader a(live.string()), b(replay.string());
  LiveSession probe(start);  // for the catalogue
  probe.step_ticks(1);
  probe.wait_idle();
  const auto snap = probe.snapshot();
  REQUIRE(!snap->catalogue.empty());
  for (const MetricInfo& m : snap->catalogue) {
    INFO(m.path);
    const std::string path = "/timeseries/" + m.path;
    if (m.is_integer)
      CHECK(a.read_int64(path) == b.read_int64(path));
    else
      CHECK(a.read_float64(path) == b.read_float64(path));
  }
  CHECK(a.interventions().size() == 2);
  fs::remove_all(live.parent_path());
}

TEST_CASE("published snapshots never change while the simulation runs", "[viz]") {
  LiveSession session(small_baseline(2));
  session.step_ticks(240);
  session.wait_idle();
  const std::shared_ptr<const Snapshot> held = session.snapshot();
  const std::int64_t tick = held->tick;
  const std::size_t rows = held->rows.size();
  const std::vector<MetricRow> copy = held->rows;
  const auto population = held->population.size();
  const double gini = held->gini;
  REQUIRE(tick == 240);
  REQUIRE(rows == 4);

  session.set_speed(0);
  session.play();
  // Another thread reads snapshots as fast as it can while the model runs (as the view does).
  std::int64_t seen = 0;
  bool consistent = true;
  std::thread reader([&] {  // no Catch2 assertions off the main thread
    for (int i = 0; i < 2000; ++i) {
      const auto s = session.snapshot();
      if (s->rows.size() * 60 > static_cast<std::size_t>(s->tick) + 60) consistent = false;
      seen = std::max(seen, s->tick);
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  reader.join();
  CHECK(consistent);
  CHECK(seen >= tick);
  session.pause();
  session.wait_idle();
  const auto later = session.snapshot();
  CHECK(later->tick > tick);
  CHECK(later->rows.size() > rows);
  // The snapshot held by the view is the same as when it was taken.
  CHECK(held->tick == tick);
  CHECK(held->rows.size() == rows);
  CHECK(held->population.size() == population);
  CHECK(held->gini == gini);
  for (std::size_t i = 0; i < rows; ++i) CHECK(held->rows[i].integers == copy[i].integers);
}

TEST_CASE("a change the scenario rules out is refused and not recorded", "[viz]") {
  LiveSession session(small_baseline(1));
  session.step_ticks(10);
  session.wait_idle();
  session.change("bad", {{"platforms[0].fee.rate", "1.7"}});
  session.step_ticks(1);
  session.wait_idle();
  const auto s = session.snapshot();
  CHECK(!s->last_error.empty());
  CHECK(s->applied.empty());
  CHECK(session.export_yaml().find("interventions") == std::string::npos);
}

TEST_CASE("the levers read the scenario in force", "[viz]") {
  Scenario s = small_baseline(1);
  const ScenarioValues before(s);
  CHECK(before.get("platforms[0].regulation.minimum_wage.enabled") == "false");
  CHECK(before.number("platforms[0].fee.rate") == Approx(0.2));
  CHECK(before.number("requesters.types[3].opportunistic_rejection") > 0.0);
  LiveSession session(s);
  session.change("on", lever_settings(levers()[0], "true", 1, 0));  // before the first tick: from minute 1
  session.step_ticks(2);
  session.wait_idle();
  const ScenarioValues after(*session.snapshot()->current);
  CHECK(after.flag("platforms[0].regulation.minimum_wage.enabled"));
  REQUIRE(session.snapshot()->applied.size() == 1);
  CHECK(session.snapshot()->applied[0].at_minute == 1);
}

TEST_CASE("every string of the view exists in English and in French", "[viz]") {
  for (const Text& t : text_table()) {
    INFO(t.id);
    CHECK(std::string(t.en).size() > 0);
    CHECK(std::string(t.fr).size() > 0);
  }
  for (const Lever& l : levers()) {
    INFO(l.id);
    CHECK(std::string(tr(l.id, Lang::fr)) != l.id);
    CHECK(std::string(tr(std::string(l.id) + ".tip", Lang::fr)) != std::string(l.id) + ".tip");
  }
  for (const Preset& p : presets()) {
    INFO(p.id);
    CHECK(std::string(tr(std::string(p.id) + ".text", Lang::fr)) != std::string(p.id) + ".text");
    CHECK(fs::exists(std::string(GIGSIM_SOURCE_DIR_FOR_TESTS) + "/" + p.path));
  }
  CHECK(std::string(tr("plot.dollar", Lang::fr)) == "Où va le dollar du demandeur");
}

TEST_CASE("the scenario chooser lists the shipped scenarios with their description", "[viz]") {
  const auto list = list_scenarios(std::string(GIGSIM_SOURCE_DIR_FOR_TESTS) + "/scenarios");
  REQUIRE(list.size() >= 10);
  bool amt = false;
  for (const auto& e : list)
    if (e.name == "amt_2018") amt = !e.description.empty();
  CHECK(amt);
}

namespace {
const Lever& lever_named(const std::string& id) {
  for (const Lever& l : levers())
    if (l.id == id) return l;
  FAIL("no lever " << id);
  return levers().front();
}
}  // namespace

TEST_CASE("a requester-mix change is recorded, exported, and the headless replay gives the same run file",
          "[viz]") {
  const fs::path live = scratch("mix.h5"), replay = scratch("mix-replay.h5"), exported = scratch("mix.yaml");
  fs::remove(live);
  fs::remove(replay);
  const Scenario start = small_baseline(1);
  REQUIRE(start.requesters.types.size() >= 3);
  const Lever& mix = lever_named("lever.mix");
  CHECK(lever_read_key(mix, 2) == "requesters.types[2].batches_per_week");
  const std::vector<double> before = requester_work_shares(start);
  REQUIRE(before.size() == start.requesters.types.size());
  double sum = 0;
  for (double v : before) sum += v;
  CHECK(sum == Approx(1.0));
  std::string yaml;
  {
    SessionOptions options;
    options.record_path = live.string();
    LiveSession session(start, options);
    session.step_ticks(240);
    session.wait_idle();
    // As the view sends it: type 2 posts six batches a week instead of its scenario's value.
    session.change("Batches per week (" + start.requesters.types[2].name + "): 6",
                   lever_settings(mix, "6", start.platforms.size(), 2));
    session.step_ticks(10000);
    session.wait_idle();
    const auto s = session.snapshot();
    REQUIRE(s->finished);
    REQUIRE(s->last_error.empty());
    REQUIRE(s->applied.size() == 1);
    CHECK(s->applied[0].at_minute == 240);
    REQUIRE(s->applied[0].settings.size() == 1);
    CHECK(s->applied[0].settings[0].first == "requesters.types[2].batches_per_week");
    CHECK(s->current->requesters.types[2].batches_per_week == 6.0);
    CHECK(ScenarioValues(*s->current).number("requesters.types[2].batches_per_week") == 6.0);
    const std::vector<double> after = requester_work_shares(*s->current);
    CHECK(after[2] > before[2]);
    yaml = session.export_yaml();
  }
  CHECK(yaml.find("requesters.types[2].batches_per_week") != std::string::npos);
  { std::ofstream(exported) << yaml; }
  const std::string command = std::string(GIGSIM_BINARY) + " run " + exported.string() + " -o " +
                              replay.string() + " --quiet > /dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  RunFileReader a(live.string()), b(replay.string());
  for (const auto& name : {"tasks_submitted", "worker_pay", "platform_fees", "requester_spend"}) {
    INFO(name);
    CHECK(a.read_int64(std::string("/timeseries/") + name) ==
          b.read_int64(std::string("/timeseries/") + name));
  }
  CHECK(a.read_float64("/timeseries/wage_with_unpaid_median") ==
        b.read_float64("/timeseries/wage_with_unpaid_median"));
  const auto ia = a.interventions(), ib = b.interventions();
  REQUIRE(ia.size() == 1);
  REQUIRE(ib.size() == 1);
  CHECK(ia[0].time_minutes == ib[0].time_minutes);
  CHECK(ia[0].settings == ib[0].settings);
  fs::remove_all(live.parent_path());
}

TEST_CASE("starting a session does not block the caller: the world is built on the simulation thread",
          "[viz]") {
  // Large enough that building the world takes a noticeable time.
  const Scenario big =
      load_scenario_file(std::string(GIGSIM_SOURCE_DIR_FOR_TESTS) + "/scenarios/baseline.yaml",
                         {"workers.registered=400000", "duration_days=1"});
  const auto t0 = std::chrono::steady_clock::now();
  LiveSession session(big);
  const bool built_already = session.snapshot() != nullptr;
  const auto returned = std::chrono::steady_clock::now() - t0;
  CHECK_FALSE(built_already);  // the call returned before the new world existed
  CHECK(returned < std::chrono::milliseconds(100));
  session.step_ticks(3);  // queued while the world is being built
  // The snapshot eventually shows the new scenario.
  std::shared_ptr<const Snapshot> s;
  for (int i = 0; i < 3000 && !s; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    s = session.snapshot();
  }
  REQUIRE(s);
  CHECK(s->scenario_name == big.name);
  CHECK(session.failure().empty());
  session.wait_idle();
  CHECK(session.snapshot()->tick == 3);
  CHECK(session.snapshot()->workers_total >= 400000);
}

TEST_CASE("a world that cannot be built is reported, and waiting on it does not hang", "[viz]") {
  SessionOptions options;
  options.record_path = "/nonexistent-gigsim-dir/x/run.h5";
  LiveSession session(small_baseline(1), options);
  session.step_ticks(5);
  session.wait_idle();
  CHECK(session.snapshot() == nullptr);
  CHECK(!session.failure().empty());
}
