#pragma once
// Checkpoint files (docs/robustness.md, "Checkpoint and resume"): the whole state of a
// run at the end of a tick, so that `gigsim resume` continues it and `gigsim fork`
// starts a policy arm from it. One binary file:
//
//   bytes 0-7    magic "GIGSIMCK"
//   bytes 8-11   format version (uint32, kCheckpointFormatVersion)
//   bytes 12-15  byte-order mark 0x01020304 (uint32; the file is little-endian)
//   bytes 16-23  length of the body in bytes (uint64)
//   body         a StateWriter stream: "HEAD" and the header's fields, "SIMS" and the
//                model's state (Simulation::save_state), "WRTR" and the rows already
//                produced (RunFileWriter::save_state)
//   last 8 bytes FNV-1a 64 checksum of the body
//
// Written to a hidden temporary file in the same directory, flushed with fsync and
// renamed over the path, so the path always holds the last complete checkpoint.
#include <cstdint>
#include <string>
#include <string_view>

namespace gigsim {

// 2: a submission awaiting review keeps its minutes in 19 bits, its place in the review
// calendar's block in 4 (sim/market/submission.hpp); version 1's states would be misread.
inline constexpr std::uint32_t kCheckpointFormatVersion = 2;

struct CheckpointHeader {
  std::uint32_t format_version = kCheckpointFormatVersion;
  std::string gigsim_version, git_commit;  // of the program that wrote it; resume requires the same
  std::string created_utc;                 // ISO 8601
  std::string scenario_name;
  std::string scenario_yaml;  // the fully resolved scenario, interventions included (scenario_to_yaml)
  std::string scenario_hash;  // scenario_hash(scenario_yaml)
  std::int64_t tick = 0;      // ticks done
  std::int64_t total_ticks = 0;
  std::int64_t tick_minutes = 1;
  std::uint64_t seed = 0;
  std::string output_path;                  // the run file the run writes at its end
  std::int64_t checkpoint_every_ticks = 0;  // the run's cadence (0: none), kept by resume
  std::string checkpoint_path;              // as given (may hold {day} or {tick})
  // When the run is a fork (gigsim fork), or continues one: the parent checkpoint, its tick and
  // the settings changed, as a YAML flow mapping. Empty otherwise.
  std::string fork_parent;
  std::int64_t fork_tick = -1;
  std::string fork_settings;
};

struct CheckpointContents {
  CheckpointHeader header;
  std::string file;  // the whole file; the states below are parts of it (not copied: they can be large)
  std::size_t simulation_offset = 0, simulation_size = 0, writer_offset = 0, writer_size = 0;
  std::string_view simulation_state() const {  // for Simulation::load_state
    return std::string_view(file).substr(simulation_offset, simulation_size);
  }
  std::string_view writer_state() const {  // for RunFileWriter::load_state
    return std::string_view(file).substr(writer_offset, writer_size);
  }
};

// FNV-1a 64 of the text, as 16 hexadecimal digits.
std::string scenario_hash(std::string_view scenario_yaml);

// Writes atomically (temporary file, fsync, rename, fsync of the directory); the states are
// written as they are, without another copy in memory. Throws
// RuntimeFailure with the operating system's reason.
void write_checkpoint_file(const std::string& path, const CheckpointHeader& header,
                           std::string_view simulation_state, std::string_view writer_state);

// Reads and checks a checkpoint: a missing or unreadable file, a file that is not a gigsim
// checkpoint, another format version, a truncated or corrupted one (checksum) each throw
// RuntimeFailure with one line saying which. Whether the program that wrote it is this one
// is for the caller to check (header.gigsim_version, header.git_commit).
CheckpointContents read_checkpoint_file(const std::string& path);

// The day of a tick as checkpoints name it: "60", "60.25", with at most four decimals (distinct
// for every tick of one minute or more).
std::string checkpoint_day_text(std::int64_t tick, std::int64_t ticks_per_day);

// The path of the checkpoint at `tick`: `pattern` with "{tick}" replaced by the tick and
// "{day}" by checkpoint_day_text.
std::string checkpoint_path_at(const std::string& pattern, std::int64_t tick, std::int64_t ticks_per_day);

}  // namespace gigsim
