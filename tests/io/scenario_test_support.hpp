#pragma once
// Helpers shared by the scenario loader tests: comparing two scenarios field by field
// (their interventions and each one's `after` included) and collecting diagnostics.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "io/scenario_schema.hpp"
#include "model/scenario.hpp"

namespace gigsim::testing {

// Every field of a Scenario as (path, exact value) pairs, doubles as their bit patterns,
// so two scenarios compare equal only when every field is bit-identical.
class Flattener {
 public:
  std::vector<std::pair<std::string, std::string>> fields;

  void number(const char* key, double& x, const Bounds&) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    add(key, std::to_string(bits));
  }
  void integer(const char* key, std::int64_t& x, const IntBounds&) { add(key, std::to_string(x)); }
  void integer(const char* key, int& x, const IntBounds&) { add(key, std::to_string(x)); }
  void unsigned_integer(const char* key, std::uint64_t& x) { add(key, std::to_string(x)); }
  void boolean(const char* key, bool& x) { add(key, x ? "true" : "false"); }
  void text(const char* key, std::string& x, TextRule) { add(key, "'" + x + "'"); }
  template <class E>
  void choice(const char* key, E& x) {
    add(key, std::to_string(static_cast<int>(x)));
  }
  void hourly_weights(const char* key, std::array<double, 24>& x) {
    for (std::size_t h = 0; h < 24; ++h) {
      const std::string name = std::string(key) + "[" + std::to_string(h) + "]";
      number(name.c_str(), x[h], kNonNegative);
    }
  }
  void invalid(const char*, const std::string&) {}
  template <class T>
  void group(const char* key, T& s, Layout = Layout::block) {
    const std::string saved = prefix_;
    prefix_ += std::string(key) + ".";
    visit_fields(*this, s);
    prefix_ = saved;
  }
  template <class T>
  void list(const char* key, std::vector<T>& items, const T&) {
    add(std::string(key) + ".size", std::to_string(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string saved = prefix_;
      prefix_ += std::string(key) + "[" + std::to_string(i) + "].";
      visit_fields(*this, items[i]);
      prefix_ = saved;
    }
  }

 private:
  void add(const std::string& key, std::string value) {
    fields.emplace_back(prefix_ + key, std::move(value));
  }
  std::string prefix_;
};

inline std::vector<std::pair<std::string, std::string>> flatten(Scenario s) {
  Flattener f;
  visit_scenario(f, s, nullptr);
  for (std::size_t i = 0; i < s.interventions.size(); ++i) {
    const Intervention& intervention = s.interventions[i];
    const std::string prefix = "interventions[" + std::to_string(i) + "].";
    f.fields.emplace_back(prefix + "at_minute", std::to_string(intervention.at_minute));
    f.fields.emplace_back(prefix + "label", intervention.label);
    for (const auto& [path, value] : intervention.settings)
      f.fields.emplace_back(prefix + "set." + path, value);
    if (!intervention.after) {
      f.fields.emplace_back(prefix + "after", "none");
      continue;
    }
    for (const auto& [path, value] : flatten(*intervention.after))
      f.fields.emplace_back(prefix + "after." + path, value);
  }
  return f.fields;
}

// Lists the fields that differ, so a failure says which.
inline std::vector<std::string> differences(const Scenario& a, const Scenario& b) {
  const auto fa = flatten(a), fb = flatten(b);
  std::vector<std::string> out;
  if (fa.size() != fb.size()) out.push_back("field count");
  for (std::size_t i = 0; i < std::min(fa.size(), fb.size()); ++i) {
    if (fa[i] != fb[i]) out.push_back(fa[i].first);
  }
  return out;
}

template <class F>
std::vector<Diagnostic> diagnostics_of(F&& load) {
  try {
    load();
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  FAIL("expected a ScenarioError");
  return {};
}

inline std::vector<std::string> formatted(const std::vector<Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const Diagnostic& d : ds) out.push_back(format_diagnostic(d));
  return out;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh directory of scenario files for one test, removed afterwards.
struct ScenarioDirectory {
  std::filesystem::path path;
  ScenarioDirectory() {
    std::random_device device;
    path = std::filesystem::temp_directory_path() / ("gigsim-scenarios-" + std::to_string(device()));
    std::filesystem::create_directories(path);
  }
  ~ScenarioDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  ScenarioDirectory(const ScenarioDirectory&) = delete;
  ScenarioDirectory& operator=(const ScenarioDirectory&) = delete;
  // Writes `text` to `name` (which may hold subdirectories); returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

}  // namespace gigsim::testing
