#include "io/hdf5_handle.hpp"

#include <algorithm>
#include <bit>
#include <memory>

#include "core/error.hpp"
#include "io/chunk_compression.hpp"

namespace gigsim::hdf5 {

namespace {

// HDF5 records a stack from the public call down to where the problem was found; the
// innermost entry is the one that names the cause (e.g. "unable to open file: ...
// error message = 'No such file or directory'"), so that is the one line we keep.
herr_t take_innermost(unsigned depth, const H5E_error2_t* error, void* out) {
  if (depth == 0 && error->desc != nullptr) *static_cast<std::string*>(out) = error->desc;
  return 0;
}

std::string innermost_error_message() {
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, take_innermost, &message);
  H5Eclear2(H5E_DEFAULT);
  if (message.empty()) return "unknown HDF5 error";
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message;
}

[[noreturn]] void fail(const std::string& what) {
  throw RuntimeFailure("HDF5: cannot " + what + ": " + innermost_error_message());
}

PropertyList intermediate_groups_link_list() {
  PropertyList lcpl(H5Pcreate(H5P_LINK_CREATE), "create a link property list");
  check(H5Pset_create_intermediate_group(lcpl.id(), 1), "enable intermediate groups");
  check(H5Pset_char_encoding(lcpl.id(), H5T_CSET_UTF8), "set UTF-8 link names");
  return lcpl;
}

Dataspace scalar_space() { return Dataspace(H5Screate(H5S_SCALAR), "create a scalar dataspace"); }

hsize_t chunk_elements(std::size_t n, const DatasetLayout& layout) {
  return std::min<hsize_t>(n, std::max<std::size_t>(layout.max_chunk_elements, 1));
}

PropertyList numeric_creation_list(std::size_t n, const DatasetLayout& layout, const std::string& path) {
  PropertyList dcpl(H5Pcreate(H5P_DATASET_CREATE), "create a dataset property list for '" + path + "'");
  if (layout.compress && n > 0) {
    const hsize_t chunk = chunk_elements(n, layout);
    check(H5Pset_chunk(dcpl.id(), 1, &chunk), "set chunking of '" + path + "'");
    // Shuffle first: grouping the bytes of slowly varying integers is what lets deflate work.
    check(H5Pset_shuffle(dcpl.id()), "set the shuffle filter of '" + path + "'");
    check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(layout.deflate_level)),
          "set the deflate filter of '" + path + "'");
  }
  return dcpl;
}

template <typename T>
void write_numeric(hid_t parent, const std::string& path, std::span<const T> values, hid_t file_type,
                   hid_t memory_type, const std::string& unit, const std::string& description,
                   const DatasetLayout& layout) {
  const hsize_t n = values.size();
  Dataspace space(H5Screate_simple(1, &n, nullptr), "create the dataspace of '" + path + "'");
  PropertyList lcpl = intermediate_groups_link_list();
  PropertyList dcpl = numeric_creation_list(values.size(), layout, path);
  Dataset dataset(H5Dcreate2(parent, path.c_str(), file_type, space.id(), lcpl.id(), dcpl.id(), H5P_DEFAULT),
                  "create dataset '" + path + "'");
  if (n > 0 && layout.compress) {
    // The filters' work done here, on the layout's threads; HDF5 stores the chunks as they are.
    // The bytes are written as the file type stores them: little-endian, as on every host we build for.
    static_assert(std::endian::native == std::endian::little);
    const hsize_t chunk = chunk_elements(values.size(), layout);
    const auto chunks = shuffle_and_deflate(values.data(), values.size(), sizeof(T), chunk,
                                            layout.deflate_level, layout.threads);
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      const hsize_t offset = c * chunk;
      check(H5Dwrite_chunk(dataset.id(), H5P_DEFAULT, 0, &offset, chunks[c].size(), chunks[c].data()),
            "write a chunk of dataset '" + path + "'");
    }
  } else if (n > 0) {
    check(H5Dwrite(dataset.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write dataset '" + path + "'");
  }
  write_attribute(dataset.id(), "unit", unit);
  write_attribute(dataset.id(), "description", description);
  dataset.close("close dataset '" + path + "'");
}

Dataset open_dataset(hid_t parent, const std::string& path) {
  return Dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), "open dataset '" + path + "'");
}

Attribute open_attribute(hid_t object, const std::string& name) {
  return Attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute '" + name + "'");
}

// Refuses a silent conversion between integer and floating point: a reader asking for
// int64 from a float64 metric has the wrong idea of the schema and should be told.
void require_class(hid_t type, H5T_class_t wanted, const std::string& what) {
  const H5T_class_t actual = H5Tget_class(type);
  if (actual == wanted) return;
  const auto name = [](H5T_class_t c) -> std::string {
    switch (c) {
      case H5T_INTEGER:
        return "integer";
      case H5T_FLOAT:
        return "floating point";
      case H5T_STRING:
        return "string";
      default:
        return "another type";
    }
  };
  throw RuntimeFailure("HDF5: " + what + " holds " + name(actual) + " values, not " + name(wanted));
}

template <typename T>
std::vector<T> read_numeric(hid_t parent, const std::string& path, H5T_class_t wanted, hid_t memory_type) {
  silence_automatic_error_printing();
  Dataset dataset = open_dataset(parent, path);
  Datatype type(H5Dget_type(dataset.id()), "get the type of '" + path + "'");
  require_class(type.id(), wanted, "dataset '" + path + "'");
  Dataspace space(H5Dget_space(dataset.id()), "get the dataspace of '" + path + "'");
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank != 1) {
    throw RuntimeFailure("HDF5: dataset '" + path + "' has rank " + std::to_string(rank) + ", not 1");
  }
  hsize_t n = 0;
  check(H5Sget_simple_extent_dims(space.id(), &n, nullptr), "get the length of '" + path + "'");
  std::vector<T> values(n);
  if (n > 0) {
    check(H5Dread(dataset.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "read dataset '" + path + "'");
  }
  return values;
}

// Reads a scalar string stored either variable-length (what we write) or fixed-length
// (what other tools may write), so the reader also serves files we did not produce.
std::string read_string(hid_t type, const std::string& what, auto&& read) {
  require_class(type, H5T_STRING, what);
  const htri_t variable = H5Tis_variable_str(type);
  check(static_cast<herr_t>(variable), "inspect the string type of " + what);
  Datatype memory(H5Tcopy(H5T_C_S1), "copy the string type");
  check(H5Tset_cset(memory.id(), H5Tget_cset(type)), "set the character set");
  if (variable > 0) {
    check(H5Tset_size(memory.id(), H5T_VARIABLE), "set a variable string size");
    char* text = nullptr;
    check(read(memory.id(), static_cast<void*>(&text)), "read " + what);
    std::string result = text != nullptr ? std::string(text) : std::string();
    H5free_memory(text);
    return result;
  }
  const std::size_t size = H5Tget_size(type);
  std::vector<char> buffer(size + 1, '\0');
  check(H5Tset_size(memory.id(), size + 1), "set a fixed string size");
  check(H5Tset_strpad(memory.id(), H5T_STR_NULLTERM), "set string padding");
  check(read(memory.id(), static_cast<void*>(buffer.data())), "read " + what);
  return std::string(buffer.data());
}

template <typename T>
T read_numeric_attribute(hid_t object, const std::string& name, H5T_class_t wanted, hid_t memory_type) {
  silence_automatic_error_printing();
  Attribute attribute = open_attribute(object, name);
  Datatype type(H5Aget_type(attribute.id()), "get the type of attribute '" + name + "'");
  require_class(type.id(), wanted, "attribute '" + name + "'");
  T value{};
  check(H5Aread(attribute.id(), memory_type, &value), "read attribute '" + name + "'");
  return value;
}

}  // namespace

void silence_automatic_error_printing() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

void skip_library_cleanup_at_exit() { H5dont_atexit(); }

hid_t check(hid_t id, const std::string& what) {
  if (id < 0) fail(what);
  return id;
}

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

Datatype utf8_string_type() {
  Datatype type(H5Tcopy(H5T_C_S1), "copy the string type");
  check(H5Tset_size(type.id(), H5T_VARIABLE), "make the string type variable-length");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "make the string type UTF-8");
  check(H5Tset_strpad(type.id(), H5T_STR_NULLTERM), "make the string type null-terminated");
  return type;
}

Group create_group(hid_t parent, const std::string& path) {
  PropertyList lcpl = intermediate_groups_link_list();
  return Group(H5Gcreate2(parent, path.c_str(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT),
               "create group '" + path + "'");
}

void write_dataset(hid_t parent, const std::string& path, std::span<const std::int64_t> values,
                   const std::string& unit, const std::string& description, const DatasetLayout& layout) {
  write_numeric(parent, path, values, H5T_STD_I64LE, H5T_NATIVE_INT64, unit, description, layout);
}

void write_dataset(hid_t parent, const std::string& path, std::span<const double> values,
                   const std::string& unit, const std::string& description, const DatasetLayout& layout) {
  write_numeric(parent, path, values, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, unit, description, layout);
}

void write_string_dataset(hid_t parent, const std::string& path, const std::string& text,
                          const std::string& unit, const std::string& description) {
  Datatype type = utf8_string_type();
  Dataspace space = scalar_space();
  PropertyList lcpl = intermediate_groups_link_list();
  Dataset dataset(
      H5Dcreate2(parent, path.c_str(), type.id(), space.id(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT),
      "create dataset '" + path + "'");
  const char* data = text.c_str();
  check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &data),
        "write dataset '" + path + "'");
  write_attribute(dataset.id(), "unit", unit);
  write_attribute(dataset.id(), "description", description);
  dataset.close("close dataset '" + path + "'");
}

void write_string_list(hid_t parent, const std::string& path, std::span<const std::string> values,
                       const std::string& unit, const std::string& description) {
  Datatype type = utf8_string_type();
  const hsize_t n = values.size();
  Dataspace space(H5Screate_simple(1, &n, nullptr), "create the dataspace of '" + path + "'");
  PropertyList lcpl = intermediate_groups_link_list();
  Dataset dataset(
      H5Dcreate2(parent, path.c_str(), type.id(), space.id(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT),
      "create dataset '" + path + "'");
  if (n > 0) {
    std::vector<const char*> data;
    data.reserve(values.size());
    for (const std::string& value : values) data.push_back(value.c_str());
    check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          "write dataset '" + path + "'");
  }
  write_attribute(dataset.id(), "unit", unit);
  write_attribute(dataset.id(), "description", description);
  dataset.close("close dataset '" + path + "'");
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  Datatype type = utf8_string_type();
  Dataspace space = scalar_space();
  Attribute attribute(H5Acreate2(object, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                      "create attribute '" + name + "'");
  const char* data = value.c_str();
  check(H5Awrite(attribute.id(), type.id(), &data), "write attribute '" + name + "'");
}

void write_attribute(hid_t object, const std::string& name, const char* value) {
  write_attribute(object, name, std::string(value));
}

namespace {
void write_scalar_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t memory_type,
                            const void* value) {
  Dataspace space = scalar_space();
  Attribute attribute(H5Acreate2(object, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                      "create attribute '" + name + "'");
  check(H5Awrite(attribute.id(), memory_type, value), "write attribute '" + name + "'");
}
}  // namespace

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  write_scalar_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  write_scalar_attribute(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

void write_attribute(hid_t object, const std::string& name, std::int32_t value) {
  write_scalar_attribute(object, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &value);
}

void write_attribute(hid_t object, const std::string& name, double value) {
  write_scalar_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

bool path_exists(hid_t parent, const std::string& path) {
  silence_automatic_error_printing();
  // H5Lexists only looks at the last component, so each prefix is checked in turn.
  std::size_t begin = path.starts_with('/') ? 1 : 0;
  std::string prefix = path.substr(0, begin);
  while (begin < path.size()) {
    const std::size_t end = std::min(path.find('/', begin), path.size());
    prefix += path.substr(begin, end - begin);
    const htri_t exists = H5Lexists(parent, prefix.c_str(), H5P_DEFAULT);
    if (exists <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
    prefix += '/';
    begin = end + 1;
  }
  return true;
}

std::vector<std::int64_t> read_int64_dataset(hid_t parent, const std::string& path) {
  return read_numeric<std::int64_t>(parent, path, H5T_INTEGER, H5T_NATIVE_INT64);
}

std::vector<double> read_float64_dataset(hid_t parent, const std::string& path) {
  return read_numeric<double>(parent, path, H5T_FLOAT, H5T_NATIVE_DOUBLE);
}

std::string read_string_dataset(hid_t parent, const std::string& path) {
  silence_automatic_error_printing();
  Dataset dataset = open_dataset(parent, path);
  Datatype type(H5Dget_type(dataset.id()), "get the type of '" + path + "'");
  return read_string(type.id(), "dataset '" + path + "'", [&](hid_t memory, void* buffer) {
    return H5Dread(dataset.id(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  });
}

std::vector<std::string> read_string_list(hid_t parent, const std::string& path) {
  silence_automatic_error_printing();
  Dataset dataset = open_dataset(parent, path);
  Datatype type(H5Dget_type(dataset.id()), "get the type of '" + path + "'");
  require_class(type.id(), H5T_STRING, "dataset '" + path + "'");
  const htri_t variable = H5Tis_variable_str(type.id());
  check(static_cast<herr_t>(variable), "inspect the string type of dataset '" + path + "'");
  if (variable <= 0)
    throw RuntimeFailure("HDF5: dataset '" + path + "' holds fixed-length strings, not variable-length");
  Dataspace space(H5Dget_space(dataset.id()), "get the dataspace of '" + path + "'");
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank != 1) {
    throw RuntimeFailure("HDF5: dataset '" + path + "' has rank " + std::to_string(rank) + ", not 1");
  }
  hsize_t n = 0;
  check(H5Sget_simple_extent_dims(space.id(), &n, nullptr), "get the length of '" + path + "'");
  std::vector<std::string> values;
  if (n == 0) return values;
  Datatype memory(H5Tcopy(H5T_C_S1), "copy the string type");
  check(H5Tset_cset(memory.id(), H5Tget_cset(type.id())), "set the character set");
  check(H5Tset_size(memory.id(), H5T_VARIABLE), "set a variable string size");
  std::vector<char*> texts(n, nullptr);
  check(H5Dread(dataset.id(), memory.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()),
        "read dataset '" + path + "'");
  values.reserve(n);
  for (char* text : texts) {
    values.emplace_back(text != nullptr ? text : "");
    H5free_memory(text);
  }
  return values;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  silence_automatic_error_printing();
  Attribute attribute = open_attribute(object, name);
  Datatype type(H5Aget_type(attribute.id()), "get the type of attribute '" + name + "'");
  return read_string(type.id(), "attribute '" + name + "'",
                     [&](hid_t memory, void* buffer) { return H5Aread(attribute.id(), memory, buffer); });
}

std::int64_t read_int64_attribute(hid_t object, const std::string& name) {
  return read_numeric_attribute<std::int64_t>(object, name, H5T_INTEGER, H5T_NATIVE_INT64);
}

std::uint64_t read_uint64_attribute(hid_t object, const std::string& name) {
  return read_numeric_attribute<std::uint64_t>(object, name, H5T_INTEGER, H5T_NATIVE_UINT64);
}

double read_float64_attribute(hid_t object, const std::string& name) {
  return read_numeric_attribute<double>(object, name, H5T_FLOAT, H5T_NATIVE_DOUBLE);
}

}  // namespace gigsim::hdf5
