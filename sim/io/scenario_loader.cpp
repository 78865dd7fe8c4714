#include "io/scenario_loader.hpp"

#include <filesystem>
#include <optional>

#include <yaml-cpp/yaml.h>

#include "io/scenario_diagnostics.hpp"
#include "io/scenario_document.hpp"
#include "io/scenario_interventions.hpp"
#include "io/set_overrides.hpp"
#include "io/yaml_guard.hpp"

namespace gigsim {

namespace {

[[noreturn]] void fail(const DiagnosticSink& sink) { throw ScenarioError(sink.sorted()); }

Scenario load(const std::string& text, const std::string& source_name, const std::string& directory,
              const std::string& identity, const std::vector<std::string>& set_args) {
  DiagnosticSink sink(source_name);
  std::optional<YAML::Node> root = resolve_document(text, source_name, directory, identity, sink);
  if (!root) fail(sink);
  apply_set_args(*root, set_args, sink);
  Scenario scenario = read_scenario_tree(*root, sink);
  read_interventions(*root, scenario, sink);
  if (!sink.empty()) fail(sink);
  return scenario;
}

}  // namespace

Scenario load_scenario_text(const std::string& yaml_text, const std::string& source_name,
                            const std::vector<std::string>& set_args) {
  return load(yaml_text, source_name, "", "", set_args);
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& set_args) {
  std::string reason;
  const std::optional<std::string> text = read_yaml_file(path, reason);
  if (!text) {
    throw ScenarioError(
        {Diagnostic{path, 0, 0, "",
                    "cannot open the scenario file (" + reason +
                        "); check the path, or run without a file for the built-in baseline"}});
  }
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path identity = fs::weakly_canonical(path, error);
  if (error) identity = fs::absolute(path, error).lexically_normal();
  return load(*text, path, fs::path(path).parent_path().string(), identity.string(), set_args);
}

}  // namespace gigsim
