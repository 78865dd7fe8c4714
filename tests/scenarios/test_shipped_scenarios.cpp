// Every scenario shipped in scenarios/ validates, and runs (shrunk to a few
// hundred workers and one day) with the invariants checked every tick.
#include <catch2/catch.hpp>

#include <filesystem>

#include "io/scenario_loader.hpp"
#include "market/simulation.hpp"

using namespace gigsim;
namespace fs = std::filesystem;

namespace {
std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> files;
  // scenarios/sweeps/ holds sweep files, not scenarios (tests/sweep checks those).
  for (const auto& e : fs::recursive_directory_iterator(fs::path(GIGSIM_TEST_DATA) / ".." / "scenarios"))
    if (e.is_regular_file() && e.path().extension() == ".yaml" &&
        e.path().parent_path().filename() != "sweeps")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}
}  // namespace

TEST_CASE("every shipped scenario validates", "[scenarios]") {
  const auto files = shipped_scenarios();
  REQUIRE(files.size() >= 2);  // baseline and the national benchmark at least
  for (const auto& f : files) {
    INFO(f.string());
    CHECK_NOTHROW(load_scenario_file(f.string()));
  }
}

TEST_CASE("every shipped scenario smoke-runs with invariants checked", "[scenarios]") {
  for (const auto& f : shipped_scenarios()) {
    INFO(f.string());
    // Shrunk to one day, unless an intervention needs the run to last until it.
    const bool has_interventions = !load_scenario_file(f.string()).interventions.empty();
    std::vector<std::string> shrink{"workers.registered=300", "requesters.count=30",
                                    "output.interval_minutes=360"};
    if (!has_interventions) shrink.push_back("duration_days=1");
    const Scenario s = load_scenario_file(f.string(), shrink);
    Simulation sim(s, RunOptions{2, true, true});
    REQUIRE_NOTHROW(sim.run());
    CHECK(sim.summary().tasks_submitted > 0);
  }
}
