#pragma once
// Reads back what RunFileWriter wrote, for the C++ tests and the command line
// (the Python analysis package reads the files with h5py instead). Paths are
// HDF5 paths from the root, e.g. "/timeseries/worker_pay" or "/final".
#include <cstdint>
#include <string>
#include <vector>

#include "io/hdf5_handle.hpp"

namespace gigsim {

class RunFileReader {
 public:
  // Throws RuntimeFailure when the file cannot be opened or is not a gigsim run file.
  explicit RunFileReader(const std::string& path);

  const std::string& path() const { return path_; }
  int schema_version() const;

  bool exists(const std::string& object_path) const;
  std::vector<std::int64_t> read_int64(const std::string& dataset_path) const;
  std::vector<double> read_float64(const std::string& dataset_path) const;
  // A 1-D dataset of variable-length strings (e.g. "/interventions/label").
  std::vector<std::string> read_strings(const std::string& dataset_path) const;

  // Attributes of the object at object_path ("/" for the root).
  std::string string_attribute(const std::string& object_path, const std::string& name) const;
  std::int64_t int64_attribute(const std::string& object_path, const std::string& name) const;
  std::uint64_t uint64_attribute(const std::string& object_path, const std::string& name) const;
  double float64_attribute(const std::string& object_path, const std::string& name) const;

  // The resolved scenario YAML stored in /scenario.
  std::string scenario_text() const;

  // The interventions applied during the run, from /interventions (none in a file
  // written before that group existed).
  struct AppliedIntervention {
    std::int64_t time_minutes = 0;
    std::string label;
    std::string settings;  // YAML flow mapping, "{key.path: value, ...}"
  };
  std::vector<AppliedIntervention> interventions() const;

  // The raw identifier, for callers that need the HDF5 C API directly (tests).
  hid_t id() const { return file_.id(); }

 private:
  std::string path_;
  hdf5::File file_;
};

}  // namespace gigsim
