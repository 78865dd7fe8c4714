// `gigsim sweep` and `gigsim sweep-collect` end to end: the built binary in a fresh
// temporary directory, small runs (200 workers, one day).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/run_file_reader.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct Outcome {
  int status = -1;
  std::string out, err;
};

class Sandbox {
 public:
  Sandbox() {
    std::string pattern = (fs::temp_directory_path() / "gigsim-sweep-cli-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) FAIL("cannot create a temporary directory");
    root_ = pattern;
  }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path root() const { return root_; }

  void write(const std::string& name, const std::string& text) const { std::ofstream(root_ / name) << text; }

  // Runs `gigsim ARGS` in the sandbox (ARGS already shell-quoted where needed).
  Outcome gigsim(const std::string& args, const std::string& env = "") const {
    const std::string command = "cd '" + root_.string() + "' && " + env + " '" + GIGSIM_BINARY + "' " + args +
                                " >stdout.txt 2>stderr.txt";
    const int raw = std::system(command.c_str());
    Outcome o;
    o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    o.out = read_text(root_ / "stdout.txt");
    o.err = read_text(root_ / "stderr.txt");
    return o;
  }

 private:
  fs::path root_;
};

const std::string kBaseline = std::string(GIGSIM_TEST_DATA) + "/../scenarios/baseline.yaml";

// 2 design points x 2 replicates, each 200 workers for one day.
std::string small_sweep(int replicates = 2) {
  return "name: small\nbase: " + kBaseline +
         "\nparameters:\n"
         "  regulation.minimum_wage.enabled: [true]\n"
         "  regulation.minimum_wage.hourly: [4, 9]\n"
         "  workers.registered: [200]\n"
         "  requesters.count: [20]\n"
         "  duration_days: [1]\n"
         "  output.interval_minutes: [360]\n"
         "replicates: " +
         std::to_string(replicates) + "\nseed: 5\n";
}

std::map<std::string, fs::file_time_type> run_file_times(const fs::path& dir) {
  std::map<std::string, fs::file_time_type> times;
  for (const auto& e : fs::directory_iterator(dir / "runs"))
    if (e.path().extension() == ".h5") times[e.path().filename().string()] = fs::last_write_time(e.path());
  return times;
}

// index.csv column `name` of each row.
std::vector<std::string> column(const std::string& csv, const std::string& name) {
  const auto lines = lines_of(csv);
  std::vector<std::string> header;
  std::stringstream h(lines.at(0));
  for (std::string cell; std::getline(h, cell, ',');) header.push_back(cell);
  const auto at = std::find(header.begin(), header.end(), name) - header.begin();
  std::vector<std::string> values;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::stringstream row(lines[i]);
    std::vector<std::string> cells;
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    values.push_back(static_cast<std::size_t>(at) < cells.size() ? cells[static_cast<std::size_t>(at)] : "");
  }
  return values;
}

}  // namespace

TEST_CASE("gigsim sweep: every run, an index, results identical to gigsim run", "[sweep]") {
  Sandbox box;
  box.write("small.yaml", small_sweep());
  const Outcome o = box.gigsim("sweep small.yaml -o out --jobs 2 --quiet");
  INFO(o.err);
  REQUIRE(o.status == 0);
  CHECK(o.out.find("4 ok, 0 failed, 0 missing") != std::string::npos);
  const fs::path out = box.root() / "out";
  CHECK(fs::exists(out / "sweep.yaml"));
  CHECK(read_text(out / "sweep.yaml") == small_sweep());
  CHECK(read_text(out / "sweep.hash").size() == 17);
  const std::string csv = read_text(out / "index.csv");
  REQUIRE(lines_of(csv).size() == 5);
  CHECK(column(csv, "run_id") ==
        std::vector<std::string>{"p0000-r00", "p0000-r01", "p0001-r00", "p0001-r01"});
  CHECK(column(csv, "status") == std::vector<std::string>{"ok", "ok", "ok", "ok"});
  CHECK(column(csv, "regulation.minimum_wage.hourly") == std::vector<std::string>{"4", "4", "9", "9"});

  // index.h5: the same rows, and links that open the run files.
  {
    gigsim::hdf5::silence_automatic_error_printing();
    gigsim::hdf5::File index(H5Fopen((out / "index.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open index");
    CHECK(gigsim::hdf5::read_string_list(index.id(), "run_id").size() == 4);
    CHECK(gigsim::hdf5::read_string_attribute(index.id(), "design") == "grid");
    const auto hourly =
        gigsim::hdf5::read_float64_dataset(index.id(), "parameters/regulation.minimum_wage.hourly");
    CHECK(hourly == std::vector<double>{4, 4, 9, 9});
    const auto approved = gigsim::hdf5::read_float64_dataset(index.id(), "metrics/tasks_approved");
    REQUIRE(approved.size() == 4);
    CHECK(approved[0] > 0);
    // Through the external link (relative to the index file's folder).
    CHECK(gigsim::hdf5::path_exists(index.id(), "runs/p0001-r01/final"));
  }

  // Run p0001-r01 again with gigsim run: the same results.
  const std::string seed = column(csv, "seed")[3];
  const Outcome single =
      box.gigsim("run '" + kBaseline +
                 "' --set regulation.minimum_wage.enabled=true --set regulation.minimum_wage.hourly=9 "
                 "--set workers.registered=200 --set requesters.count=20 --set duration_days=1 "
                 "--set output.interval_minutes=360 --seed " +
                 seed + " -o single.h5 --quiet");
  INFO(single.err);
  REQUIRE(single.status == 0);
  gigsim::RunFileReader a((out / "runs" / "p0001-r01.h5").string());
  gigsim::RunFileReader b((box.root() / "single.h5").string());
  CHECK(a.scenario_text() == b.scenario_text());
  for (const char* name : {"tasks_submitted", "tasks_approved", "worker_pay", "platform_fees", "forfeited"})
    CHECK(a.int64_attribute("/final", name) == b.int64_attribute("/final", name));
  CHECK(a.float64_attribute("/final", "median_wage_with_unpaid") ==
        b.float64_attribute("/final", "median_wage_with_unpaid"));
  CHECK(column(csv, "tasks_approved")[3] == std::to_string(b.int64_attribute("/final", "tasks_approved")));
}

TEST_CASE("gigsim sweep: shards 1/2 and 2/2, then sweep-collect, give the unsharded index", "[sweep]") {
  Sandbox box;
  box.write("small.yaml", small_sweep());
  REQUIRE(box.gigsim("sweep small.yaml -o whole --jobs 2 --quiet").status == 0);
  const Outcome first = box.gigsim("sweep small.yaml -o sharded --shard 1/2 --quiet");
  INFO(first.err);
  REQUIRE(first.status == 0);
  CHECK_FALSE(fs::exists(box.root() / "sharded" / "index.csv"));
  CHECK(run_file_times(box.root() / "sharded").size() == 2);
  // The second share from a Slurm array's environment (array 1-2, this is task 2).
  const Outcome second = box.gigsim("sweep small.yaml -o sharded --quiet",
                                    "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=2 SLURM_ARRAY_TASK_MIN=1");
  INFO(second.err);
  REQUIRE(second.status == 0);
  CHECK(run_file_times(box.root() / "sharded").size() == 4);
  const Outcome collect = box.gigsim("sweep-collect sharded");
  INFO(collect.err);
  REQUIRE(collect.status == 0);
  CHECK(read_text(box.root() / "sharded" / "index.csv") == read_text(box.root() / "whole" / "index.csv"));
}

TEST_CASE("gigsim sweep: collect before every shard is done lists missing runs", "[sweep]") {
  Sandbox box;
  box.write("small.yaml", small_sweep(1));
  REQUIRE(box.gigsim("sweep small.yaml -o out --shard 2/2 --quiet").status == 0);
  const Outcome collect = box.gigsim("sweep-collect out");
  CHECK(collect.status == 1);
  CHECK(column(read_text(box.root() / "out" / "index.csv"), "status") ==
        std::vector<std::string>{"missing", "ok"});
}

TEST_CASE("gigsim sweep: resume reruns only missing runs; a changed sweep is refused", "[sweep]") {
  Sandbox box;
  box.write("small.yaml", small_sweep());
  REQUIRE(box.gigsim("sweep small.yaml -o out --jobs 2 --quiet").status == 0);
  const fs::path out = box.root() / "out";
  const std::string index_before = read_text(out / "index.csv");
  auto before = run_file_times(out);
  REQUIRE(before.size() == 4);
  fs::remove(out / "runs" / "p0000-r01.h5");
  // A partial file (not a run file) is not taken for a finished run.
  std::ofstream(out / "runs" / "p0001-r00.h5") << "not hdf5";
  const Outcome again = box.gigsim("sweep small.yaml -o out --jobs 2");
  INFO(again.err);
  REQUIRE(again.status == 0);
  CHECK(again.err.find("2 to run, 2 already complete") != std::string::npos);
  const auto after = run_file_times(out);
  REQUIRE(after.size() == 4);
  CHECK(after.at("p0000-r00.h5") == before.at("p0000-r00.h5"));
  CHECK(after.at("p0001-r01.h5") == before.at("p0001-r01.h5"));
  CHECK(read_text(out / "index.csv") == index_before);

  // Nothing left to do.
  const Outcome idle = box.gigsim("sweep small.yaml -o out");
  CHECK(idle.status == 0);
  CHECK(idle.err.find("0 to run, 4 already complete") != std::string::npos);

  // A changed sweep file is refused, unless --force.
  box.write("small.yaml", small_sweep(3));
  const Outcome refused = box.gigsim("sweep small.yaml -o out --quiet");
  CHECK(refused.status == 1);
  CHECK(refused.err.find("holds the results of a different sweep") != std::string::npos);
  CHECK(lines_of(refused.err).size() == 1);
  CHECK(run_file_times(out) == after);
  const Outcome forced = box.gigsim("sweep small.yaml -o out --force --quiet");
  INFO(forced.err);
  CHECK(forced.status == 0);
  CHECK(run_file_times(out).size() == 6);
}

TEST_CASE("gigsim sweep: killed midway, then resumed, ends as an uninterrupted sweep", "[sweep]") {
  Sandbox box;
  box.write("small.yaml", small_sweep());
  REQUIRE(box.gigsim("sweep small.yaml -o whole --jobs 2 --quiet").status == 0);
  // SIGKILL as soon as the first run file appears (or when the sweep ends, if it is faster).
  const std::string kill_midway =
      "cd '" + box.root().string() + "' && ('" + GIGSIM_BINARY +
      "' sweep small.yaml -o killed --jobs 1 --quiet >/dev/null 2>&1 & pid=$!; "
      "while [ ! -e killed/runs/p0000-r00.h5 ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done; "
      "kill -9 $pid 2>/dev/null; wait $pid; true) 2>/dev/null";
  REQUIRE(std::system(kill_midway.c_str()) == 0);
  const Outcome resumed = box.gigsim("sweep small.yaml -o killed --jobs 2 --quiet");
  INFO(resumed.err);
  REQUIRE(resumed.status == 0);
  CHECK(read_text(box.root() / "killed" / "index.csv") == read_text(box.root() / "whole" / "index.csv"));
}

TEST_CASE("gigsim sweep under mpirun -n 2 gives the local sweep's index", "[sweep]") {
  // Only where Open MPI is installed and gigsim was built with it; bounded by timeout(1).
  if (std::system("mpirun --version 2>/dev/null | grep -q 'Open MPI'") != 0) {
    WARN("no Open MPI mpirun: the MPI sweep is not tested");
    return;
  }
  Sandbox box;
  box.write("small.yaml", small_sweep());
  REQUIRE(box.gigsim("sweep small.yaml -o local --jobs 2 --quiet").status == 0);
  const std::string mpirun =
      "timeout 300 mpirun -n 2 --oversubscribe " + std::string(geteuid() == 0 ? "--allow-run-as-root " : "");
  const Outcome o = box.gigsim("sweep small.yaml -o mpi --quiet", mpirun);
  if (o.err.find("built without MPI") != std::string::npos) {
    WARN("gigsim was built without MPI: the MPI sweep is not tested");
    return;
  }
  INFO(o.err);
  REQUIRE(o.status == 0);
  CHECK(read_text(box.root() / "mpi" / "index.csv") == read_text(box.root() / "local" / "index.csv"));
  // Resume under MPI: one run missing, only it is run again.
  fs::remove(box.root() / "mpi" / "runs" / "p0001-r00.h5");
  const Outcome again = box.gigsim("sweep small.yaml -o mpi", mpirun);
  INFO(again.err);
  REQUIRE(again.status == 0);
  CHECK(again.err.find("1 to run, 3 already complete") != std::string::npos);
  CHECK(read_text(box.root() / "mpi" / "index.csv") == read_text(box.root() / "local" / "index.csv"));
}

TEST_CASE("gigsim sweep: an invalid combination is named by run id and nothing runs", "[sweep]") {
  Sandbox box;
  box.write("bad.yaml",
            "base: " + kBaseline + "\nparameters:\n  workers.registered: [200, -1]\n  duration_days: [1]\n");
  const Outcome o = box.gigsim("sweep bad.yaml -o out --quiet");
  CHECK(o.status == 2);
  CHECK(o.err.find("bad.yaml:3:") != std::string::npos);
  CHECK(o.err.find("run p0001-r00 (workers.registered=-1, duration_days=1)") != std::string::npos);
  CHECK_FALSE(fs::exists(box.root() / "out"));

  const Outcome usage = box.gigsim("sweep bad.yaml -o out --shard 3/2");
  CHECK(usage.status == 2);
  CHECK(usage.err.find("--shard expects I/N") != std::string::npos);
}
