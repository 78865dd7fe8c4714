#include "io/scenario_document.hpp"

#include <filesystem>
#include <sstream>
#include <utility>
#include <vector>

#include "io/scenario_reader.hpp"
#include "io/scenario_schema.hpp"
#include "io/scenario_validator.hpp"
#include "io/yaml_guard.hpp"
#include "io/yaml_scalars.hpp"

namespace gigsim {

namespace {

namespace fs = std::filesystem;

// Where the value at a key path was written: the latest entry that holds the path
// wins (entries for deeper paths always come after their ancestors').
using Origins = std::vector<std::pair<std::string, std::string>>;

struct Link {
  std::string display;   // as messages name it
  std::string identity;  // canonical path; "" for text that is no file
};

// The single document of the text, or nothing after reporting why not.
std::optional<YAML::Node> parse_document(const std::string& text, const std::string& file,
                                         DiagnosticSink& sink) {
  std::vector<YAML::Node> documents;
  try {
    documents = load_yaml_documents(text, "scenario");
  } catch (const YamlGuardError& e) {
    sink.error_in_file(file, e.line(), e.column(), "", e.what());
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    sink.error_in_file(file, e.mark.line + 1, e.mark.column + 1, "",
                       "YAML syntax error: " + e.msg +
                           "; check the indentation, colons and brackets here or on "
                           "the line above");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    sink.error_in_file(file, e.mark.line + 1, e.mark.column + 1, "", "cannot read YAML: " + e.msg);
    return std::nullopt;
  }
  if (documents.empty() || (documents.size() == 1 && documents[0].IsNull())) {
    sink.error_in_file(file, 1, 1, "",
                       "the scenario is empty; write its keys (name, workers, requesters, platforms, ...), "
                       "see docs/scenarios.md or scenarios/baseline.yaml");
    return std::nullopt;
  }
  if (documents.size() > 1) {
    const YAML::Mark mark = documents[1].Mark();
    sink.error_in_file(file, mark.line + 1, mark.column + 1, "",
                       "the file holds " + std::to_string(documents.size()) +
                           " YAML documents; a scenario is one document: remove the '---' separators");
    return std::nullopt;
  }
  if (!documents[0].IsMap()) {
    const YAML::Mark mark = documents[0].Mark();
    sink.error_in_file(file, mark.line + 1, mark.column + 1, "",
                       "the top level must be a mapping of keys (`name: ...`, `workers: ...`), got " +
                           describe_node(documents[0]));
    return std::nullopt;
  }
  return documents[0];
}

std::string origin_in(const Origins& origins, const std::string& path) {
  for (auto it = origins.rbegin(); it != origins.rend(); ++it) {
    if (path_within(path, it->first)) return it->second;
  }
  return origins.empty() ? std::string() : origins.front().second;
}

// The subtree at `path` comes whole from the base: so do the origins recorded in it.
void take_origins(const Origins& base, const std::string& path, Origins& out) {
  out.emplace_back(path, origin_in(base, path));
  for (const auto& entry : base) {
    if (entry.first != path && path_within(entry.first, path)) out.push_back(entry);
  }
}

// Merges `base` under `over` (both mappings): a key only in the base is added with its
// value; a key in both whose values are both mappings is merged the same way, deeper;
// otherwise the override's value stays (scalars and lists replace wholesale). A key
// given with nothing below it (`workers:`) keeps the base's block, as a missing one would.
void merge_into(YAML::Node over, const YAML::Node& base, const std::string& path, const Origins& base_origins,
                Origins& out, DiagnosticSink& sink) {
  for (const auto& pair : base) {
    if (!pair.first.IsScalar()) {
      // Reported here, in the base's file: once merged, the reader would place it in the override's.
      const YAML::Mark mark = pair.first.Mark();
      sink.error_in_file(
          origin_in(base_origins, path), mark.line + 1, mark.column + 1, path,
          "a key must be a plain name such as 'seed', got " + describe_node(pair.first) + " as a key");
      continue;
    }
    const std::string& key = pair.first.Scalar();
    const std::string child = child_path(path, key);
    YAML::Node mine;
    bool found = false;
    for (const auto& own : over) {
      if (own.first.IsScalar() && own.first.Scalar() == key) {
        mine = own.second;
        found = true;
        break;
      }
    }
    if (!found) {
      over.force_insert(pair.first, pair.second);
      take_origins(base_origins, child, out);
    } else if (mine.IsNull() && pair.second.IsMap()) {
      mine = pair.second;  // the map's own value node now holds the base's block
      take_origins(base_origins, child, out);
    } else if (mine.IsMap() && pair.second.IsMap()) {
      merge_into(mine, pair.second, child, base_origins, out, sink);
    }
  }
}

std::string chain_text(const std::vector<Link>& chain, const std::string& last) {
  std::string text;
  for (const Link& link : chain) text += link.display + " -> ";
  return text + last;
}

std::string canonical_identity(const fs::path& path) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(path, error);
  if (!error) return canonical.string();
  return fs::absolute(path, error).lexically_normal().string();
}

std::optional<YAML::Node> resolve(const std::string& text, const fs::path& directory,
                                  std::vector<Link>& chain, DiagnosticSink& sink, Origins& origins) {
  const Link self = chain.back();
  origins.assign(1, {"", self.display});
  std::optional<YAML::Node> root = parse_document(text, self.display, sink);
  if (!root) {
    sink.add_file(self.display);
    return std::nullopt;
  }

  YAML::Node value;
  YAML::Mark mark;
  int given = 0;
  for (const auto& pair : *root) {
    if (!pair.first.IsScalar() || pair.first.Scalar() != "extends") continue;
    if (given++ == 0) {
      value = pair.second;
      mark = pair.second.IsNull() || pair.second.Mark().line < 0 ? pair.first.Mark() : pair.second.Mark();
    } else {
      sink.error_in_file(self.display, pair.first.Mark().line + 1, pair.first.Mark().column + 1, "extends",
                         "duplicate key 'extends' (first given on line " + std::to_string(mark.line + 1) +
                             "); a scenario extends one base: keep only one");
    }
  }
  if (given == 0) {
    sink.add_file(self.display);
    return root;
  }
  while (root->remove("extends")) {
  }

  const auto fail = [&](std::string message) -> std::optional<YAML::Node> {
    sink.error_in_file(self.display, mark.line + 1, mark.column + 1, "extends", std::move(message));
    sink.add_file(self.display);
    return std::nullopt;
  };
  if (!value.IsScalar() || value.Scalar().empty()) {
    return fail(
        "must be the path of the base scenario file, relative to this file's directory, e.g. "
        "extends: ../amt_2018.yaml; got " +
        describe_node(value));
  }
  const fs::path relative(value.Scalar());
  const fs::path path = (relative.is_absolute() ? relative : directory / relative).lexically_normal();
  const Link base{path.string(), canonical_identity(path)};

  for (const Link& link : chain) {
    if (!link.identity.empty() && link.identity == base.identity) {
      return fail(
          "'" + value.Scalar() + "' makes a cycle: " + chain_text(chain, base.display) +
          "; a scenario cannot extend itself, directly or through its bases: remove one of these extends");
    }
  }
  if (chain.size() > kMaxExtendsDepth) {
    return fail("too many levels of extends: " + chain_text(chain, base.display) +
                "; a scenario may extend " + "a base that extends another, at most " +
                std::to_string(kMaxExtendsDepth) + " deep");
  }
  std::string reason;
  const std::optional<std::string> base_text = read_yaml_file(path.string(), reason);
  if (!base_text) {
    return fail("cannot open the base scenario '" + value.Scalar() + "' (" + reason +
                "); the path is relative to the directory of this file");
  }

  chain.push_back(base);
  Origins base_origins;
  std::optional<YAML::Node> base_root = resolve(*base_text, path.parent_path(), chain, sink, base_origins);
  chain.pop_back();
  sink.add_file(self.display);
  if (!base_root) return std::nullopt;  // why is reported, in the base's file
  merge_into(*root, *base_root, "", base_origins, origins, sink);
  return root;
}

}  // namespace

std::optional<YAML::Node> resolve_document(const std::string& text, const std::string& display,
                                           const std::string& directory, const std::string& identity,
                                           DiagnosticSink& sink) {
  std::vector<Link> chain{Link{display, identity}};
  Origins origins;
  std::optional<YAML::Node> root = resolve(text, fs::path(directory), chain, sink, origins);
  for (const auto& [path, file] : origins) sink.add_file_origin(path, file);
  return root;
}

Scenario read_scenario_tree(const YAML::Node& root, DiagnosticSink& sink) {
  Scenario scenario;
  RegulationSpec global;
  ScenarioReader reader(sink, root, "");
  visit_scenario(reader, scenario, &global);
  reader.allow("interventions");  // read by read_interventions
  reader.allow("extends");        // resolved before: known, for did-you-mean
  reader.finish();
  validate_scenario(scenario, sink);
  return scenario;
}

}  // namespace gigsim
