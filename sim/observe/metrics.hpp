#pragma once
// What a run reports. The catalogue of time-series metrics is built once from
// the scenario (per-platform series depend on its platforms); each reporting
// interval the model hands observers one MetricRow whose values follow the
// catalogue's order. Money is int64 micro-units; rates and wages are doubles.
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace gigsim {

struct MetricInfo {
  std::string path;         // relative to /timeseries, e.g. "worker_pay" or "by_platform/mturk/worker_pay"
  std::string unit;         // "minutes", "micro-USD", "USD/hour", "workers", "assignments", "1"
  std::string description;  // one sentence
  bool is_integer = true;   // int64 when true, float64 otherwise
  std::size_t slot = 0;     // index into MetricRow::integers or MetricRow::reals
};

struct MetricRow {
  std::vector<std::int64_t> integers;
  std::vector<double> reals;
};

using ColumnValues = std::variant<std::vector<std::int64_t>, std::vector<double>>;

struct Column {
  std::string name;
  std::string unit;
  std::string description;
  ColumnValues values;
};

// One row per agent: /final/workers, /final/requesters, /final/platforms.
struct FinalTable {
  std::string name;
  std::vector<Column> columns;
};

// The run's final tables as observers receive them: shared, never copied (at a million workers
// they are over 200 MB, and a copy held them twice at the end of a run).
using FinalTables = std::shared_ptr<const std::vector<FinalTable>>;

// Headline figures, printed by the command line and stored as attributes of /final.
struct RunSummary {
  std::int64_t workers_registered = 0;
  std::int64_t workers_ever_active = 0;
  double median_wage_with_unpaid = 0;     // currency per hour, workers with logged time
  double median_wage_without_unpaid = 0;  // currency per hour
  double mean_wage_with_unpaid = 0;
  double mean_wage_without_unpaid = 0;
  std::int64_t tasks_submitted = 0;
  std::int64_t tasks_approved = 0;
  std::int64_t tasks_rejected = 0;
  double rejection_rate = 0;  // rejected / reviewed
  std::int64_t suspensions = 0;
  std::int64_t requester_spend = 0;  // micro-units
  std::int64_t worker_pay = 0;
  std::int64_t platform_fees = 0;
  std::int64_t social_contributions = 0;
  std::int64_t forfeited = 0;
  std::int64_t pending = 0;
};

}  // namespace gigsim
