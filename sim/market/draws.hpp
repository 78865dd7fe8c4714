#pragma once
// Draws from the scenario's distribution specs, with Boost.Random distributions
// on an agent's own stream.
#include <boost/random/beta_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <cmath>

#include "core/rng.hpp"
#include "model/scenario.hpp"

namespace gigsim {

// A log-normal draw with the log of the median taken once, for specs drawn from on the hot path
// (a review delay at every submission); draw(spec, s) below makes one for a single draw.
class LogNormalDraw {
 public:
  LogNormalDraw() = default;
  explicit LogNormalDraw(const LogNormalSpec& spec)
      : median_(spec.median),
        log_median_(spec.sigma > 0.0 ? std::log(spec.median) : 0.0),
        sigma_(spec.sigma) {}
  double operator()(Stream& s) const {
    if (sigma_ <= 0.0) return median_;
    boost::random::lognormal_distribution<double> d(log_median_, sigma_);
    return d(s);
  }

 private:
  double median_ = 1.0, log_median_ = 0.0, sigma_ = 0.0;
};

inline double draw(const LogNormalSpec& spec, Stream& s) { return LogNormalDraw(spec)(s); }

inline double draw(const BetaSpec& spec, Stream& s) {
  if (spec.concentration <= 0.0) return spec.mean;
  boost::random::beta_distribution<double> d(spec.mean * spec.concentration,
                                             (1.0 - spec.mean) * spec.concentration);
  return d(s);
}

// The same draw at a rate (1 / mean) computed once, for a loop or a phase that draws with one
// mean many times: the same double, without a division for each draw.
inline double draw_exponential_at_rate(double rate, Stream& s) {
  boost::random::exponential_distribution<double> d(rate);
  return d(s);
}

inline double draw_exponential(double mean, Stream& s) { return draw_exponential_at_rate(1.0 / mean, s); }

// Index in a list of shares that sum to 1, for a uniform draw u in [0, 1).
template <typename List, typename ShareOf>
std::size_t index_at(const List& items, ShareOf share_of, double u) {
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    u -= share_of(items[i]);
    if (u < 0.0) return i;
  }
  return items.size() - 1;
}

template <typename List, typename ShareOf>
std::size_t draw_index(const List& items, ShareOf share_of, Stream& s) {
  return index_at(items, share_of, s.uniform());
}

// Stratified: the i-th of n agents draws within the i-th n-th of [0, 1), so the
// counts per category match the shares to within one, whatever the seed.
template <typename List, typename ShareOf>
std::size_t draw_index_stratified(const List& items, ShareOf share_of, std::size_t i, std::size_t n,
                                  Stream& s) {
  return index_at(items, share_of, (static_cast<double>(i) + s.uniform()) / static_cast<double>(n));
}

// Stream keys: each kind of agent or event has its own range of agent ids.
inline constexpr std::uint64_t kRequesterKey = 1ULL << 40;
inline constexpr std::uint64_t kGroupKey = 2ULL << 40;
inline constexpr std::uint64_t kSubmissionKey = 3ULL << 40;
inline constexpr std::uint64_t kMarketKey = 4ULL << 40;

}  // namespace gigsim
