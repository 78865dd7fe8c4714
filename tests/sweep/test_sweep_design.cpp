// Sweep designs and plans (sim/sweep) and the checks of sweep files (sim/io/sweep_file).
#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.hpp"
#include "io/sweep_file.hpp"
#include "sweep/plan.hpp"

using namespace gigsim;
namespace fs = std::filesystem;

namespace {

sweep::Parameter listed(const std::string& path, std::vector<std::string> values) {
  sweep::Parameter p;
  p.path = path;
  p.values = std::move(values);
  return p;
}

sweep::Parameter ranged(const std::string& path, double low, double high, bool integer = false) {
  sweep::Parameter p;
  p.path = path;
  p.low = low;
  p.high = high;
  p.integer = integer;
  return p;
}

// A sweep file in a fresh temporary directory, removed afterwards.
class SweepFileFixture {
 public:
  explicit SweepFileFixture(const std::string& text) {
    std::string pattern = (fs::temp_directory_path() / "gigsim-sweep-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) FAIL("cannot create a temporary directory");
    dir_ = pattern;
    std::ofstream(path()) << text;
  }
  ~SweepFileFixture() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path() const { return (dir_ / "sweep.yaml").string(); }

 private:
  fs::path dir_;
};

const std::string kBaseline = std::string(GIGSIM_TEST_DATA) + "/../scenarios/baseline.yaml";

std::vector<Diagnostic> diagnostics_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

std::string all_messages(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += format_diagnostic(d) + "\n";
  return out;
}

}  // namespace

TEST_CASE("grid designs: every combination, first parameter slowest, replicates", "[sweep]") {
  sweep::SweepSpec spec;
  spec.parameters = {listed("a", {"1", "2", "3"}), listed("b", {"x", "y"})};
  spec.replicates = 2;
  spec.seed = 7;
  const auto points = sweep::design_points(spec);
  REQUIRE(points.size() == 6);
  CHECK(points[0] == std::vector<std::string>{"1", "x"});
  CHECK(points[1] == std::vector<std::string>{"1", "y"});
  CHECK(points[5] == std::vector<std::string>{"3", "y"});
  const auto plans = sweep::make_plans(spec);
  REQUIRE(plans.size() == 12);
  std::set<std::string> ids;
  std::set<std::uint64_t> seeds;
  for (const auto& p : plans) {
    ids.insert(p.id);
    seeds.insert(p.seed);
    CHECK(p.seed < (std::uint64_t{1} << 53));
  }
  CHECK(ids.size() == 12);
  CHECK(seeds.size() == 12);
  CHECK(plans[0].id == "p0000-r00");
  CHECK(plans[3].id == "p0001-r01");
  CHECK(plans[3].set_args(spec) ==
        std::vector<std::string>{"a=1", "b=y", "seed=" + std::to_string(plans[3].seed)});
  // Deterministic, and a different sweep seed gives different run seeds.
  CHECK(sweep::make_plans(spec)[5].seed == plans[5].seed);
  spec.seed = 8;
  CHECK(sweep::make_plans(spec)[5].seed != plans[5].seed);
  // Common random numbers: replicate r has the same seed at every point.
  spec.seeds = sweep::SeedScheme::common;
  const auto common = sweep::make_plans(spec);
  CHECK(common[0].seed == common[2].seed);
  CHECK(common[0].seed != common[1].seed);
}

TEST_CASE("Latin hypercube: one point in every stratum of every dimension", "[sweep]") {
  for (std::size_t n : {1u, 7u, 10u, 64u}) {
    const auto points = sweep::latin_hypercube(n, 4, 42);
    REQUIRE(points.size() == n);
    for (std::size_t d = 0; d < 4; ++d) {
      std::vector<int> strata;
      for (const auto& p : points) {
        CHECK(p[d] >= 0.0);
        CHECK(p[d] < 1.0);
        strata.push_back(static_cast<int>(std::floor(p[d] * static_cast<double>(n))));
      }
      std::sort(strata.begin(), strata.end());
      for (std::size_t k = 0; k < n; ++k) CHECK(strata[k] == static_cast<int>(k));
    }
  }
  CHECK(sweep::latin_hypercube(10, 3, 1) == sweep::latin_hypercube(10, 3, 1));
  CHECK(sweep::latin_hypercube(10, 3, 1) != sweep::latin_hypercube(10, 3, 2));

  sweep::SweepSpec spec;
  spec.design = sweep::Design::lhs;
  spec.samples = 20;
  spec.parameters = {ranged("x", 5, 15), ranged("n", 100, 200, true)};
  for (const auto& row : sweep::design_points(spec)) {
    const double x = std::stod(row[0]);
    CHECK(x >= 5);
    CHECK(x <= 15);
    CHECK(row[1].find('.') == std::string::npos);
    const int n = std::stoi(row[1]);
    CHECK(n >= 100);
    CHECK(n <= 200);
  }
}

TEST_CASE("Sobol points: the known first points, and stratification in every dimension", "[sweep]") {
  // The first points of the unscrambled sequence in Gray-code order (as in SciPy's
  // scipy.stats.qmc.Sobol(d, scramble=False) and Joe & Kuo's generator).
  const auto two = sweep::sobol_points(4, 2);
  CHECK(two == std::vector<std::vector<double>>{{0, 0}, {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}});
  const auto three = sweep::sobol_points(8, 3);
  const std::vector<std::vector<double>> expected = {{0, 0, 0},
                                                     {0.5, 0.5, 0.5},
                                                     {0.75, 0.25, 0.25},
                                                     {0.25, 0.75, 0.75},
                                                     {0.375, 0.375, 0.625},
                                                     {0.875, 0.875, 0.125},
                                                     {0.625, 0.125, 0.875},
                                                     {0.125, 0.625, 0.375}};
  CHECK(three == expected);
  // Every dimension's first 2^k points put one point in each interval [j/2^k, (j+1)/2^k).
  const std::size_t n = 256;
  const auto points = sweep::sobol_points(n, sweep::kMaxSobolDimensions);
  for (std::size_t d = 0; d < sweep::kMaxSobolDimensions; ++d) {
    for (std::size_t m : {2u, 16u, 256u}) {
      std::vector<int> seen(m, 0);
      for (std::size_t i = 0; i < m; ++i)
        ++seen[static_cast<std::size_t>(points[i][d] * static_cast<double>(m))];
      INFO("dimension " << d + 1 << ", first " << m << " points");
      CHECK(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
    }
  }
}

TEST_CASE("sweep files: ranges, defaults and a plan per run", "[sweep]") {
  SweepFileFixture f("base: " + kBaseline +
                     "\nparameters:\n  regulation.minimum_wage.hourly: {from: 5, to: 10, steps: 3}\n"
                     "  workers.registered: [200, 300]\nreplicates: 2\nseed: 11\n");
  const SweepFile sweep = load_sweep_file(f.path());
  CHECK(sweep.spec.name == "sweep");
  CHECK(sweep.spec.design == sweep::Design::grid);
  REQUIRE(sweep.spec.parameters.size() == 2);
  CHECK(sweep.spec.parameters[0].values == std::vector<std::string>{"5", "7.5", "10"});
  CHECK(sweep::make_plans(sweep.spec).size() == 12);
}

TEST_CASE("sweep files: every problem reported at its line, with a suggestion", "[sweep]") {
  SweepFileFixture f("base: " + kBaseline +
                     "\ndesing: grid\nparameters:\n  workers.registerd: [1, 2]\n  seed: [1, 2]\n"
                     "replicates: 0\n");
  const auto ds = diagnostics_of([&] { load_sweep_file(f.path()); });
  const std::string text = all_messages(ds);
  INFO(text);
  REQUIRE(ds.size() == 4);
  CHECK(text.find(f.path() + ":2:1: error: desing: unknown key 'desing'; did you mean 'design'?") !=
        std::string::npos);
  CHECK(text.find(f.path() + ":4:3:") != std::string::npos);
  CHECK(text.find("registered") != std::string::npos);
  CHECK(text.find("'seed' is set by the sweep") != std::string::npos);
  CHECK(text.find(f.path() + ":6:13: error: replicates: must be from 1") != std::string::npos);

  SweepFileFixture g("base: missing.yaml\ndesign: sobol\nparameters:\n  workers.registered: [1, 2]\n");
  const std::string more = all_messages(diagnostics_of([&] { load_sweep_file(g.path()); }));
  INFO(more);
  CHECK(more.find("does not exist") != std::string::npos);
  CHECK(more.find("needs 'samples: N'") != std::string::npos);
  CHECK(more.find("write {low: A, high: B}, not a list") != std::string::npos);
}

TEST_CASE("sweep files: a bad combination is reported with its run id", "[sweep]") {
  SweepFileFixture f(
      "base: " + kBaseline +
      "\nparameters:\n  workers.registered: [200, -5]\n  requesters.count: [20]\nreplicates: 2\n");
  const SweepFile sweep = load_sweep_file(f.path());
  const auto ds = diagnostics_of([&] { resolve_sweep_runs(sweep); });
  const std::string text = all_messages(ds);
  INFO(text);
  REQUIRE(ds.size() == 2);  // both replicates of point 1
  CHECK(ds[0].file == f.path());
  CHECK(ds[0].line == 3);
  CHECK(ds[0].message.rfind("run p0001-r00 (workers.registered=-5, requesters.count=20): ", 0) == 0);
  CHECK(ds[1].message.rfind("run p0001-r01 ", 0) == 0);
}

TEST_CASE("sweep files: values of any YAML shape reach the scenario", "[sweep]") {
  SweepFileFixture f("base: " + kBaseline +
                     "\nparameters:\n  workers.groups[0].speed: [{median: 2, sigma: 0.5}]\n"
                     "  description: ['a: b', plain]\n");
  const SweepFile sweep = load_sweep_file(f.path());
  const auto runs = resolve_sweep_runs(sweep);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].scenario.workers.groups[0].speed.median == 2);
  CHECK(runs[0].scenario.description == "a: b");
  CHECK(runs[1].scenario.description == "plain");
}

TEST_CASE("every shipped sweep file is valid, and so is every run it makes", "[sweep]") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(GIGSIM_TEST_DATA) / ".." / "scenarios" / "sweeps"))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    INFO(file.string());
    const SweepFile sweep = load_sweep_file(file.string());
    CHECK_FALSE(resolve_sweep_runs(sweep).empty());
  }
}
