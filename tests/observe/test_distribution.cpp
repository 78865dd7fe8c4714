#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "observe/distribution.hpp"

using namespace gigsim;

TEST_CASE("quantiles interpolate linearly between order statistics, as numpy does", "[observe]") {
  std::vector<double> v{5, 1, 4, 2, 3};
  const Quantiles q = summarise(v);
  CHECK(q.median == 3.0);
  CHECK(q.p25 == 2.0);
  CHECK(q.p10 == Approx(1.4));
  CHECK(q.p90 == Approx(4.6));
  CHECK(q.mean == 3.0);
  std::vector<double> empty;
  CHECK(summarise(empty).count == 0);
}

TEST_CASE("quantiles by selection equal those of the sorted sample, exactly", "[observe]") {
  // The reference: sort, then interpolate between neighbours (numpy's default).
  auto by_sorting = [](std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const double pos = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    return lo + 1 < v.size() ? v[lo] + (pos - static_cast<double>(lo)) * (v[lo + 1] - v[lo]) : v[lo];
  };
  std::uint64_t state = 12345;
  auto next = [&] {  // a small LCG: the test needs varied samples, not good randomness
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (std::size_t n : {1, 2, 3, 4, 5, 7, 10, 11, 20, 21, 100, 1001, 4096}) {
    for (int distinct : {2, 50, 1 << 30}) {  // many ties, some, almost none
      std::vector<double> v(n);
      for (double& x : v) x = static_cast<double>(next() % static_cast<std::uint64_t>(distinct)) * 0.37;
      const std::vector<double> original = v;
      const Quantiles q = summarise(v);
      INFO("n = " << n << ", distinct values up to " << distinct);
      CHECK(q.p10 == by_sorting(original, 0.10));
      CHECK(q.p25 == by_sorting(original, 0.25));
      CHECK(q.median == by_sorting(original, 0.50));
      CHECK(q.p75 == by_sorting(original, 0.75));
      CHECK(q.p90 == by_sorting(original, 0.90));
      CHECK(q.count == n);
    }
  }
}

TEST_CASE("Gini coefficient and top share", "[observe]") {
  std::vector<std::int64_t> equal{5, 5, 5, 5};
  CHECK(gini(equal) == Approx(0.0));
  std::vector<std::int64_t> one_has_all{0, 0, 0, 100};
  CHECK(gini(one_has_all) == Approx(0.75));  // (n-1)/n for n = 4
  std::vector<std::int64_t> v{1, 2, 3, 4};
  CHECK(gini(v) == Approx(0.25));
  std::vector<std::int64_t> tasks{1, 1, 1, 1, 1, 1, 1, 1, 1, 91};
  CHECK(top_share(tasks, 0.10) == Approx(0.91));
}

TEST_CASE("the Gini coefficient sorts its amounts as std::sort would, whatever their size and sign",
          "[observe]") {
  // gini sorts by 16-bit digits, skipping those every amount shares: amounts within one digit,
  // within 32 bits, spanning 64 bits, with negatives, and many repeats.
  for (const std::int64_t spread : {std::int64_t{1000}, std::int64_t{1} << 31, INT64_MAX / 3}) {
    std::vector<std::int64_t> amounts;
    std::uint64_t z = 0x243f6a8885a308d3ULL;
    for (int i = 0; i < 5000; ++i) {
      z = z * 6364136223846793005ULL + 1442695040888963407ULL;
      amounts.push_back(static_cast<std::int64_t>(z % static_cast<std::uint64_t>(spread)) -
                        (i % 7 == 0 ? spread / 2 : 0));
    }
    amounts.push_back(INT64_MIN);
    amounts.push_back(INT64_MAX);
    std::vector<std::int64_t> sorted = amounts;
    std::sort(sorted.begin(), sorted.end());
    // The formula on the sorted amounts, written out.
    long double weighted = 0, total = 0;
    const auto n = static_cast<long double>(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      weighted += (2.0L * static_cast<long double>(i + 1) - n - 1.0L) * static_cast<long double>(sorted[i]);
      total += static_cast<long double>(sorted[i]);
    }
    INFO("spread " << spread);
    const double g = gini(amounts);
    CHECK(amounts == sorted);
    CHECK(g == (total > 0 ? static_cast<double>(weighted / (n * total)) : 0.0));
  }
}

TEST_CASE("the Gini coefficient with a reused sorting buffer sorts and computes as without one",
          "[observe]") {
  // Non-negative amounts below 2^16, 2^32, 2^48 and 2^63 take one to four passes of the sort, so
  // the sorted amounts end in the buffer's storage or in their own; the buffer, reused from call
  // to call as a row does, is larger or smaller than the amounts.
  std::vector<std::int64_t> buffer;
  for (const int bits : {16, 48, 32, 62, 16}) {
    for (const std::size_t n : {std::size_t{3000}, std::size_t{700}}) {
      std::vector<std::int64_t> amounts;
      std::uint64_t z = 0x13198a2e03707344ULL + static_cast<std::uint64_t>(bits);
      for (std::size_t i = 0; i < n; ++i) {
        z = z * 6364136223846793005ULL + 1442695040888963407ULL;
        amounts.push_back(static_cast<std::int64_t>((z >> 1) % (std::uint64_t{1} << bits)));
      }
      std::vector<std::int64_t> alone = amounts, sorted = amounts;
      std::sort(sorted.begin(), sorted.end());
      INFO("bits " << bits << ", n " << n << ", buffer " << buffer.size());
      const double with_buffer = gini(amounts, buffer);
      CHECK(amounts == sorted);
      CHECK(with_buffer == gini(alone));
      CHECK(buffer.size() >= n);
    }
  }
}

TEST_CASE("the median alone equals the summary's median, exactly", "[observe]") {
  std::uint64_t z = 0x452821e638d01377ULL;
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{6},
                              std::size_t{999}, std::size_t{1000}}) {
    for (const std::uint64_t distinct : {std::uint64_t{3}, std::uint64_t{1} << 40}) {
      std::vector<double> values;
      for (std::size_t i = 0; i < n; ++i) {
        z = z * 6364136223846793005ULL + 1442695040888963407ULL;
        values.push_back(static_cast<double>((z >> 11) % distinct) * 0.37);
      }
      std::vector<double> copy = values;
      INFO("n " << n << ", distinct " << distinct);
      CHECK(median(values) == summarise(copy).median);
    }
  }
}
