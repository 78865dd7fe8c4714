#pragma once
// Receives a reporting row metric by metric. With a catalogue it also records
// each metric's name, unit and description, so the code that fills a row is the
// only place the catalogue is defined.
#include <string>
#include <vector>

#include "observe/metrics.hpp"

namespace gigsim {

class RowSink {
 public:
  RowSink(std::vector<MetricInfo>* catalogue, MetricRow* row) : catalogue_(catalogue), row_(row) {}

  void integer(const std::string& path, const char* unit, const char* description, std::int64_t value) {
    if (catalogue_) catalogue_->push_back(MetricInfo{path, unit, description, true, integers_});
    ++integers_;
    if (row_) row_->integers.push_back(value);
  }
  void real(const std::string& path, const char* unit, const char* description, double value) {
    if (catalogue_) catalogue_->push_back(MetricInfo{path, unit, description, false, reals_});
    ++reals_;
    if (row_) row_->reals.push_back(value);
  }

 private:
  std::vector<MetricInfo>* catalogue_;
  MetricRow* row_;
  std::size_t integers_ = 0, reals_ = 0;
};

}  // namespace gigsim
