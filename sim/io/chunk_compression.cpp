#include "io/chunk_compression.hpp"

#include <zlib.h>

#include <oneapi/tbb/task_arena.h>
#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace gigsim::hdf5 {

namespace {

// HDF5's shuffle filter (H5Zshuffle.c) over a chunk of `chunk` elements whose first `elements`
// are given and the rest zero bytes (HDF5's default fill value, as HDF5 stores a partial chunk):
// byte b of element e goes to b * chunk + e, so the slowly varying high bytes of integers and
// doubles end up side by side. A chunk of one element is left as it is.
void shuffle(const unsigned char* in, std::size_t elements, std::size_t size, std::size_t chunk,
             unsigned char* out) {
  if (chunk <= 1 || size <= 1) {
    std::memcpy(out, in, elements * size);
    std::memset(out + elements * size, 0, (chunk - elements) * size);
    return;
  }
  for (std::size_t b = 0; b < size; ++b) {
    unsigned char* plane = out + b * chunk;
    for (std::size_t e = 0; e < elements; ++e) plane[e] = in[e * size + b];
    std::memset(plane + elements, 0, chunk - elements);
  }
}

[[noreturn]] void zlib_failed(const std::string& what, std::size_t bytes, int status) {
  throw RuntimeFailure("zlib: cannot " + what + " a chunk of " + std::to_string(bytes) + " bytes (error " +
                       std::to_string(status) + ")");
}

// One deflate stream and one shuffle buffer for a run of chunks. compress2 sets up and frees
// zlib's state (about 256 KB) for every 32 KB chunk; kept for a run of chunks, a national run's
// per-worker tables took 0.5 s instead of 0.9 s to compress at 2 threads (docs/performance.md).
// deflateReset gives the bytes a fresh stream gives: compress2's, which is deflateInit at the
// same level, then deflate to the end.
class ChunkDeflater {
 public:
  ChunkDeflater(std::size_t chunk_bytes, int level) : shuffled_(chunk_bytes) {
    const int status = deflateInit(&stream_, level);
    if (status != Z_OK)
      zlib_failed("set up deflate (level " + std::to_string(level) + ") for", chunk_bytes, status);
  }
  ~ChunkDeflater() { deflateEnd(&stream_); }
  ChunkDeflater(const ChunkDeflater&) = delete;
  ChunkDeflater& operator=(const ChunkDeflater&) = delete;

  std::vector<unsigned char> compress(const unsigned char* values, std::size_t elements,
                                      std::size_t element_size, std::size_t chunk) {
    const std::size_t bytes = chunk * element_size;
    shuffle(values, elements, element_size, chunk, shuffled_.data());
    int status = deflateReset(&stream_);
    if (status != Z_OK) zlib_failed("reset deflate for", bytes, status);
    const uLong bound = deflateBound(&stream_, static_cast<uLong>(bytes));
    if (compressed_.size() < bound) compressed_.resize(bound);
    stream_.next_in = shuffled_.data();
    stream_.avail_in = static_cast<uInt>(bytes);
    stream_.next_out = compressed_.data();
    stream_.avail_out = static_cast<uInt>(compressed_.size());
    status = deflate(&stream_, Z_FINISH);
    if (status != Z_STREAM_END) zlib_failed("compress", bytes, status);
    // Copied out at its size: a chunk's room for the worst case, kept for each of a national
    // run's 6,600 chunks, was 200 MB of fresh pages.
    return std::vector<unsigned char>(compressed_.begin(),
                                      compressed_.begin() + static_cast<std::ptrdiff_t>(stream_.total_out));
  }

 private:
  z_stream stream_{};
  std::vector<unsigned char> shuffled_, compressed_;
};

}  // namespace

std::vector<std::vector<unsigned char>> shuffle_and_deflate(const void* values, std::size_t count,
                                                            std::size_t element_size, std::size_t chunk,
                                                            int level, int threads) {
  const std::size_t chunks = chunk == 0 ? 0 : (count + chunk - 1) / chunk;
  std::vector<std::vector<unsigned char>> out(chunks);
  if (chunks == 0) return out;
  const auto* bytes = static_cast<const unsigned char*>(values);
  // Runs of consecutive chunks, each on one stream: a few per thread, so that a slower thread
  // leaves its last run to another. Which stream compresses a chunk never changes its bytes.
  const std::size_t runs = threads <= 1 ? 1 : std::min(chunks, 4 * static_cast<std::size_t>(threads));
  auto compress_run = [&](std::size_t r) {
    ChunkDeflater deflater(chunk * element_size, level);
    for (std::size_t c = r * chunks / runs; c < (r + 1) * chunks / runs; ++c) {
      const std::size_t first = c * chunk, elements = std::min(chunk, count - first);
      out[c] = deflater.compress(bytes + first * element_size, elements, element_size, chunk);
    }
  };
  if (runs == 1) {
    compress_run(0);
    return out;
  }
  tbb::task_arena arena(threads);
  for_each_index(arena, true, runs, compress_run, 1);
  return out;
}

}  // namespace gigsim::hdf5
