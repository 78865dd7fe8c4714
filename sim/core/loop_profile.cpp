#include "core/loop_profile.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace gigsim {

LoopProfile::LoopProfile(int threads) : threads_(threads) {
  if (threads < 1) throw std::invalid_argument("LoopProfile: at least one thread");
  threads_busy_ = std::make_unique<ThreadBusy[]>(static_cast<std::size_t>(threads));
}

void LoopProfile::end_loop(const std::source_location& where, double wall) {
  double busy = 0, slowest = 0;
  for (int t = 0; t < threads_; ++t) {
    const double seconds = static_cast<double>(threads_busy_[t].nanoseconds.exchange(0)) * 1e-9;
    busy += seconds;
    slowest = std::max(slowest, seconds);
  }
  // A handful of call sites: a linear search, by the file name's address and then its text.
  std::size_t i = 0;
  while (i < sites_.size() &&
         !(sites_[i].line == where.line() &&
           (sites_[i].file == where.file_name() || std::strcmp(sites_[i].file, where.file_name()) == 0)))
    ++i;
  if (i == sites_.size()) {
    sites_.push_back(Site{where.file_name(), where.line()});
    const std::string file = where.file_name();
    LoopCost cost;
    cost.site = file.substr(file.find_last_of('/') + 1) + ":" + std::to_string(where.line());
    cost.function = where.function_name();
    loops_.push_back(std::move(cost));
  }
  LoopCost& cost = loops_[i];
  cost.calls += 1;
  cost.wall += wall;
  cost.busy += busy;
  cost.slowest += slowest;
}

}  // namespace gigsim
