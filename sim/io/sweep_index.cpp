#include "io/sweep_index.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "io/hdf5_handle.hpp"
#include "io/run_file_reader.hpp"
#include "io/run_file_writer.hpp"
#include "io/stale_temporaries.hpp"
#include "io/yaml_scalars.hpp"

namespace gigsim {
namespace {

namespace fs = std::filesystem;

struct MetricField {
  const char* name;
  std::function<double(const RunSummary&)> get;
  std::function<void(RunSummary&, const RunFileReader&)> read;
};

template <typename T>
MetricField field(const char* name, T RunSummary::*member) {
  return MetricField{name, [member](const RunSummary& s) { return static_cast<double>(s.*member); },
                     [name, member](RunSummary& s, const RunFileReader& r) {
                       if constexpr (std::is_same_v<T, double>)
                         s.*member = r.float64_attribute("/final", name);
                       else
                         s.*member = r.int64_attribute("/final", name);
                     }};
}

const std::vector<MetricField>& metric_fields() {
  static const std::vector<MetricField> fields = {
      field("workers_registered", &RunSummary::workers_registered),
      field("workers_ever_active", &RunSummary::workers_ever_active),
      field("median_wage_with_unpaid", &RunSummary::median_wage_with_unpaid),
      field("median_wage_without_unpaid", &RunSummary::median_wage_without_unpaid),
      field("mean_wage_with_unpaid", &RunSummary::mean_wage_with_unpaid),
      field("mean_wage_without_unpaid", &RunSummary::mean_wage_without_unpaid),
      field("tasks_submitted", &RunSummary::tasks_submitted),
      field("tasks_approved", &RunSummary::tasks_approved),
      field("tasks_rejected", &RunSummary::tasks_rejected),
      field("rejection_rate", &RunSummary::rejection_rate),
      field("suspensions", &RunSummary::suspensions),
      field("requester_spend", &RunSummary::requester_spend),
      field("worker_pay", &RunSummary::worker_pay),
      field("platform_fees", &RunSummary::platform_fees),
      field("social_contributions", &RunSummary::social_contributions),
      field("forfeited", &RunSummary::forfeited),
      field("pending", &RunSummary::pending),
  };
  return fields;
}

std::string read_text_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string temporary_name(const fs::path& path) {
  std::ostringstream name;
  name << "." << path.filename().string() << ".tmp-" << getpid() << "-"
       << std::hash<std::thread::id>{}(std::this_thread::get_id());
  return (path.parent_path() / name.str()).string();
}

// Makes the temporary durable, then publishes it under its name: a crash or power cut
// leaves either the old file or the complete new one, never an empty one under the name.
// Then removes what killed writers of the same file left (io/stale_temporaries.hpp).
void rename_into_place(const std::string& from, const std::string& to) {
  if (const int fd = ::open(from.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    std::remove(from.c_str());
    throw RuntimeFailure("cannot write '" + to + "': rename failed");
  }
  remove_stale_temporaries(to);
}

// A CSV field: quoted when it holds a comma, quote or line break.
std::string csv(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

bool all_numbers(const std::vector<IndexRow>& rows, std::size_t d) {
  for (const auto& row : rows) {
    const auto v = parse_number(row.plan.values[d]);
    if (!v) return false;
  }
  return true;
}

}  // namespace

bool run_file_complete(const std::string& path, std::uint64_t seed, const std::string* scenario_yaml) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  try {
    RunFileReader reader(path);
    if (reader.schema_version() < 1 || !reader.exists("/final") || !reader.exists("/provenance"))
      return false;
    if (reader.uint64_attribute("/provenance", "seed") != seed) return false;
    reader.int64_attribute("/final", "tasks_submitted");
    if (scenario_yaml && reader.scenario_text() != *scenario_yaml) return false;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

RunSummary read_run_summary(const std::string& path) {
  RunFileReader reader(path);
  RunSummary summary;
  for (const auto& f : metric_fields()) f.read(summary, reader);
  return summary;
}

std::string failure_note_path(const std::string& directory, const sweep::RunPlan& plan) {
  return (fs::path(directory) / "runs" / (plan.id + ".failed")).string();
}

std::vector<std::string> index_metric_names() {
  std::vector<std::string> names;
  for (const auto& f : metric_fields()) names.push_back(f.name);
  return names;
}

std::vector<IndexRow> collect_index_rows(const std::string& directory,
                                         const std::vector<sweep::RunPlan>& plans) {
  std::vector<IndexRow> rows;
  for (const auto& plan : plans) {
    IndexRow row;
    row.plan = plan;
    const std::string file = (fs::path(directory) / plan.output_file()).string();
    const std::string note = failure_note_path(directory, plan);
    std::error_code ec;
    if (run_file_complete(file, plan.seed)) {
      try {
        row.summary = read_run_summary(file);
        row.status = "ok";
      } catch (const std::exception& e) {
        row.status = "failed";
        row.error = std::string("cannot read the run file: ") + e.what();
      }
    } else if (fs::exists(note, ec)) {
      row.status = "failed";
      row.error = read_text_file(note);
      while (!row.error.empty() && (row.error.back() == '\n' || row.error.back() == '\r'))
        row.error.pop_back();
    } else {
      row.status = "missing";
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = temporary_name(path);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      throw RuntimeFailure("cannot write '" + path + "'");
    }
  }
  rename_into_place(temporary, path);
}

void write_sweep_index(const std::string& directory, const sweep::SweepSpec& spec,
                       const std::vector<IndexRow>& rows) {
  using namespace hdf5;
  silence_automatic_error_printing();
  const fs::path dir(directory);
  const auto& fields = metric_fields();
  const std::size_t n = rows.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();

  std::vector<std::string> ids, status, errors, files;
  std::vector<std::int64_t> points, replicates, seeds;
  for (const auto& row : rows) {
    ids.push_back(row.plan.id);
    status.push_back(row.status);
    errors.push_back(row.error);
    files.push_back(row.plan.output_file());
    points.push_back(static_cast<std::int64_t>(row.plan.point));
    replicates.push_back(row.plan.replicate);
    seeds.push_back(static_cast<std::int64_t>(row.plan.seed));  // below 2^53 (sweep::run_seed)
  }

  // index.h5
  {
    const std::string path = (dir / "index.h5").string();
    const std::string temporary = temporary_name(path);
    try {
      File file(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                "create index file '" + temporary + "'");
      write_attribute(file.id(), "format", "gigsim-sweep-index");
      write_attribute(file.id(), "schema_version", std::int64_t{1});
      write_attribute(file.id(), "sweep", spec.name);
      write_attribute(file.id(), "design", sweep::design_name(spec.design));
      write_attribute(file.id(), "replicates", std::int64_t{spec.replicates});
      write_attribute(file.id(), "seed", std::uint64_t{spec.seed});
      write_attribute(file.id(), "runs", static_cast<std::int64_t>(n));
      const DatasetLayout plain{false};
      write_string_list(file.id(), "run_id", ids, "1", "The run's id: design point and replicate.");
      write_dataset(file.id(), "point", std::span<const std::int64_t>(points), "1", "Design point (0-based).",
                    plain);
      write_dataset(file.id(), "replicate", std::span<const std::int64_t>(replicates), "1",
                    "Replicate (0-based).", plain);
      write_dataset(file.id(), "seed", std::span<const std::int64_t>(seeds), "1", "The run's random seed.",
                    plain);
      write_string_list(file.id(), "status", status, "1", "ok, failed (see error) or missing (not run yet).");
      write_string_list(file.id(), "error", errors, "1", "Why a failed run failed; empty otherwise.");
      write_string_list(file.id(), "file", files, "1", "The run file, relative to the sweep directory.");
      {
        Group group = create_group(file.id(), "parameters");
        for (std::size_t d = 0; d < spec.parameters.size(); ++d) {
          const std::string& name = spec.parameters[d].path;
          if (all_numbers(rows, d)) {
            std::vector<double> values;
            for (const auto& row : rows) values.push_back(*parse_number(row.plan.values[d]));
            write_dataset(group.id(), name, std::span<const double>(values), "1",
                          "The value of scenario key " + name + " in each run.", plain);
          } else {
            std::vector<std::string> values;
            for (const auto& row : rows) values.push_back(row.plan.values[d]);
            write_string_list(group.id(), name, values, "text/yaml",
                              "The value of scenario key " + name + " in each run, as YAML.");
          }
        }
      }
      {
        Group group = create_group(file.id(), "metrics");
        for (const auto& f : fields) {
          std::vector<double> values;
          for (const auto& row : rows) values.push_back(row.summary ? f.get(*row.summary) : nan);
          write_dataset(
              group.id(), f.name, std::span<const double>(values), "as in /final of the run files",
              std::string("The run's /final attribute ") + f.name + " (NaN when the run is not ok).", plain);
        }
      }
      {
        Group group = create_group(file.id(), "runs");
        for (const auto& row : rows) {
          if (row.status != "ok") continue;
          check(H5Lcreate_external(row.plan.output_file().c_str(), "/", group.id(), row.plan.id.c_str(),
                                   H5P_DEFAULT, H5P_DEFAULT),
                "link run file '" + row.plan.output_file() + "'");
        }
      }
      check(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), "flush index file");
      file.close("close index file '" + temporary + "'");
    } catch (...) {
      std::remove(temporary.c_str());
      throw;
    }
    rename_into_place(temporary, path);
  }

  // index.csv
  {
    std::ostringstream out;
    out << "run_id,point,replicate,seed";
    for (const auto& p : spec.parameters) out << ',' << csv(p.path);
    out << ",status,error";
    for (const auto& f : fields) out << ',' << f.name;
    out << ",design,file\n";
    for (const auto& row : rows) {
      out << row.plan.id << ',' << row.plan.point << ',' << row.plan.replicate << ',' << row.plan.seed;
      for (const auto& v : row.plan.values) out << ',' << csv(v);
      out << ',' << row.status << ',' << csv(row.error);
      for (const auto& f : fields) {
        out << ',';
        if (row.summary) out << format_number(f.get(*row.summary));
      }
      out << ',' << sweep::design_name(spec.design) << ',' << row.plan.output_file() << '\n';
    }
    write_file_atomically((dir / "index.csv").string(), out.str());
  }
}

}  // namespace gigsim
