#include "sweep/plan.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/rng.hpp"

namespace gigsim::sweep {
namespace {

// Direction numbers for Sobol dimensions 2..16 from S. Joe and F. Y. Kuo, "Constructing
// Sobol sequences with better two-dimensional projections", SIAM J. Sci. Comput. 30
// (2008) 2635-2654, file new-joe-kuo-6.21201 (https://web.maths.unsw.edu.au/~fkuo/sobol/):
// degree s of the primitive polynomial, its coefficients a, and the initial m_1..m_s.
// Dimension 1 is the van der Corput sequence (every m_k = 1).
struct DirectionNumbers {
  int s;
  unsigned a;
  unsigned m[6];
};
constexpr DirectionNumbers kJoeKuo[kMaxSobolDimensions - 1] = {
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
};

constexpr int kBits = 32;

std::vector<std::uint32_t> directions(std::size_t dim) {
  std::vector<std::uint32_t> v(kBits);
  if (dim == 0) {
    for (int k = 0; k < kBits; ++k) v[k] = 1u << (kBits - 1 - k);
    return v;
  }
  const DirectionNumbers& d = kJoeKuo[dim - 1];
  for (int k = 0; k < kBits; ++k) {
    if (k < d.s) {
      v[k] = d.m[k] << (kBits - 1 - k);
    } else {
      v[k] = v[k - d.s] ^ (v[k - d.s] >> d.s);
      for (int l = 1; l < d.s; ++l)
        if ((d.a >> (d.s - 1 - l)) & 1u) v[k] ^= v[k - l];
    }
  }
  return v;
}

// splitmix64: a small, portable generator, so a design is the same on every platform
// (std::shuffle and the std distributions are not).
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }

 private:
  std::uint64_t state_;
};

std::string scaled(const Parameter& p, double u) {
  if (p.integer) {
    const double lo = std::ceil(p.low), hi = std::floor(p.high);
    const double v = std::min(hi, std::floor(lo + u * (hi - lo + 1)));
    return format_value(v);
  }
  return format_value(p.low + u * (p.high - p.low));
}

std::string padded(std::size_t value, int width) {
  const std::string text = std::to_string(value);
  const std::size_t want = static_cast<std::size_t>(std::max(width, 0));
  return text.size() >= want ? text : std::string(want - text.size(), '0') + text;
}

int digits(std::size_t n) { return static_cast<int>(std::to_string(n).size()); }

}  // namespace

const char* design_name(Design design) {
  switch (design) {
    case Design::grid:
      return "grid";
    case Design::lhs:
      return "lhs";
    case Design::sobol:
      return "sobol";
  }
  return "grid";
}

std::string format_value(double value) {
  if (value == 0) return "0";  // not "-0"
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.12g", value);
  return buffer;
}

std::vector<std::vector<double>> sobol_points(std::size_t count, std::size_t dims) {
  if (dims > kMaxSobolDimensions)
    throw std::invalid_argument("Sobol points have at most " + std::to_string(kMaxSobolDimensions) +
                                " dimensions");
  std::vector<std::vector<std::uint32_t>> v;
  for (std::size_t d = 0; d < dims; ++d) v.push_back(directions(d));
  std::vector<std::uint32_t> x(dims, 0);
  std::vector<std::vector<double>> points;
  points.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) {
      // Gray code: flip the direction of the lowest zero bit of i - 1.
      const int c = std::countr_one(static_cast<std::uint64_t>(i - 1));
      for (std::size_t d = 0; d < dims; ++d) x[d] ^= v[d][static_cast<std::size_t>(c)];
    }
    std::vector<double> point(dims);
    for (std::size_t d = 0; d < dims; ++d) point[d] = static_cast<double>(x[d]) * 0x1.0p-32;
    points.push_back(std::move(point));
  }
  return points;
}

std::vector<std::vector<double>> latin_hypercube(std::size_t count, std::size_t dims, std::uint64_t seed) {
  SplitMix rng(mix64(seed ^ 0x4c48535f64657369ULL));  // "LHS_desi"
  std::vector<std::vector<double>> points(count, std::vector<double>(dims));
  std::vector<std::size_t> strata(count);
  for (std::size_t d = 0; d < dims; ++d) {
    for (std::size_t k = 0; k < count; ++k) strata[k] = k;
    for (std::size_t k = count; k > 1; --k) std::swap(strata[k - 1], strata[rng.below(k)]);  // Fisher-Yates
    for (std::size_t k = 0; k < count; ++k)
      points[k][d] = (static_cast<double>(strata[k]) + rng.uniform()) / static_cast<double>(count);
  }
  return points;
}

std::vector<std::vector<std::string>> design_points(const SweepSpec& spec) {
  const std::size_t dims = spec.parameters.size();
  std::vector<std::vector<std::string>> rows;
  if (spec.design == Design::grid) {
    std::size_t total = 1;
    for (const auto& p : spec.parameters) total *= p.values.size();
    for (std::size_t i = 0; i < total; ++i) {
      std::vector<std::string> row(dims);
      std::size_t rest = i;
      for (std::size_t d = dims; d-- > 0;) {
        const auto& values = spec.parameters[d].values;
        row[d] = values[rest % values.size()];
        rest /= values.size();
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }
  const auto unit = spec.design == Design::sobol ? sobol_points(spec.samples, dims)
                                                 : latin_hypercube(spec.samples, dims, spec.seed);
  for (const auto& u : unit) {
    std::vector<std::string> row(dims);
    for (std::size_t d = 0; d < dims; ++d) row[d] = scaled(spec.parameters[d], u[d]);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::uint64_t run_seed(std::uint64_t sweep_seed, std::size_t point, int replicate, SeedScheme scheme) {
  std::uint64_t z = mix64(sweep_seed ^ 0x5377656570536565ULL);  // "SweepSee"
  if (scheme == SeedScheme::independent) z = mix64(z ^ static_cast<std::uint64_t>(point));
  z = mix64(z ^ (static_cast<std::uint64_t>(replicate) << 32));
  return z >> 11;
}

std::vector<RunPlan> make_plans(const SweepSpec& spec) {
  const auto points = design_points(spec);
  const int point_width = std::max(4, digits(points.empty() ? 0 : points.size() - 1));
  const int replicate_width = std::max(2, digits(static_cast<std::size_t>(std::max(0, spec.replicates - 1))));
  std::vector<RunPlan> plans;
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (int r = 0; r < spec.replicates; ++r) {
      RunPlan plan;
      plan.index = plans.size();
      plan.point = p;
      plan.replicate = r;
      plan.id = "p";
      plan.id += padded(p, point_width);
      plan.id += "-r";
      plan.id += padded(static_cast<std::size_t>(r), replicate_width);
      plan.seed = run_seed(spec.seed, p, r, spec.seeds);
      plan.values = points[p];
      plans.push_back(std::move(plan));
    }
  }
  return plans;
}

std::vector<std::string> RunPlan::set_args(const SweepSpec& spec) const {
  std::vector<std::string> args;
  for (std::size_t d = 0; d < spec.parameters.size(); ++d)
    args.push_back(spec.parameters[d].path + "=" + values[d]);
  args.push_back("seed=" + std::to_string(seed));
  return args;
}

void Fingerprint::add(const std::string& text) {
  for (unsigned char c : text) {
    state_ ^= c;
    state_ *= 0x100000001b3ULL;
  }
  // A separator, so ("ab", "c") and ("a", "bc") differ.
  state_ ^= 0xff;
  state_ *= 0x100000001b3ULL;
}

std::string Fingerprint::hex() const {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(state_));
  return buffer;
}

}  // namespace gigsim::sweep
