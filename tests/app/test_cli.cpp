// End-to-end tests of the gigsim command line: they run the built binary in a
// fresh temporary directory and check its exit status, its output and the HDF5
// file it writes (read back with RunFileReader).
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/process_support.hpp"
#include "io/run_file_reader.hpp"
#include "support/run_file_datasets.hpp"

namespace fs = std::filesystem;

namespace {

// Small enough to run in about a second: the baseline with 300 workers for 2 days.
const std::string kSmall = "--set workers.registered=300 --set requesters.count=30 --set duration_days=2";

using gigsim::testing::process::count_lines;
using gigsim::testing::process::Outcome;
using gigsim::testing::process::quoted;
using gigsim::testing::process::read_text;
using gigsim::testing::process::run_gigsim;
using Sandbox = gigsim::testing::process::Scratch;

// Runs the shell command line `command_line` in the sandbox's working directory.
Outcome run_gigsim_raw(const Sandbox& box, const std::string& command_line) {
  return gigsim::testing::process::run_shell(box, command_line);
}

std::string scenario_path(const std::string& relative) {
  return (fs::path(GIGSIM_TEST_DATA) / ".." / "scenarios" / relative).lexically_normal().string();
}

using gigsim::testing::dataset_bytes;
using gigsim::testing::datasets_under;

void require_same_datasets(const fs::path& a, const fs::path& b, const std::string& group) {
  const auto left = dataset_bytes(a, group);
  const auto right = dataset_bytes(b, group);
  REQUIRE(left.size() == right.size());
  REQUIRE_FALSE(left.empty());
  for (std::size_t i = 0; i < left.size(); ++i) {
    INFO(group << "/" << left[i].first);
    REQUIRE(left[i].first == right[i].first);
    CHECK(left[i].second == right[i].second);
  }
}

}  // namespace

TEST_CASE("gigsim --version and --help exit 0", "[cli]") {
  Sandbox box;
  auto version = run_gigsim(box, "--version");
  CHECK(version.status == 0);
  CHECK(version.out.rfind("gigsim ", 0) == 0);
  CHECK(version.out.find("commit") != std::string::npos);

  auto help = run_gigsim(box, "--help");
  CHECK(help.status == 0);
  CHECK(help.out.find("gigsim run") != std::string::npos);
  CHECK(help.out.find("gigsim validate") != std::string::npos);

  auto run_help = run_gigsim(box, "run --help");
  CHECK(run_help.status == 0);
  for (const char* option : {"--output", "--threads", "--seed", "--set", "--force", "--quiet"})
    CHECK(run_help.out.find(option) != std::string::npos);

  auto validate_help = run_gigsim(box, "validate --help");
  CHECK(validate_help.status == 0);
  CHECK(validate_help.out.find("FILE:LINE:COL") != std::string::npos);
  CHECK(box.entries().empty());
}

TEST_CASE("bad command-line usage exits 2 with a hint to --help", "[cli]") {
  Sandbox box;
  SECTION("no command") {
    auto r = run_gigsim(box, "");
    CHECK(r.status == 2);
    CHECK(r.err.find("--help") != std::string::npos);
  }
  SECTION("misspelt command") {
    auto r = run_gigsim(box, "rnu");
    CHECK(r.status == 2);
    CHECK(r.err.find("did you mean 'run'") != std::string::npos);
  }
  SECTION("misspelt option") {
    auto r = run_gigsim(box, "run --thread 2");
    CHECK(r.status == 2);
    CHECK(r.err.find("did you mean '--threads'") != std::string::npos);
    CHECK(r.err.find("gigsim run --help") != std::string::npos);
  }
  SECTION("bad option values") {
    CHECK(run_gigsim(box, "run --threads 0").status == 2);
    CHECK(run_gigsim(box, "run --threads two").status == 2);
    CHECK(run_gigsim(box, "run --seed -1").status == 2);
    CHECK(run_gigsim(box, "run --set workers.registered").status == 2);
    CHECK(run_gigsim(box, "run -o").status == 2);
    CHECK(run_gigsim(box, "run a.yaml b.yaml").status == 2);
    CHECK(run_gigsim(box, "run --serial --threads 2").status == 2);
  }
  SECTION("validate without a file") {
    auto r = run_gigsim(box, "validate");
    CHECK(r.status == 2);
    CHECK(r.err.find("gigsim validate --help") != std::string::npos);
  }
  CHECK(box.entries().empty());
}

TEST_CASE("gigsim validate accepts the shipped baseline", "[cli]") {
  Sandbox box;
  const std::string baseline = scenario_path("baseline.yaml");
  auto r = run_gigsim(box, "validate " + quoted(baseline));
  CHECK(r.status == 0);
  CHECK(r.out == "OK: " + baseline + " (baseline: 20,000 workers, 30 days)\n");
  CHECK(r.err.empty());

  auto with_set = run_gigsim(box, "validate " + quoted(baseline) + " --set workers.registered=500");
  CHECK(with_set.status == 0);
  CHECK(with_set.out.find("500 workers") != std::string::npos);
}

TEST_CASE("gigsim validate lists every problem as FILE:LINE:COL: error:", "[cli]") {
  Sandbox box;
  // The baseline with two mistakes: a misspelt key and a negative duration.
  std::string text = read_text(scenario_path("baseline.yaml"));
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  };
  const auto duration_line = replace("duration_days: 30", "duration_days: -3");
  const auto registered_line = replace("registered: 20000", "registerd: 20000");
  std::ofstream(box.work() / "bad.yaml") << text;

  auto r = run_gigsim(box, "validate bad.yaml");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  const std::regex diagnostic(R"(^bad\.yaml:(\d+):(\d+): error: .+$)");
  std::istringstream lines(r.err);
  std::string line;
  std::vector<long> reported_lines;
  while (std::getline(lines, line)) {
    INFO(line);
    std::smatch m;
    CHECK(std::regex_match(line, m, diagnostic));
    if (!m.empty()) reported_lines.push_back(std::stol(m[1]));
    if (line.find("registerd") != std::string::npos) CHECK(line.find("registered") != std::string::npos);
  }
  INFO(r.err);
  CHECK(std::count(reported_lines.begin(), reported_lines.end(), duration_line) >= 1);
  CHECK(std::count(reported_lines.begin(), reported_lines.end(), registered_line) >= 1);

  SECTION("a file that does not exist is invalid input too") {
    auto missing = run_gigsim(box, "validate no-such-file.yaml");
    CHECK(missing.status == 2);
    CHECK(missing.err.find("no-such-file.yaml") != std::string::npos);
  }
  SECTION("run refuses the same file with status 2 and writes nothing") {
    auto run = run_gigsim(box, "run bad.yaml -q -o bad.h5");
    CHECK(run.status == 2);
    CHECK(run.err.find("bad.yaml:") != std::string::npos);
    CHECK_FALSE(fs::exists(box.work() / "bad.h5"));
  }
}

TEST_CASE("gigsim run writes its file, refuses to overwrite it, and --force replaces it", "[cli]") {
  Sandbox box;
  // No scenario: the built-in baseline; no -o: <scenario name>.h5 in the current directory.
  auto first = run_gigsim(box, "run " + kSmall + " --threads 2");
  REQUIRE(first.status == 0);
  const fs::path output = box.work() / "baseline.h5";
  REQUIRE(fs::exists(output));
  CHECK(box.entries() == std::vector<std::string>{"baseline.h5"});  // no temporary file left

  // The summary on stdout.
  for (const char* item : {"median", "mean", "USD/h", "tasks submitted", "tasks approved", "rejection rate",
                           "suspensions", "requester spend", "worker pay", "platform fees",
                           "social contributions", "forfeited", "pending", "baseline.h5"})
    CHECK(first.out.find(item) != std::string::npos);
  // stderr is not a terminal here: plain progress lines, ending at 100%.
  CHECK(first.err.find("gigsim: running baseline") != std::string::npos);
  CHECK(first.err.find("100%") != std::string::npos);
  CHECK(first.err.find('\r') == std::string::npos);

  const std::string original = read_text(output);
  const auto original_time = fs::last_write_time(output);

  SECTION("a second run without --force exits 1 with one line and leaves the file alone") {
    auto again = run_gigsim(box, "run " + kSmall + " --seed 9 --quiet");
    CHECK(again.status == 1);
    CHECK(count_lines(again.err) == 1);
    CHECK(again.err.rfind("gigsim: error: ", 0) == 0);
    CHECK(again.err.find("already exists") != std::string::npos);
    CHECK(again.out.empty());
    CHECK(read_text(output) == original);
    CHECK(fs::last_write_time(output) == original_time);
  }
  SECTION("--force replaces it; --quiet prints no progress") {
    auto forced = run_gigsim(box, "run " + kSmall + " --seed 9 --force --quiet");
    CHECK(forced.status == 0);
    CHECK(forced.err.empty());
    CHECK(forced.out.find("requester spend") != std::string::npos);
    gigsim::RunFileReader file(output.string());
    CHECK(file.uint64_attribute("/provenance", "seed") == 9);
    CHECK(box.entries() == std::vector<std::string>{"baseline.h5"});
  }
}

TEST_CASE("gigsim run draws a progress bar with rate and ETA when stderr is a terminal", "[cli]") {
  // `script` (util-linux, essential in Debian) runs the command on a pseudo-terminal.
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    WARN("`script` is not installed; skipping the terminal progress test");
    return;
  }
  Sandbox box;
  const std::string inner = quoted(GIGSIM_BINARY) + " run " + kSmall + " -o tty.h5";
  auto r = run_gigsim_raw(box, "script -qec " + quoted(inner) + " /dev/null");
  CHECK(r.status == 0);
  CHECK(r.out.find('\r') != std::string::npos);  // redrawn in place
  CHECK(r.out.find("ETA") != std::string::npos);
  CHECK(r.out.find("days/s") != std::string::npos);
  CHECK(r.out.find("100.0%") != std::string::npos);
  CHECK(r.out.find("requester spend") != std::string::npos);
  CHECK(fs::exists(box.work() / "tty.h5"));
}

TEST_CASE("gigsim run into a missing directory exits 1 and writes nothing", "[cli]") {
  Sandbox box;
  auto r = run_gigsim(box, "run " + kSmall + " -q -o missing/dir/out.h5");
  CHECK(r.status == 1);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.rfind("gigsim: error: ", 0) == 0);
  CHECK(r.err.find("missing/dir") != std::string::npos);
  CHECK(r.out.empty());
  CHECK(box.entries().empty());
}

TEST_CASE("gigsim run refuses a scenario that would not fit in memory, before allocating", "[cli]") {
  Sandbox box;
  // 100 billion workers: terabytes by any estimate.
  auto r = run_gigsim(box, "run -q --set workers.registered=100000000000 -o huge.h5");
  CHECK(r.status == 1);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.rfind("gigsim: error: ", 0) == 0);
  CHECK(r.err.find("memory") != std::string::npos);
  CHECK(box.entries().empty());
}

TEST_CASE("gigsim run with an invalid --set exits 2 and writes nothing", "[cli]") {
  Sandbox box;
  auto r = run_gigsim(box, "run " + kSmall + " -q --set workers.registered=-5 -o out.h5");
  CHECK(r.status == 2);
  CHECK(r.err.find("error:") != std::string::npos);
  CHECK(r.err.find("workers.registered") != std::string::npos);
  CHECK(box.entries().empty());
}

TEST_CASE("the run file holds the time series, provenance and an exact money identity", "[cli]") {
  Sandbox box;
  auto r = run_gigsim(box, "run " + kSmall + " --seed 1234 --threads 2 -q -o run.h5");
  REQUIRE(r.status == 0);
  gigsim::RunFileReader file((box.work() / "run.h5").string());

  REQUIRE(file.exists("/timeseries/time_minutes"));
  const auto time = file.read_int64("/timeseries/time_minutes");
  REQUIRE(time.size() >= 2);
  for (std::size_t i = 1; i < time.size(); ++i) CHECK(time[i] > time[i - 1]);

  const auto spend = file.read_int64("/timeseries/requester_spend");
  const auto pay = file.read_int64("/timeseries/worker_pay");
  const auto fees = file.read_int64("/timeseries/platform_fees");
  const auto social = file.read_int64("/timeseries/social_contributions");
  const auto forfeited = file.read_int64("/timeseries/forfeited");
  const auto pending = file.read_int64("/timeseries/pending");
  for (const auto* series : {&spend, &pay, &fees, &social, &forfeited, &pending})
    REQUIRE(series->size() == time.size());
  std::int64_t total_spend = 0;
  for (std::size_t i = 0; i < time.size(); ++i) {
    const std::int64_t previous_pending = i == 0 ? 0 : pending[i - 1];
    INFO("row " << i);
    CHECK(spend[i] == pay[i] + fees[i] + social[i] + forfeited[i] + pending[i] - previous_pending);
    total_spend += spend[i];
  }
  CHECK(total_spend > 0);  // the small market did trade

  CHECK(file.uint64_attribute("/provenance", "seed") == 1234);
  CHECK(file.int64_attribute("/provenance", "threads") == 2);
  CHECK(file.string_attribute("/provenance", "command_line").find("--seed 1234") != std::string::npos);
  CHECK_FALSE(file.string_attribute("/provenance", "git_commit").empty());
  CHECK_FALSE(file.string_attribute("/provenance", "host").empty());
  const std::regex iso8601(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  CHECK(std::regex_match(file.string_attribute("/provenance", "start_time"), iso8601));
  CHECK(std::regex_match(file.string_attribute("/provenance", "end_time"), iso8601));
  CHECK(file.scenario_text().find("registered: 300") != std::string::npos);
}

TEST_CASE("the same run with 1 thread, 2 threads and the serial stepper gives identical results", "[cli]") {
  Sandbox box;
  REQUIRE(run_gigsim(box, "run " + kSmall + " --threads 1 -q -o t1.h5").status == 0);
  REQUIRE(run_gigsim(box, "run " + kSmall + " --threads 2 -q -o t2.h5").status == 0);
  REQUIRE(run_gigsim(box, "run " + kSmall + " --serial -q -o serial.h5").status == 0);
  require_same_datasets(box.work() / "t1.h5", box.work() / "t2.h5", "/timeseries");
  require_same_datasets(box.work() / "t1.h5", box.work() / "t2.h5", "/final");
  require_same_datasets(box.work() / "t1.h5", box.work() / "serial.h5", "/timeseries");
}

TEST_CASE("Ctrl-C during a run exits 130 and leaves no file", "[cli]") {
  Sandbox box;
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // the child: gigsim on a run long enough to be interrupted
    const int out = open(box.stdout_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(box.stderr_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || chdir(box.work().c_str()) != 0) _exit(126);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execl(GIGSIM_BINARY, "gigsim", "run", "--set", "duration_days=365", "-o", "long.h5",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait for the run to start (its first line on stderr), then press Ctrl-C.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (read_text(box.stderr_path()).find("gigsim: running") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(kill(pid, SIGINT) == 0);

  int status = 0;
  pid_t done = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((done = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL("gigsim did not stop within 60 s of SIGINT");
  }
  const std::string err = read_text(box.stderr_path());
  INFO(err);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK(err.find("interrupted") != std::string::npos);
  CHECK(box.entries().empty());  // neither long.h5 nor its temporary file
}
