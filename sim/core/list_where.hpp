#pragma once
// Lists the indices i in [0, n) for which keep(i) holds, in ascending order, without a branch.
// The passes split over threads each pick their own items from a shared list (reviews by
// requester, submissions by review tick, wake-ups by worker): a branch on whose item it is
// mispredicts for about one item in two, in no pattern a predictor learns, and waits on the
// load that decides it.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace gigsim {

// Fills out[0, count) with the indices in [first, last) and returns count; out has room for
// last - first.
template <typename Keep>
std::size_t list_where(std::uint32_t* out, std::size_t first, std::size_t last, Keep&& keep) {
  std::size_t count = 0;
  for (std::size_t i = first; i < last; ++i) {
    out[count] = static_cast<std::uint32_t>(i);
    count += keep(i) ? 1 : 0;
  }
  return count;
}

// The same for [0, n); out keeps n places (scratch reused from call to call).
template <typename Keep>
std::size_t list_where(std::vector<std::uint32_t>& out, std::size_t n, Keep&& keep) {
  out.resize(n);
  return list_where(out.data(), 0, n, std::forward<Keep>(keep));
}

}  // namespace gigsim
