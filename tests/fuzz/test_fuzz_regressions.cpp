// Replays every input the fuzzers (tests/fuzz/fuzz_*.cpp, scripts/fuzz-test.sh) ever found a
// problem with, under the normal g++ build: each one must load or be rejected with a
// ScenarioError, nothing else (issue 8, docs/robustness.md).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/scenario_loader.hpp"
#include "io/sweep_file.hpp"
#include "sweep/plan.hpp"

using namespace gigsim;
namespace fs = std::filesystem;

namespace {

const fs::path kRegressions = fs::path(GIGSIM_TEST_DATA) / "fuzz" / "regressions";

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = kRegressions / target;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename().string().rfind("README", 0) != 0)
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

TEST_CASE("fuzz regressions: the scenario loader loads or rejects each input", "[fuzz][loader]") {
  for (const auto& file : inputs("scenario_loader")) {
    INFO(file.string());
    const std::string text = read(file);
    try {
      const Scenario scenario = load_scenario_text(text, "<fuzz>");
      (void)scenario_to_yaml(scenario);
    } catch (const ScenarioError&) {
      // rejected, as it should be
    } catch (const std::exception& e) {
      FAIL("unexpected exception: " << e.what());
    }
  }
}

TEST_CASE("fuzz regressions: the sweep loader loads or rejects each input", "[fuzz][sweep]") {
  for (const auto& file : inputs("sweep_loader")) {
    INFO(file.string());
    const std::string text = read(file);
    try {
      const SweepFile sweep = load_sweep_text(text, "fuzz/sweep.yaml", false);
      double runs = static_cast<double>(sweep.spec.replicates);
      if (sweep.spec.design == sweep::Design::grid)
        for (const auto& p : sweep.spec.parameters) runs *= static_cast<double>(p.values.size());
      else
        runs *= static_cast<double>(sweep.spec.samples);
      if (runs <= 2000) (void)sweep::make_plans(sweep.spec);
    } catch (const ScenarioError&) {
      // rejected, as it should be
    } catch (const std::exception& e) {
      FAIL("unexpected exception: " << e.what());
    }
  }
}
