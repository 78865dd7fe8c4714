#include "io/run_file_reader.hpp"

#include "core/error.hpp"
#include "io/run_file_writer.hpp"

namespace gigsim {

namespace {

// Attributes live on an object that has to be opened first, whatever its kind.
using Object = hdf5::Handle<H5Oclose>;

Object open_object(hid_t file, const std::string& path) {
  hdf5::silence_automatic_error_printing();
  return Object(H5Oopen(file, path.c_str(), H5P_DEFAULT), "open '" + path + "'");
}

}  // namespace

RunFileReader::RunFileReader(const std::string& path) : path_(path) {
  hdf5::silence_automatic_error_printing();
  file_ = hdf5::File(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open run file '" + path + "'");
  const bool tagged = H5Aexists(file_.id(), "format") > 0 &&
                      hdf5::read_string_attribute(file_.id(), "format") == kRunFileFormat;
  if (!tagged) {
    throw RuntimeFailure("'" + path + "' is an HDF5 file but not a gigsim run file (no format = \"" +
                         kRunFileFormat + "\" attribute)");
  }
}

int RunFileReader::schema_version() const {
  return static_cast<int>(hdf5::read_int64_attribute(file_.id(), "schema_version"));
}

bool RunFileReader::exists(const std::string& object_path) const {
  return object_path == "/" || hdf5::path_exists(file_.id(), object_path);
}

std::vector<std::int64_t> RunFileReader::read_int64(const std::string& dataset_path) const {
  return hdf5::read_int64_dataset(file_.id(), dataset_path);
}

std::vector<double> RunFileReader::read_float64(const std::string& dataset_path) const {
  return hdf5::read_float64_dataset(file_.id(), dataset_path);
}

std::vector<std::string> RunFileReader::read_strings(const std::string& dataset_path) const {
  return hdf5::read_string_list(file_.id(), dataset_path);
}

std::string RunFileReader::string_attribute(const std::string& object_path, const std::string& name) const {
  return hdf5::read_string_attribute(open_object(file_.id(), object_path).id(), name);
}

std::int64_t RunFileReader::int64_attribute(const std::string& object_path, const std::string& name) const {
  return hdf5::read_int64_attribute(open_object(file_.id(), object_path).id(), name);
}

std::uint64_t RunFileReader::uint64_attribute(const std::string& object_path, const std::string& name) const {
  return hdf5::read_uint64_attribute(open_object(file_.id(), object_path).id(), name);
}

double RunFileReader::float64_attribute(const std::string& object_path, const std::string& name) const {
  return hdf5::read_float64_attribute(open_object(file_.id(), object_path).id(), name);
}

std::string RunFileReader::scenario_text() const {
  return hdf5::read_string_dataset(file_.id(), "/scenario");
}

std::vector<RunFileReader::AppliedIntervention> RunFileReader::interventions() const {
  std::vector<AppliedIntervention> out;
  if (!exists("/interventions")) return out;
  const std::vector<std::int64_t> times = read_int64("/interventions/time_minutes");
  const std::vector<std::string> labels = read_strings("/interventions/label");
  const std::vector<std::string> settings = read_strings("/interventions/settings");
  if (labels.size() != times.size() || settings.size() != times.size()) {
    throw RuntimeFailure("'" + path_ + "': the datasets of /interventions differ in length");
  }
  for (std::size_t i = 0; i < times.size(); ++i) out.push_back({times[i], labels[i], settings[i]});
  return out;
}

}  // namespace gigsim
