#include <boost/random/lognormal_distribution.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "market/draws.hpp"
#include "market/learning_curve.hpp"

using namespace gigsim;

TEST_CASE("the tabulated learning curve gives pow's values, in and past the table", "[market]") {
  LearningSpec spec;
  spec.tasks_scale = 150.0;
  spec.exponent = 0.2;
  spec.floor = 0.5;
  const LearningCurve curve(spec);
  auto by_formula = [&](std::int64_t n) {
    return std::max(spec.floor, std::pow(1.0 + static_cast<double>(n) / spec.tasks_scale, -spec.exponent));
  };
  for (std::int64_t n :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{149}, std::int64_t{150}, LearningCurve::kTabulated - 1,
        LearningCurve::kTabulated, LearningCurve::kTabulated + 1, std::int64_t{1} << 40})
    CHECK(curve(n) == by_formula(n));
  CHECK(curve(0) == 1.0);
  CHECK(curve(150) == std::pow(2.0, -0.2));
  CHECK(curve(std::int64_t{1} << 40) == 0.5);  // the floor
}

TEST_CASE("a log-normal draw with its log-median taken once draws Boost's log-normal", "[market]") {
  for (const LogNormalSpec spec : {LogNormalSpec{24.0, 1.0}, LogNormalSpec{0.5, 0.3}}) {
    const LogNormalDraw once(spec);
    for (std::uint64_t agent = 0; agent < 50; ++agent) {
      Stream a(42, 7, Phase::review, agent), b(42, 7, Phase::review, agent);
      boost::random::lognormal_distribution<double> reference(std::log(spec.median), spec.sigma);
      CHECK(once(a) == reference(b));
      CHECK(draw(spec, a) == reference(b));
    }
  }
  Stream s(42, 7, Phase::review, 1);
  CHECK(LogNormalDraw(LogNormalSpec{7.0, 0.0})(s) == 7.0);  // no spread: the median itself
}
