#include "observe/distribution.hpp"

#include <algorithm>
#include <cmath>

namespace gigsim {

Quantiles summarise(std::vector<double>& v) {
  Quantiles q;
  q.count = v.size();
  if (v.empty()) return q;
  double sum = 0;
  for (double x : v) sum += x;
  q.mean = sum / static_cast<double>(v.size());
  std::sort(v.begin(), v.end());
  auto at = [&](double p) {
    const double pos = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const double a = v[lo];
    return lo + 1 < v.size() ? a + (pos - static_cast<double>(lo)) * (v[lo + 1] - a) : a;
  };
  q.p10 = at(0.10);
  q.p25 = at(0.25);
  q.median = at(0.50);
  q.p75 = at(0.75);
  q.p90 = at(0.90);
  return q;
}

double gini(std::vector<std::int64_t>& a) {
  if (a.size() < 2) return 0.0;
  std::sort(a.begin(), a.end());
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
