#include "io/run_file_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.hpp"
#include "io/hdf5_handle.hpp"
#include "io/scenario_loader.hpp"
#include "io/stale_temporaries.hpp"

namespace gigsim {

namespace {

std::string directory_of(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? std::string(".") : parent;
}

// Checked before the run (in the constructor) and again before writing, with the
// operating system's own reason, because "HDF5: unable to create file" says too little.
void require_writable_directory(const std::string& output_path) {
  const std::string directory = directory_of(output_path);
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) {
    throw RuntimeFailure("cannot write run file '" + output_path + "': directory '" + directory +
                         "': " + std::strerror(errno));
  }
  if (!S_ISDIR(info.st_mode)) {
    throw RuntimeFailure("cannot write run file '" + output_path + "': '" + directory +
                         "' is not a directory");
  }
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    throw RuntimeFailure("cannot write run file '" + output_path + "': directory '" + directory +
                         "': " + std::strerror(errno));
  }
}

std::string temporary_path_for(const std::string& output_path) {
  const std::filesystem::path path(output_path);
  const std::string name = path.filename().string();
  if (name.empty() || name == "." || name == "..") {
    throw RuntimeFailure("cannot write run file '" + output_path + "': the path does not name a file");
  }
  const std::string hidden = "." + name + ".tmp-" + std::to_string(::getpid());
  return (path.parent_path() / hidden).string();
}

// Metric and column paths become HDF5 link names; these would be misread as
// absolute paths, empty groups or parent references.
void require_valid_path(const std::string& path, bool nested_allowed, const std::string& what) {
  const auto invalid = [&](const std::string& reason) {
    throw RuntimeFailure("run file: " + what + " '" + path + "' is not a valid dataset path: " + reason);
  };
  if (path.empty()) invalid("it is empty");
  if (!nested_allowed && path.find('/') != std::string::npos) invalid("it must not contain '/'");
  std::size_t begin = 0;
  while (begin <= path.size()) {
    const std::size_t end = std::min(path.find('/', begin), path.size());
    const std::string part = path.substr(begin, end - begin);
    if (part.empty()) invalid("it has an empty component");
    if (part == "." || part == "..") invalid("it has a '.' or '..' component");
    begin = end + 1;
  }
}

// "a" as a dataset and "a/b" as a dataset cannot both exist: "a" would have to be a group.
void require_no_path_collisions(const std::vector<std::string>& paths, const std::string& what) {
  std::set<std::string> seen;
  for (const auto& path : paths) {
    if (!seen.insert(path).second) throw RuntimeFailure("run file: duplicate " + what + " '" + path + "'");
  }
  for (const auto& path : paths) {
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      const std::string prefix = path.substr(0, slash);
      if (seen.contains(prefix)) {
        throw RuntimeFailure("run file: " + what + " '" + prefix + "' is also the group of '" + path + "'");
      }
    }
  }
}

std::size_t column_length(const Column& column) {
  return std::visit([](const auto& values) { return values.size(); }, column.values);
}

void fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Creates and removes the temporary file once, before the run: a folder where no file can
// be created (read-only, on a read-only mount, /proc, a full disk's inode table) is then
// reported at once, not after hours of simulation. access(2) alone says yes to root.
void probe_temporary(const std::string& output_path, const std::string& temporary_path) {
  const int fd = ::open(temporary_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int error = errno;
    if (error == EEXIST) return;  // our own name, left by a process with our PID: commit replaces it
    throw RuntimeFailure("cannot write run file '" + output_path + "': cannot create files in '" +
                         directory_of(output_path) + "' (" + std::strerror(error) +
                         "); choose a writable folder with -o");
  }
  ::close(fd);
  ::unlink(temporary_path.c_str());
}

// A failed write of the run file as one line that names the output and what to do. HDF5's
// own message names the temporary file and, for a failed write(2), "errno = N".
std::string write_failure(const std::string& output_path, const std::string& hdf5_message) {
  const std::string prefix = "cannot write run file '" + output_path + "': ";
  const std::size_t at = hdf5_message.find("errno = ");
  if (at == std::string::npos) return prefix + hdf5_message;
  const int error = std::atoi(hdf5_message.c_str() + at + 8);
  std::string text = prefix + std::strerror(error);
  if (error == EFBIG) {
    text +=
        " (the file size limit, ulimit -f, was reached); raise the limit, or write fewer rows "
        "with a larger output.interval_minutes";
  } else if (error == ENOSPC || error == EDQUOT) {
    text += "; free space in '" + directory_of(output_path) + "' or choose another folder with -o";
  } else {
    text += "; check the folder '" + directory_of(output_path) + "' and run again";
  }
  return text + "; nothing was written at that path";
}

}  // namespace

RunFileWriter::RunFileWriter(std::string output_path, std::string scenario_yaml, Provenance provenance)
    : output_path_(std::move(output_path)),
      scenario_yaml_(std::move(scenario_yaml)),
      provenance_(std::move(provenance)) {
  temporary_path_ = temporary_path_for(output_path_);
  require_writable_directory(output_path_);
  probe_temporary(output_path_, temporary_path_);
}

RunFileWriter::~RunFileWriter() {
  if (temporary_may_exist_) ::unlink(temporary_path_.c_str());
}

void RunFileWriter::on_start(const Scenario& scenario, const std::vector<MetricInfo>& catalogue) {
  if (started_) throw std::logic_error("RunFileWriter::on_start called twice");
  std::vector<std::string> paths;
  for (const auto& metric : catalogue) {
    require_valid_path(metric.path, true, "metric");
    paths.push_back(metric.path);
  }
  require_no_path_collisions(paths, "metric");
  scenario_name_ = scenario.name;
  currency_ = scenario.currency;
  interval_minutes_ = scenario.output.interval_minutes;
  catalogue_ = catalogue;
  integer_series_.assign(catalogue_.size(), {});
  real_series_.assign(catalogue_.size(), {});
  // Reserving the expected length avoids the up-to-double overshoot of vector growth,
  // which matters for long runs with short intervals.
  if (interval_minutes_ > 0 && scenario.tick_minutes > 0) {
    const std::int64_t expected = scenario.total_ticks() * scenario.tick_minutes / interval_minutes_;
    const auto rows = static_cast<std::size_t>(std::clamp<std::int64_t>(expected, 0, 1 << 24));
    for (std::size_t i = 0; i < catalogue_.size(); ++i) {
      if (catalogue_[i].is_integer) {
        integer_series_[i].reserve(rows);
      } else {
        real_series_[i].reserve(rows);
      }
    }
  }
  started_ = true;
}

void RunFileWriter::save_state(StateWriter& out) const {
  if (!started_ || finished_) throw std::logic_error("RunFileWriter::save_state outside a run");
  out.tag("ROWS");
  out.value(static_cast<std::uint64_t>(rows_));
  out.value(static_cast<std::uint64_t>(catalogue_.size()));
  for (std::size_t i = 0; i < catalogue_.size(); ++i) {
    out.string(catalogue_[i].path);
    if (catalogue_[i].is_integer) {
      out.vector(integer_series_[i]);
    } else {
      out.vector(real_series_[i]);
    }
  }
  out.tag("INTV");
  out.vector(intervention_minutes_);
  for (std::size_t i = 0; i < intervention_minutes_.size(); ++i) {
    out.string(intervention_labels_[i]);
    out.string(intervention_settings_[i]);
  }
}

void RunFileWriter::load_state(StateReader& in, const Scenario& scenario,
                               const std::vector<MetricInfo>& catalogue) {
  on_start(scenario, catalogue);
  in.tag("ROWS");
  rows_ = static_cast<std::size_t>(in.value<std::uint64_t>());
  in.expect_count(in.value<std::uint64_t>(), catalogue_.size(), "time series");
  for (std::size_t i = 0; i < catalogue_.size(); ++i) {
    if (in.string() != catalogue_[i].path) throw Error("the saved time series are not this model's");
    if (catalogue_[i].is_integer) {
      in.vector(integer_series_[i]);
      in.expect_count(integer_series_[i].size(), rows_, "rows");
    } else {
      in.vector(real_series_[i]);
      in.expect_count(real_series_[i].size(), rows_, "rows");
    }
  }
  in.tag("INTV");
  in.vector(intervention_minutes_);
  intervention_labels_.clear();
  intervention_settings_.clear();
  for (std::size_t i = 0; i < intervention_minutes_.size(); ++i) {
    intervention_labels_.push_back(in.string());
    intervention_settings_.push_back(in.string());
  }
}

void RunFileWriter::on_intervention(const Intervention& intervention) {
  if (finished_) throw std::logic_error("RunFileWriter::on_intervention after on_finish");
  intervention_minutes_.push_back(intervention.at_minute);
  intervention_labels_.push_back(intervention.label);
  intervention_settings_.push_back(settings_as_yaml_map(intervention.settings));
}

void RunFileWriter::on_interval(const MetricRow& row) {
  if (!started_ || finished_) throw std::logic_error("RunFileWriter::on_interval outside a run");
  for (const auto& metric : catalogue_) {
    const std::size_t available = metric.is_integer ? row.integers.size() : row.reals.size();
    if (metric.slot >= available) {
      throw RuntimeFailure("run file: metric '" + metric.path + "' reads slot " +
                           std::to_string(metric.slot) + " but the row has " + std::to_string(available) +
                           (metric.is_integer ? " integer" : " real") + " values");
    }
  }
  for (std::size_t i = 0; i < catalogue_.size(); ++i) {
    const auto& metric = catalogue_[i];
    if (metric.is_integer) {
      integer_series_[i].push_back(row.integers[metric.slot]);
    } else {
      real_series_[i].push_back(row.reals[metric.slot]);
    }
  }
  ++rows_;
}

void RunFileWriter::on_finish(const FinalTables& shared_tables, const RunSummary& summary) {
  if (!started_ || finished_) throw std::logic_error("RunFileWriter::on_finish outside a run");
  if (!shared_tables) throw std::logic_error("RunFileWriter::on_finish without tables");
  const std::vector<FinalTable>& tables = *shared_tables;
  std::vector<std::string> names;
  for (const auto& table : tables) {
    require_valid_path(table.name, false, "final table");
    names.push_back(table.name);
    std::vector<std::string> columns;
    for (const auto& column : table.columns) {
      require_valid_path(column.name, false, "column of table " + table.name);
      columns.push_back(column.name);
      if (column_length(column) != column_length(table.columns.front())) {
        throw RuntimeFailure("run file: column '" + column.name + "' of table '" + table.name + "' has " +
                             std::to_string(column_length(column)) + " rows but column '" +
                             table.columns.front().name + "' has " +
                             std::to_string(column_length(table.columns.front())));
      }
    }
    require_no_path_collisions(columns, "column of table " + table.name);
  }
  require_no_path_collisions(names, "final table");
  tables_ = shared_tables;
  summary_ = summary;
  finished_ = true;
}

void RunFileWriter::commit(const std::string& end_time_utc) {
  if (!started_ || !finished_) throw std::logic_error("RunFileWriter::commit before on_start and on_finish");
  if (committed_) throw std::logic_error("RunFileWriter::commit called twice");
  provenance_.end_time_utc = end_time_utc;
  require_writable_directory(output_path_);

  temporary_may_exist_ = true;
  try {
    write_file(temporary_path_);
  } catch (const RuntimeFailure& e) {
    throw RuntimeFailure(write_failure(output_path_, e.what()));
  }
  // HDF5 has handed everything to the kernel; make it durable before the rename
  // publishes it, or a crash could leave a complete-looking name over an empty file.
  fsync_path(temporary_path_, O_RDONLY);
  if (std::rename(temporary_path_.c_str(), output_path_.c_str()) != 0) {
    throw RuntimeFailure("cannot write run file '" + output_path_ + "': renaming '" + temporary_path_ +
                         "' failed: " + std::strerror(errno));
  }
  temporary_may_exist_ = false;
  committed_ = true;
  fsync_path(directory_of(output_path_), O_RDONLY | O_DIRECTORY);
  remove_stale_temporaries(output_path_);
}

void RunFileWriter::write_file(const std::string& path) const {
  using namespace hdf5;
  silence_automatic_error_printing();
  const std::string money_unit = "micro-" + currency_;

  File file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
            "create run file '" + path + "'");
  write_attribute(file.id(), "format", kRunFileFormat);
  write_attribute(file.id(), "schema_version", std::int32_t{kRunFileSchemaVersion});

  {
    Group group = create_group(file.id(), "provenance");
    write_attribute(group.id(), "gigsim_version", provenance_.gigsim_version);
    write_attribute(group.id(), "git_commit", provenance_.git_commit);
    write_attribute(group.id(), "seed", std::uint64_t{provenance_.seed});
    write_attribute(group.id(), "threads", std::int32_t{provenance_.threads});
    write_attribute(group.id(), "start_time", provenance_.start_time_utc);
    write_attribute(group.id(), "end_time", provenance_.end_time_utc);
    write_attribute(group.id(), "host", provenance_.host);
    write_attribute(group.id(), "command_line", provenance_.command_line);
    if (!provenance_.continued_from.empty()) {
      write_attribute(group.id(), "continued_from", provenance_.continued_from);
      write_attribute(group.id(), "continued_at_tick", provenance_.continued_at_tick);
    }
    if (!provenance_.fork_of.empty()) {
      write_attribute(group.id(), "fork_of", provenance_.fork_of);
      write_attribute(group.id(), "fork_at_tick", provenance_.fork_at_tick);
      write_attribute(group.id(), "fork_settings", provenance_.fork_settings);
    }
  }

  {
    write_string_dataset(file.id(), "scenario", scenario_yaml_, "text/yaml",
                         "The fully resolved scenario (every default and override applied) this run used.");
    Dataset scenario(H5Dopen2(file.id(), "scenario", H5P_DEFAULT), "open dataset 'scenario'");
    write_attribute(scenario.id(), "name", scenario_name_);
    write_attribute(scenario.id(), "currency", currency_);
  }

  DatasetLayout compressed;
  compressed.threads = provenance_.threads;  // the run's: the tables' chunks are compressed on them
  {
    Group group = create_group(file.id(), "timeseries");
    write_attribute(group.id(), "rows", static_cast<std::int64_t>(rows_));
    write_attribute(group.id(), "interval_minutes", interval_minutes_);
    for (std::size_t i = 0; i < catalogue_.size(); ++i) {
      const auto& metric = catalogue_[i];
      if (metric.is_integer) {
        write_dataset(group.id(), metric.path, std::span<const std::int64_t>(integer_series_[i]), metric.unit,
                      metric.description, compressed);
      } else {
        write_dataset(group.id(), metric.path, std::span<const double>(real_series_[i]), metric.unit,
                      metric.description, compressed);
      }
    }
  }

  {
    Group group = create_group(file.id(), "interventions");
    write_attribute(group.id(), "count", static_cast<std::int64_t>(intervention_minutes_.size()));
    write_dataset(
        group.id(), "time_minutes", std::span<const std::int64_t>(intervention_minutes_), "minutes",
        "Minutes from the start of the run at which each intervention took effect (before that tick "
        "ran).",
        DatasetLayout{false});
    write_string_list(group.id(), "label", intervention_labels_, "1",
                      "What each intervention represents, as the scenario's label says.");
    write_string_list(group.id(), "settings", intervention_settings_, "text/yaml",
                      "The keys each intervention set, as a YAML flow mapping {key.path: value, ...}.");
  }

  {
    Group group = create_group(file.id(), "final");
    const RunSummary& s = summary_;
    write_attribute(group.id(), "money_unit", money_unit);
    write_attribute(group.id(), "wage_unit", currency_ + "/hour");
    write_attribute(group.id(), "workers_registered", s.workers_registered);
    write_attribute(group.id(), "workers_ever_active", s.workers_ever_active);
    write_attribute(group.id(), "median_wage_with_unpaid", s.median_wage_with_unpaid);
    write_attribute(group.id(), "median_wage_without_unpaid", s.median_wage_without_unpaid);
    write_attribute(group.id(), "mean_wage_with_unpaid", s.mean_wage_with_unpaid);
    write_attribute(group.id(), "mean_wage_without_unpaid", s.mean_wage_without_unpaid);
    write_attribute(group.id(), "tasks_submitted", s.tasks_submitted);
    write_attribute(group.id(), "tasks_approved", s.tasks_approved);
    write_attribute(group.id(), "tasks_rejected", s.tasks_rejected);
    write_attribute(group.id(), "rejection_rate", s.rejection_rate);
    write_attribute(group.id(), "suspensions", s.suspensions);
    write_attribute(group.id(), "requester_spend", s.requester_spend);
    write_attribute(group.id(), "worker_pay", s.worker_pay);
    write_attribute(group.id(), "platform_fees", s.platform_fees);
    write_attribute(group.id(), "social_contributions", s.social_contributions);
    write_attribute(group.id(), "forfeited", s.forfeited);
    write_attribute(group.id(), "pending", s.pending);

    for (const auto& table : *tables_) {
      Group table_group = create_group(group.id(), table.name);
      write_attribute(
          table_group.id(), "rows",
          static_cast<std::int64_t>(table.columns.empty() ? 0 : column_length(table.columns.front())));
      for (const auto& column : table.columns) {
        std::visit(
            [&](const auto& values) {
              using T = typename std::decay_t<decltype(values)>::value_type;
              write_dataset(table_group.id(), column.name, std::span<const T>(values), column.unit,
                            column.description, compressed);
            },
            column.values);
      }
    }
  }

  check(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), "flush run file '" + path + "'");
  file.close("close run file '" + path + "'");
}

}  // namespace gigsim
