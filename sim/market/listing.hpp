#pragma once
// A platform's list of open task groups in the order workers see them. Entries
// go stale when a group fills or expires; they are skipped when read and swept
// out when too many accumulate, so the list never needs re-sorting per tick.
#include <cstdint>
#include <vector>

#include "market/task_group.hpp"
#include "model/scenario.hpp"

namespace gigsim {

class Listing {
 public:
  struct Entry {
    TaskGroupId id;
    std::int64_t sequence;  // detects a recycled group slot
    Money reward;
  };

  explicit Listing(ListingOrder order = ListingOrder::newest) : order_(order) {}

  void add(TaskGroupId id, const TaskGroup& g);
  // The k-th live group from the top (0 = first seen), or -1 when the list is shorter.
  TaskGroupId at_position(std::size_t k, const std::vector<TaskGroup>& groups) const;
  // A live group starting from a uniformly drawn slot, for platform-assigned work.
  TaskGroupId assigned(double u, const std::vector<TaskGroup>& groups) const;
  // A listed group closed (expired or done); its entry is now dead weight.
  void note_closed() { ++closed_; }
  // Removes entries of closed groups once they make up half the list.
  void sweep(const std::vector<TaskGroup>& groups);
  std::size_t size() const { return entries_.size(); }
  ListingOrder order() const { return order_; }

  static bool live(const Entry& e, const std::vector<TaskGroup>& groups) {
    const TaskGroup& g = groups[static_cast<std::size_t>(e.id)];
    return g.sequence == e.sequence && g.open && g.available > 0;
  }

 private:
  ListingOrder order_;
  std::vector<Entry> entries_;
  std::size_t closed_ = 0;  // ascending priority: the top of the list is the back
};

}  // namespace gigsim
