#pragma once
// HDF5's shuffle and deflate filters, applied to a 1-D dataset's chunks on several threads. HDF5
// runs a write's filters chunk after chunk on the calling thread: for a national run's
// per-worker tables (230 MB before compression) that was more than a second of one thread's time
// at the end of every run, whatever --threads said (docs/performance.md). The bytes are the ones
// HDF5's own filters give (the same byte shuffle, then zlib's compress2 at the same level), so
// the chunks are written as they are (H5Dwrite_chunk) and every HDF5 reader decodes them; the
// tests compare them with HDF5's, chunk by chunk.
#include <cstddef>
#include <vector>

namespace gigsim::hdf5 {

// `count` elements of `element_size` bytes at `values`, cut into chunks of `chunk` elements (the
// last one padded with zero bytes, HDF5's default fill value, as HDF5 stores a partial chunk),
// each shuffled and deflated at `level`, on `threads` threads. Throws RuntimeFailure when zlib
// fails.
std::vector<std::vector<unsigned char>> shuffle_and_deflate(const void* values, std::size_t count,
                                                            std::size_t element_size, std::size_t chunk,
                                                            int level, int threads);

}  // namespace gigsim::hdf5
