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

// HDF5's shuffle filter (H5Zshuffle.c): byte b of element e goes to b * elements + e, so the
// slowly varying high bytes of integers and doubles end up side by side. One element is left as
// it is.
void shuffle(const unsigned char* in, std::size_t elements, std::size_t size, unsigned char* out) {
  if (elements <= 1 || size <= 1) {
    std::memcpy(out, in, elements * size);
    return;
  }
  for (std::size_t b = 0; b < size; ++b)
    for (std::size_t e = 0; e < elements; ++e) out[b * elements + e] = in[e * size + b];
}

std::vector<unsigned char> compress_chunk(const unsigned char* values, std::size_t elements,
                                          std::size_t element_size, std::size_t chunk, int level) {
  const std::size_t bytes = chunk * element_size;
  std::vector<unsigned char> padded(bytes, 0), shuffled(bytes);
  std::memcpy(padded.data(), values, elements * element_size);
  shuffle(padded.data(), chunk, element_size, shuffled.data());
  uLongf length = compressBound(static_cast<uLong>(bytes));
  std::vector<unsigned char> out(length);
  const int status = compress2(out.data(), &length, shuffled.data(), static_cast<uLong>(bytes), level);
  if (status != Z_OK)
    throw RuntimeFailure("zlib: cannot compress a chunk of " + std::to_string(bytes) + " bytes (error " +
                         std::to_string(status) + ")");
  out.resize(length);
  return out;
}

}  // namespace

std::vector<std::vector<unsigned char>> shuffle_and_deflate(const void* values, std::size_t count,
                                                            std::size_t element_size, std::size_t chunk,
                                                            int level, int threads) {
  const std::size_t chunks = chunk == 0 ? 0 : (count + chunk - 1) / chunk;
  std::vector<std::vector<unsigned char>> out(chunks);
  const auto* bytes = static_cast<const unsigned char*>(values);
  auto compress = [&](std::size_t c) {
    const std::size_t first = c * chunk, elements = std::min(chunk, count - first);
    out[c] = compress_chunk(bytes + first * element_size, elements, element_size, chunk, level);
  };
  if (threads <= 1 || chunks <= 1) {
    for (std::size_t c = 0; c < chunks; ++c) compress(c);
    return out;
  }
  tbb::task_arena arena(threads);
  for_each_index(arena, true, chunks, compress, 1);
  return out;
}

}  // namespace gigsim::hdf5
