// The estimate gigsim run checks against the machine's memory before allocating anything
// (sim/app/memory_budget.cpp) must not fall far below what a run really takes, or a run that
// cannot fit starts and is killed hours later; nor above, or one that fits is refused.
#include <catch2/catch.hpp>

#include "io/scenario_loader.hpp"
#include "market/simulation.hpp"
#include "support/small_market.hpp"

using namespace gigsim;

namespace {
const std::string kBench = GIGSIM_TEST_DATA "/../scenarios/bench/";

double estimate_mb(const Scenario& s) { return static_cast<double>(estimate_memory_bytes(s)) / 1e6; }
}  // namespace

TEST_CASE("the memory estimate stays under the benchmarks' measured peaks, near them", "[market][memory]") {
  // Peak resident memory at 2 threads (docs/performance.md, ninth sitting:
  // continental and national). Continental's is at the end (the model and the final tables); national's
  // is in the tick loop, where 29 million submissions await review, which the estimate leaves out.
  const double continental = estimate_mb(load_scenario_file(kBench + "continental.yaml", {}));
  CHECK(continental > 5746 * 0.9);
  CHECK(continental < 5746 * 1.1);
  const double national = estimate_mb(load_scenario_file(kBench + "national.yaml", {}));
  CHECK(national > 882 * 0.6);
  CHECK(national < 882 * 1.05);
}

TEST_CASE("the memory estimate grows with the workers and the run's arrivals", "[market][memory]") {
  Scenario s = testing::small_market(100000, 10);
  const double base = estimate_mb(s);
  Scenario more = s;
  more.workers.registered *= 2;
  CHECK(estimate_mb(more) > 1.8 * base - 70);
  Scenario arriving = s;
  arriving.workers.arrivals_per_day = 10000;  // 100,000 more over the 10 days
  CHECK(estimate_mb(arriving) > 1.8 * base - 70);
}
