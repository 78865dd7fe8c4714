#include <catch2/catch.hpp>

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
