#include "observe/distribution.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace gigsim {
namespace {

// The quantile at p of v (not empty), interpolated between the order statistics either side,
// selecting them in v's part from `from` on (everything left of `from` is already in place and
// no larger than what is right of it); moves `from` past what it placed. The k-th smallest value
// is the same however it is found, so the result is the sorting one's.
double select_quantile(std::vector<double>& v, std::vector<double>::iterator& from, double p) {
  const double pos = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto nth = v.begin() + static_cast<std::ptrdiff_t>(lo);
  if (nth >= from) {
    std::nth_element(from, nth, v.end());
    from = nth + 1;
  }
  const double a = *nth;
  if (lo + 1 >= v.size()) return a;
  // Everything right of the selected place is at least as large: the next order statistic is the
  // smallest of them; found where the next quantile will select, it stays there.
  const auto next = v.begin() + static_cast<std::ptrdiff_t>(lo + 1);
  if (next >= from) {
    std::iter_swap(next, std::min_element(next, v.end()));
    from = next + 1;
  }
  const double b = *next;
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

}  // namespace

double median(std::vector<double>& v) {
  if (v.empty()) return 0.0;
  auto from = v.begin();
  return select_quantile(v, from, 0.50);
}

Quantiles summarise(std::vector<double>& v) {
  Quantiles q;
  q.count = v.size();
  if (v.empty()) return q;
  double sum = 0;
  for (double x : v) sum += x;
  q.mean = sum / static_cast<double>(v.size());
  // Five quantiles need ten order statistics, not a sorted sample: each is selected in the part
  // of the sample right of the previous one (a daily national summary sorted a million values).
  constexpr std::array<double, 5> kAt{0.10, 0.25, 0.50, 0.75, 0.90};
  std::array<double, 5> value{};
  auto from = v.begin();
  for (std::size_t i = 0; i < kAt.size(); ++i) value[i] = select_quantile(v, from, kAt[i]);
  q.p10 = value[0];
  q.p25 = value[1];
  q.median = value[2];
  q.p75 = value[3];
  q.p90 = value[4];
  return q;
}

namespace {

// Sorts by 16-bit digits, least significant first, skipping a digit every key shares (the high
// ones of amounts that fit 32 bits): a daily national row sorts half a million earnings, where
// std::sort was the longest step of the row (docs/performance.md). A sorted list is the same
// however it is sorted.
void radix_sort(std::vector<std::int64_t>& a, std::vector<std::int64_t>& buffer) {
  constexpr int kBits = 16;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  // Flipping the sign bit orders negative values first as unsigned keys.
  auto key = [](std::int64_t x) { return static_cast<std::uint64_t>(x) ^ (std::uint64_t{1} << 63); };
  // Grown, never shrunk: its contents are overwritten before they are read.
  if (buffer.size() < a.size()) buffer.resize(a.size());
  std::vector<std::size_t> count(kBuckets);
  const std::size_t n = a.size();
  // The passes go back and forth between the two: `from` holds the keys sorted so far.
  std::int64_t* from = a.data();
  std::int64_t* to = buffer.data();
  for (int shift = 0; shift < 64; shift += kBits) {
    std::fill(count.begin(), count.end(), 0);
    for (std::size_t i = 0; i < n; ++i) ++count[(key(from[i]) >> shift) & (kBuckets - 1)];
    if (count[(key(from[0]) >> shift) & (kBuckets - 1)] == n) continue;  // one digit for all
    std::size_t start = 0;
    for (std::size_t& c : count) start += std::exchange(c, start);
    for (std::size_t i = 0; i < n; ++i) to[count[(key(from[i]) >> shift) & (kBuckets - 1)]++] = from[i];
    std::swap(from, to);
  }
  if (from != a.data()) std::copy(from, from + n, a.data());
}

}  // namespace

double gini(std::vector<std::int64_t>& a) {
  std::vector<std::int64_t> buffer;
  return gini(a, buffer);
}

double gini(std::vector<std::int64_t>& a, std::vector<std::int64_t>& buffer) {
  if (a.size() < 2) return 0.0;
  radix_sort(a, buffer);
  // G = sum_i (2i - n - 1) x_i / (n sum x), i = 1..n on sorted values.
  long double weighted = 0, total = 0;
  const auto n = static_cast<long double>(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    weighted += (2.0L * static_cast<long double>(i + 1) - n - 1.0L) * static_cast<long double>(a[i]);
    total += static_cast<long double>(a[i]);
  }
  return total > 0 ? static_cast<double>(weighted / (n * total)) : 0.0;
}

double top_share(std::vector<std::int64_t>& v, double fraction) {
  if (v.empty()) return 0.0;
  const auto k =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(v.size()))));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k - 1), v.end(), std::greater<>());
  long double top = 0, total = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    total += static_cast<long double>(v[i]);
    if (i < k) top += static_cast<long double>(v[i]);
  }
  return total > 0 ? static_cast<double>(top / total) : 0.0;
}

}  // namespace gigsim
