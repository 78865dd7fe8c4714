#pragma once
// a % d for the number of parts d, fixed for a run: the passes split over threads pick their
// items by a remainder (a worker's id, a calendar block) once per item per part, and a 32-bit
// division costs about as much as the rest of such a scan. Two multiplications give the same
// remainder for every 32-bit a and every d >= 1 (Lemire, Kaser and Kurz, "Faster remainder by
// direct computation", 2019).
#include <cstdint>
#include <stdexcept>

namespace gigsim {

class PartModulo {
 public:
  explicit PartModulo(std::uint32_t d = 1) : d_(d), m_(UINT64_MAX / (d == 0 ? 1 : d) + 1) {
    if (d == 0) throw std::invalid_argument("PartModulo: no parts");
  }
  std::uint32_t operator()(std::uint32_t a) const {
    const std::uint64_t low = m_ * a;  // the fraction a / d, in 64 bits (wraps on purpose)
    return static_cast<std::uint32_t>((static_cast<Wide>(low) * d_) >> 64);
  }
  std::uint32_t divisor() const { return d_; }

 private:
  __extension__ using Wide = unsigned __int128;  // g++ and clang; the product's high half
  std::uint32_t d_;
  std::uint64_t m_;  // ceil(2^64 / d); 0 for d = 1, whose remainders are all 0
};

}  // namespace gigsim
