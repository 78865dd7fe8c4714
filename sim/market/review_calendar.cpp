#include "market/review_calendar.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gigsim {
namespace {

// A split block's reviews are read in the next ticks by every part, and most by another core
// than the one that split it. Stored through the cache, they sat modified in the splitting
// core's cache, from which the other cores fetched them more slowly than from memory
// (reviews 20-40% slower at 2 threads, docs/performance.md); stored around it, they do not.
// (The streaming store needs a 16-byte place: malloc's blocks are 16-aligned on x86-64, and
// Submission is 16 bytes; elsewhere, an ordinary store.)
void store_around_cache(Submission* to, const Submission& s, bool aligned) {
#if defined(__SSE2__)
  if (aligned) {
    __m128i v;
    std::memcpy(&v, &s, sizeof v);
    _mm_stream_si128(reinterpret_cast<__m128i*>(to), v);
    return;
  }
#endif
  *to = s;
}

}  // namespace

ReviewCalendar::ReviewCalendar(std::int64_t horizon_ticks)
    : horizon_(static_cast<std::size_t>(std::max<std::int64_t>(0, horizon_ticks))),
      blocks_(static_cast<std::size_t>(block_of(horizon_ticks) + 1)),
      split_(blocks_.size(), 0) {}

void ReviewCalendar::ChunkFree::operator()(Submission* p) const { ::operator delete(p); }

ReviewCalendar::Chunk ReviewCalendar::new_chunk() {
  // Left uninitialised: append constructs each place before anything reads it.
  return Chunk(static_cast<Submission*>(::operator new(kChunk * sizeof(Submission))));
}

void ReviewCalendar::split(std::int64_t tick) {
  if (is_split(tick)) return;
  const std::size_t chunks = begin_split(tick);
  for (std::size_t c = 0; c < chunks; ++c) split_chunk(tick, c);
  end_split(tick);
}

std::size_t ReviewCalendar::begin_split(std::int64_t tick) {
  const auto b = static_cast<std::size_t>(block_of(tick));
  SplitBlock& into = split_block(tick);
  // The buffer's previous block must have no review left (the world splits only the next
  // tick's block, two blocks after the buffer's last).
  for (std::size_t k = 0; k < kBlockTicks; ++k)
    if (into.begin[k] != into.end[k] || !into.late[k].empty())
      throw std::logic_error("review calendar: block " + std::to_string(b) + " split while block " +
                             std::to_string(into.block) + " is still due");
  split_[b] = 1;
  into.block = static_cast<std::int64_t>(b);
  Block& block = blocks_[b];
  // Tick by tick, then chunk by chunk within a tick: each chunk's counts become the place of
  // its first review of each tick.
  std::size_t at = 0;
  for (std::size_t k = 0; k < kBlockTicks; ++k) {
    into.begin[k] = at;
    for (auto& count : block.counts) {
      const std::size_t n = count[k];
      count[k] = static_cast<std::uint32_t>(at);
      at += n;
    }
    into.end[k] = at;
  }
  if (into.reviews.size() < block.size) into.reviews.resize(block.size);
  for (auto& l : into.late) l.clear();
  return block.chunks.size();
}

void ReviewCalendar::split_chunk(std::int64_t tick, std::size_t c) {
  Block& block = blocks_[static_cast<std::size_t>(block_of(tick))];
  SplitBlock& into = split_block(tick);
  Submission* to = into.reviews.data();
  const bool aligned = reinterpret_cast<std::uintptr_t>(to) % 16 == 0;
  std::array<std::uint32_t, kBlockTicks> next = block.counts[c];
  const Submission* chunk = block.chunks[c].get();
  const std::size_t n = std::min(kChunk, block.size - c * kChunk);
  // Gathered by tick in a small buffer first, then stored a run of whole lines at a time: stored
  // one by one into sixteen places at once, the streaming stores left lines part-written.
  constexpr std::size_t kRun = 16;
  alignas(64) std::array<std::array<Submission, kRun>, kBlockTicks> gathered;
  std::array<std::uint32_t, kBlockTicks> held{};
  auto store_run = [&](std::size_t k) {
    for (std::size_t j = 0; j < held[k]; ++j) store_around_cache(to + next[k]++, gathered[k][j], aligned);
    held[k] = 0;
  };
  for (std::size_t i = 0; i < n; ++i) {
    Submission s = chunk[i];
    const std::size_t k = s.tick_in_block;
    s.tick_in_block = 0;
    gathered[k][held[k]++] = s;
    if (held[k] == kRun) store_run(k);
  }
  for (std::size_t k = 0; k < kBlockTicks; ++k) store_run(k);
#if defined(__SSE2__)
  _mm_sfence();  // this thread's streaming stores done before the loop's join
#endif
}

void ReviewCalendar::end_split(std::int64_t tick) {
  Block& block = blocks_[static_cast<std::size_t>(block_of(tick))];
  std::vector<Chunk>().swap(block.chunks);
  std::vector<std::array<std::uint32_t, kBlockTicks>>().swap(block.counts);
  block.size = 0;
}

std::span<const Submission> ReviewCalendar::due(std::int64_t tick) {
  split(tick);
  const SplitBlock& from = split_block(tick);
  const auto k = static_cast<std::size_t>(tick % kBlockTicks);
  const std::span<const Submission> split_part(from.reviews.data() + from.begin[k],
                                               from.end[k] - from.begin[k]);
  if (from.late[k].empty()) return split_part;
  merged_.assign(split_part.begin(), split_part.end());
  merged_.insert(merged_.end(), from.late[k].begin(), from.late[k].end());
  return merged_;
}

void ReviewCalendar::release(std::int64_t tick) {
  split(tick);
  SplitBlock& from = split_block(tick);
  const auto k = static_cast<std::size_t>(tick % kBlockTicks);
  pending_ -= from.end[k] - from.begin[k] + from.late[k].size();
  from.begin[k] = from.end[k];
  std::vector<Submission>().swap(from.late[k]);
}

void ReviewCalendar::copy_tick(std::int64_t tick, std::vector<Submission>& out) const {
  out.clear();
  const auto b = static_cast<std::size_t>(block_of(tick));
  const auto k = static_cast<std::size_t>(tick % kBlockTicks);
  if (split_[b]) {
    const SplitBlock& from = split_blocks_[b % split_blocks_.size()];
    out.assign(from.reviews.begin() + static_cast<std::ptrdiff_t>(from.begin[k]),
               from.reviews.begin() + static_cast<std::ptrdiff_t>(from.end[k]));
    out.insert(out.end(), from.late[k].begin(), from.late[k].end());
    return;
  }
  const Block& block = blocks_[b];
  for (std::size_t i = 0; i < block.size; ++i) {
    Submission s = block.chunks[i / kChunk][i % kChunk];
    if (s.tick_in_block != k) continue;
    s.tick_in_block = 0;
    out.push_back(s);
  }
}

void ReviewCalendar::save_state(StateWriter& out, std::int64_t from_tick) const {
  out.value(static_cast<std::uint64_t>(horizon_));
  out.value(static_cast<std::uint64_t>(pending_));
  out.value(static_cast<std::uint64_t>(dropped_));
  std::vector<Submission> bucket;
  for (auto t = from_tick; t < static_cast<std::int64_t>(horizon_); ++t) {
    copy_tick(t, bucket);
    out.vector(bucket);
  }
}

void ReviewCalendar::load_state(StateReader& in, std::int64_t from_tick) {
  in.expect_count(in.value<std::uint64_t>(), horizon_, "event calendar length");
  pending_ = static_cast<std::size_t>(in.value<std::uint64_t>());
  dropped_ = static_cast<std::size_t>(in.value<std::uint64_t>());
  for (Block& block : blocks_) {
    std::vector<Chunk>().swap(block.chunks);
    std::vector<std::array<std::uint32_t, kBlockTicks>>().swap(block.counts);
    block.size = 0;
  }
  std::fill(split_.begin(), split_.end(), 0);
  for (SplitBlock& s : split_blocks_) {
    s.block = -1;
    for (auto& l : s.late) std::vector<Submission>().swap(l);
  }
  std::vector<Submission> bucket;
  for (auto t = from_tick; t < static_cast<std::int64_t>(horizon_); ++t) {
    in.vector(bucket);
    for (const Submission& s : bucket) append(t, s);
  }
}

}  // namespace gigsim
