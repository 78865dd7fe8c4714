#include "io/scenario_validator.hpp"

#include <cmath>
#include <map>

#include "io/yaml_scalars.hpp"

namespace gigsim {

namespace {

template <class T>
void check_list(const std::vector<T>& items, const std::string& path, std::size_t max, const char* noun,
                double T::*share, const char* share_key, DiagnosticSink& sink) {
  if (items.empty()) {
    sink.error(path, std::string("must have at least one ") + noun);
    return;
  }
  if (items.size() > max) {
    sink.error(path, "has " + std::to_string(items.size()) + " entries; at most " + std::to_string(max) +
                         " " + noun + "s are allowed");
  }

  std::map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string name_path = index_path(path, i) + ".name";
    // An entry that could not be read holds a fresh default, whose name would clash for nothing.
    if (sink.has_error_at(index_path(path, i)) || sink.has_error_within(name_path)) continue;
    const auto [it, inserted] = first.emplace(items[i].name, i);
    if (!inserted) {
      sink.error(name_path, "duplicate name '" + items[i].name + "' (also " + index_path(path, it->second) +
                                "); each " + noun + " needs its own name");
    }
  }

  double sum = 0.0;
  std::string terms;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (sink.has_error_at(index_path(path, i)) ||
        sink.has_error_within(index_path(path, i) + "." + share_key)) {
      return;
    }
    sum += items[i].*share;
    if (i > 0) terms += " + ";
    terms += items[i].name + " " + format_number(items[i].*share);
  }
  if (std::fabs(sum - 1.0) > 1e-9) {
    sink.error(path, std::string("the ") + share_key + " values must sum to 1, got " + format_number(sum) +
                         " (" + terms + "); adjust them so they add up to 1");
  }
}

void check_time(const Scenario& s, DiagnosticSink& sink) {
  const bool tick_ok = !sink.has_error_within("tick_minutes");
  if (tick_ok && 1440 % s.tick_minutes != 0) {
    sink.error("tick_minutes", "must divide a day (1440 minutes) exactly, got " +
                                   std::to_string(s.tick_minutes) + "; use e.g. 1, 5, 10, 15, 30 or 60");
    return;
  }
  if (!tick_ok) return;
  if (!sink.has_error_within("output.interval_minutes") && s.output.interval_minutes % s.tick_minutes != 0) {
    sink.error("output.interval_minutes", "must be a positive multiple of tick_minutes (" +
                                              std::to_string(s.tick_minutes) + "), got " +
                                              std::to_string(s.output.interval_minutes));
  }
  if (!sink.has_error_within("duration_days")) {
    const double minutes = s.duration_days * 1440.0;
    const double ticks = minutes / static_cast<double>(s.tick_minutes);
    if (minutes != std::floor(minutes) || ticks != std::floor(ticks)) {
      sink.error("duration_days",
                 "must be a whole number of ticks (tick_minutes = " + std::to_string(s.tick_minutes) +
                     "), got " + format_number(s.duration_days) + " days = " + format_number(minutes) +
                     " minutes; round it to a whole number of days");
    }
  }
}

}  // namespace

void validate_scenario(const Scenario& s, DiagnosticSink& sink) {
  check_time(s, sink);
  check_list(s.workers.groups, "workers.groups", kMaxWorkerGroups, "worker group", &WorkerGroupSpec::share,
             "share", sink);
  check_list(s.requesters.types, "requesters.types", kMaxRequesterTypes, "requester type",
             &RequesterTypeSpec::share, "share", sink);
  check_list(s.platforms, "platforms", kMaxPlatforms, "platform", &PlatformSpec::requester_share,
             "requester_share", sink);
}

}  // namespace gigsim
