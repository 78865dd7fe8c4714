#pragma once
// Money is exact: int64 micro-units (1e-6) of the scenario currency. Floating
// point only ever appears at the edges (YAML input, summary printing).
#include <cmath>
#include <cstdint>

namespace gigsim {

using Money = std::int64_t;  // micro-units of the scenario currency

inline constexpr Money kMicrosPerUnit = 1'000'000;

// Converts a currency amount read from a scenario to micro-units, rounding half away from zero.
inline Money to_micros(double units) { return static_cast<Money>(std::llround(units * 1e6)); }

inline double to_units(Money micros) { return static_cast<double>(micros) / 1e6; }

// A rate (fee, contribution share) as an integer in parts per million, so that
// multiplying money by it is exact integer arithmetic on every platform.
using Ppm = std::int64_t;
inline Ppm to_ppm(double rate) { return static_cast<Ppm>(std::llround(rate * 1e6)); }

// amount * rate, rounded half up, in exact integer arithmetic.
inline Money apply_rate(Money amount, Ppm rate) {
  __extension__ using Wide = __int128;  // GCC/Clang extension; the product can exceed int64
  const Wide product = static_cast<Wide>(amount) * rate;
  return static_cast<Money>((product + 500'000) / 1'000'000);
}

}  // namespace gigsim
