// The run file is the contract with the Python analysis, the sweep index and other
// teams: these tests read it back both through our reader and through the raw C API,
// so a change to the layout that docs/hdf5.md describes is caught here.
#include <hdf5.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "io/run_file_reader.hpp"
#include "io/run_file_writer.hpp"
#include "io/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

namespace fs = std::filesystem;
using namespace gigsim;

namespace {

// A fresh directory per test, removed afterwards, so tests can run in parallel.
struct ScratchDirectory {
  fs::path path;
  ScratchDirectory() {
    std::random_device device;
    path = fs::temp_directory_path() /
           ("gigsim-hdf5-test-" + std::to_string(::getpid()) + "-" + std::to_string(device()));
    fs::create_directories(path);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) names.push_back(entry.path().filename().string());
    return names;
  }
};

Scenario synthetic_scenario() {
  Scenario scenario;
  scenario.name = "synthetic";
  scenario.currency = "USD";
  scenario.output.interval_minutes = 60;
  return scenario;
}

// Slots deliberately out of catalogue order, as the model's may be.
std::vector<MetricInfo> synthetic_catalogue() {
  return {
      {"time_minutes", "minutes", "Simulated minutes since the start of the run.", true, 0},
      {"worker_pay", "micro-USD", "Money credited to workers in the interval.", true, 2},
      {"by_platform/mturk/worker_pay", "micro-USD", "Worker pay on the mturk platform.", true, 1},
      {"wages/median_with_unpaid", "USD/hour", "Median effective hourly wage, unpaid time included.", false,
       1},
      {"share_under_minimum", "1", "Share of active workers under the minimum wage.", false, 0},
  };
}

const std::vector<MetricRow> kRows = {
    {{60, 1'000'000, 2'500'000}, {0.25, 1.75}},
    {{120, 3'000'000, 4'000'000}, {0.5, 2.0}},
    {{180, 0, -7}, {1.0, 3.125}},
};

std::vector<FinalTable> synthetic_tables() {
  return {
      {"workers",
       {{"id", "1", "Worker id.", std::vector<std::int64_t>{0, 1, 2, 3}},
        {"earnings", "micro-USD", "Money paid to the worker.",
         std::vector<std::int64_t>{5, 0, 1'000'000, 42}},
        {"wage_with_unpaid", "USD/hour", "Effective hourly wage.",
         std::vector<double>{1.5, 0.0, 2.25, 8.0}}}},
      {"requesters",
       {{"id", "1", "Requester id.", std::vector<std::int64_t>{}},
        {"spend", "micro-USD", "Money spent.", std::vector<std::int64_t>{}},
        {"pay_per_hour", "USD/hour", "Pay per hour of work.", std::vector<double>{}}}},
      {"platforms", {{"fees", "micro-USD", "Fees collected.", std::vector<std::int64_t>{123'456}}}},
  };
}

FinalTables shared(std::vector<FinalTable> tables) {
  return std::make_shared<const std::vector<FinalTable>>(std::move(tables));
}

RunSummary synthetic_summary() {
  RunSummary summary;
  summary.workers_registered = 4;
  summary.workers_ever_active = 3;
  summary.median_wage_with_unpaid = 1.875;
  summary.tasks_submitted = 10;
  summary.tasks_rejected = 1;
  summary.rejection_rate = 0.1;
  summary.requester_spend = 9'000'000;
  summary.worker_pay = 7'000'000;
  summary.platform_fees = 1'400'000;
  summary.forfeited = 100'000;
  summary.pending = 500'000;
  return summary;
}

Provenance synthetic_provenance() {
  Provenance provenance;
  provenance.gigsim_version = "0.1.0";
  provenance.git_commit = "abcdef123456";
  provenance.host = "testhost";
  provenance.start_time_utc = "2026-01-02T03:04:05Z";
  provenance.seed = 18'446'744'073'709'551'557ULL;  // above INT64_MAX: must survive as uint64
  provenance.threads = 8;
  provenance.command_line = "gigsim run baseline.yaml --seed 1";
  return provenance;
}

void run_to_finish(RunFileWriter& writer, const std::vector<MetricRow>& rows = kRows) {
  writer.on_start(synthetic_scenario(), synthetic_catalogue());
  for (const auto& row : rows) writer.on_interval(row);
  writer.on_finish(shared(synthetic_tables()), synthetic_summary());
}

std::string write_synthetic_file(const ScratchDirectory& dir, const std::vector<MetricRow>& rows = kRows) {
  const std::string path = (dir.path / "run.h5").string();
  RunFileWriter writer(path, "name: synthetic\nseed: 1\n", synthetic_provenance());
  run_to_finish(writer, rows);
  writer.commit("2026-01-02T04:00:00Z");
  return path;
}

struct Visit {
  std::vector<std::string> datasets;
  std::vector<std::string> missing;
};

herr_t collect_dataset(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  auto& visit = *static_cast<Visit*>(data);
  if (info->type != H5O_TYPE_DATASET) return 0;
  visit.datasets.push_back(name);
  for (const char* attribute : {"unit", "description"}) {
    if (H5Aexists_by_name(root, name, attribute, H5P_DEFAULT) <= 0) {
      visit.missing.push_back(std::string(name) + "@" + attribute);
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("a committed run file holds the time series, tables and provenance", "[hdf5]") {
  ScratchDirectory dir;
  const std::string path = write_synthetic_file(dir);

  CHECK(dir.entries() == std::vector<std::string>{"run.h5"});  // no temporary left behind
  CHECK(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0);      // every handle the writer opened is closed

  RunFileReader file(path);
  CHECK(file.string_attribute("/", "format") == "gigsim-run");
  CHECK(file.schema_version() == 1);

  SECTION("time series follow the catalogue's slots, all with one length") {
    CHECK(file.read_int64("/timeseries/time_minutes") == std::vector<std::int64_t>{60, 120, 180});
    CHECK(file.read_int64("/timeseries/worker_pay") == std::vector<std::int64_t>{2'500'000, 4'000'000, -7});
    CHECK(file.read_int64("/timeseries/by_platform/mturk/worker_pay") ==
          std::vector<std::int64_t>{1'000'000, 3'000'000, 0});
    CHECK(file.read_float64("/timeseries/wages/median_with_unpaid") == std::vector<double>{1.75, 2.0, 3.125});
    CHECK(file.read_float64("/timeseries/share_under_minimum") == std::vector<double>{0.25, 0.5, 1.0});
    CHECK(file.int64_attribute("/timeseries", "rows") == 3);
    CHECK(file.int64_attribute("/timeseries", "interval_minutes") == 60);
    CHECK(file.string_attribute("/timeseries/worker_pay", "unit") == "micro-USD");
    CHECK(file.string_attribute("/timeseries/wages/median_with_unpaid", "unit") == "USD/hour");
    CHECK(file.string_attribute("/timeseries/by_platform/mturk/worker_pay", "description") ==
          "Worker pay on the mturk platform.");
  }

  SECTION("final tables, including an empty one, and the summary") {
    CHECK(file.read_int64("/final/workers/id") == std::vector<std::int64_t>{0, 1, 2, 3});
    CHECK(file.read_int64("/final/workers/earnings") == std::vector<std::int64_t>{5, 0, 1'000'000, 42});
    CHECK(file.read_float64("/final/workers/wage_with_unpaid") == std::vector<double>{1.5, 0.0, 2.25, 8.0});
    CHECK(file.read_int64("/final/requesters/id").empty());
    CHECK(file.read_float64("/final/requesters/pay_per_hour").empty());
    CHECK(file.int64_attribute("/final/requesters", "rows") == 0);
    CHECK(file.int64_attribute("/final/workers", "rows") == 4);
    CHECK(file.read_int64("/final/platforms/fees") == std::vector<std::int64_t>{123'456});
    CHECK(file.string_attribute("/final/workers/earnings", "unit") == "micro-USD");

    CHECK(file.int64_attribute("/final", "workers_registered") == 4);
    CHECK(file.int64_attribute("/final", "requester_spend") == 9'000'000);
    CHECK(file.int64_attribute("/final", "pending") == 500'000);
    CHECK(file.float64_attribute("/final", "median_wage_with_unpaid") == 1.875);
    CHECK(file.float64_attribute("/final", "rejection_rate") == 0.1);
    CHECK(file.string_attribute("/final", "money_unit") == "micro-USD");
    CHECK(file.string_attribute("/final", "wage_unit") == "USD/hour");
  }

  SECTION("provenance and scenario") {
    CHECK(file.string_attribute("/provenance", "gigsim_version") == "0.1.0");
    CHECK(file.string_attribute("/provenance", "git_commit") == "abcdef123456");
    CHECK(file.uint64_attribute("/provenance", "seed") == 18'446'744'073'709'551'557ULL);
    CHECK(file.int64_attribute("/provenance", "threads") == 8);
    CHECK(file.string_attribute("/provenance", "start_time") == "2026-01-02T03:04:05Z");
    CHECK(file.string_attribute("/provenance", "end_time") == "2026-01-02T04:00:00Z");
    CHECK(file.string_attribute("/provenance", "host") == "testhost");
    CHECK(file.string_attribute("/provenance", "command_line") == "gigsim run baseline.yaml --seed 1");
    CHECK(file.scenario_text() == "name: synthetic\nseed: 1\n");
    CHECK(file.string_attribute("/scenario", "name") == "synthetic");
    CHECK(file.string_attribute("/scenario", "currency") == "USD");
  }

  SECTION("every dataset has unit and description attributes") {
    Visit visit;
    REQUIRE(H5Ovisit(file.id(), H5_INDEX_NAME, H5_ITER_NATIVE, collect_dataset, &visit) >= 0);
    CHECK(visit.datasets.size() == 1 + 5 + 3 + 3 + 1 + 3);  // scenario, series, 3 tables, interventions
    CHECK(visit.missing.empty());
  }

  SECTION("time series and non-empty columns are chunked, shuffled and deflated") {
    for (const char* name : {"/timeseries/time_minutes", "/timeseries/by_platform/mturk/worker_pay",
                             "/timeseries/share_under_minimum", "/final/workers/earnings"}) {
      INFO(name);
      const hid_t dataset = H5Dopen2(file.id(), name, H5P_DEFAULT);
      REQUIRE(dataset >= 0);
      const hid_t dcpl = H5Dget_create_plist(dataset);
      CHECK(H5Pget_layout(dcpl) == H5D_CHUNKED);
      hsize_t chunk = 0;
      CHECK(H5Pget_chunk(dcpl, 1, &chunk) == 1);
      CHECK(chunk == (std::string(name).starts_with("/final") ? 4u : 3u));
      unsigned flags = 0;
      std::size_t count = 1;
      unsigned level = 0;
      CHECK(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, &flags, &count, &level, 0, nullptr, nullptr) >= 0);
      CHECK(level == 4);
      count = 0;
      CHECK(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_SHUFFLE, &flags, &count, nullptr, 0, nullptr, nullptr) >=
            0);
      H5Pclose(dcpl);
      H5Dclose(dataset);
    }
  }

  SECTION("integers are stored as int64 and reals as float64") {
    const auto type_of = [&](const char* name) {
      const hid_t dataset = H5Dopen2(file.id(), name, H5P_DEFAULT);
      const hid_t type = H5Dget_type(dataset);
      const bool int64 = H5Tequal(type, H5T_STD_I64LE) > 0;
      const bool float64 = H5Tequal(type, H5T_IEEE_F64LE) > 0;
      H5Tclose(type);
      H5Dclose(dataset);
      return int64 ? "int64" : float64 ? "float64" : "other";
    };
    CHECK(std::string(type_of("/timeseries/worker_pay")) == "int64");
    CHECK(std::string(type_of("/timeseries/share_under_minimum")) == "float64");
    CHECK(std::string(type_of("/final/requesters/id")) == "int64");
    CHECK(std::string(type_of("/final/workers/wage_with_unpaid")) == "float64");
  }

  SECTION("the reader refuses a read of the wrong type or a missing path") {
    CHECK_THROWS_AS(file.read_float64("/timeseries/worker_pay"), RuntimeFailure);
    CHECK_THROWS_WITH(file.read_int64("/timeseries/nope"), Catch::Contains("/timeseries/nope"));
    CHECK(file.exists("/timeseries/by_platform/mturk/worker_pay"));
    CHECK_FALSE(file.exists("/timeseries/by_platform/upwork/worker_pay"));
  }
}

// A sweep runner commits several runs at once from different threads.
TEST_CASE("run files can be written from several threads at once", "[hdf5]") {
  ScratchDirectory dir;
  std::vector<std::string> failures(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      try {
        RunFileWriter writer((dir.path / ("run" + std::to_string(t) + ".h5")).string(), "",
                             synthetic_provenance());
        std::vector<MetricRow> rows(500, kRows[1]);
        run_to_finish(writer, rows);
        writer.commit("2026-01-02T04:00:00Z");
        RunFileReader file(writer.output_path());
        if (file.read_int64("/timeseries/worker_pay") != std::vector<std::int64_t>(500, 4'000'000)) {
          failures[t] = "wrong values";
        }
        file.read_int64("/timeseries/absent");  // errors must be reported per thread, too
        failures[t] = "no exception";
      } catch (const RuntimeFailure& failure) {
        if (std::string(failure.what()).find("absent") == std::string::npos) failures[t] = failure.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == std::vector<std::string>(4));
  CHECK(dir.entries().size() == 4);
}

TEST_CASE("the writer keeps the final tables it is given, without copying them", "[hdf5]") {
  // At a million workers the tables are a few hundred megabytes; a copy held beside the
  // simulation's raised the run's peak memory at its end.
  ScratchDirectory dir;
  const std::string path = (dir.path / "run.h5").string();
  RunFileWriter writer(path, "name: synthetic\nseed: 1\n", synthetic_provenance());
  writer.on_start(synthetic_scenario(), synthetic_catalogue());
  for (const auto& row : kRows) writer.on_interval(row);
  FinalTables tables = shared(synthetic_tables());
  writer.on_finish(tables, synthetic_summary());
  CHECK(tables.use_count() == 2);
  tables.reset();  // the simulation lets go; the writer still holds them
  writer.commit("2026-01-02T04:00:00Z");
  RunFileReader file(path);
  CHECK(file.read_int64("/final/workers/earnings") == std::vector<std::int64_t>{5, 0, 1'000'000, 42});
  REQUIRE_THROWS_AS(writer.on_finish(shared(synthetic_tables()), synthetic_summary()), std::logic_error);
  RunFileWriter unstarted((dir.path / "other.h5").string(), "name: synthetic\nseed: 1\n",
                          synthetic_provenance());
  unstarted.on_start(synthetic_scenario(), synthetic_catalogue());
  REQUIRE_THROWS_AS(unstarted.on_finish(FinalTables{}, synthetic_summary()), std::logic_error);
}

TEST_CASE("a run with no reporting interval writes zero-length series", "[hdf5]") {
  ScratchDirectory dir;
  const std::string path = write_synthetic_file(dir, {});
  RunFileReader file(path);
  CHECK(file.int64_attribute("/interventions", "count") == 0);
  CHECK(file.read_int64("/timeseries/time_minutes").empty());
  CHECK(file.read_float64("/timeseries/share_under_minimum").empty());
  CHECK(file.string_attribute("/timeseries/time_minutes", "unit") == "minutes");
}

TEST_CASE("a writer destroyed without commit leaves nothing behind", "[hdf5]") {
  ScratchDirectory dir;
  const std::string path = (dir.path / "run.h5").string();
  {
    RunFileWriter writer(path, "name: synthetic\n", synthetic_provenance());
    run_to_finish(writer);
  }
  CHECK_FALSE(fs::exists(path));
  CHECK(dir.entries().empty());
}

TEST_CASE("a commit that fails at the rename removes its temporary file", "[hdf5]") {
  ScratchDirectory dir;
  // A non-empty directory at the output path cannot be replaced by rename().
  const fs::path path = dir.path / "run.h5";
  fs::create_directories(path / "occupied");
  {
    RunFileWriter writer(path.string(), "name: synthetic\n", synthetic_provenance());
    run_to_finish(writer);
    CHECK_THROWS_WITH(writer.commit("2026-01-02T04:00:00Z"), Catch::Contains(path.string()));
  }
  CHECK(dir.entries() == std::vector<std::string>{"run.h5"});
  CHECK(fs::is_directory(path / "occupied"));
}

TEST_CASE("a missing output directory is reported with the path and the reason", "[hdf5]") {
  ScratchDirectory dir;
  const std::string path = (dir.path / "no-such-dir" / "run.h5").string();
  try {
    RunFileWriter writer(path, "", synthetic_provenance());
    FAIL("no exception");
  } catch (const RuntimeFailure& failure) {
    const std::string message = failure.what();
    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains("No such file or directory"));
    CHECK(message.find('\n') == std::string::npos);
  }
}

TEST_CASE("an unwritable output directory is reported with the path and the reason", "[hdf5]") {
  if (::geteuid() == 0) return;  // root may write anywhere; nothing to test
  ScratchDirectory dir;
  const fs::path locked = dir.path / "locked";
  fs::create_directories(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  const std::string path = (locked / "run.h5").string();
  CHECK_THROWS_WITH(RunFileWriter(path, "", synthetic_provenance()),
                    Catch::Contains(path) && Catch::Contains("Permission denied"));
  fs::permissions(locked, fs::perms::owner_all);
}

TEST_CASE("commit replaces an existing file at the output path", "[hdf5]") {
  ScratchDirectory dir;
  const fs::path path = dir.path / "run.h5";
  std::ofstream(path) << "not an HDF5 file";
  write_synthetic_file(dir);
  RunFileReader file(path.string());
  CHECK(file.read_int64("/timeseries/time_minutes").size() == 3);
  CHECK(dir.entries() == std::vector<std::string>{"run.h5"});
}

TEST_CASE("the writer rejects catalogues and rows that cannot be stored", "[hdf5]") {
  ScratchDirectory dir;
  const std::string path = (dir.path / "run.h5").string();
  RunFileWriter writer(path, "", synthetic_provenance());

  SECTION("a metric that is also the group of another") {
    std::vector<MetricInfo> catalogue = synthetic_catalogue();
    catalogue.push_back({"by_platform", "1", "Clash.", true, 0});
    CHECK_THROWS_WITH(writer.on_start(synthetic_scenario(), catalogue), Catch::Contains("by_platform"));
  }
  SECTION("a duplicate metric") {
    std::vector<MetricInfo> catalogue = synthetic_catalogue();
    catalogue.push_back(catalogue.front());
    CHECK_THROWS_WITH(writer.on_start(synthetic_scenario(), catalogue), Catch::Contains("duplicate"));
  }
  SECTION("an absolute metric path") {
    CHECK_THROWS_AS(writer.on_start(synthetic_scenario(), {{"/worker_pay", "1", "Bad.", true, 0}}),
                    RuntimeFailure);
  }
  SECTION("a row shorter than the catalogue") {
    writer.on_start(synthetic_scenario(), synthetic_catalogue());
    CHECK_THROWS_WITH(writer.on_interval({{60, 1}, {0.5, 1.0}}), Catch::Contains("worker_pay"));
  }
  SECTION("a table with columns of different lengths") {
    writer.on_start(synthetic_scenario(), synthetic_catalogue());
    std::vector<FinalTable> tables = synthetic_tables();
    std::get<std::vector<double>>(tables[0].columns[2].values).pop_back();
    CHECK_THROWS_WITH(writer.on_finish(shared(tables), synthetic_summary()),
                      Catch::Contains("wage_with_unpaid"));
  }
  CHECK(dir.entries().empty());
}

TEST_CASE("the reader refuses an HDF5 file that is not a run file", "[hdf5]") {
  ScratchDirectory dir;
  const std::string path = (dir.path / "other.h5").string();
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(file >= 0);
  H5Fclose(file);
  CHECK_THROWS_WITH(RunFileReader(path), Catch::Contains("not a gigsim run file"));
  CHECK_THROWS_WITH(RunFileReader((dir.path / "absent.h5").string()), Catch::Contains("absent.h5"));
}

TEST_CASE("a run without interventions has an empty /interventions group", "[hdf5]") {
  ScratchDirectory dir;
  RunFileReader file(write_synthetic_file(dir));
  REQUIRE(file.exists("/interventions"));
  CHECK(file.int64_attribute("/interventions", "count") == 0);
  CHECK(file.read_int64("/interventions/time_minutes").empty());
  CHECK(file.read_strings("/interventions/label").empty());
  CHECK(file.read_strings("/interventions/settings").empty());
  CHECK(file.string_attribute("/interventions/settings", "unit") == "text/yaml");
  CHECK(file.interventions().empty());
}

TEST_CASE("interventions applied during a run are recorded in /interventions", "[hdf5]") {
  ScratchDirectory dir;
  const std::string path = (dir.path / "run.h5").string();
  RunFileWriter writer(path, "name: synthetic\n", synthetic_provenance());
  writer.on_start(synthetic_scenario(), synthetic_catalogue());
  writer.on_interval(kRows[0]);
  Intervention first;
  first.at_minute = 120;
  first.label = "salaire minimum : 8 $/h";  // UTF-8 survives
  first.settings = {{"regulation.minimum_wage.enabled", "true"}, {"platforms[0].fee.rate", "0.15"}};
  writer.on_intervention(first);
  writer.on_interval(kRows[1]);
  Intervention second;
  second.at_minute = 180;
  second.label = "speed";
  second.settings = {{"workers.groups[0].speed", "{median: 2, sigma: 0.1}"},
                     {"platforms[0].listing", "\"newest\""},
                     {"description", "[not yaml"}};  // made by a program: kept as text
  writer.on_intervention(second);
  writer.on_interval(kRows[2]);
  writer.on_finish(shared(synthetic_tables()), synthetic_summary());
  writer.commit("2026-01-02T04:00:00Z");

  RunFileReader file(path);
  CHECK(file.int64_attribute("/interventions", "count") == 2);
  CHECK(file.read_int64("/interventions/time_minutes") == std::vector<std::int64_t>{120, 180});
  CHECK(file.read_strings("/interventions/label") ==
        std::vector<std::string>{"salaire minimum : 8 $/h", "speed"});
  const std::vector<std::string> settings = file.read_strings("/interventions/settings");
  REQUIRE(settings.size() == 2);
  CHECK(settings[0] == "{regulation.minimum_wage.enabled: true, \"platforms[0].fee.rate\": 0.15}");
  CHECK(settings[1] ==
        "{\"workers.groups[0].speed\": {median: 2, sigma: 0.1}, \"platforms[0].listing\": \"newest\", "
        "description: \"[not yaml\"}");
  CHECK(file.string_attribute("/interventions/time_minutes", "unit") == "minutes");
  CHECK(file.string_attribute("/interventions/label", "unit") == "1");

  SECTION("the settings text is a YAML mapping of the key paths to their values") {
    const YAML::Node map = YAML::Load(settings[0]);
    REQUIRE(map.IsMap());
    CHECK(map.size() == 2);
    CHECK(map["regulation.minimum_wage.enabled"].Scalar() == "true");
    CHECK(map["platforms[0].fee.rate"].Scalar() == "0.15");
    const YAML::Node speed = YAML::Load(settings[1])["workers.groups[0].speed"];
    CHECK(speed["median"].Scalar() == "2");
  }
  SECTION("the reader gives them back as records") {
    const auto applied = file.interventions();
    REQUIRE(applied.size() == 2);
    CHECK(applied[1].time_minutes == 180);
    CHECK(applied[1].label == "speed");
    CHECK(applied[0].settings == settings[0]);
  }
  SECTION("the label and settings datasets are variable-length UTF-8 strings") {
    const hid_t dataset = H5Dopen2(file.id(), "/interventions/label", H5P_DEFAULT);
    const hid_t type = H5Dget_type(dataset);
    CHECK(H5Tis_variable_str(type) > 0);
    CHECK(H5Tget_cset(type) == H5T_CSET_UTF8);
    H5Tclose(type);
    H5Dclose(dataset);
  }
}

TEST_CASE("a scenario's interventions go to the run file as the loader read them", "[hdf5]") {
  const Scenario scenario = load_scenario_text(R"(
name: policy
interventions:
  - at: day 2
    label: minimum wage
    set:
      regulation.minimum_wage: {enabled: true, hourly: 8}
      platforms[0].fee.rate: 0.1
)",
                                               "<test>");
  REQUIRE(scenario.interventions.size() == 1);
  ScratchDirectory dir;
  const std::string path = (dir.path / "run.h5").string();
  RunFileWriter writer(path, scenario_to_yaml(scenario), synthetic_provenance());
  writer.on_start(synthetic_scenario(), synthetic_catalogue());
  writer.on_intervention(scenario.interventions[0]);
  writer.on_finish(shared(synthetic_tables()), synthetic_summary());
  writer.commit("2026-01-02T04:00:00Z");
  RunFileReader file(path);
  CHECK(file.read_int64("/interventions/time_minutes") == std::vector<std::int64_t>{2880});
  CHECK(file.read_strings("/interventions/settings") ==
        std::vector<std::string>{
            "{regulation.minimum_wage: {enabled: true, hourly: 8}, \"platforms[0].fee.rate\": 0.1}"});
  // The scenario stored in the file holds the intervention too, and loads back to it.
  const Scenario again = load_scenario_text(file.scenario_text(), "<run file>");
  REQUIRE(again.interventions.size() == 1);
  CHECK(again.interventions[0].settings == scenario.interventions[0].settings);
}
