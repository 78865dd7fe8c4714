// scenario_to_yaml: the resolved scenario with every key explicit, for run files and
// `--dump`-style inspection. Written from the same schema the reader uses, so the text
// loads back to an identical Scenario.
#include <yaml-cpp/yaml.h>

#include "io/scenario_interventions.hpp"
#include "io/scenario_loader.hpp"
#include "io/scenario_schema.hpp"

namespace gigsim {

namespace {

class ScenarioWriter {
 public:
  explicit ScenarioWriter(YAML::Emitter& out) : out_(out) {}

  void number(const char* key, double& x, const Bounds&) { scalar(key, format_number(x)); }
  void integer(const char* key, std::int64_t& x, const IntBounds&) { scalar(key, std::to_string(x)); }
  void integer(const char* key, int& x, const IntBounds&) { scalar(key, std::to_string(x)); }
  void unsigned_integer(const char* key, std::uint64_t& x) { scalar(key, std::to_string(x)); }
  void boolean(const char* key, bool& x) { scalar(key, x ? "true" : "false"); }
  void text(const char* key, std::string& x, TextRule) {
    // Emitted as a string, so yaml-cpp quotes anything that would read back as something else.
    out_ << YAML::Key << key << YAML::Value << x;
  }
  template <class E>
  void choice(const char* key, E& x) {
    for (const auto& [value, name] : EnumNames<E>::values) {
      if (value == x) scalar(key, name);
    }
  }
  void hourly_weights(const char* key, std::array<double, 24>& x) {
    out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (double w : x) out_ << format_number(w);
    out_ << YAML::EndSeq;
  }
  void invalid(const char*, const std::string&) {}

  template <class T>
  void group(const char* key, T& s, Layout layout = Layout::block) {
    out_ << YAML::Key << key << YAML::Value;
    block(s, layout);
  }
  template <class T>
  void list(const char* key, std::vector<T>& items, const T&) {
    out_ << YAML::Key << key << YAML::Value << YAML::BeginSeq;
    for (T& item : items) block(item, Layout::block);
    out_ << YAML::EndSeq;
  }

 private:
  // Numbers and keywords go out as plain scalars; the emitter would quote only text
  // that could be misread, and these are written exactly as the reader expects them.
  void scalar(const char* key, const std::string& text) { out_ << YAML::Key << key << YAML::Value << text; }

  template <class T>
  void block(T& s, Layout layout) {
    if (layout == Layout::flow) out_ << YAML::Flow;
    out_ << YAML::BeginMap;
    visit_fields(*this, s);
    out_ << YAML::EndMap;
  }

  YAML::Emitter& out_;
};

}  // namespace

std::string scenario_to_yaml(const Scenario& scenario) {
  Scenario copy = scenario;  // the schema functions take the struct by reference, to fill it when reading
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::Comment(
      "Resolved scenario: every key explicit. Each platform's `regulation` is the global block "
      "with that platform's overrides applied, so no top-level `regulation` is needed.");
  out << YAML::BeginMap;
  ScenarioWriter writer(out);
  visit_scenario(writer, copy, nullptr);
  if (!copy.interventions.empty()) {
    out << YAML::Key << "interventions" << YAML::Value << YAML::BeginSeq;
    for (const Intervention& intervention : copy.interventions) {
      out << YAML::BeginMap;
      out << YAML::Key << "at" << YAML::Value << "minute " + std::to_string(intervention.at_minute);
      out << YAML::Key << "label" << YAML::Value << intervention.label;
      out << YAML::Key << "set" << YAML::Value << YAML::BeginMap;
      for (const auto& [path, value] : intervention.settings) {
        out << YAML::Key << path << YAML::Value;
        emit_setting_value(out, value);
      }
      out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  std::string text = out.c_str();
  text += '\n';
  return text;
}

}  // namespace gigsim
