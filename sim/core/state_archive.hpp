#pragma once
// A byte buffer the model's state is saved to and loaded from (checkpoints). The
// model only fills and reads bytes; where they go (a file, its header, its checksum)
// is sim/io's business. Values are stored as their bytes in memory (little-endian
// on every machine gigsim builds on), vectors as a length then their elements,
// and each section opens with a four-letter tag so that a mismatch between what was
// saved and what is read is reported, not silently misread.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/error.hpp"

namespace gigsim {

class StateWriter {
 public:
  template <typename T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>, "only trivially copyable values are stored as bytes");
    bytes_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <typename T, typename A>
  void vector(const std::vector<T, A>& v) {
    static_assert(std::is_trivially_copyable_v<T>, "only vectors of trivially copyable values");
    value(static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void string(std::string_view s) {
    value(static_cast<std::uint64_t>(s.size()));
    bytes_.append(s.data(), s.size());
  }
  void tag(const char (&name)[5]) { bytes_.append(name, 4); }
  void reserve(std::size_t n) { bytes_.reserve(n); }

  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

// Reads what a StateWriter wrote, in the same order. Throws gigsim::Error when the
// bytes run out or a section's tag is not the one expected.
class StateReader {
 public:
  explicit StateReader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  void value(T& v) {
    static_assert(std::is_trivially_copyable_v<T>, "only trivially copyable values are stored as bytes");
    need(sizeof(T), "a value");
    std::memcpy(&v, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
  }
  template <typename T>
  T value() {
    T v{};
    value(v);
    return v;
  }
  template <typename T, typename A>
  void vector(std::vector<T, A>& v) {
    static_assert(std::is_trivially_copyable_v<T>, "only vectors of trivially copyable values");
    const auto n = value<std::uint64_t>();
    if (n > (bytes_.size() - at_) / (sizeof(T) == 0 ? 1 : sizeof(T)))
      fail("a list longer than the data left");
    v.resize(static_cast<std::size_t>(n));
    if (n > 0) std::memcpy(v.data(), bytes_.data() + at_, static_cast<std::size_t>(n) * sizeof(T));
    at_ += static_cast<std::size_t>(n) * sizeof(T);
  }
  std::string string() { return std::string(string_view()); }
  // The same, as a view into the bytes read (valid as long as they are).
  std::string_view string_view() {
    const auto n = value<std::uint64_t>();
    need(n, "a text");
    const std::string_view s = bytes_.substr(at_, static_cast<std::size_t>(n));
    at_ += static_cast<std::size_t>(n);
    return s;
  }
  void tag(const char (&name)[5]) {
    need(4, std::string("section '") + name + "'");
    if (bytes_.substr(at_, 4) != std::string_view(name, 4))
      fail(std::string("section '") + name + "' expected, found '" + std::string(bytes_.substr(at_, 4)) +
           "'");
    at_ += 4;
  }
  // A count read from the data that must equal what the model expects.
  void expect_count(std::uint64_t found, std::uint64_t expected, const char* what) const {
    if (found != expected)
      fail(std::string(what) + ": " + std::to_string(found) + " saved, " + std::to_string(expected) +
           " expected");
  }

  bool at_end() const { return at_ == bytes_.size(); }
  std::size_t position() const { return at_; }

 private:
  void need(std::uint64_t n, const std::string& what) const {
    if (n > bytes_.size() - at_) fail("the data ends inside " + what);
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw Error("saved state does not match this model (" + what + " at byte " + std::to_string(at_) + ")");
  }

  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace gigsim
