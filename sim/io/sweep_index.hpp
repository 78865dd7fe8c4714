#pragma once
// The files of a sweep directory besides the run files (docs/scenarios.md, "Sweep
// files"): the completeness check of a run file, the failure notes of failed runs,
// and the index, DIR/index.h5 and DIR/index.csv, one row per run.
#include <optional>
#include <string>
#include <vector>

#include "observe/metrics.hpp"
#include "sweep/plan.hpp"

namespace gigsim {

// True when `path` is a finished gigsim run file: it opens, has format and schema_version,
// /final, and the given seed in /provenance; when `scenario_yaml` is given, its /scenario
// must be exactly that text (so a file from another sweep is not taken for this one's).
bool run_file_complete(const std::string& path, std::uint64_t seed,
                       const std::string* scenario_yaml = nullptr);

// The /final attributes of a run file.
RunSummary read_run_summary(const std::string& path);

// runs/<id>.failed beside the run file: the error of a run that failed.
std::string failure_note_path(const std::string& directory, const sweep::RunPlan& plan);

struct IndexRow {
  sweep::RunPlan plan;
  std::string status;  // "ok", "failed" or "missing"
  std::string error;   // for failed runs
  std::optional<RunSummary> summary;
};

// The state of every planned run, from the files under `directory`.
std::vector<IndexRow> collect_index_rows(const std::string& directory,
                                         const std::vector<sweep::RunPlan>& plans);

// The names of the headline metrics of the index, in column order (the RunSummary fields).
std::vector<std::string> index_metric_names();

// Writes DIR/index.h5 and DIR/index.csv (each under a temporary name, then renamed).
void write_sweep_index(const std::string& directory, const sweep::SweepSpec& spec,
                       const std::vector<IndexRow>& rows);

// Writes `text` to `path` through a temporary file and rename(), so readers and
// concurrent shards never see half a file.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace gigsim
