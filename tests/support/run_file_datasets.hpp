#pragma once
// Reading a run file's datasets back for exact comparison (CLI and checkpoint tests:
// a resumed or replayed run must equal the uninterrupted one bit for bit).
#include <hdf5.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "io/run_file_reader.hpp"

namespace gigsim::testing {

namespace fs = std::filesystem;

// Every dataset under `group` ("/timeseries"), by path relative to it.
inline std::vector<std::string> datasets_under(const gigsim::RunFileReader& file, const std::string& group) {
  struct Visit {
    hid_t file;
    std::string group;
    std::vector<std::string> names;
  } visit{file.id(), group, {}};
  const hid_t g = H5Gopen2(file.id(), group.c_str(), H5P_DEFAULT);
  REQUIRE(g >= 0);
  auto callback = [](hid_t root, const char* name, const H5L_info_t*, void* data) -> herr_t {
    auto* v = static_cast<Visit*>(data);
    const hid_t object = H5Oopen(root, name, H5P_DEFAULT);
    if (object < 0) return -1;
    if (H5Iget_type(object) == H5I_DATASET) v->names.push_back(name);
    H5Oclose(object);
    return 0;
  };
  REQUIRE(H5Lvisit(g, H5_INDEX_NAME, H5_ITER_INC, callback, &visit) >= 0);
  H5Gclose(g);
  std::sort(visit.names.begin(), visit.names.end());
  return visit.names;
}

inline bool is_integer_dataset(const gigsim::RunFileReader& file, const std::string& path) {
  const hid_t d = H5Dopen2(file.id(), path.c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t t = H5Dget_type(d);
  const bool integer = H5Tget_class(t) == H5T_INTEGER;
  H5Tclose(t);
  H5Dclose(d);
  return integer;
}

// The values of every dataset under `group`, as bytes, keyed by name: for exact comparison.
inline std::vector<std::pair<std::string, std::string>> dataset_bytes(const fs::path& path,
                                                                      const std::string& group) {
  gigsim::RunFileReader file(path.string());
  std::vector<std::pair<std::string, std::string>> result;
  for (const auto& name : datasets_under(file, group)) {
    const std::string full = group + "/" + name;
    std::string bytes;
    if (is_integer_dataset(file, full)) {
      const auto v = file.read_int64(full);
      bytes.assign(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(v[0]));
    } else {
      const auto v = file.read_float64(full);
      bytes.assign(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(v[0]));
    }
    result.emplace_back(name, std::move(bytes));
  }
  return result;
}

}  // namespace gigsim::testing
