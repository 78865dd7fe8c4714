#include "market/listing.hpp"

#include <algorithm>

namespace gigsim {

void Listing::add(TaskGroupId id, TaskGroup& g) {
  const Entry e{id, g.sequence, g.reward};
  // Newest: by posting order. Highest reward: by reward, the newer first among equals.
  const bool by_reward = order_ == ListingOrder::highest_reward;
  auto before = [by_reward](const Entry& a, const Entry& b) {
    if (by_reward && a.reward != b.reward) return a.reward < b.reward;
    return a.sequence < b.sequence;
  };
  // A new posting is the newest: under that order it goes last, without the search's log2(n)
  // probes of a list of 100,000 entries (the posting phase's serial loop).
  if (entries_.empty() || !before(e, entries_.back()))
    entries_.push_back(e);
  else
    entries_.insert(std::upper_bound(entries_.begin(), entries_.end(), e, before), e);
  g.listed = true;
}

TaskGroupId Listing::walk(std::size_t k, std::size_t from, std::size_t seen,
                          const std::vector<TaskGroup>& groups) const {
  for (auto it = entries_.rbegin() + static_cast<std::ptrdiff_t>(from); it != entries_.rend(); ++it) {
    if (!live(*it, groups)) continue;
    if (seen == k) return it->id;
    ++seen;
  }
  return -1;
}

void ListingTop::gather(const Listing& listing, const std::vector<TaskGroup>& groups, std::size_t depth) {
  top_.clear();
  scanned_ = 0;
  const auto& entries = listing.entries();
  for (auto it = entries.rbegin(); it != entries.rend() && top_.size() < depth; ++it, ++scanned_)
    if (Listing::live(*it, groups))
      top_.push_back(Candidate::of(it->id, groups[static_cast<std::size_t>(it->id)],
                                   static_cast<std::int32_t>(top_.size())));
  complete_ = scanned_ == entries.size();
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

void Listing::sweep(std::vector<TaskGroup>& groups) {
  if (dead_ * 4 < entries_.size() + 64) return;
  std::erase_if(entries_, [&](const Entry& e) {
    if (live(e, groups)) return false;
    TaskGroup& g = groups[static_cast<std::size_t>(e.id)];
    if (g.sequence == e.sequence) g.listed = false;
    return true;
  });
  dead_ = 0;
}

}  // namespace gigsim
