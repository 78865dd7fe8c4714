// gigsim run --checkpoint-every, gigsim resume and gigsim fork, end to end: the built
// binary in a temporary directory. A resumed run's /timeseries and /final are those of
// the uninterrupted run, bit for bit; a fork whose --set changes nothing equals the
// resumed baseline; bad checkpoints and signals give one clear line and the right status.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/process_support.hpp"
#include "io/checkpoint_file.hpp"
#include "io/run_file_reader.hpp"
#include "support/run_file_datasets.hpp"

namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

using gigsim::testing::process::Outcome;
using gigsim::testing::process::quoted;
using gigsim::testing::process::read_text;
using Sandbox = gigsim::testing::process::Scratch;

using gigsim::testing::process::run_gigsim;

// `prefix`: shell commands run first, in the same shell (e.g. "ulimit -f 100; ").
Outcome run_gigsim_after(const std::string& prefix, const Sandbox& box, const std::string& args) {
  return gigsim::testing::process::run_shell(box, prefix + quoted(GIGSIM_BINARY) + " " + args);
}

std::string market() {
  return quoted((fs::path(GIGSIM_TEST_DATA) / "market" / "checkpoint_market.yaml").string()) +
         " --set workers.registered=3000 --set requesters.count=250 --set workers.arrivals_per_day=30";
}

using gigsim::testing::dataset_bytes;
using gigsim::testing::datasets_under;

void require_same_results(const fs::path& a, const fs::path& b) {
  for (const char* group : {"/timeseries", "/final"}) {
    const auto left = dataset_bytes(a, group);
    const auto right = dataset_bytes(b, group);
    REQUIRE(left.size() == right.size());
    REQUIRE_FALSE(left.empty());
    for (std::size_t i = 0; i < left.size(); ++i) {
      INFO(a.filename() << " vs " << b.filename() << ": " << group << "/" << left[i].first);
      REQUIRE(left[i].first == right[i].first);
      CHECK(left[i].second == right[i].second);
    }
  }
}

// Starts gigsim ARGS in the sandbox as a child process; returns its pid.
pid_t start_gigsim(const Sandbox& box, const std::vector<std::string>& args) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int out = open(box.stdout_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(box.stderr_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || chdir(box.work().c_str()) != 0) _exit(126);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    std::vector<char*> argv;
    std::vector<std::string> copy = args;
    argv.push_back(const_cast<char*>("gigsim"));
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(GIGSIM_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid, int seconds) {
  int status = 0;
  pid_t done = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while ((done = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL("gigsim did not stop in time");
  }
  return status;
}

// Every rule at once on the AMT market, no interventions: for forks and short runs.
std::string all_rules() {
  return quoted((fs::path(GIGSIM_TEST_DATA) / ".." / "scenarios" / "policies" / "all_rules.yaml")
                    .lexically_normal()
                    .string()) +
         " --set workers.registered=3000 --set requesters.count=250";
}

}  // namespace

TEST_CASE("gigsim resume from checkpoints at several days gives the uninterrupted run's results",
          "[cli][checkpoint]") {
  Sandbox box;
  REQUIRE(run_gigsim(box, "run " + market() + " -q -o whole.h5").status == 0);
  // Every 6 hours, one file each: day 1.25 is the tick of the first intervention (hour 30),
  // day 2 that of the second; day 1 is a day boundary.
  const Outcome cp =
      run_gigsim(box, "run " + market() +
                          " -q -o cp.h5 --threads 2 --checkpoint-every 6h --checkpoint 'cp.day{day}.ckpt'");
  REQUIRE(cp.status == 0);
  for (const char* day : {"0.25", "1", "1.25", "1.5", "2", "2.75"})
    REQUIRE(fs::exists(box.work() / (std::string("cp.day") + day + ".ckpt")));
  REQUIRE_FALSE(fs::exists(box.work() / "cp.day3.ckpt"));  // none at the end
  require_same_results(box.work() / "whole.h5", box.work() / "cp.h5");

  for (const char* day : {"0.25", "1", "1.25", "2", "2.75"}) {
    const std::string out = std::string("resumed-") + day + ".h5";
    const Outcome r = run_gigsim(
        box, std::string("resume cp.day") + day + ".ckpt -o " + out + " --threads 1 --checkpoint-every 0");
    REQUIRE(r.status == 0);
    require_same_results(box.work() / "whole.h5", box.work() / out);
    gigsim::RunFileReader a((box.work() / "whole.h5").string()), b((box.work() / out).string());
    CHECK(a.scenario_text() == b.scenario_text());
    REQUIRE(a.interventions().size() == b.interventions().size());
    for (std::size_t i = 0; i < a.interventions().size(); ++i) {
      CHECK(a.interventions()[i].time_minutes == b.interventions()[i].time_minutes);
      CHECK(a.interventions()[i].settings == b.interventions()[i].settings);
    }
    CHECK(b.string_attribute("/provenance", "continued_from") == std::string("cp.day") + day + ".ckpt");
  }
}

TEST_CASE("gigsim fork: a change that changes nothing equals the baseline, a policy differs only after",
          "[cli][checkpoint]") {
  Sandbox box;
  REQUIRE(run_gigsim(box, "run " + all_rules() +
                              " -q -o base.h5 --checkpoint-every 1d --checkpoint day1.ckpt " +
                              "--set duration_days=2")
              .status == 0);
  REQUIRE(fs::exists(box.work() / "day1.ckpt"));

  const Outcome noop = run_gigsim(box, "fork day1.ckpt --set regulation.fee_cap.max_rate=0.15 -o noop.h5 -q");
  REQUIRE(noop.status == 0);
  require_same_results(box.work() / "base.h5", box.work() / "noop.h5");
  {
    gigsim::RunFileReader f((box.work() / "noop.h5").string());
    CHECK(f.string_attribute("/provenance", "fork_of") == "day1.ckpt");
    CHECK(f.int64_attribute("/provenance", "fork_at_tick") == 1440);
    CHECK(f.string_attribute("/provenance", "fork_settings") == "{regulation.fee_cap.max_rate: 0.15}");
    REQUIRE(f.interventions().size() == 1);
    CHECK(f.interventions()[0].time_minutes == 1440);
    CHECK(f.interventions()[0].label == "fork at day 1 of day1.ckpt");
  }

  const Outcome policy = run_gigsim(
      box, "fork day1.ckpt --set regulation.minimum_wage.hourly=14 --label 'higher minimum' -o policy.h5 -q");
  REQUIRE(policy.status == 0);
  gigsim::RunFileReader base((box.work() / "base.h5").string()), arm((box.work() / "policy.h5").string());
  const auto a = base.read_int64("/timeseries/requester_spend");
  const auto b = arm.read_int64("/timeseries/requester_spend");
  REQUIRE(a.size() == b.size());
  const std::size_t rows_before = a.size() / 2;  // day 1 of 2
  CHECK(std::equal(a.begin(), a.begin() + static_cast<long>(rows_before), b.begin()));
  CHECK_FALSE(std::equal(a.begin() + static_cast<long>(rows_before), a.end(),
                         b.begin() + static_cast<long>(rows_before)));
  CHECK(arm.interventions().at(0).label == "higher minimum");

  SECTION("a fork's own checkpoints resume to the fork, which the file still records") {
    REQUIRE(run_gigsim(box,
                       "fork day1.ckpt --set regulation.minimum_wage.hourly=14 --label 'higher minimum' -o "
                       "arm.h5 -q --checkpoint-every 12h")
                .status == 0);
    REQUIRE(fs::exists(box.work() / "arm.h5.ckpt"));  // day 1.5
    REQUIRE(run_gigsim(box, "resume arm.h5.ckpt -o arm-resumed.h5 -q").status == 0);
    require_same_results(box.work() / "policy.h5", box.work() / "arm-resumed.h5");
    gigsim::RunFileReader f((box.work() / "arm-resumed.h5").string());
    CHECK(f.string_attribute("/provenance", "fork_of") == "day1.ckpt");
    CHECK(f.int64_attribute("/provenance", "fork_at_tick") == 1440);
    CHECK(f.string_attribute("/provenance", "continued_from") == "arm.h5.ckpt");
    CHECK(f.int64_attribute("/provenance", "continued_at_tick") == 2160);
    CHECK(f.interventions().at(0).label == "higher minimum");
  }
  SECTION("a key that fixes the run's structure is refused as in a scenario's interventions") {
    const Outcome r = run_gigsim(box, "fork day1.ckpt --set seed=3 -o bad.h5");
    CHECK(r.status == 2);
    CHECK(r.err.find("<--set>:1:0: error: seed: 'seed' can only be set at the start of the run") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(box.work() / "bad.h5"));
  }
  SECTION("a bad value is refused") {
    const Outcome r = run_gigsim(box, "fork day1.ckpt --set regulation.minimum_wage.hourly=-3 -o bad.h5");
    CHECK(r.status == 2);
    CHECK(r.err.find("<--set>:1:0") != std::string::npos);
    CHECK_FALSE(fs::exists(box.work() / "bad.h5"));
  }
  SECTION("fork needs a change and an output") {
    CHECK(run_gigsim(box, "fork day1.ckpt -o x.h5").status == 2);
    CHECK(run_gigsim(box, "fork day1.ckpt --set regulation.fee_cap.enabled=false").status == 2);
    CHECK(run_gigsim(box, "resume day1.ckpt --set seed=3").status == 2);
  }
}

TEST_CASE("a bad checkpoint gives one clear line and exit status 1", "[cli][checkpoint]") {
  Sandbox box;
  REQUIRE(run_gigsim(box, "run " + all_rules() + " -q -o run.h5 --set duration_days=1 " +
                              "--checkpoint-every 12h --checkpoint good.ckpt")
              .status == 0);
  const std::string good = read_text(box.work() / "good.ckpt");
  REQUIRE(good.size() > 1000);

  const auto refused = [&](const std::string& file, const std::string& reason) {
    const Outcome r = run_gigsim(box, "resume " + file + " -o out.h5");
    CHECK(r.status == 1);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find("gigsim: error: cannot resume from '" + file + "': " + reason) != std::string::npos);
    CHECK_FALSE(fs::exists(box.work() / "out.h5"));
  };
  SECTION("missing") { refused("missing.ckpt", "No such file"); }
  SECTION("not a checkpoint") {
    refused("run.h5", "not a gigsim checkpoint");
    write_text(box.work() / "empty.ckpt", "");
    refused("empty.ckpt", "not a gigsim checkpoint");
  }
  SECTION("truncated") {
    write_text(box.work() / "cut.ckpt", good.substr(0, good.size() / 2));
    refused("cut.ckpt", "the file is truncated");
  }
  SECTION("corrupted") {
    std::string bad = good;
    bad[bad.size() / 2] ^= 0x40;
    write_text(box.work() / "bad.ckpt", bad);
    refused("bad.ckpt", "the file is corrupted (checksum mismatch)");
  }
  SECTION("another format version") {
    std::string other = good;
    other[8] = 99;
    write_text(box.work() / "v99.ckpt", other);
    refused("v99.ckpt", "checkpoint format version 99");
  }
  SECTION("another gigsim version") {
    gigsim::CheckpointHeader h;
    h.gigsim_version = "0.0.1";
    h.git_commit = "0123456";
    h.tick = 10;
    h.total_ticks = 100;
    h.scenario_hash = gigsim::scenario_hash("");
    gigsim::write_checkpoint_file((box.work() / "old.ckpt").string(), h, "", "");
    refused("old.ckpt", "it was written by gigsim 0.0.1 (git commit 0123456), this is gigsim ");
  }
  SECTION("an existing checkpoint is not overwritten by a new run") {
    const Outcome same = run_gigsim(box, "run " + all_rules() + " -q -o run2.h5 --set duration_days=1 " +
                                             "--checkpoint-every 12h --checkpoint good.ckpt");
    CHECK(same.status == 1);
    CHECK(same.err.find("a checkpoint of this run already exists at 'good.ckpt' (day 0.5); continue it with "
                        "'gigsim resume good.ckpt'") != std::string::npos);
    const Outcome other =
        run_gigsim(box, "run " + all_rules() + " -q -o run3.h5 --set duration_days=1 --set seed=9 " +
                            "--checkpoint-every 12h --checkpoint good.ckpt");
    CHECK(other.status == 1);
    CHECK(other.err.find("checkpoint 'good.ckpt' belongs to another scenario") != std::string::npos);
    CHECK(read_text(box.work() / "good.ckpt") == good);
    CHECK_FALSE(fs::exists(box.work() / "run2.h5"));
    CHECK_FALSE(fs::exists(box.work() / "run3.h5"));
  }
  SECTION("the file size limit (ulimit -f) is hit while writing a checkpoint") {
    const Outcome r = run_gigsim_after(
        "ulimit -f 100; ", box,
        "run " + all_rules() + " -q -o limited.h5 --set duration_days=1 --checkpoint-every 12h");
    CHECK(r.status == 1);
    CHECK(r.err == "gigsim: error: cannot write checkpoint 'limited.h5.ckpt': File too large\n");
    CHECK(box.entries() == std::vector<std::string>{"good.ckpt", "run.h5"});  // no temporary file left
  }
  SECTION("a bad interval") {
    CHECK(run_gigsim(box, "run --checkpoint-every 1w").status == 2);
    CHECK(run_gigsim(box, "run --checkpoint-every -1d").status == 2);
    CHECK(run_gigsim(box, "run --checkpoint x.ckpt").status == 2);
    const Outcome r =
        run_gigsim(box, "run " + all_rules() + " --set tick_minutes=5 " + "--checkpoint-every 7m -o x.h5");
    CHECK(r.status == 2);
    CHECK(r.err.find("not a whole number of ticks") != std::string::npos);
  }
}

TEST_CASE("SIGTERM or SIGINT during a run with checkpoints: a checkpoint at that tick, resume finishes it",
          "[cli][checkpoint]") {
  Sandbox box;
  const std::vector<std::string> args = {
      "run",
      (fs::path(GIGSIM_TEST_DATA) / "market" / "checkpoint_market.yaml").string(),
      "--set",
      "workers.registered=3000",
      "--set",
      "requesters.count=250",
      "--set",
      "duration_days=40",
      "--threads",
      "1",
      "-o",
      "long.h5",
      "--checkpoint-every",
      "1d"};
  const int signal_number = GENERATE(SIGTERM, SIGINT);
  const pid_t pid = start_gigsim(box, args);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(box.work() / "long.h5.ckpt") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(kill(pid, signal_number) == 0);
  const int status = wait_for(pid, 60);
  const std::string err = read_text(box.stderr_path());
  INFO(err);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + signal_number);
  CHECK(err.find("continue with: gigsim resume long.h5.ckpt") != std::string::npos);
  CHECK(box.entries() == std::vector<std::string>{"long.h5.ckpt"});  // no output, no temporary file

  const Outcome resumed = run_gigsim(box, "resume long.h5.ckpt -q");
  REQUIRE(resumed.status == 0);
  REQUIRE(run_gigsim(
              box, "run " + quoted(args[1]) +
                       " --set workers.registered=3000 --set requesters.count=250 --set duration_days=40 -q "
                       "-o whole.h5")
              .status == 0);
  require_same_results(box.work() / "whole.h5", box.work() / "long.h5");
}

TEST_CASE(
    "gigsim run killed by SIGKILL at random moments: the checkpoint at its path always resumes to the "
    "uninterrupted run",
    "[cli][checkpoint]") {
  Sandbox box;
  const std::string scenario =
      (fs::path(GIGSIM_TEST_DATA) / ".." / "scenarios" / "policies" / "all_rules.yaml")
          .lexically_normal()
          .string();
  const std::vector<std::string> args = {"run",   scenario,
                                         "--set", "workers.registered=3000",
                                         "--set", "requesters.count=250",
                                         "--set", "duration_days=15",
                                         "-q",    "-o",
                                         "k.h5",  "--checkpoint-every",
                                         "6h"};
  REQUIRE(run_gigsim(
              box, "run " + quoted(scenario) +
                       " --set workers.registered=3000 --set requesters.count=250 --set duration_days=15 -q "
                       "-o whole.h5")
              .status == 0);
  std::uint64_t state = 12345;  // a fixed sequence of moments, so a failure can be replayed
  int killed = 0;
  for (int round = 0; round < 3; ++round) {
    fs::remove(box.work() / "k.h5");
    fs::remove(box.work() / "k.h5.ckpt");
    const pid_t pid = start_gigsim(box, args);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(box.work() / "k.h5.ckpt") && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>((state >> 33) % 700)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    INFO("round " << round);
    if (fs::exists(box.work() / "k.h5")) continue;  // it finished before the kill
    ++killed;
    REQUIRE(fs::exists(box.work() / "k.h5.ckpt"));
    const Outcome resumed = run_gigsim(box, "resume k.h5.ckpt -q");
    REQUIRE(resumed.status == 0);
    require_same_results(box.work() / "whole.h5", box.work() / "k.h5");
    // The resumed run's checkpoints removed any temporary the killed one left.
    for (const auto& name : box.entries()) CHECK(name.find(".tmp-") == std::string::npos);
  }
  CHECK(killed >= 2);  // the run (15 days) takes over a second; the kills come within 0.7 s
}
