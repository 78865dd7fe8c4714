// How this machine's memory answers one core and two (docs/performance.md, "Fourth sitting"):
// each thread follows its own random cycle through 256 MB, one step at a time (latency) or
// eight cycles interleaved (how many misses a core keeps in flight), or runs a loop that
// touches no memory. Not part of the build:
//   g++ -O2 -pthread scripts/memory-probe.cpp -o /tmp/memory-probe
//   for mode in compute chase chase8; do for t in 1 2; do /tmp/memory-probe $t $mode; done; done
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string_view>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t kEntries = std::size_t{1} << 25;  // 8-byte indices: 256 MB per thread

std::vector<std::size_t> random_cycle(unsigned seed) {
  std::vector<std::size_t> order(kEntries), next(kEntries);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
  for (std::size_t i = 0; i < kEntries; ++i) next[order[i]] = order[(i + 1) % kEntries];
  return next;
}

std::size_t chase(const std::vector<std::size_t>& next, int lanes, std::size_t steps) {
  std::size_t at[8];
  for (int k = 0; k < lanes; ++k) at[k] = static_cast<std::size_t>(k) * 1000;
  for (std::size_t i = 0; i < steps; ++i)
    for (int k = 0; k < lanes; ++k) at[k] = next[at[k]];
  return at[0];
}

double compute(std::size_t steps) {
  double sum = 0;
  for (std::size_t i = 0; i < steps; ++i) sum += std::sqrt(static_cast<double>(i));
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::atoi(argv[1]) < 1) {
    std::fprintf(stderr, "usage: memory-probe THREADS compute|chase|chase8\n");
    return 2;
  }
  const int threads = std::atoi(argv[1]);
  const std::string_view mode = argv[2];
  std::vector<std::vector<std::size_t>> cycles;
  if (mode != "compute")
    for (int t = 0; t < threads; ++t) cycles.push_back(random_cycle(static_cast<unsigned>(t)));
  std::vector<double> sink(static_cast<std::size_t>(threads));
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      const auto ut = static_cast<std::size_t>(t);
      if (mode == "compute")
        sink[ut] = compute(400'000'000);
      else if (mode == "chase")
        sink[ut] = static_cast<double>(chase(cycles[ut], 1, 20'000'000));
      else
        sink[ut] = static_cast<double>(chase(cycles[ut], 8, 5'000'000));
    });
  for (auto& th : pool) th.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%d thread(s), %s: %.3f s (checksum %g)\n", threads, argv[2], seconds, sink[0]);
  return 0;
}
