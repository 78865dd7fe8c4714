// remove_stale_temporaries (sim/io/stale_temporaries.hpp; issue 8, docs/robustness.md): only the
// temporaries of the same output, of processes that no longer run, written before this one started.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "io/stale_temporaries.hpp"

namespace fs = std::filesystem;

TEST_CASE("stale temporaries of killed writers are removed, nothing else", "[crash][stale]") {
  std::string pattern = (fs::temp_directory_path() / "gigsim-stale-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  const fs::path dir = pattern;

  // A PID that surely no longer runs: a child that has exited and been reaped.
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) _exit(0);
  REQUIRE(waitpid(child, nullptr, 0) == child);
  const std::string dead = std::to_string(child);
  const std::string own = std::to_string(getpid());

  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
  // File times come from the kernel's coarse clock (a few ms behind): set them explicitly.
  const auto later = fs::file_time_type::clock::now() + std::chrono::hours(1);
  const auto make = [&](const std::string& name, bool is_old) {
    std::ofstream(dir / name) << "partial";
    fs::last_write_time(dir / name, is_old ? old : later);
  };
  make(".out.h5.tmp-" + dead, true);            // removed: a killed run's
  make(".out.h5.tmp-" + dead + "-1234", true);  // removed: a killed sweep index writer's
  make(".out.h5.tmp-" + own, true);             // kept: this process's own
  make(".out.h5.tmp-1", true);                  // kept: PID 1 runs
  make(".out.h5.tmp-" + dead + "x", true);      // kept: not a temporary name
  make(".other.h5.tmp-" + dead, true);          // kept: another output's
  make(".out.h5.tmp-" + dead + "-9", false);    // kept: written after this process started
  make("out.h5", true);                         // kept: the output itself

  gigsim::remove_stale_temporaries((dir / "out.h5").string());

  std::set<std::string> left;
  for (const auto& e : fs::directory_iterator(dir)) left.insert(e.path().filename().string());
  CHECK(left == std::set<std::string>{".out.h5.tmp-" + own, ".out.h5.tmp-1", ".out.h5.tmp-" + dead + "x",
                                      ".other.h5.tmp-" + dead, ".out.h5.tmp-" + dead + "-9", "out.h5"});
  fs::remove_all(dir);
}
