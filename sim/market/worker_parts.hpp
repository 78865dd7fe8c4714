#pragma once
// Which part of a pass split by worker (the reviews' workers' side, the session phase's
// wake-ups) takes a worker: the part whose thread ran the worker phase's chunk that covers the
// worker's id this tick. The active list is in id order and the worker phase's chunks mostly
// stay on their thread from tick to tick, so each thread holds a range of ids; a pass split by
// id modulo the parts sent half of the online workers' reviews and wake-ups to the other core,
// whose writes the worker phase then fetched back across the cores (docs/performance.md,
// twentieth sitting). A part is picked by the part's index, not by the thread that runs it:
// which part takes a worker never changes a result, only where its lines are.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/part_modulo.hpp"

namespace gigsim {

class WorkerParts {
 public:
  // Before any worker phase, or with one part: by id modulo the parts.
  void clear() {
    firsts_.clear();
    parts_.clear();
  }
  // Chunk by chunk in id order: the chunk's first worker id and the part that ran it. A chunk
  // run by the same part as the one before it extends that part's range.
  void add_chunk(std::uint32_t first_id, std::uint16_t part) {
    // Past kMaxRanges (threads trading chunks back and forth), the last range takes the rest.
    if (!parts_.empty() && (parts_.back() == part || parts_.size() == kMaxRanges)) return;
    firsts_.push_back(first_id);
    parts_.push_back(part);
  }
  // The part of the range that holds the id (ids below the first range: its part).
  std::size_t part_of(std::uint32_t id, const PartModulo& modulo) const {
    if (parts_.empty()) return modulo(id);
    // The ranges below the id counted without a branch on each: the passes' lists (list_where)
    // ask for every item's part, and a branch on an id's side of a bound mispredicts for one
    // item in two. A handful of ranges at most.
    std::size_t r = 0;
    for (std::size_t i = 1; i < firsts_.size(); ++i) r += firsts_[i] <= id ? 1 : 0;
    return parts_[r];
  }
  // The same for a block of 64 ids (one line of the one-byte state column), by its first id:
  // two parts then never write one line of it.
  std::size_t part_of_block(std::uint32_t block, const PartModulo& modulo) const {
    if (parts_.empty()) return modulo(block);
    return part_of(block * 64, modulo);
  }
  std::size_t ranges() const { return parts_.size(); }

 private:
  static constexpr std::size_t kMaxRanges = 64;
  std::vector<std::uint32_t> firsts_;  // ascending
  std::vector<std::uint16_t> parts_;
};

}  // namespace gigsim
