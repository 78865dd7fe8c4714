#include "io/scenario_interventions.hpp"

#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "io/did_you_mean.hpp"
#include "io/scenario_document.hpp"
#include "io/scenario_loader.hpp"
#include "io/scenario_reader.hpp"
#include "io/set_overrides.hpp"
#include "io/yaml_scalars.hpp"

namespace gigsim {

namespace {

constexpr const char* kListPath = "interventions";
constexpr const char* kTimeForms =
    "a time such as day 30, day 2.5, hour 36, minute 90, or a number of minutes";
// No run is longer than kDurationDays' upper end; a time past it is past every run's end.
constexpr double kLongestRunMinutes = 36500.0 * 1440.0;

struct Setting {
  std::string path;  // normalised key path
  YAML::Node value;  // the node in the file, which keeps its place there
  YAML::Mark key_mark;
  std::string text;  // compact YAML, as stored
};

struct Entry {
  std::string path;  // interventions[k]
  std::int64_t at_minute = 0;
  std::string label;
  YAML::Mark set_mark;
  std::vector<Setting> settings;
};

std::string trim(const std::string& s) {
  const std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string minute_text(std::int64_t minute) {
  std::string text = "minute " + std::to_string(minute);
  if (minute % 60 == 0) {
    text += minute % 1440 == 0 ? " (day " + std::to_string(minute / 1440) + ")"
                               : " (hour " + std::to_string(minute / 60) + ")";
  }
  return text;
}

bool has_key(const YAML::Node& map, const char* key) {
  for (const auto& pair : map) {
    if (pair.first.IsScalar() && pair.first.Scalar() == key) return true;
  }
  return false;
}

void emit_compact(YAML::Emitter& out, const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      out << YAML::Flow << YAML::BeginSeq;
      for (const auto& item : node) emit_compact(out, item);
      out << YAML::EndSeq;
      break;
    case YAML::NodeType::Map:
      out << YAML::Flow << YAML::BeginMap;
      for (const auto& pair : node) {
        out << YAML::Key;
        emit_compact(out, pair.first);
        out << YAML::Value;
        emit_compact(out, pair.second);
      }
      out << YAML::EndMap;
      break;
    case YAML::NodeType::Scalar:
      // Quotes are kept: "20" in quotes is text, not a number, and must stay so.
      if (is_quoted(node)) {
        out << YAML::DoubleQuoted << node.Scalar();
      } else {
        out << node.Scalar();
      }
      break;
    default:
      out << YAML::Null;
      break;
  }
}

// The minute an intervention takes effect, or nullopt after reporting.
std::optional<std::int64_t> read_at(const ScenarioReader::Found& f, const Scenario& s, bool time_known,
                                    DiagnosticSink& sink) {
  if (f.value.IsNull()) {
    sink.error_at(f.path, f.mark, std::string("has no value; give ") + kTimeForms);
    return std::nullopt;
  }
  if (!f.value.IsScalar()) {
    sink.error_at(f.path, f.mark, std::string("must be ") + kTimeForms + ", got " + describe_node(f.value));
    return std::nullopt;
  }
  const std::string text = trim(f.value.Scalar());
  const std::optional<double> minutes = parse_intervention_time(text);
  if (!minutes) {
    std::string message = std::string("must be ") + kTimeForms + ", got '" + text + "'";
    const std::size_t space = text.find_first_of(" \t");
    if (space != std::string::npos) {
      if (auto guess = did_you_mean(text.substr(0, space), {"day", "hour", "minute"})) {
        message += "; did you mean '" + *guess + text.substr(space) + "'?";
      }
    }
    sink.error_at(f.path, f.mark, std::move(message));
    return std::nullopt;
  }
  if (!(*minutes > 0.0)) {
    sink.error_at(f.path, f.mark,
                  "must be after the start of the run (more than 0 minutes), got '" + text +
                      "'; a value that holds from the start belongs in the scenario itself");
    return std::nullopt;
  }
  const double end = s.duration_days * 1440.0;
  if (!std::isfinite(*minutes) || *minutes > kLongestRunMinutes || (time_known && *minutes >= end)) {
    std::string message = "must be before the end of the run";
    if (time_known) {
      message += " (duration_days: " + format_number(s.duration_days) + ", which ends at minute " +
                 format_number(end) + ")";
    }
    sink.error_at(f.path, f.mark, message + ", got '" + text + "'");
    return std::nullopt;
  }
  const double whole = std::round(*minutes);
  if (std::fabs(*minutes - whole) > 1e-9 * std::max(1.0, whole)) {
    sink.error_at(f.path, f.mark,
                  "must fall on a whole minute, got '" + text + "' = minute " + format_number(*minutes));
    return std::nullopt;
  }
  const auto minute = static_cast<std::int64_t>(whole);
  if (time_known && minute % s.tick_minutes != 0) {
    const std::int64_t earlier = minute / s.tick_minutes * s.tick_minutes;
    sink.error_at(f.path, f.mark,
                  "must fall on a tick, a multiple of tick_minutes (" + std::to_string(s.tick_minutes) +
                      "), got '" + text + "' = minute " + std::to_string(minute) + "; use e.g. minute " +
                      std::to_string(earlier > 0 ? earlier : earlier + s.tick_minutes));
    return std::nullopt;
  }
  return minute;
}

std::string structural_message(const std::string& key, const std::string& path) {
  const bool name = key.ends_with(".name");
  std::string message = "'" + (name || key == "output" ? path : key) +
                        "' can only be set at the start of the run, not changed by an intervention";
  if (name) {
    message +=
        ": the platforms, worker groups and requester types of a run, and their names, stay the same "
        "throughout";
  } else {
    message += "; give it its value in the scenario itself";
  }
  return message;
}

void read_settings(const ScenarioReader::Found& set, const std::string& file, Entry& entry,
                   DiagnosticSink& sink) {
  entry.set_mark = set.mark;
  const char* example = "regulation.minimum_wage.enabled: true";
  if (set.value.IsNull() || (set.value.IsMap() && set.value.size() == 0)) {
    sink.error_at(
        set.path, set.mark,
        std::string("is empty; give the keys this intervention changes, as key paths, e.g. ") + example);
    return;
  }
  if (!set.value.IsMap()) {
    sink.error_at(set.path, set.mark,
                  std::string("must be a mapping of key paths to values (`") + example +
                      "` lines below it), got " + describe_node(set.value));
    return;
  }
  std::map<std::string, int> first_line;
  for (const auto& pair : set.value) {
    const YAML::Mark key_mark = pair.first.Mark();
    const auto report = [&](const std::string& path, std::string message) {
      sink.error_in_file(file, key_mark.line + 1, key_mark.column + 1, child_path(set.path, path),
                         std::move(message));
    };
    if (!pair.first.IsScalar()) {
      report("", std::string("a key must be a key path such as ") + "regulation.minimum_wage.enabled, got " +
                     describe_node(pair.first) + " as a key");
      continue;
    }
    const std::optional<std::string> path = check_setting_path(trim(pair.first.Scalar()), report);
    if (!path) continue;
    if (const std::optional<std::string> key = structural_key(*path)) {
      report(*path, structural_message(*key, *path));
      continue;
    }
    const auto [seen, inserted] = first_line.emplace(*path, key_mark.line + 1);
    if (!inserted) {
      report(*path,
             "duplicate key (first given on line " + std::to_string(seen->second) + "); keep only one");
      continue;
    }
    entry.settings.push_back(Setting{*path, pair.second, key_mark, compact_yaml(pair.second)});
  }
}

struct Change {
  std::string path, from, to;
  bool count = false;  // the number of entries of a list
};

// Differences in the keys that fix the run's structure, for settings that replace a
// whole block or list above them (`workers: {...}`, `platforms: [...]`).
std::vector<Change> structural_changes(const Scenario& a, const Scenario& b) {
  std::vector<Change> out;
  const auto text = [&](const char* path, const std::string& x, const std::string& y) {
    if (x != y) out.push_back(Change{path, "'" + x + "'", "'" + y + "'"});
  };
  const auto value = [&](const char* path, const std::string& x, const std::string& y) {
    if (x != y) out.push_back(Change{path, x, y});
  };
  text("name", a.name, b.name);
  text("description", a.description, b.description);
  text("currency", a.currency, b.currency);
  value("seed", std::to_string(a.seed), std::to_string(b.seed));
  value("duration_days", format_number(a.duration_days), format_number(b.duration_days));
  value("tick_minutes", std::to_string(a.tick_minutes), std::to_string(b.tick_minutes));
  value("start_weekday", std::to_string(a.start_weekday), std::to_string(b.start_weekday));
  value("output.interval_minutes", std::to_string(a.output.interval_minutes),
        std::to_string(b.output.interval_minutes));
  value("workers.registered", std::to_string(a.workers.registered), std::to_string(b.workers.registered));
  value("requesters.count", std::to_string(a.requesters.count), std::to_string(b.requesters.count));
  value("requesters.activity_pareto_alpha", format_number(a.requesters.activity_pareto_alpha),
        format_number(b.requesters.activity_pareto_alpha));
  const auto list = [&](const std::string& path, const auto& x, const auto& y) {
    if (x.size() != y.size())
      out.push_back(Change{path, std::to_string(x.size()), std::to_string(y.size()), true});
    for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
      if (x[i].name != y[i].name) {
        out.push_back(Change{index_path(path, i) + ".name", "'" + x[i].name + "'", "'" + y[i].name + "'"});
      }
    }
  };
  list("workers.groups", a.workers.groups, b.workers.groups);
  list("requesters.types", a.requesters.types, b.requesters.types);
  list("platforms", a.platforms, b.platforms);
  return out;
}

// Builds every intervention's `after` by applying the settings to `root` in turn.
// Problems that reading a variant finds are placed where they were caused: at the
// setting that wrote the bad value, or at the intervention that broke a rule joining
// several keys. Those the scenario itself already has are not repeated.
void build_afters(YAML::Node& root, const Scenario& scenario, const std::string& file,
                  std::vector<Entry>& entries, std::vector<std::shared_ptr<const Scenario>>& afters,
                  DiagnosticSink& sink) {
  std::set<std::string> seen;        // formatted diagnostics already reported
  std::set<std::string> seen_cause;  // key path and message of problems already reported
  for (const Diagnostic& d : sink.sorted()) {
    seen.insert(format_diagnostic(d));
    seen_cause.insert(d.key_path + '\n' + d.message);
  }
  DiagnosticSink origins = sink.without_diagnostics();
  std::vector<std::pair<const Setting*, std::size_t>> applied;  // each setting, with its intervention
  for (std::size_t k = 0; k < entries.size(); ++k) {
    Entry& entry = entries[k];
    bool placed = true;
    for (const Setting& setting : entry.settings) {
      const auto report = [&](const std::string& path, std::string message) {
        sink.error_in_file(file, setting.key_mark.line + 1, setting.key_mark.column + 1,
                           child_path(entry.path + ".set", path), std::move(message));
      };
      if (!place_setting(root, setting.path, setting.value, report)) {
        placed = false;
        continue;
      }
      // A rule set by an intervention holds on every platform: a platform's own value
      // for it, which would otherwise win over the global block, is removed.
      if (path_within(setting.path, "regulation")) {
        for (std::size_t p = 0; p < scenario.platforms.size(); ++p) {
          remove_setting(root, index_path("platforms", p) + "." + setting.path);
        }
      }
      origins.add_file_origin(setting.path, file);
      applied.emplace_back(&setting, k);
    }
    if (!placed) return;  // later variants would lack these settings

    DiagnosticSink variant = origins.without_diagnostics();
    Scenario after = read_scenario_tree(root, variant);
    for (const Diagnostic& d : variant.sorted()) {
      if (seen.contains(format_diagnostic(d))) continue;
      const std::pair<const Setting*, std::size_t>* cause = nullptr;
      for (const auto& candidate : applied) {
        if (path_within(d.key_path, candidate.first->path)) cause = &candidate;
      }
      Diagnostic placed_at = d;
      if (cause) {
        placed_at.key_path = child_path(index_path(kListPath, cause->second) + ".set", d.key_path);
        if (placed_at.line == 0) {
          placed_at.file = file;
          placed_at.line = cause->first->key_mark.line + 1;
          placed_at.column = cause->first->key_mark.column + 1;
        }
      } else {
        // A rule joining several keys, broken by this intervention: shown at the setting
        // of this intervention below the key in question, if there is one.
        if (!seen_cause.insert(d.key_path + '\n' + d.message).second) continue;
        const Setting* below = nullptr;
        for (const Setting& setting : entry.settings) {
          if (!below && path_within(setting.path, d.key_path)) below = &setting;
        }
        const std::string what = (d.key_path.empty() ? "" : d.key_path + ": ") + d.message;
        if (below) {
          placed_at = Diagnostic{file, below->key_mark.line + 1, below->key_mark.column + 1,
                                 child_path(entry.path + ".set", below->path), "with this change, " + what};
        } else {
          placed_at = Diagnostic{file, entry.set_mark.line + 1, entry.set_mark.column + 1,
                                 entry.path + ".set", "after this intervention, " + what};
        }
      }
      if (seen.insert(format_diagnostic(placed_at)).second) sink.report(std::move(placed_at));
    }
    for (const Change& change : structural_changes(scenario, after)) {
      for (const Setting& setting : entry.settings) {
        if (!path_within(change.path, setting.path)) continue;
        const std::string message =
            change.count ? "changes the number of entries of " + change.path + " from " + change.from +
                               " to " + change.to +
                               "; the platforms, worker groups and requester types of a run stay the same "
                               "throughout: set keys inside the entries instead, e.g. " +
                               change.path + "[0]." + (change.path == "platforms" ? "fee.rate" : "share")
                         : "changes " + change.path + " from " + change.from + " to " + change.to +
                               ", which can only be set at the start of the run; a block or list set here "
                               "replaces the "
                               "whole of it, so repeat " +
                               change.path + " as it is, or set only the keys that change";
        Diagnostic d{file, setting.key_mark.line + 1, setting.key_mark.column + 1,
                     child_path(entry.path + ".set", setting.path), message};
        if (seen.insert(format_diagnostic(d)).second) sink.report(std::move(d));
        break;
      }
    }
    afters.push_back(std::make_shared<const Scenario>(std::move(after)));
  }
}

}  // namespace

std::optional<double> parse_intervention_time(const std::string& raw) {
  const std::string text = trim(raw);
  if (const std::optional<double> minutes = parse_number(text)) return minutes;
  const std::size_t space = text.find_first_of(" \t");
  if (space == std::string::npos) return std::nullopt;
  const std::string unit = text.substr(0, space);
  double factor = 0.0;
  if (unit == "day" || unit == "days") {
    factor = 1440.0;
  } else if (unit == "hour" || unit == "hours") {
    factor = 60.0;
  } else if (unit == "minute" || unit == "minutes") {
    factor = 1.0;
  } else {
    return std::nullopt;
  }
  const std::optional<double> amount = parse_number(trim(text.substr(space)));
  if (!amount) return std::nullopt;
  return *amount * factor;
}

std::optional<std::string> structural_key(const std::string& path) {
  static const char* const kFixed[] = {
      "name",
      "description",
      "currency",
      "seed",
      "duration_days",
      "tick_minutes",
      "start_weekday",
      "output",
      "workers.registered",
      "requesters.count",
      "requesters.activity_pareto_alpha",
  };
  for (const char* key : kFixed) {
    if (path_within(path, key)) return std::string(key);
  }
  // A list entry's name: LIST[i].name.
  if (path.ends_with(".name")) {
    const std::string entry = parent_path(path);
    if (!entry.empty() && entry.back() == ']') {
      const std::string list = parent_path(entry);
      if (list == "workers.groups" || list == "requesters.types" || list == "platforms") {
        return list + "[].name";
      }
    }
  }
  return std::nullopt;
}

std::string compact_yaml(const YAML::Node& value) {
  YAML::Emitter out;
  emit_compact(out, value);
  return out.c_str();
}

void emit_setting_value(YAML::Emitter& out, const std::string& value_text) {
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception&) {
    // Not YAML (settings made by a program, not read from a file): kept as text.
    out << YAML::DoubleQuoted << value_text;
    return;
  }
  emit_compact(out, value);
}

std::string settings_as_yaml_map(const std::vector<std::pair<std::string, std::string>>& settings) {
  YAML::Emitter out;
  out << YAML::Flow << YAML::BeginMap;
  for (const auto& [path, value] : settings) {
    out << YAML::Key << path << YAML::Value;
    emit_setting_value(out, value);
  }
  out << YAML::EndMap;
  return out.c_str();
}

void read_interventions(YAML::Node& root, Scenario& scenario, DiagnosticSink& sink) {
  scenario.interventions.clear();
  YAML::Node list;
  YAML::Mark mark;
  bool given = false;
  for (const auto& pair : root) {
    if (pair.first.IsScalar() && pair.first.Scalar() == kListPath) {
      list = pair.second;
      mark = pair.second.IsNull() || pair.second.Mark().line < 0 ? pair.first.Mark() : pair.second.Mark();
      given = true;
      break;  // a second one is reported as a duplicate key by the reader
    }
  }
  if (!given || list.IsNull()) return;
  sink.note(kListPath, mark);
  const std::string file = sink.file_of(kListPath);
  if (!list.IsSequence()) {
    sink.error_at(kListPath, mark,
                  "must be a list of interventions, each starting with '- at: ...' on its own line, got " +
                      describe_node(list));
    return;
  }

  const std::size_t problems_before = sink.count();
  const bool time_known = !sink.has_error_within("duration_days") && !sink.has_error_within("tick_minutes");
  std::vector<Entry> entries;
  std::optional<std::int64_t> previous;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node element = list[i];
    Entry entry;
    entry.path = index_path(kListPath, i);
    const YAML::Mark element_mark = element.Mark().line < 0 ? mark : element.Mark();
    sink.note(entry.path, element_mark);
    if (!element.IsMap()) {
      sink.error_at(
          entry.path, element_mark,
          "must be one intervention, a block with the keys at, label and set, got " + describe_node(element));
      continue;
    }
    ScenarioReader reader(sink, element, entry.path);
    ScenarioReader::Found at, set;
    const bool has_at = reader.raw("at", at);
    const bool has_label = has_key(element, "label");
    reader.text("label", entry.label, TextRule::any);
    const bool has_set = reader.raw("set", set);
    reader.finish();

    std::optional<std::int64_t> minute;
    if (has_at) {
      minute = read_at(at, scenario, time_known, sink);
    } else {
      sink.error(entry.path, "has no 'at'; give the time it takes effect, e.g. at: day 30");
    }
    if (!has_label) {
      sink.error(
          entry.path,
          "has no 'label'; give one line saying what it represents, e.g. label: minimum wage introduced");
    }
    if (has_set) {
      read_settings(set, file, entry, sink);
    } else {
      sink.error(entry.path,
                 "has no 'set'; give the keys it changes, e.g. set: {regulation.minimum_wage.enabled: true}");
    }
    if (minute) {
      if (previous && *minute < *previous) {
        sink.error_at(at.path, at.mark,
                      "is earlier than the intervention listed before it (" + minute_text(*previous) +
                          ", now " + minute_text(*minute) + "); list interventions in time order");
      }
      previous = minute;
      entry.at_minute = *minute;
    }
    entries.push_back(std::move(entry));
  }
  // The variants are built even when the block has problems of its own, from the settings
  // that could be read, so that every bad value is reported at once; the settings that
  // could not be read are left out, which cannot cause a problem elsewhere.
  std::vector<std::shared_ptr<const Scenario>> afters;
  build_afters(root, scenario, file, entries, afters, sink);
  if (afters.size() != entries.size() || sink.count() != problems_before) return;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    Intervention intervention;
    intervention.at_minute = entries[k].at_minute;
    intervention.label = entries[k].label;
    for (const Setting& setting : entries[k].settings)
      intervention.settings.emplace_back(setting.path, setting.text);
    intervention.after = afters[k];
    scenario.interventions.push_back(std::move(intervention));
  }
}

}  // namespace gigsim
