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

// What a search reads of a group, on one line: for the top groups it is copied once a worker
// phase, and a search reads these 56 bytes instead of the group's two lines, which the
// resolution, often on the other core, wrote during the last tick; the reward comes converted
// to currency units (to_units divides).
struct Candidate {
  TaskGroupId id = -1;    // -1: no group there
  std::int32_t top = -1;  // its place in the gathered top; -1 below it
  double reward_units = 0;
  double estimated_minutes = 0, median_minutes = 0;
  double min_approval_rate = 0;
  std::int64_t min_approved_count = 0;
  std::int32_t requester = -1;
  std::uint8_t platform = 0, requester_type = 0, needs_qualification = 0, has_thresholds = 0;

  static Candidate of(TaskGroupId id, const TaskGroup& g, std::int32_t top = -1) {
    return Candidate{id,
                     top,
                     to_units(g.reward),
                     g.estimated_minutes,
                     g.median_minutes,
                     g.min_approval_rate,
                     g.min_approved_count,
                     g.requester,
                     g.platform,
                     g.requester_type,
                     g.needs_qualification,
                     g.has_thresholds};
  }
};

// The first live groups of a listing, gathered once for a phase in which neither the listing
// nor the groups change (the worker phase): each search then reads one slot instead of walking
// the entries and the groups they point to. Searches look a few dozen places down at most;
// deeper ones continue the walk where the gathering stopped.
class ListingTop {
 public:
  void gather(const Listing& listing, const std::vector<TaskGroup>& groups, std::size_t depth);
  const std::vector<Candidate>& candidates() const { return top_; }  // the gathered groups, from the top
  TaskGroupId at_position(std::size_t k, const Listing& listing, const std::vector<TaskGroup>& groups) const {
    if (k < top_.size()) return top_[k].id;
    return complete_ ? -1 : listing.walk(k, scanned_, top_.size(), groups);
  }
  // The group at position k as a search sees it; id -1 when there is none.
  Candidate candidate_at(std::size_t k, const Listing& listing, const std::vector<TaskGroup>& groups) const {
    if (k < top_.size()) return top_[k];
    const TaskGroupId id = at_position(k, listing, groups);
    return id < 0 ? Candidate{} : Candidate::of(id, groups[static_cast<std::size_t>(id)]);
  }

 private:
  std::vector<Candidate> top_;  // the live groups from the top, in order
  std::size_t scanned_ = 0;     // entries read from the top
  bool complete_ = false;       // every live group is in top_
};

}  // namespace gigsim
