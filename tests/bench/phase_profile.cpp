// Where a whole run's time goes, phase by phase (issue 7; docs/performance.md). The phase
// benchmark (bench_phases.cpp) times one busy hour of day 2; a national run's later days have
// more reviews due and a longer active list, so this one steps a scenario through all of its
// ticks, timing each phase, and prints the seconds per phase for each stretch of days and in all,
// then the seconds each phase spent outside its parallel loops (World::parallel_loop_seconds):
// at 2+ threads, the share that bounds what more threads can gain (Amdahl's law). The `rows`
// column is the interval rows a run writes (World::take_row at each interval's end, as
// Simulation::step does): a daily national row passes over every worker and sorts the wage
// sample.
// With --loops, every loop split over threads is then listed (World::profile_loops): its wall
// time; its items' time on all threads together (against a 1-thread run's, the extra work the
// threads do: lines crossing between cores, memory shared); the busiest thread's and the mean
// thread's item time; what is left of the wall time for starting and joining the threads; the
// busiest thread's lead on the mean (imbalance); and mean over wall (the loop's efficiency).
// Built with the bench preset, never run by the test command:
//
//   build-bench/bin/gigsim_phase_profile SCENARIO.yaml [--threads N] [--every DAYS] [--loops]
//                                        [--set KEY=VALUE ...]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/loop_profile.hpp"
#include "io/scenario_loader.hpp"
#include "phase_access.hpp"

namespace {
using gigsim::bench::kPhaseNames;
using gigsim::bench::kPhases;
using gigsim::bench::phase_count;
using Clock = std::chrono::steady_clock;

int usage() {
  std::fprintf(stderr,
               "usage: gigsim_phase_profile SCENARIO.yaml [--threads N] [--every DAYS] [--loops] [--set "
               "KEY=VALUE ...]\n");
  return 2;
}

// "void gigsim::World::run_review_phase()" -> "run_review_phase".
std::string short_name(const std::string& function) {
  std::string name = function.substr(0, function.find('('));
  const std::size_t last = name.find_last_of(": ");
  return last == std::string::npos ? name : name.substr(last + 1);
}

void print_loops(const gigsim::LoopProfile& profile) {
  std::printf("\nloops split over %d thread(s), seconds in all calls:\n", profile.threads());
  std::printf("%-26s %-24s %7s %9s %9s %9s %9s %10s %10s %6s\n", "call", "in", "calls", "wall", "items",
              "busiest", "mean", "start/join", "imbalance", "eff.");
  for (const gigsim::LoopCost& c : profile.loops()) {
    const double mean = c.mean(profile.threads());
    std::printf("%-26s %-24s %7lld %9.3f %9.3f %9.3f %9.3f %10.3f %10.3f %5.0f%%\n", c.site.c_str(),
                short_name(c.function).c_str(), static_cast<long long>(c.calls), c.wall, c.busy, c.slowest,
                mean, c.wall - c.slowest, c.slowest - mean, c.wall > 0 ? 100.0 * mean / c.wall : 100.0);
  }
}

// The phases' seconds, then the rows'.
void print_row(const char* label, const double (&seconds)[phase_count + 1]) {
  double total = 0;
  for (const double s : seconds) total += s;
  std::printf("%-12s", label);
  for (const double s : seconds) std::printf(" %10.2f", s);
  std::printf(" %10.2f\n", total);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string path = argv[1];
  int threads = 1;
  long every = 1;
  bool loops = false;
  std::vector<std::string> sets;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--loops") {
      loops = true;
      continue;
    }
    if (i + 1 >= argc) return usage();
    if (a == "--threads") {
      threads = std::atoi(argv[++i]);
    } else if (a == "--every") {
      every = std::atol(argv[++i]);
    } else if (a == "--set") {
      sets.emplace_back(argv[++i]);
    } else {
      return usage();
    }
  }
  if (threads < 1 || every < 1) return usage();
  try {
    const gigsim::Scenario scenario = gigsim::load_scenario_file(path, sets);
    const auto setup_start = Clock::now();
    gigsim::World world(scenario, threads, threads > 1);
    const double setup = std::chrono::duration<double>(Clock::now() - setup_start).count();
    gigsim::LoopProfile loop_profile(threads);
    if (loops) world.profile_loops(&loop_profile);
    const std::int64_t ticks_per_day = scenario.ticks_per_day(), ticks = scenario.total_ticks();
    std::printf("%s, %d thread(s), setup %.2f s; seconds per phase\n", path.c_str(), threads, setup);
    std::printf("%-12s", "days");
    for (const char* name : kPhaseNames) std::printf(" %10s", name);
    std::printf(" %10s %10s\n", "rows", "all");
    double stretch[phase_count + 1] = {}, run[phase_count + 1] = {}, serial[phase_count + 1] = {};
    for (std::int64_t t = 0; t < ticks; ++t) {
      for (int p = 0; p < phase_count; ++p) {
        const auto start = Clock::now();
        const double in_loops = world.parallel_loop_seconds();
        kPhases[p](world);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        stretch[p] += seconds;
        serial[p] += seconds - (world.parallel_loop_seconds() - in_loops);
      }
      if (world.interval_ends() || t + 1 == ticks) {
        const auto start = Clock::now();
        const double in_loops = world.parallel_loop_seconds();
        world.take_row();
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        stretch[phase_count] += seconds;
        serial[phase_count] += seconds - (world.parallel_loop_seconds() - in_loops);
      }
      const std::int64_t day = (t + 1) / ticks_per_day;
      if ((t + 1) % ticks_per_day == 0 && (day % every == 0 || t + 1 == ticks)) {
        const std::string label = std::to_string(day - (day - 1) % every) + "-" + std::to_string(day);
        print_row(label.c_str(), stretch);
        for (int p = 0; p <= phase_count; ++p) {
          run[p] += stretch[p];
          stretch[p] = 0;
        }
      }
    }
    print_row("run", run);
    // What runs on one thread whatever the thread count bounds the speed-up (Amdahl's law). At 1
    // thread the review and session phases take their one-pass paths, which count as serial.
    if (threads > 1) {
      print_row("serial", serial);
      double all = 0, one = 0;
      for (int p = 0; p <= phase_count; ++p) {
        all += run[p];
        one += serial[p];
      }
      std::printf("outside the parallel loops: %.2f s, %.1f%% of the run\n", one, 100.0 * one / all);
    }
    std::printf("at the end: %zu workers online, %zu task group slots\n", world.active_count(),
                world.task_groups().size());
    if (loops) print_loops(loop_profile);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gigsim_phase_profile: %s\n", e.what());
    return 1;
  }
  return 0;
}
