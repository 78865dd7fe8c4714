#include "core/loop_profile.hpp"

#include <algorithm>
#include <stdexcept>

namespace gigsim {

LoopProfile::LoopProfile(int threads) : threads_(threads) {
  if (threads < 1) throw std::invalid_argument("LoopProfile: at least one thread");
  threads_busy_ = std::make_unique<ThreadBusy[]>(static_cast<std::size_t>(threads));
}

void LoopProfile::end_loop(const char* file, unsigned line, const char* function, double wall) {
  double busy = 0, slowest = 0;
  for (int t = 0; t < threads_; ++t) {
    const double seconds = static_cast<double>(threads_busy_[t].nanoseconds.exchange(0)) * 1e-9;
    busy += seconds;
    slowest = std::max(slowest, seconds);
  }
  // A handful of call sites: a linear search.
  std::size_t i = 0;
  while (i < sites_.size() && !(sites_[i].line == line && sites_[i].file == file)) ++i;
  if (i == sites_.size()) {
    sites_.push_back(Site{file, line});
    const std::string& path = sites_.back().file;
    LoopCost cost;
    cost.site = path.substr(path.find_last_of('/') + 1) + ":" + std::to_string(line);
    cost.function = function;
    loops_.push_back(std::move(cost));
  }
  LoopCost& cost = loops_[i];
  cost.calls += 1;
  cost.wall += wall;
  cost.busy += busy;
  cost.slowest += slowest;
}

}  // namespace gigsim
