#pragma once
// A platform's list of open task groups in the order workers see them. An entry
// goes dead when its group fills or closes; dead entries are skipped when read
// and swept out once they are a quarter of the list, so reading stays short and
// the list never needs re-sorting. A group whose assignment comes back after
// its entry was swept is inserted again in its place.
#include <cstdint>
#include <vector>

#include "core/state_archive.hpp"
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

  // Lists an open group with assignments available; marks it listed.
  void add(TaskGroupId id, TaskGroup& g);
  // The k-th live group from the top (0 = first seen), or -1 when the list is shorter.
  TaskGroupId at_position(std::size_t k, const std::vector<TaskGroup>& groups) const {
    return walk(k, 0, 0, groups);
  }
  // The same, the walk starting `from` entries below the top, `seen` live ones already passed.
  TaskGroupId walk(std::size_t k, std::size_t from, std::size_t seen,
                   const std::vector<TaskGroup>& groups) const;
  // A live group starting from a uniformly drawn slot, for platform-assigned work.
  TaskGroupId assigned(double u, const std::vector<TaskGroup>& groups) const;
  // A listed group filled up or closed.
  void note_dead(std::size_t n = 1) { dead_ += n; }
  // Removes dead entries once they make up a quarter of the list.
  void sweep(std::vector<TaskGroup>& groups);
  std::size_t size() const { return entries_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }  // ascending priority
  ListingOrder order() const { return order_; }
  // Checkpoints (sim/market/world_checkpoint.cpp).
  void save_state(StateWriter& out) const;
  void load_state(StateReader& in);

  static bool live(const Entry& e, const std::vector<TaskGroup>& groups) {
    const TaskGroup& g = groups[static_cast<std::size_t>(e.id)];
    return g.sequence == e.sequence && g.open && g.available > 0;
  }

 private:
  ListingOrder order_;
  std::vector<Entry> entries_;  // ascending priority: the top of the list is the back
  std::size_t dead_ = 0;
};

// The first live groups of a listing, gathered once for a phase in which neither the listing
// nor the groups change (the worker phase): each search then reads one slot instead of walking
// the entries and the groups they point to. Searches look a few dozen places down at most;
// deeper ones continue the walk where the gathering stopped.
class ListingTop {
 public:
  void gather(const Listing& listing, const std::vector<TaskGroup>& groups, std::size_t depth);
  const std::vector<TaskGroupId>& ids() const { return ids_; }  // the gathered groups, from the top
  TaskGroupId at_position(std::size_t k, const Listing& listing, const std::vector<TaskGroup>& groups) const {
    if (k < ids_.size()) return ids_[k];
    return complete_ ? -1 : listing.walk(k, scanned_, ids_.size(), groups);
  }
  // The group at position k with its reward in currency units (to_units, a division a search
  // would otherwise make each time it looks at one of the top groups); id -1 when there is none.
  struct Candidate {
    TaskGroupId id = -1;
    double reward_units = 0;
    std::int32_t top = -1;  // its place in the gathered top; -1 below it
  };
  Candidate candidate_at(std::size_t k, const Listing& listing, const std::vector<TaskGroup>& groups) const {
    if (k < ids_.size()) return Candidate{ids_[k], reward_units_[k], static_cast<std::int32_t>(k)};
    const TaskGroupId id = at_position(k, listing, groups);
    return id < 0 ? Candidate{} : Candidate{id, to_units(groups[static_cast<std::size_t>(id)].reward)};
  }

 private:
  std::vector<TaskGroupId> ids_;      // the live groups from the top, in order
  std::vector<double> reward_units_;  // their rewards, to_units
  std::size_t scanned_ = 0;           // entries read from the top
  bool complete_ = false;             // every live group is in ids_
};

}  // namespace gigsim
