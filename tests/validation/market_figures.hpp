#pragma once
// The figures the field reports about a micro-work market (SPEC.md section 3),
// measured on a finished run, and a table comparing them with their targets.
#include <string>
#include <vector>

#include "market/simulation.hpp"

namespace gigsim::validation {

struct Target {
  std::string name;
  double low, high;  // achieved value must lie in [low, high]
  double achieved;
  std::string source;
  bool holds() const { return achieved >= low && achieved <= high; }
};

// Records the time series the figures need.
struct SeriesRecorder : Observer {
  std::vector<MetricInfo> catalogue;
  std::vector<MetricRow> rows;
  void on_start(const Scenario&, const std::vector<MetricInfo>& c) override { catalogue = c; }
  void on_interval(const MetricRow& r) override { rows.push_back(r); }
  std::vector<double> series(const std::string& path) const;
};

// Every AMT calibration target of issue 3, measured on `sim` after its run.
std::vector<Target> amt_targets(const Simulation& sim, const SeriesRecorder& series);

// The DiPLab 2019 figures for the French market: engagement tiers, monthly
// earnings, inequality and households below the poverty line.
std::vector<Target> france_targets(const Simulation& sim, const SeriesRecorder& series);

std::string format_table(const std::vector<Target>& targets);

}  // namespace gigsim::validation
