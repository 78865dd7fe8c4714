#pragma once
// Future events bucketed by the tick at which they happen. Events after the end
// of the run are dropped: they cannot happen within it. Within a bucket, events
// keep the order in which they were scheduled, which the serial phases make
// deterministic.
#include <cstdint>
#include <vector>

namespace gigsim {

template <typename Event>
class EventCalendar {
 public:
  explicit EventCalendar(std::int64_t horizon_ticks = 0)
      : buckets_(static_cast<std::size_t>(horizon_ticks)) {}

  void schedule(std::int64_t tick, const Event& event) {
    if (tick >= 0 && tick < static_cast<std::int64_t>(buckets_.size())) {
      buckets_[static_cast<std::size_t>(tick)].push_back(event);
      ++pending_;
    } else {
      ++dropped_;
    }
  }
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

 private:
  std::vector<std::vector<Event>> buckets_;
  std::size_t pending_ = 0, dropped_ = 0;
};

}  // namespace gigsim
