// What the machine charges for the three things a tick's loops wait on (docs/performance.md,
// nineteenth sitting): a load that misses, by how much memory the loads range over; a line that
// another core wrote last; and a core's misses while the other cores miss too. A scaling curve
// read without these figures blames the model for what the machine does.
//
//   gigsim_machine_probe [--threads N]
//   gigsim_machine_probe --state       # CPU 0 <-> CPU 1's handoff and a 16 MB load, in ns
//                                      # (scripts/bench-run.sh prints them around each run)
//
// Pins threads to CPUs 0..N-1 (Linux). Not a test: its figures depend on the machine and on what
// else runs on it.
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

void pin_to(unsigned cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

// A cyclic chain through every line of `bytes` of memory on huge pages, in a random order (a
// fixed xorshift seed: the same chain every run), so that each load depends on the last.
class Chain {
 public:
  explicit Chain(std::size_t bytes) : lines_(bytes / kLine) {
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    bytes_ = (lines_ * kLine + kHuge - 1) / kHuge * kHuge;
    memory_ = static_cast<std::uint64_t*>(std::aligned_alloc(kHuge, bytes_));
    if (memory_ == nullptr) std::exit(1);
    madvise(memory_, bytes_, MADV_HUGEPAGE);
    std::vector<std::uint32_t> order(lines_);
    std::iota(order.begin(), order.end(), 0u);
    std::uint64_t x = 0x9e3779b97f4a7c15ull;
    for (std::size_t i = lines_ - 1; i > 0; --i) {  // Fisher-Yates
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      std::swap(order[i], order[x % (i + 1)]);
    }
    for (std::size_t i = 0; i < lines_; ++i)
      memory_[order[i] * kWords] = std::uint64_t{order[(i + 1) % lines_]} * kWords;
  }
  ~Chain() { std::free(memory_); }
  Chain(const Chain&) = delete;
  Chain& operator=(const Chain&) = delete;

  // Nanoseconds per load over `loads` dependent loads, after one warm pass.
  double nanoseconds_per_load(std::size_t loads) const {
    std::uint64_t at = 0;
    for (std::size_t i = 0; i < lines_; ++i) at = memory_[at];
    const auto start = Clock::now();
    for (std::size_t i = 0; i < loads; ++i) at = memory_[at];
    // Without it the loads, whose memory no call can see, may be moved past the clock's reading.
    asm volatile("" : "+r"(at)::"memory");
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    sink_ = at;
    return seconds / static_cast<double>(loads) * 1e9;
  }

 private:
  static constexpr std::size_t kLine = 64, kWords = kLine / sizeof(std::uint64_t);
  std::size_t lines_, bytes_ = 0;
  std::uint64_t* memory_ = nullptr;
  mutable std::uint64_t sink_ = 0;
};

// One line passed back and forth between CPU 0 and `other`: nanoseconds per one-way handoff.
double handoff_nanoseconds(unsigned other) {
  constexpr long kRounds = 400000;
  alignas(64) std::atomic<long> turn{0};
  std::thread partner([&] {
    pin_to(other);
    for (long i = 1; i < 2 * kRounds; i += 2) {
      while (turn.load(std::memory_order_acquire) != i) {
      }
      turn.store(i + 1, std::memory_order_release);
    }
  });
  pin_to(0);
  const auto start = Clock::now();
  for (long i = 0; i < 2 * kRounds; i += 2) {
    while (turn.load(std::memory_order_acquire) != i) {
    }
    turn.store(i + 1, std::memory_order_release);
  }
  partner.join();
  return std::chrono::duration<double>(Clock::now() - start).count() / (2.0 * kRounds) * 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--state" && argc == 2) {
      // The two figures that moved most between the VM's stretches (docs/performance.md): where
      // the host put the two vCPUs, and how much of the shared last-level cache the other
      // tenants left.
      pin_to(0);
      const Chain chain(std::size_t{16} << 20);
      const double load = chain.nanoseconds_per_load(3'000'000);
      if (threads < 2) {
        std::printf("- %.1f\n", load);
      } else {
        std::printf("%.1f %.1f\n", handoff_nanoseconds(1), load);
      }
      return 0;
    }
    if (a == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else {
      std::fprintf(stderr, "usage: gigsim_machine_probe [--threads N] | --state\n");
      return 2;
    }
  }
  std::printf("dependent loads on CPU 0, huge pages (ns per load):\n");
  pin_to(0);
  for (const std::size_t mb : {1, 2, 4, 8, 16, 24, 32, 64, 256}) {
    const Chain chain(mb << 20);
    std::printf("  %4zu MB  %7.1f\n", mb, chain.nanoseconds_per_load(20'000'000));
  }

  std::printf("a line written by CPU 0, then by CPU k (ns per one-way handoff):\n");
  for (unsigned k = 1; k < threads; k = k < 4 ? k + 1 : 2 * k)
    std::printf("  CPU 0 <-> CPU %-3u %7.1f\n", k, handoff_nanoseconds(k));
  if (threads > 4 && (threads - 1) & (threads - 2))
    std::printf("  CPU 0 <-> CPU %-3u %7.1f\n", threads - 1, handoff_nanoseconds(threads - 1));

  // Each thread its own 64 MB chain: what one core's misses cost while the others miss too.
  std::printf("64 MB of dependent loads per thread, all threads at once (ns per load):\n");
  for (unsigned n = 1; n <= threads; n = n < threads && 2 * n > threads ? threads : 2 * n) {
    std::vector<double> each(n);
    std::vector<std::thread> team;
    for (unsigned t = 0; t < n; ++t)
      team.emplace_back([&each, t] {
        pin_to(t);
        const Chain chain(std::size_t{64} << 20);
        each[t] = chain.nanoseconds_per_load(5'000'000);
      });
    for (auto& member : team) member.join();
    const auto [fastest, slowest] = std::minmax_element(each.begin(), each.end());
    std::printf("  %3u thread(s): %7.1f fastest, %7.1f slowest\n", n, *fastest, *slowest);
    if (n == threads) break;
  }
  return 0;
}
