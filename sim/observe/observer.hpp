#pragma once
// Drivers (the CLI's HDF5 writer, progress display, the live view, tests) watch a
// run through this interface. They receive immutable data and never touch the model.
#include <vector>

#include "model/scenario.hpp"
#include "observe/metrics.hpp"

namespace gigsim {

class Observer {
 public:
  virtual ~Observer() = default;
  // Called once before the first tick, with the catalogue every row will follow.
  virtual void on_start(const Scenario& scenario, const std::vector<MetricInfo>& catalogue) {
    (void)scenario;
    (void)catalogue;
  }
  // Called when an intervention takes effect, before the tick at `at_minute` runs.
  virtual void on_intervention(const Intervention& intervention) { (void)intervention; }
  // Called at the end of every reporting interval.
  virtual void on_interval(const MetricRow& row) { (void)row; }
  // Called once after the last tick; an observer that keeps the tables keeps the pointer.
  virtual void on_finish(const FinalTables& tables, const RunSummary& summary) {
    (void)tables;
    (void)summary;
  }
};

}  // namespace gigsim
