#pragma once
// Reads one YAML mapping into a scenario struct, field by field, over the values the
// struct already holds: a missing key keeps its default (or, for a platform's
// regulation, the global value), which is what makes per-platform overrides key by key.
// Every wrong type, out-of-range value and unknown key becomes a diagnostic; a bad
// value never replaces the old one and reading goes on.
#include <array>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "io/did_you_mean.hpp"
#include "io/scenario_diagnostics.hpp"
#include "io/scenario_schema.hpp"

namespace gigsim {

class ScenarioReader {
 public:
  // `map` may be a mapping or undefined (the block is absent).
  ScenarioReader(DiagnosticSink& sink, YAML::Node map, std::string path)
      : sink_(sink), map_(std::move(map)), path_(std::move(path)) {}

  void number(const char* key, double& x, const Bounds& bounds);
  void integer(const char* key, std::int64_t& x, const IntBounds& bounds);
  void integer(const char* key, int& x, const IntBounds& bounds);
  void unsigned_integer(const char* key, std::uint64_t& x);
  void boolean(const char* key, bool& x);
  void text(const char* key, std::string& x, TextRule rule);
  void hourly_weights(const char* key, std::array<double, 24>& x);
  void invalid(const char* key, std::string message);

  template <class E>
  void choice(const char* key, E& x) {
    Found f;
    if (!find(key, f)) return;
    std::vector<std::string> names;
    for (const auto& [value, name] : EnumNames<E>::values) names.emplace_back(name);
    if (!f.value.IsScalar()) {
      return sink_.error_at(f.path, f.mark,
                            "must be one of: " + join_names(names) + "; got " + describe_node(f.value));
    }
    for (const auto& [value, name] : EnumNames<E>::values) {
      if (f.value.Scalar() == name) {
        x = value;
        return;
      }
    }
    std::string message = "must be one of: " + join_names(names) + "; got '" + f.value.Scalar() + "'";
    if (auto guess = did_you_mean(f.value.Scalar(), names)) message += "; did you mean '" + *guess + "'?";
    sink_.error_at(f.path, f.mark, std::move(message));
  }

  template <class T>
  void group(const char* key, T& s, Layout = Layout::block) {
    Found f;
    if (!find(key, f)) return;
    // `key:` with nothing below is an empty block: every field keeps its value.
    if (f.value.IsNull()) return;
    if (!f.value.IsMap()) {
      return sink_.error_at(
          f.path, f.mark,
          "must be a mapping of keys (`key: value` lines below it, or `{key: value, ...}`), got " +
              describe_node(f.value));
    }
    read_block(f.value, f.path, s);
  }

  template <class T>
  void list(const char* key, std::vector<T>& items, const T& fresh) {
    Found f;
    if (!find(key, f)) return;
    if (!f.value.IsSequence()) {
      return sink_.error_at(f.path, f.mark,
                            "must be a list of entries, each starting with '- ' on its own line, got " +
                                describe_node(f.value));
    }
    std::vector<T> read;
    for (std::size_t i = 0; i < f.value.size(); ++i) {
      const YAML::Node element = f.value[i];
      const std::string element_path = index_path(f.path, i);
      sink_.note(element_path, element.Mark());
      T item = fresh;
      if (element.IsMap()) {
        read_block(element, element_path, item);
      } else if (!element.IsNull()) {
        sink_.error_at(element_path, element.Mark(),
                       "must be a mapping of keys (one entry's fields), got " + describe_node(element));
      }
      read.push_back(std::move(item));
    }
    items = std::move(read);
  }

  // Reports keys that no field asked for, and keys given twice.
  void finish();

  struct Found {
    YAML::Node value;
    YAML::Mark mark;  // the value's place, or the key's when there is no value
    std::string path;
  };
  // For keys read by hand (an intervention's `at` and `set`): the node, if given; the
  // key counts as known either way.
  bool raw(const char* key, Found& found) { return find(key, found); }
  // A key read elsewhere (`interventions` at the top level): known, not read here.
  void allow(const char* key) { known_.emplace_back(key); }

 private:
  bool find(const char* key, Found& found);
  // A scalar the number-like fields can parse; reports and returns false otherwise.
  bool scalar_for(const Found& f, const char* expected);

  template <class T>
  void read_block(const YAML::Node& node, const std::string& path, T& s) {
    ScenarioReader sub(sink_, node, path);
    visit_fields(sub, s);
    sub.finish();
  }

  DiagnosticSink& sink_;
  YAML::Node map_;
  std::string path_;
  std::vector<std::string> known_;
};

}  // namespace gigsim
