// Crash safety (issue 8, docs/robustness.md): gigsim killed with SIGKILL, which it cannot
// catch, at random moments, the final HDF5 write included. A file at the output path is
// always a complete run file; the temporary file is hidden and is not named *.h5; a
// stale temporary is removed by the next run of the same output; a sweep killed and
// resumed gives the uninterrupted sweep's index.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "app/process_support.hpp"
#include "io/run_file_reader.hpp"

using namespace gigsim::testing::process;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Big enough that the final HDF5 write (per-worker tables, about 3 MB) takes a good
// fraction of a second: 100,000 workers for 6 hours, about 1 s in all on one thread.
std::vector<std::string> run_args(const std::string& output, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run",
                                   "--set",
                                   "workers.registered=100000",
                                   "--set",
                                   "requesters.count=2000",
                                   "--set",
                                   "duration_days=0.25",
                                   "--threads",
                                   "1",
                                   "-q",
                                   "-o",
                                   output};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// What a complete run file holds, enough to tell it from a partial one.
struct Contents {
  std::vector<std::int64_t> time;
  std::vector<std::int64_t> pay;
  std::int64_t approved = -1;
  std::uint64_t seed = 0;
};

Contents contents_of(const fs::path& path) {
  gigsim::RunFileReader file(path.string());
  Contents c;
  c.time = file.read_int64("/timeseries/time_minutes");
  c.pay = file.read_int64("/timeseries/worker_pay");
  c.approved = file.int64_attribute("/final", "tasks_approved");
  c.seed = file.uint64_attribute("/provenance", "seed");
  return c;
}

bool same_results(const Contents& a, const Contents& b) {
  return a.time == b.time && a.pay == b.pay && a.approved == b.approved && a.seed == b.seed;
}

// The temporary file of process `pid` writing `name`, once it has bytes in it (the writer
// also creates and removes it, empty, when it starts: that is not the final write).
fs::path temporary_of(const fs::path& dir, const std::string& name, pid_t pid) {
  return dir / ("." + name + ".tmp-" + std::to_string(pid));
}

bool has_bytes(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return !ec && size > 0;
}

// Waits until `pid`'s temporary has bytes (the final write is under way) or it ends.
bool wait_for_final_write(Child& child, const fs::path& temporary, Clock::duration limit) {
  const auto deadline = Clock::now() + limit;
  while (child.running() && Clock::now() < deadline) {
    if (has_bytes(temporary)) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  return false;
}

const std::regex kTemporaryName(R"(\.[^/]+\.h5\.tmp-[0-9]+)");

}  // namespace

TEST_CASE("gigsim run killed by SIGKILL at random moments never leaves a complete-looking output",
          "[cli][crash]") {
  Scratch scratch;
  const fs::path dir = scratch.work();

  const auto started = Clock::now();
  Child reference_run(dir, run_args("ref.h5"));
  REQUIRE(reference_run.wait().status == 0);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const Contents reference = contents_of(dir / "ref.h5");
  REQUIRE(reference.time.size() > 2);

  std::mt19937 random(20261123);
  int no_output = 0;
  int complete_output = 0;
  int killed_in_final_write = 0;
  // 8 kills at uniformly random times over the whole run (and a little past its end),
  // then 8 during the final HDF5 write: when the temporary file has bytes, after a random
  // further 0-60 ms.
  for (int attempt = 0; attempt < 16; ++attempt) {
    const bool aim_at_write = attempt >= 8;
    std::error_code ec;
    fs::remove(dir / "out.h5", ec);
    Child child(dir, run_args("out.h5"));
    const fs::path temporary = temporary_of(dir, "out.h5", child.pid());
    if (aim_at_write) {
      wait_for_final_write(child, temporary, std::chrono::seconds(60));
      std::this_thread::sleep_for(
          std::chrono::microseconds(std::uniform_int_distribution<int>(0, 60000)(random)));
    } else {
      std::this_thread::sleep_for(
          std::chrono::duration<double>(std::uniform_real_distribution<double>(0.0, 1.2 * seconds)(random)));
    }
    const bool was_writing = has_bytes(temporary);
    child.kill_now();
    const Outcome outcome = child.wait();
    INFO("attempt " << attempt << (aim_at_write ? " (final write)" : "") << ": exit status " << outcome.status
                    << ", signal " << outcome.signal);
    CHECK((outcome.signal == SIGKILL || outcome.status == 0));

    // Whatever is at the output path is a complete run file with the reference's results.
    if (fs::exists(dir / "out.h5")) {
      ++complete_output;
      CHECK(same_results(contents_of(dir / "out.h5"), reference));
    } else {
      ++no_output;
      if (outcome.signal == SIGKILL && was_writing && fs::exists(temporary)) ++killed_in_final_write;
    }
    // Nothing else that could be taken for a result: only hidden temporaries not named *.h5.
    for (const auto& name : scratch.entries()) {
      if (name == "ref.h5" || name == "out.h5") continue;
      INFO(name);
      CHECK(std::regex_match(name, kTemporaryName));
      CHECK(fs::path(name).extension() != ".h5");
    }
  }
  INFO(no_output << " kills left no output, " << complete_output << " came after the rename, "
                 << killed_in_final_write << " hit the final write");
  CHECK(no_output + complete_output == 16);
  // At least one kill landed inside the final write (the temporary file was being written).
  CHECK(killed_in_final_write >= 1);

  // The next run of the same output removes the temporaries the killed runs left.
  const Outcome next = run_gigsim(scratch,
                                  "run --set workers.registered=300 --set requesters.count=30 "
                                  "--set duration_days=1 -q --force -o out.h5");
  REQUIRE(next.status == 0);
  CHECK(scratch.entries() == std::vector<std::string>{"out.h5", "ref.h5"});
}

TEST_CASE("gigsim run --force killed during its final write leaves the previous file intact",
          "[cli][crash]") {
  Scratch scratch;
  const fs::path dir = scratch.work();
  Child first(dir, run_args("keep.h5"));
  REQUIRE(first.wait().status == 0);
  const std::string before = read_text(dir / "keep.h5");
  const Contents original = contents_of(dir / "keep.h5");

  int hit = 0;
  for (int attempt = 0; attempt < 4 && hit == 0; ++attempt) {
    Child child(dir, run_args("keep.h5", {"--force", "--seed", "77"}));
    const bool writing =
        wait_for_final_write(child, temporary_of(dir, "keep.h5", child.pid()), std::chrono::seconds(60));
    child.kill_now();
    const Outcome outcome = child.wait();
    if (writing && outcome.signal == SIGKILL) {
      ++hit;
      // The old file, byte for byte: the new one was never renamed over it.
      CHECK(read_text(dir / "keep.h5") == before);
    } else {
      // Finished before the kill: then it is the complete new file.
      CHECK(contents_of(dir / "keep.h5").seed == 77);
      break;
    }
  }
  if (hit == 0) WARN("the kill never landed inside the final write on this machine");
  CHECK((same_results(contents_of(dir / "keep.h5"), original) || contents_of(dir / "keep.h5").seed == 77));
}

TEST_CASE("gigsim sweep killed by SIGKILL at random moments, then resumed, gives the uninterrupted index",
          "[sweep][crash]") {
  Scratch scratch;
  const fs::path dir = scratch.work();
  const std::string baseline = (fs::path(GIGSIM_TEST_DATA) / ".." / "scenarios" / "baseline.yaml").string();
  {
    std::ofstream sweep(dir / "crash.yaml");
    sweep << "name: crash\nbase: " << baseline
          << "\nparameters:\n"
             "  regulation.minimum_wage.enabled: [true]\n"
             "  regulation.minimum_wage.hourly: [4, 7, 9]\n"
             "  workers.registered: [10000]\n"
             "  requesters.count: [300]\n"
             "  duration_days: [1]\n"
             "  output.interval_minutes: [360]\n"
             "replicates: 2\nseed: 11\n";
  }
  const auto started = Clock::now();
  Child whole(dir, {"sweep", "crash.yaml", "-o", "whole", "--jobs", "1", "--quiet"});
  REQUIRE(whole.wait().status == 0);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const std::string expected = read_text(dir / "whole" / "index.csv");
  REQUIRE(count_lines(expected) == 7);

  std::mt19937 random(8);
  for (int trial = 0; trial < 4; ++trial) {
    const std::string out = "killed" + std::to_string(trial);
    // Killed twice at random moments (the second time while resuming), then resumed.
    for (int kill = 0; kill < 2; ++kill) {
      Child child(dir, {"sweep", "crash.yaml", "-o", out, "--jobs", trial % 2 == 0 ? "1" : "2", "--quiet"});
      std::this_thread::sleep_for(
          std::chrono::duration<double>(std::uniform_real_distribution<double>(0.0, seconds)(random)));
      child.kill_now();
      child.wait();
    }
    Child resumed(dir, {"sweep", "crash.yaml", "-o", out, "--jobs", "2", "--quiet"});
    const Outcome outcome = resumed.wait();
    INFO("trial " << trial);
    REQUIRE(outcome.status == 0);
    CHECK(read_text(dir / out / "index.csv") == expected);
    // The runs' folder holds the six run files and nothing else once resumed: a run killed
    // in its final write was run again, and its commit removed the stale temporary.
    CHECK(scratch.entries(dir / out / "runs") == std::vector<std::string>{"p0000-r00.h5", "p0000-r01.h5",
                                                                          "p0001-r00.h5", "p0001-r01.h5",
                                                                          "p0002-r00.h5", "p0002-r01.h5"});
  }
}
