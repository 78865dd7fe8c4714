// Streaming stores copy what a plain store would (core/streaming_store.hpp).
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "core/streaming_store.hpp"

using namespace gigsim;

namespace {
struct Slot {
  std::uint64_t a;
  std::int32_t b;
  std::uint8_t c, d;
  std::int64_t e;
};
}  // namespace

TEST_CASE("streaming stores copy every word of a slot, and only that slot", "[core]") {
  std::vector<Slot> slots(64, Slot{1, 2, 3, 4, 5});
  for (std::size_t i = 0; i < slots.size(); i += 3)
    store_streaming(slots[i], Slot{i, -static_cast<std::int32_t>(i), 0xff, 7, INT64_MIN + 1});
  end_streaming_stores();
  for (std::size_t i = 0; i < slots.size(); ++i) {
    INFO("slot " << i);
    if (i % 3 == 0) {
      CHECK(slots[i].a == i);
      CHECK(slots[i].b == -static_cast<std::int32_t>(i));
      CHECK(slots[i].c == 0xff);
      CHECK(slots[i].d == 7);
      CHECK(slots[i].e == INT64_MIN + 1);
    } else {
      CHECK(slots[i].a == 1);  // its neighbours' stores left it alone
      CHECK(slots[i].b == 2);
      CHECK(slots[i].e == 5);
    }
  }
}
