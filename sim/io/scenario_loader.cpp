#include "io/scenario_loader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "io/scenario_diagnostics.hpp"
#include "io/scenario_reader.hpp"
#include "io/scenario_validator.hpp"
#include "io/set_overrides.hpp"

namespace gigsim {

namespace {

[[noreturn]] void fail(const DiagnosticSink& sink) { throw ScenarioError(sink.sorted()); }

// The single document of the file, or nothing after reporting why not.
std::optional<YAML::Node> parse_document(const std::string& text, DiagnosticSink& sink) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::ParserException& e) {
    sink.error_in_file(e.mark.line + 1, e.mark.column + 1, "",
                       "YAML syntax error: " + e.msg +
                           "; check the indentation, colons and brackets here or on "
                           "the line above");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    sink.error_in_file(e.mark.line + 1, e.mark.column + 1, "", "cannot read YAML: " + e.msg);
    return std::nullopt;
  }
  if (documents.empty() || (documents.size() == 1 && documents[0].IsNull())) {
    sink.error_in_file(1, 1, "",
                       "the scenario is empty; write its keys (name, workers, requesters, platforms, ...), "
                       "see docs/scenarios.md or scenarios/baseline.yaml");
    return std::nullopt;
  }
  if (documents.size() > 1) {
    const YAML::Mark mark = documents[1].Mark();
    sink.error_in_file(mark.line + 1, mark.column + 1, "",
                       "the file holds " + std::to_string(documents.size()) +
                           " YAML documents; a scenario is one document: remove the '---' separators");
    return std::nullopt;
  }
  if (!documents[0].IsMap()) {
    const YAML::Mark mark = documents[0].Mark();
    sink.error_in_file(mark.line + 1, mark.column + 1, "",
                       "the top level must be a mapping of keys (`name: ...`, `workers: ...`), got " +
                           describe_node(documents[0]));
    return std::nullopt;
  }
  return documents[0];
}

}  // namespace

Scenario load_scenario_text(const std::string& yaml_text, const std::string& source_name,
                            const std::vector<std::string>& set_args) {
  DiagnosticSink sink(source_name);
  std::optional<YAML::Node> root = parse_document(yaml_text, sink);
  if (!root) fail(sink);
  apply_set_args(*root, set_args, sink);

  Scenario scenario;
  RegulationSpec global;
  ScenarioReader reader(sink, *root, "");
  visit_scenario(reader, scenario, &global);
  reader.finish();
  validate_scenario(scenario, sink);

  if (!sink.empty()) fail(sink);
  return scenario;
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& set_args) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string reason = std::strerror(errno);
    throw ScenarioError(
        {Diagnostic{path, 0, 0, "",
                    "cannot open the scenario file (" + reason +
                        "); check the path, or run without a file for the built-in baseline"}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path, set_args);
}

}  // namespace gigsim
