#pragma once
// Future events bucketed by the tick at which they happen. Events after the end
// of the run are dropped: they cannot happen within it. Within a bucket, events
// keep the order in which they were scheduled, which the serial phases make
// deterministic.
#include <cstdint>
#include <vector>

#include "core/state_archive.hpp"

namespace gigsim {

template <typename Event>
class EventCalendar {
 public:
  explicit EventCalendar(std::int64_t horizon_ticks = 0)
      : buckets_(static_cast<std::size_t>(horizon_ticks)) {}

  // Returns false when the event falls outside the run and is dropped.
  bool schedule(std::int64_t tick, const Event& event) {
    if (tick >= 0 && tick < static_cast<std::int64_t>(buckets_.size())) {
      buckets_[static_cast<std::size_t>(tick)].push_back(event);
      ++pending_;
      return true;
    }
    ++dropped_;
    return false;
  }
  // Scheduling in two steps, for filling distinct buckets from several threads at once:
  // `accepts` says whether a tick is within the run (if not, `drop` counts the event), and
  // `append` adds to one bucket without touching the shared counts, which `add_pending`
  // then updates. The same tick's events must be appended by one thread, in order.
  bool accepts(std::int64_t tick) const {
    return tick >= 0 && tick < static_cast<std::int64_t>(buckets_.size());
  }
  void drop(std::size_t n = 1) { dropped_ += n; }
  void append(std::int64_t tick, const Event& event) {
    buckets_[static_cast<std::size_t>(tick)].push_back(event);
  }
  void add_pending(std::size_t n) { pending_ += n; }
  // The events due at `tick`; take them with take() once handled.
  std::vector<Event>& due(std::int64_t tick) { return buckets_[static_cast<std::size_t>(tick)]; }
  // Frees the bucket: a past tick is never visited again.
  void release(std::int64_t tick) {
    auto& b = buckets_[static_cast<std::size_t>(tick)];
    pending_ -= b.size();
    std::vector<Event>().swap(b);
  }
  std::size_t pending() const { return pending_; }
  std::size_t dropped() const { return dropped_; }  // scheduled past the end of the run

  // Checkpoints: the buckets from `from_tick` on (earlier ones are released), and the counts.
  void save_state(StateWriter& out, std::int64_t from_tick) const {
    out.value(static_cast<std::uint64_t>(buckets_.size()));
    out.value(static_cast<std::uint64_t>(pending_));
    out.value(static_cast<std::uint64_t>(dropped_));
    for (std::size_t t = static_cast<std::size_t>(from_tick); t < buckets_.size(); ++t)
      out.vector(buckets_[t]);
  }
  void load_state(StateReader& in, std::int64_t from_tick) {
    in.expect_count(in.value<std::uint64_t>(), buckets_.size(), "event calendar length");
    pending_ = static_cast<std::size_t>(in.value<std::uint64_t>());
    dropped_ = static_cast<std::size_t>(in.value<std::uint64_t>());
    for (std::size_t t = 0; t < buckets_.size(); ++t) {
      if (t < static_cast<std::size_t>(from_tick)) {
        std::vector<Event>().swap(buckets_[t]);
      } else {
        in.vector(buckets_[t]);
      }
    }
  }

 private:
  std::vector<std::vector<Event>> buckets_;
  std::size_t pending_ = 0, dropped_ = 0;
};

}  // namespace gigsim
