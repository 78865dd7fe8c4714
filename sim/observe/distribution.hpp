#pragma once
// Summary statistics of a sample, computed the same way on every run so that
// outputs are bit-identical: quantiles from order statistics with linear interpolation
// (numpy's default), sums in index order.
#include <cstdint>
#include <vector>

namespace gigsim {

struct Quantiles {
  double p10 = 0, p25 = 0, median = 0, p75 = 0, p90 = 0, mean = 0;
  std::size_t count = 0;
};

// Reorders `values`.
Quantiles summarise(std::vector<double>& values);
// summarise(values).median, selecting only what it needs (0 when empty); reorders `values`.
double median(std::vector<double>& values);

// Gini coefficient of non-negative amounts (reorders them); 0 for fewer than two. `buffer`: a
// sorting buffer, reused between calls (a daily row's fresh one cost it page faults).
double gini(std::vector<std::int64_t>& amounts, std::vector<std::int64_t>& buffer);
double gini(std::vector<std::int64_t>& amounts);

// Share of the total held by the top `fraction` of values (reorders them).
double top_share(std::vector<std::int64_t>& values, double fraction);

}  // namespace gigsim
