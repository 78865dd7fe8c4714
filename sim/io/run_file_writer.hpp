#pragma once
// Writes one run to one HDF5 file (the layout is docs/hdf5.md). It is an Observer:
// rows are buffered while the model runs, and nothing touches the disk until
// commit(), which writes a hidden temporary file next to the output and renames it
// into place, so a run that fails or is interrupted never leaves a half-written
// file at the output path.
#include <cstdint>
#include <string>
#include <vector>

#include "core/state_archive.hpp"
#include "observe/observer.hpp"

namespace gigsim {

// Where a run file came from; stored as attributes of /provenance.
struct Provenance {
  std::string gigsim_version, git_commit, host, start_time_utc, end_time_utc;  // ISO 8601
  std::uint64_t seed = 0;
  int threads = 1;
  std::string command_line;
  // A run continued from a checkpoint (gigsim resume or fork): the checkpoint this process started
  // from and its tick; a fork, or a run continuing one: the parent checkpoint, its tick, and the
  // settings the fork changed (a YAML flow mapping). Written only when set.
  std::string continued_from;
  std::int64_t continued_at_tick = -1;
  std::string fork_of;
  std::int64_t fork_at_tick = -1;
  std::string fork_settings;
};

// The format's version, stored as the root attribute schema_version; docs/hdf5.md says when it changes.
inline constexpr int kRunFileSchemaVersion = 1;
inline constexpr const char* kRunFileFormat = "gigsim-run";

class RunFileWriter : public Observer {
 public:
  // output_path: final path. scenario_yaml: the fully resolved scenario text stored in /scenario.
  // Throws RuntimeFailure at once when the output directory is missing or not writable, so a
  // long run is not wasted on a path that could never be written.
  RunFileWriter(std::string output_path, std::string scenario_yaml, Provenance provenance);
  ~RunFileWriter() override;  // removes the temporary file if commit() was not reached

  RunFileWriter(const RunFileWriter&) = delete;
  RunFileWriter& operator=(const RunFileWriter&) = delete;

  void on_start(const Scenario& scenario, const std::vector<MetricInfo>& catalogue) override;
  // Records each intervention as it is applied, for /interventions.
  void on_intervention(const Intervention& intervention) override;
  void on_interval(const MetricRow& row) override;  // buffers rows in memory (cheap; rows are small)
  void on_finish(const FinalTables& tables, const RunSummary& summary) override;

  // Writes everything to a temporary file in the same directory (".NAME.tmp-PID"), flushes,
  // closes, then rename()s it onto output_path, replacing any file there. Sets /provenance
  // end_time to `end_time_utc`. Requires on_start and on_finish to have been called.
  void commit(const std::string& end_time_utc);

  // Checkpoints: the rows and interventions recorded so far. load_state stands for on_start (it
  // calls it) and restores what save_state saved; the catalogue must be the same.
  void save_state(StateWriter& out) const;
  void load_state(StateReader& in, const Scenario& scenario, const std::vector<MetricInfo>& catalogue);

  const std::string& output_path() const { return output_path_; }
  const std::string& temporary_path() const { return temporary_path_; }
  std::size_t rows() const { return rows_; }

 private:
  void write_file(const std::string& path) const;

  std::string output_path_;
  std::string temporary_path_;
  std::string scenario_yaml_;
  Provenance provenance_;

  bool started_ = false;
  bool finished_ = false;
  bool committed_ = false;
  bool temporary_may_exist_ = false;

  std::string scenario_name_;
  std::string currency_;
  std::int64_t interval_minutes_ = 0;
  std::vector<MetricInfo> catalogue_;
  // Stored by metric, not by row: each becomes one dataset, written in one call.
  std::vector<std::vector<std::int64_t>> integer_series_;
  std::vector<std::vector<double>> real_series_;
  std::size_t rows_ = 0;

  std::vector<std::int64_t> intervention_minutes_;
  std::vector<std::string> intervention_labels_;
  std::vector<std::string> intervention_settings_;  // each a YAML flow mapping

  FinalTables tables_;
  RunSummary summary_;
};

}  // namespace gigsim
