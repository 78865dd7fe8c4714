// Google Benchmark of each phase of a tick on a prepared market (issue 7; docs/performance.md).
// Not part of the test suite: build with `cmake --preset bench && cmake --build --preset bench`,
// run `build-bench/bin/gigsim_bench_phases`.
//
// Every benchmark builds the calibrated market (scenarios/amt_2018.yaml) at the size of its first
// argument, with one requester per 20 workers as in amt_2018, runs it to 14:00 on the second day
// (the US afternoon, the busiest hour), then steps it tick by tick through one simulated hour.
// Each iteration is a whole tick; only the phase named by the benchmark is timed (manual time),
// so every phase is measured on the same ticks of the same market.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>

#include "io/scenario_loader.hpp"
#include "market/world.hpp"
#include "phase_access.hpp"

namespace {
using gigsim::World;
using Clock = std::chrono::steady_clock;

using gigsim::bench::kPhases;
using gigsim::bench::phase_count;
// The benchmarks: one per phase, and the whole tick.
enum Measured { daily, posting, sessions, workers, resolution, reviews, accounts, end_of_tick, whole_tick };
static_assert(int{whole_tick} == int{phase_count} && int{workers} == int{gigsim::bench::workers});

constexpr std::int64_t kTicksBeforeMeasuring = 1440 + 14 * 60;  // to 14:00 UTC on day 2
constexpr std::int64_t kTicksMeasured = 60;

std::unique_ptr<World> prepared_market(std::int64_t workers, int threads) {
  const std::string path = std::string(GIGSIM_SOURCE_DIR) + "/scenarios/amt_2018.yaml";
  gigsim::Scenario s = gigsim::load_scenario_file(
      path, {"workers.registered=" + std::to_string(workers),
             "requesters.count=" + std::to_string(std::max<std::int64_t>(1, workers / 20)), "duration_days=3",
             "output.interval_minutes=1440"});
  auto world = std::make_unique<World>(s, threads, threads > 1);
  for (std::int64_t t = 0; t < kTicksBeforeMeasuring; ++t) world->step();
  return world;
}

void measure(benchmark::State& state, int measured) {
  const std::int64_t registered = state.range(0);
  const int threads = static_cast<int>(state.range(1));
  auto world = prepared_market(registered, threads);
  double active = 0;
  for (auto _ : state) {
    double seconds = 0;
    for (int p = 0; p < phase_count; ++p) {
      const bool timed = measured == whole_tick || measured == p;
      const auto start = timed ? Clock::now() : Clock::time_point{};
      kPhases[p](*world);
      if (timed) seconds += std::chrono::duration<double>(Clock::now() - start).count();
      if (p == workers) active += static_cast<double>(world->active_count());
    }
    state.SetIterationTime(seconds);
  }
  state.counters["active_workers"] = active / static_cast<double>(state.iterations());
  state.counters["threads"] = threads;
}

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"workers", "threads"});
  // 100,000 workers: quick; 1,000,000: the national market (scenarios/bench/national.yaml), whose
  // tables do not fit in any cache (select it with --benchmark_filter='.*workers:1000000.*').
  for (const std::int64_t n : {100000, 1000000}) b->Args({n, 1})->Args({n, 2});
  b->Iterations(kTicksMeasured)->UseManualTime()->Unit(benchmark::kMicrosecond);
}

#define GIGSIM_PHASE_BENCHMARK(NAME)                                \
  void BM_##NAME(benchmark::State& state) { measure(state, NAME); } \
  BENCHMARK(BM_##NAME)->Apply(sizes)

GIGSIM_PHASE_BENCHMARK(whole_tick);
GIGSIM_PHASE_BENCHMARK(daily);
GIGSIM_PHASE_BENCHMARK(posting);
GIGSIM_PHASE_BENCHMARK(sessions);
GIGSIM_PHASE_BENCHMARK(workers);
GIGSIM_PHASE_BENCHMARK(resolution);
GIGSIM_PHASE_BENCHMARK(reviews);
GIGSIM_PHASE_BENCHMARK(accounts);
GIGSIM_PHASE_BENCHMARK(end_of_tick);

}  // namespace

BENCHMARK_MAIN();
