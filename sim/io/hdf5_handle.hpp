#pragma once
// Our own thin layer over the HDF5 C API. Every identifier is owned by exactly one
// move-only handle, so nothing leaks when an exception unwinds a half-written file,
// and every failing call becomes a gigsim::RuntimeFailure with one readable line
// instead of HDF5's multi-line error stack on stderr. Only sim/io includes this.
#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace gigsim::hdf5 {

// Stops HDF5 printing its error stack to stderr; our exceptions carry the message.
// Debian's HDF5 is built thread-safe, which makes this setting per thread, so every
// entry point into sim/io's HDF5 code calls it (it is idempotent and cheap).
void silence_automatic_error_printing();

// Tells HDF5 not to close its open files itself when the process exits. Called first in
// main(), before any other HDF5 call. HDF5 1.10 crashes (SIGSEGV in H5F__close_cb at exit)
// closing a file whose writes failed (disk full, ulimit -f), after our message was printed;
// every file gigsim opens is closed by its own handle anyway.
void skip_library_cleanup_at_exit();

// Throws RuntimeFailure("HDF5: cannot <what>: <innermost HDF5 message>") when id < 0.
hid_t check(hid_t id, const std::string& what);
void check(herr_t status, const std::string& what);

template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  // Takes ownership of a freshly returned identifier; a negative one is reported as failure.
  Handle(hid_t id, const std::string& what) : id_(check(id, what)) {}
  ~Handle() { reset(); }

  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }

  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }

  // Closing can fail (a file close is where buffered data reaches the disk), so a
  // writer closes explicitly and learns about it; the destructor cannot report.
  void close(const std::string& what) {
    if (!valid()) return;
    const hid_t id = id_;
    id_ = H5I_INVALID_HID;
    check(Close(id), what);
  }

 private:
  void reset() noexcept {
    if (valid()) Close(id_);
    id_ = H5I_INVALID_HID;
  }
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using PropertyList = Handle<H5Pclose>;
using Attribute = Handle<H5Aclose>;

// UTF-8, variable length: h5py returns attributes of this type as Python str.
Datatype utf8_string_type();

// Creates `path` (relative to `parent`, may contain '/'), creating missing intermediate groups.
Group create_group(hid_t parent, const std::string& path);

// How a 1-D numeric dataset is stored: chunked, shuffled and deflated when compress is
// true and the data is non-empty; contiguous otherwise (a chunk cannot have size zero). The
// chunks are compressed on `threads` threads (io/chunk_compression.hpp): the bytes do not
// depend on it.
struct DatasetLayout {
  bool compress = true;
  std::size_t max_chunk_elements = 4096;
  int deflate_level = 4;
  int threads = 1;
};

// Writes a 1-D dataset at `path` under `parent` (intermediate groups created) with
// its `unit` and `description` attributes. Stored as little-endian int64 / float64.
void write_dataset(hid_t parent, const std::string& path, std::span<const std::int64_t> values,
                   const std::string& unit, const std::string& description, const DatasetLayout& layout);
void write_dataset(hid_t parent, const std::string& path, std::span<const double> values,
                   const std::string& unit, const std::string& description, const DatasetLayout& layout);

// A scalar UTF-8 string dataset (the resolved scenario text).
void write_string_dataset(hid_t parent, const std::string& path, const std::string& text,
                          const std::string& unit, const std::string& description);

// A 1-D dataset of variable-length UTF-8 strings (contiguous, uncompressed; may have
// length zero), with its `unit` and `description` attributes.
void write_string_list(hid_t parent, const std::string& path, std::span<const std::string> values,
                       const std::string& unit, const std::string& description);

// Scalar attributes on any object (file root, group or dataset).
void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, const char* value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, std::int32_t value);
void write_attribute(hid_t object, const std::string& name, double value);

// Reading, for tests and the command line. Paths are relative to `parent`.
bool path_exists(hid_t parent, const std::string& path);
std::vector<std::int64_t> read_int64_dataset(hid_t parent, const std::string& path);
std::vector<double> read_float64_dataset(hid_t parent, const std::string& path);
std::string read_string_dataset(hid_t parent, const std::string& path);
std::vector<std::string> read_string_list(hid_t parent, const std::string& path);
std::string read_string_attribute(hid_t object, const std::string& name);
std::int64_t read_int64_attribute(hid_t object, const std::string& name);
std::uint64_t read_uint64_attribute(hid_t object, const std::string& name);
double read_float64_attribute(hid_t object, const std::string& name);

}  // namespace gigsim::hdf5
