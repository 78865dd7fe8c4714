#pragma once
// The submissions awaiting review, by the tick of their review. Review delays spread over
// days, so one tick's submissions go to thousands of different ticks: filed straight into a
// vector per tick, each filing fetched that vector's header and its end, two lines no cache
// had kept since the last tick, and the vectors' growth mapped, zeroed and copied memory all
// run long (docs/performance.md). Future reviews are therefore kept by blocks of kBlockTicks
// ticks, each submission marked with its place in the block, in fixed chunks that are never
// copied; a block is split into its ticks, in filing order, into one of two reused buffers
// just before its first tick is due. A tick then gets the same submissions in the same order
// as one filed straight into its own vector: a block's submissions are split in the order they
// were filed, and those filed after the split come after them. Reviews after the end of the
// run are dropped: they cannot happen within it.
#include <array>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <vector>

#include "core/state_archive.hpp"
#include "market/submission.hpp"

namespace gigsim {

class ReviewCalendar {
 public:
  static constexpr std::int64_t kBlockTicks = Submission::kBlockTicks;
  // Submissions a storage chunk holds: 64 KiB, under the mmap threshold (sim/app/main.cpp), so
  // chunks come from the heap and are reused as they are freed.
  static constexpr std::size_t kChunk = 4096;

  explicit ReviewCalendar(std::int64_t horizon_ticks = 0);

  static std::int64_t block_of(std::int64_t tick) { return tick / kBlockTicks; }

  // Filing, possibly from several threads at once: `accepts` says whether a tick is within
  // the run (if not, `drop` counts the review), and `append` files one review without touching
  // the shared counts, which `add_pending` then updates. All reviews of one block must be
  // appended by one thread, in order.
  bool accepts(std::int64_t tick) const { return tick >= 0 && tick < static_cast<std::int64_t>(horizon_); }
  void drop(std::size_t n = 1) { dropped_ += n; }
  void add_pending(std::size_t n) { pending_ += n; }
  void append(std::int64_t tick, Submission s) {
    const auto b = static_cast<std::size_t>(block_of(tick));
    if (split_[b]) {
      late(tick).push_back(s);
      return;
    }
    Block& block = blocks_[b];
    if (block.size == block.chunks.size() * kChunk) {
      block.chunks.push_back(new_chunk());
      block.counts.emplace_back();
    }
    const auto k = static_cast<std::size_t>(tick - static_cast<std::int64_t>(b) * kBlockTicks);
    s.tick_in_block = k;
    new (block.chunks.back().get() + block.size % kChunk) Submission(s);  // chunks are raw storage
    block.counts.back()[k] += 1;
    block.size += 1;
  }
  // Where the next append to `tick`'s block goes, or null: for prefetching.
  const Submission* end_of(std::int64_t tick) const {
    const Block& block = blocks_[static_cast<std::size_t>(block_of(tick))];
    return block.size % kChunk != 0 ? block.chunks.back().get() + block.size % kChunk : nullptr;
  }
  // Splits the block holding `tick` into its ticks, if not done yet. At most two blocks are split
  // and not yet reviewed at once: this tick's and the next one's.
  void split(std::int64_t tick);
  // The same in three steps, the middle one for several threads at once, while nothing is
  // filed: `begin_split` (when `is_split` is false) places the ticks and returns how many
  // chunks the block has; `split_chunk` moves one chunk's reviews to their places, for each
  // chunk; `end_split` frees the chunks.
  bool is_split(std::int64_t tick) const { return split_[static_cast<std::size_t>(block_of(tick))] != 0; }
  std::size_t begin_split(std::int64_t tick);
  void split_chunk(std::int64_t tick, std::size_t chunk);
  void end_split(std::int64_t tick);
  // The reviews due at `tick`, in filing order; valid until the next split or release.
  std::span<const Submission> due(std::int64_t tick);
  // Counts the tick's reviews done; a past tick is never visited again.
  void release(std::int64_t tick);
  std::size_t pending() const { return pending_; }
  std::size_t dropped() const { return dropped_; }  // due after the end of the run

  // Checkpoints: tick by tick from `from_tick` (earlier ones are released), in filing order,
  // whatever is split yet; loading files them again.
  void save_state(StateWriter& out, std::int64_t from_tick) const;
  void load_state(StateReader& in, std::int64_t from_tick);

 private:
  struct ChunkFree {
    void operator()(Submission* p) const;
  };
  using Chunk = std::unique_ptr<Submission[], ChunkFree>;
  // A line each: neighbouring blocks are filed by different parts.
  struct alignas(64) Block {
    std::vector<Chunk> chunks;
    // For each chunk, how many of its reviews fall on each tick of the block; turned into where
    // the chunk's first review of each tick goes when the block is split.
    std::vector<std::array<std::uint32_t, kBlockTicks>> counts;
    std::size_t size = 0;
  };
  // A split block: its ticks' reviews one after another, begin[k] to end[k] for its k-th tick
  // (empty once released), then those filed after the split.
  struct SplitBlock {
    std::int64_t block = -1;
    std::vector<Submission> reviews;  // reused: grown to the largest block, never shrunk
    std::array<std::size_t, kBlockTicks> begin{}, end{};
    std::array<std::vector<Submission>, kBlockTicks> late;
  };

  static Chunk new_chunk();
  SplitBlock& split_block(std::int64_t tick) {
    return split_blocks_[static_cast<std::size_t>(block_of(tick)) % split_blocks_.size()];
  }
  std::vector<Submission>& late(std::int64_t tick) {
    return split_block(tick).late[static_cast<std::size_t>(tick % kBlockTicks)];
  }
  // A tick's reviews, whether its block is split or not (checkpoints).
  void copy_tick(std::int64_t tick, std::vector<Submission>& out) const;

  std::size_t horizon_;
  std::vector<Block> blocks_;
  std::vector<std::uint8_t> split_;  // by block
  std::array<SplitBlock, 2> split_blocks_;
  std::vector<Submission> merged_;  // scratch: a tick's split reviews and late ones together
  std::size_t pending_ = 0, dropped_ = 0;
};

}  // namespace gigsim
