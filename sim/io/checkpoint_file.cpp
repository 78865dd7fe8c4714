#include "io/checkpoint_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/state_archive.hpp"
#include "io/stale_temporaries.hpp"

namespace gigsim {
namespace {

constexpr char kMagic[8] = {'G', 'I', 'G', 'S', 'I', 'M', 'C', 'K'};
constexpr std::uint32_t kByteOrderMark = 0x01020304u;
constexpr std::size_t kPrefixBytes = 24, kChecksumBytes = 8;

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = kFnvOffset) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string directory_of(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? std::string(".") : parent;
}

[[noreturn]] void fail_write(const std::string& path, const std::string& what) {
  throw RuntimeFailure("cannot write checkpoint '" + path + "': " + what);
}

void write_all(int fd, const std::string& path, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_write(path, std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

template <typename T>
std::string_view bytes_of(const T& value) {
  return std::string_view(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace

std::string scenario_hash(std::string_view scenario_yaml) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fnv1a64(scenario_yaml)));
  return text;
}

std::string checkpoint_day_text(std::int64_t tick, std::int64_t ticks_per_day) {
  if (tick % ticks_per_day == 0) return std::to_string(tick / ticks_per_day);
  char text[48];
  std::snprintf(text, sizeof text, "%.4f", static_cast<double>(tick) / static_cast<double>(ticks_per_day));
  std::string day = text;
  day.erase(day.find_last_not_of('0') + 1);
  if (day.back() == '.') day.pop_back();
  return day;
}

std::string checkpoint_path_at(const std::string& pattern, std::int64_t tick, std::int64_t ticks_per_day) {
  const std::string day = checkpoint_day_text(tick, ticks_per_day);
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern.compare(i, 6, "{tick}") == 0) {
      out += std::to_string(tick);
      i += 6;
    } else if (pattern.compare(i, 5, "{day}") == 0) {
      out += day;
      i += 5;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

void write_checkpoint_file(const std::string& path, const CheckpointHeader& h,
                           std::string_view simulation_state, std::string_view writer_state) {
  StateWriter body;
  body.tag("HEAD");
  body.string(h.gigsim_version);
  body.string(h.git_commit);
  body.string(h.created_utc);
  body.string(h.scenario_name);
  body.string(h.scenario_yaml);
  body.string(h.scenario_hash);
  body.value(h.tick);
  body.value(h.total_ticks);
  body.value(h.tick_minutes);
  body.value(h.seed);
  body.string(h.output_path);
  body.value(h.checkpoint_every_ticks);
  body.string(h.checkpoint_path);
  body.string(h.fork_parent);
  body.value(h.fork_tick);
  body.string(h.fork_settings);
  // The body: the header above, then each state as a tagged, length-prefixed string (the
  // layout StateWriter::string gives), then the end tag. The states are written from where
  // they are, not copied into the body.
  const auto length_of = [](std::string_view piece) {
    const auto n = static_cast<std::uint64_t>(piece.size());
    return std::string(reinterpret_cast<const char*>(&n), sizeof n);
  };
  const std::string head = body.take();
  const std::string simulation_prefix = "SIMS" + length_of(simulation_state);
  const std::string writer_prefix = "WRTR" + length_of(writer_state);
  const std::string end = "END.";
  const std::string_view pieces[] = {head,          simulation_prefix, simulation_state,
                                     writer_prefix, writer_state,      end};
  std::uint64_t length = 0, checksum = kFnvOffset;
  for (const std::string_view piece : pieces) {
    length += piece.size();
    checksum = fnv1a64(piece, checksum);
  }

  const std::filesystem::path target(path);
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") fail_write(path, "the path does not name a file");
  const std::string temporary =
      (target.parent_path() / ("." + name + ".tmp-" + std::to_string(::getpid()))).string();
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail_write(path, std::string(std::strerror(errno)) + " (creating '" + temporary + "')");
  try {
    const std::uint32_t version = h.format_version;
    write_all(fd, path, std::string_view(kMagic, sizeof kMagic));
    write_all(fd, path, bytes_of(version));
    write_all(fd, path, bytes_of(kByteOrderMark));
    write_all(fd, path, bytes_of(length));
    for (const std::string_view piece : pieces) write_all(fd, path, piece);
    write_all(fd, path, bytes_of(checksum));
    if (::fsync(fd) != 0) fail_write(path, std::strerror(errno));
    if (::close(fd) != 0) {
      ::unlink(temporary.c_str());
      fail_write(path, std::strerror(errno));
    }
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail_write(path, std::string("renaming '") + temporary + "' failed: " + std::strerror(error));
  }
  const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  remove_stale_temporaries(path);  // those of a process killed while writing this checkpoint
}

CheckpointContents read_checkpoint_file(const std::string& path) {
  const auto fail = [&](const std::string& why) -> void {
    throw RuntimeFailure("cannot resume from '" + path + "': " + why);
  };
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) fail(std::strerror(errno));
  if (S_ISDIR(info.st_mode)) fail("it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(std::strerror(errno));
  CheckpointContents c;
  c.file.resize(static_cast<std::size_t>(info.st_size));
  in.read(c.file.data(), static_cast<std::streamsize>(c.file.size()));
  if (in.bad() || static_cast<std::size_t>(in.gcount()) != c.file.size()) fail("read error");
  const std::string& file = c.file;

  if (file.size() < sizeof kMagic || std::memcmp(file.data(), kMagic, sizeof kMagic) != 0)
    fail("not a gigsim checkpoint (no GIGSIMCK header)");
  if (file.size() < kPrefixBytes) fail("the file is truncated (" + std::to_string(file.size()) + " bytes)");
  std::uint32_t version = 0, mark = 0;
  std::uint64_t length = 0;
  std::memcpy(&version, file.data() + 8, 4);
  std::memcpy(&mark, file.data() + 12, 4);
  std::memcpy(&length, file.data() + 16, 8);
  if (mark != kByteOrderMark) fail("written on a machine of another byte order");
  if (version != kCheckpointFormatVersion)
    fail("checkpoint format version " + std::to_string(version) + "; this gigsim reads version " +
         std::to_string(kCheckpointFormatVersion) + " (use the gigsim that wrote it)");
  if (file.size() != kPrefixBytes + length + kChecksumBytes)
    fail("the file is truncated or has extra bytes (" + std::to_string(file.size()) + " bytes, " +
         std::to_string(kPrefixBytes + length + kChecksumBytes) + " expected)");
  const std::string_view body(file.data() + kPrefixBytes, static_cast<std::size_t>(length));
  std::uint64_t checksum = 0;
  std::memcpy(&checksum, file.data() + kPrefixBytes + length, 8);
  if (checksum != fnv1a64(body)) fail("the file is corrupted (checksum mismatch)");

  CheckpointHeader& h = c.header;
  try {
    StateReader r(body);
    r.tag("HEAD");
    h.format_version = version;
    h.gigsim_version = r.string();
    h.git_commit = r.string();
    h.created_utc = r.string();
    h.scenario_name = r.string();
    h.scenario_yaml = r.string();
    h.scenario_hash = r.string();
    r.value(h.tick);
    r.value(h.total_ticks);
    r.value(h.tick_minutes);
    r.value(h.seed);
    h.output_path = r.string();
    r.value(h.checkpoint_every_ticks);
    h.checkpoint_path = r.string();
    h.fork_parent = r.string();
    r.value(h.fork_tick);
    h.fork_settings = r.string();
    r.tag("SIMS");
    const std::string_view simulation = r.string_view();
    r.tag("WRTR");
    const std::string_view writer = r.string_view();
    c.simulation_offset = static_cast<std::size_t>(simulation.data() - file.data());
    c.simulation_size = simulation.size();
    c.writer_offset = static_cast<std::size_t>(writer.data() - file.data());
    c.writer_size = writer.size();
    r.tag("END.");
    if (!r.at_end()) fail("the file has extra bytes after its end");
  } catch (const RuntimeFailure&) {
    throw;
  } catch (const Error& e) {
    fail(std::string("the file is damaged: ") + e.what());
  }
  if (scenario_hash(h.scenario_yaml) != h.scenario_hash)
    fail("the scenario stored in it does not match its hash");
  return c;
}

}  // namespace gigsim
