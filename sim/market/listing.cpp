#include "market/listing.hpp"

#include <algorithm>

namespace gigsim {

void Listing::add(TaskGroupId id, const TaskGroup& g) {
  const Entry e{id, g.sequence, g.reward};
  if (order_ == ListingOrder::highest_reward) {
    // Equal rewards: the newer group ranks higher, as on a sorted marketplace page.
    auto pos = std::upper_bound(entries_.begin(), entries_.end(), e, [](const Entry& a, const Entry& b) {
      return a.reward != b.reward ? a.reward < b.reward : a.sequence < b.sequence;
    });
    entries_.insert(pos, e);
  } else {
    entries_.push_back(e);  // sequences only grow: newest stays at the back
  }
}

TaskGroupId Listing::at_position(std::size_t k, const std::vector<TaskGroup>& groups) const {
  std::size_t seen = 0;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (!live(*it, groups)) continue;
    if (seen == k) return it->id;
    ++seen;
  }
  return -1;
}

TaskGroupId Listing::assigned(double u, const std::vector<TaskGroup>& groups) const {
  if (entries_.empty()) return -1;
  const std::size_t n = entries_.size();
  const std::size_t start = std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
  for (std::size_t i = 0; i < n; ++i) {
    const Entry& e = entries_[(start + i) % n];
    if (live(e, groups)) return e.id;
  }
  return -1;
}

void Listing::sweep(const std::vector<TaskGroup>& groups) {
  if (closed_ * 2 < entries_.size() + 64) return;
  // A full but open group stays: a returned assignment makes it live again.
  std::erase_if(entries_, [&](const Entry& e) {
    const TaskGroup& g = groups[static_cast<std::size_t>(e.id)];
    return g.sequence != e.sequence || !g.open;
  });
  closed_ = 0;
}

}  // namespace gigsim
