#pragma once
// An allocator for the large per-agent columns. A national market reads its worker columns at
// random (a million workers, tens of megabytes); with 4 KiB pages almost every such read also
// misses the TLB and walks the page table. Blocks of 1 MiB or more are mapped on 2 MiB
// boundaries and marked for transparent huge pages (Linux madvise), which the kernel backs
// with 2 MiB pages where it can; smaller blocks, and sanitizer builds (whose checks need
// the usual heap), use std::allocator. Contents and results do not depend on it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace gigsim {

#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
inline constexpr bool kHugePagesUsed = true;
#else
inline constexpr bool kHugePagesUsed = false;
#endif

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
inline constexpr std::size_t kHugePageThresholdBytes = std::size_t{1} << 20;

namespace detail {
inline std::size_t huge_page_round(std::size_t bytes) {
  return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
}
void* map_huge_pages(std::size_t bytes);  // throws std::bad_alloc
void unmap_huge_pages(void* p, std::size_t bytes) noexcept;
}  // namespace detail

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (!mapped(n)) return std::allocator<T>{}.allocate(n);
    return static_cast<T*>(detail::map_huge_pages(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (!mapped(n)) return std::allocator<T>{}.deallocate(p, n);
    detail::unmap_huge_pages(p, n * sizeof(T));
  }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) noexcept { return true; }

 private:
  static bool mapped(std::size_t n) { return kHugePagesUsed && n >= kHugePageThresholdBytes / sizeof(T) + 1; }
};

// A per-agent column read at random every tick: a vector whose large blocks sit on huge pages.
template <typename T>
using HotColumn = std::vector<T, HugePageAllocator<T>>;

}  // namespace gigsim
