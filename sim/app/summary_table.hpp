#pragma once
// The short table `gigsim run` prints on stdout when a run completes.
#include <cstdint>
#include <string>

#include "observe/metrics.hpp"

namespace gigsim::app {

struct SummaryContext {
  std::string scenario_name;
  std::string currency;  // "USD"
  double duration_days = 0;
  int threads = 1;
  double wall_seconds = 0;
  std::string output_path;
};

// "12,345.67": micro-units as currency with two decimals, rounded half away from zero.
std::string format_money(std::int64_t micro_units);
// "1,234,567"
std::string format_count(std::int64_t n);

std::string format_summary(const RunSummary& summary, const SummaryContext& context);

}  // namespace gigsim::app
