// Run files' chunks are shuffled and deflated by gigsim on the run's threads and written as they
// are (io/chunk_compression.hpp): the stored bytes must be the ones HDF5's own shuffle and
// deflate filters give, so that what readers decode, and how big files are, do not change.
#include <hdf5.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/chunk_compression.hpp"
#include "io/hdf5_handle.hpp"

namespace fs = std::filesystem;
using namespace gigsim;

namespace {

// HDF5 filtering the chunks itself: the reference.
template <typename T>
void write_with_hdf5_filters(hid_t file, const std::string& name, const std::vector<T>& values, hid_t type,
                             hsize_t chunk, int level) {
  const hsize_t n = values.size();
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  REQUIRE(H5Pset_chunk(dcpl, 1, &chunk) >= 0);
  REQUIRE(H5Pset_shuffle(dcpl) >= 0);
  REQUIRE(H5Pset_deflate(dcpl, static_cast<unsigned>(level)) >= 0);
  const hid_t dataset = H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  REQUIRE(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  H5Dclose(dataset);
  H5Pclose(dcpl);
  H5Sclose(space);
}

std::vector<unsigned char> stored_chunk(hid_t file, const std::string& name, hsize_t offset) {
  const hid_t dataset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  hsize_t size = 0;
  REQUIRE(H5Dget_chunk_storage_size(dataset, &offset, &size) >= 0);
  std::vector<unsigned char> bytes(size);
  std::uint32_t mask = 0xffffffff;
  REQUIRE(H5Dread_chunk(dataset, H5P_DEFAULT, &offset, &mask, bytes.data()) >= 0);
  CHECK(mask == 0);  // every filter applied
  H5Dclose(dataset);
  return bytes;
}

template <typename T>
std::vector<T> read_back(hid_t file, const std::string& name, hid_t type, std::size_t n) {
  std::vector<T> values(n);
  const hid_t dataset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  REQUIRE(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  H5Dclose(dataset);
  return values;
}

}  // namespace

TEST_CASE("run files' chunks are compressed on several threads into the bytes HDF5's filters give",
          "[io][hdf5]") {
  const fs::path path = fs::temp_directory_path() / ("gigsim-chunks-" + std::to_string(::getpid()) + ".h5");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(file >= 0);
  hdf5::DatasetLayout layout;
  layout.max_chunk_elements = 1000;
  // One element, exactly one chunk, and several chunks with a partial last one; on one thread a
  // single deflate stream takes every chunk in turn, on three each chunk has its own.
  for (const int threads : {1, 3})
    for (const std::size_t n : {std::size_t{1}, std::size_t{1000}, std::size_t{4321}}) {
      layout.threads = threads;
      std::vector<std::int64_t> counts(n);
      std::vector<double> wages(n);
      for (std::size_t i = 0; i < n; ++i) {
        counts[i] = static_cast<std::int64_t>((i * i) % 977) - 300;
        wages[i] = std::sqrt(static_cast<double>(i)) * 1.37;
      }
      const std::string tag = std::to_string(n) + "_" + std::to_string(threads);
      write_with_hdf5_filters(file, "ref_counts_" + tag, counts, H5T_STD_I64LE, std::min<hsize_t>(n, 1000),
                              4);
      write_with_hdf5_filters(file, "ref_wages_" + tag, wages, H5T_IEEE_F64LE, std::min<hsize_t>(n, 1000), 4);
      hdf5::write_dataset(file, "counts_" + tag, std::span<const std::int64_t>(counts), "1", "test", layout);
      hdf5::write_dataset(file, "wages_" + tag, std::span<const double>(wages), "1", "test", layout);
      for (hsize_t offset = 0; offset < n; offset += 1000) {
        INFO("n = " << n << ", " << threads << " thread(s), chunk at " << offset);
        CHECK(stored_chunk(file, "counts_" + tag, offset) == stored_chunk(file, "ref_counts_" + tag, offset));
        CHECK(stored_chunk(file, "wages_" + tag, offset) == stored_chunk(file, "ref_wages_" + tag, offset));
      }
      CHECK(read_back<std::int64_t>(file, "counts_" + tag, H5T_NATIVE_INT64, n) == counts);
      CHECK(read_back<double>(file, "wages_" + tag, H5T_NATIVE_DOUBLE, n) == wages);
    }
  H5Fclose(file);
  fs::remove(path);
}

TEST_CASE("the chunks' bytes do not depend on the number of threads", "[io][hdf5]") {
  std::vector<std::int64_t> values(10'000);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int64_t>(i % 37) * 1'000'003;
  const auto one = hdf5::shuffle_and_deflate(values.data(), values.size(), 8, 1024, 4, 1);
  const auto four = hdf5::shuffle_and_deflate(values.data(), values.size(), 8, 1024, 4, 4);
  REQUIRE(one.size() == 10);  // 9 full chunks and a partial one
  CHECK(one == four);
}

TEST_CASE("a compression level zlib refuses is an error, not a silently stored chunk", "[io][hdf5]") {
  const std::vector<std::int64_t> values(100, 7);
  CHECK_THROWS_AS(hdf5::shuffle_and_deflate(values.data(), values.size(), 8, 64, 12, 2), RuntimeFailure);
}
