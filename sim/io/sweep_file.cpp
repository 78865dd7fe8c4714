#include "io/sweep_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "io/did_you_mean.hpp"
#include "io/scenario_diagnostics.hpp"
#include "io/scenario_loader.hpp"
#include "io/set_overrides.hpp"
#include "io/yaml_guard.hpp"
#include "io/yaml_scalars.hpp"

namespace gigsim {
namespace {

namespace fs = std::filesystem;
using sweep::Design;

// A sweep with more runs than this is almost certainly a slip (a range with too many steps).
constexpr std::size_t kMaxRuns = 1000000;
// Bad runs listed in full; the rest are counted.
constexpr std::size_t kMaxBadRunsListed = 10;

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  void error(const YAML::Node& node, const std::string& path, std::string message) {
    const YAML::Mark mark = node.Mark();
    diagnostics_.push_back(Diagnostic{file_, mark.line + 1, mark.column + 1, path, std::move(message)});
  }
  void error_at(int line, int column, const std::string& path, std::string message) {
    diagnostics_.push_back(Diagnostic{file_, line, column, path, std::move(message)});
  }
  bool ok() const { return diagnostics_.empty(); }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

  // Keys of a mapping, each checked against `known` (unknown ones reported with a guess).
  std::vector<std::pair<std::string, YAML::Node>> keys(const YAML::Node& map, const std::string& path,
                                                       const std::vector<std::string>& known) {
    std::vector<std::pair<std::string, YAML::Node>> out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        error(key, path, "a key must be a plain name, got " + describe_node(key));
        continue;
      }
      const std::string name = key.Scalar();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string message = "unknown key '" + name + "'";
        if (auto guess = did_you_mean(name, known))
          message += "; did you mean '" + *guess + "'?";
        else
          message += "; the keys allowed here are " + join_names(known);
        error(key, child_path(path, name), std::move(message));
        continue;
      }
      if (std::any_of(out.begin(), out.end(), [&](const auto& e) { return e.first == name; })) {
        error(key, child_path(path, name), "'" + name + "' is given twice; keep one");
        continue;
      }
      out.emplace_back(name, it->second);
    }
    return out;
  }

  std::optional<double> number(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar() && !is_quoted(node)) {
      if (auto v = parse_number(node.Scalar()); v && std::isfinite(*v)) return v;
    }
    error(node, path, "expected a finite number, got " + describe_node(node));
    return std::nullopt;
  }

  std::optional<std::int64_t> whole(const YAML::Node& node, const std::string& path, std::int64_t min,
                                    std::int64_t max) {
    std::int64_t value = 0;
    if (!node.IsScalar() || is_quoted(node) || parse_int64(node.Scalar(), value) != IntParse::ok) {
      error(node, path, "expected a whole number, got " + describe_node(node));
      return std::nullopt;
    }
    if (value < min || value > max) {
      error(node, path,
            "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + node.Scalar());
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::string> text(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) return node.Scalar();
    error(node, path, "expected text, got " + describe_node(node));
    return std::nullopt;
  }

  bool boolean(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar() && !is_quoted(node) && (node.Scalar() == "true" || node.Scalar() == "false"))
      return node.Scalar() == "true";
    error(node, path, "expected true or false, got " + describe_node(node));
    return false;
  }

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

// A value as --set takes it: YAML text that reads back as the same node.
std::string value_text(const YAML::Node& node) {
  if (node.IsScalar() && !is_quoted(node)) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

struct ParameterInput {
  std::string path;
  YAML::Node key;
  YAML::Node value;
};

void read_parameter(Reader& reader, Design design, const ParameterInput& in, sweep::Parameter& p) {
  const std::string where = child_path("parameters", in.path);
  const bool sampled = design != Design::grid;
  const YAML::Node& v = in.value;
  if (v.IsSequence()) {
    if (sampled) {
      reader.error(v, where,
                   std::string("a ") + sweep::design_name(design) +
                       " design draws each parameter from a range: write {low: A, high: B}, not a list");
      return;
    }
    if (v.size() == 0) {
      reader.error(v, where, "the list of values is empty; give at least one value");
      return;
    }
    for (const auto& item : v) p.values.push_back(value_text(item));
    return;
  }
  if (!v.IsMap()) {
    reader.error(v, where,
                 sampled ? "expected a range {low: A, high: B}, got " + describe_node(v)
                         : "expected a list of values [a, b, c] or a range {from: A, to: B, steps: N}, got " +
                               describe_node(v));
    return;
  }
  if (sampled) {
    const auto keys = reader.keys(v, where, {"low", "high", "integer"});
    std::optional<double> low, high;
    for (const auto& [name, node] : keys) {
      if (name == "low") low = reader.number(node, child_path(where, name));
      if (name == "high") high = reader.number(node, child_path(where, name));
      if (name == "integer") p.integer = reader.boolean(node, child_path(where, name));
    }
    if (!v["low"] || !v["high"]) {
      reader.error(v, where, "a range needs both 'low' and 'high'");
      return;
    }
    if (low && high) {
      if (*low > *high) {
        reader.error(v["low"], child_path(where, "low"), "'low' must not be above 'high'");
        return;
      }
      if (p.integer && std::floor(*high) < std::ceil(*low)) {
        reader.error(v, where, "no whole number lies between 'low' and 'high'");
        return;
      }
      p.low = *low;
      p.high = *high;
    }
    return;
  }
  const auto keys = reader.keys(v, where, {"from", "to", "steps"});
  std::optional<double> from, to;
  std::optional<std::int64_t> steps;
  for (const auto& [name, node] : keys) {
    if (name == "from") from = reader.number(node, child_path(where, name));
    if (name == "to") to = reader.number(node, child_path(where, name));
    if (name == "steps") steps = reader.whole(node, child_path(where, name), 1, 100000);
  }
  if (!v["from"] || !v["to"] || !v["steps"]) {
    reader.error(v, where, "a range needs 'from', 'to' and 'steps' (the number of values, ends included)");
    return;
  }
  if (!from || !to || !steps) return;
  if (*steps == 1) {
    if (*from != *to) {
      reader.error(v["steps"], child_path(where, "steps"),
                   "one step cannot reach from 'from' to 'to'; use steps: 2 or more, or a list");
      return;
    }
    p.values.push_back(sweep::format_value(*from));
    return;
  }
  for (std::int64_t i = 0; i < *steps; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(*steps - 1);
    p.values.push_back(sweep::format_value(i == *steps - 1 ? *to : *from + t * (*to - *from)));
  }
}

std::optional<YAML::Node> parse(const std::string& text, const std::string& path, Reader& reader) {
  try {
    YAML::Node root = load_one_yaml_document(text, "sweep file");
    if (!root.IsMap()) {
      reader.error_at(1, 1, "",
                      "a sweep file is a mapping of keys (base, parameters, design, replicates, seed); see "
                      "docs/scenarios.md, \"Sweep files\"");
      return std::nullopt;
    }
    return root;
  } catch (const YamlGuardError& e) {
    reader.error_at(e.line(), e.column(), "", e.what());
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    reader.error_at(e.mark.line + 1, e.mark.column + 1, "",
                    "YAML syntax error: " + e.msg +
                        "; check the indentation, colons and brackets here or on "
                        "the line above");
    (void)path;
    return std::nullopt;
  }
}

}  // namespace

SweepFile load_sweep_file(const std::string& path, bool require_base) {
  std::string reason;
  const std::optional<std::string> text = read_yaml_file(path, reason);
  if (!text) {
    throw ScenarioError(
        {Diagnostic{path, 0, 0, "", "cannot open the sweep file (" + reason + "); check the path"}});
  }
  return load_sweep_text(*text, path, require_base);
}

SweepFile load_sweep_text(const std::string& text, const std::string& path, bool require_base) {
  SweepFile sweep;
  sweep.path = path;
  sweep.text = text;
  sweep::SweepSpec& spec = sweep.spec;
  spec.name = fs::path(path).stem().string();

  Reader reader(path);
  const auto root = parse(sweep.text, path, reader);
  if (!root) throw ScenarioError(std::move(reader.diagnostics()));

  static const std::vector<std::string> kKeys = {"name",       "description", "base", "design", "samples",
                                                 "parameters", "replicates",  "seed", "seeds"};
  const auto keys = reader.keys(*root, "", kKeys);
  auto find = [&](const std::string& name) -> const YAML::Node* {
    for (const auto& [n, node] : keys)
      if (n == name) return &node;
    return nullptr;
  };

  if (const auto* node = find("name"))
    if (auto t = reader.text(*node, "name")) spec.name = *t;
  if (const auto* node = find("description")) reader.text(*node, "description");

  if (const auto* node = find("design")) {
    if (auto t = reader.text(*node, "design")) {
      if (*t == "grid") {
        spec.design = Design::grid;
      } else if (*t == "lhs") {
        spec.design = Design::lhs;
      } else if (*t == "sobol") {
        spec.design = Design::sobol;
      } else {
        std::string message = "unknown design '" + *t + "'";
        if (auto guess = did_you_mean(*t, {"grid", "lhs", "sobol"}))
          message += "; did you mean '" + *guess + "'?";
        else
          message += "; the designs are grid, lhs (Latin hypercube) and sobol";
        reader.error(*node, "design", std::move(message));
      }
    }
  }

  const YAML::Mark root_mark = root->Mark();
  if (const auto* node = find("base")) {
    if (auto t = reader.text(*node, "base")) {
      fs::path base(*t);
      if (base.is_relative()) base = fs::path(path).parent_path() / base;
      spec.base_path = base.lexically_normal().string();
      std::error_code ec;
      if (require_base && !fs::is_regular_file(spec.base_path, ec))
        reader.error(*node, "base",
                     "the base scenario '" + spec.base_path +
                         "' does not exist (a relative path starts at the sweep file's folder)");
    }
  } else {
    reader.error_at(root_mark.line + 1, root_mark.column + 1, "base",
                    "a sweep needs 'base:', the scenario it varies (a path relative to the sweep file)");
  }

  const YAML::Node* samples = find("samples");
  if (spec.design == Design::grid) {
    if (samples)
      reader.error(*samples, "samples",
                   "'samples' is for lhs and sobol designs; a grid runs every combination");
  } else if (!samples) {
    reader.error_at(root_mark.line + 1, root_mark.column + 1, "samples",
                    std::string("a ") + sweep::design_name(spec.design) +
                        " design needs 'samples: N', the number of design points");
  } else if (auto n = reader.whole(*samples, "samples", 1, static_cast<std::int64_t>(kMaxRuns))) {
    spec.samples = static_cast<std::size_t>(*n);
  }

  if (const auto* node = find("replicates"))
    if (auto n = reader.whole(*node, "replicates", 1, 100000)) spec.replicates = static_cast<int>(*n);

  if (const auto* node = find("seed")) {
    std::uint64_t seed = 0;
    if (!node->IsScalar() || is_quoted(*node) || parse_uint64(node->Scalar(), seed) != IntParse::ok)
      reader.error(*node, "seed",
                   "expected a whole number from 0 to 18446744073709551615, got " + describe_node(*node));
    spec.seed = seed;
  }

  if (const auto* node = find("seeds")) {
    if (auto t = reader.text(*node, "seeds")) {
      if (*t == "independent")
        spec.seeds = sweep::SeedScheme::independent;
      else if (*t == "common")
        spec.seeds = sweep::SeedScheme::common;
      else
        reader.error(*node, "seeds",
                     "expected 'independent' (every run its own seed) or 'common' (replicate r has the same "
                     "seed at every point), got '" +
                         *t + "'");
    }
  }

  const YAML::Node* parameters = find("parameters");
  if (!parameters) {
    reader.error_at(root_mark.line + 1, root_mark.column + 1, "parameters",
                    "a sweep needs 'parameters:', a mapping of scenario key paths to their values");
  } else if (!parameters->IsMap() || parameters->size() == 0) {
    reader.error(
        *parameters, "parameters",
        "expected a mapping of scenario key paths to values, e.g. regulation.minimum_wage.hourly: [5, 7.25]");
  } else {
    for (auto it = parameters->begin(); it != parameters->end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        reader.error(key, "parameters", "a parameter must be a scenario key path, got " + describe_node(key));
        continue;
      }
      const std::string raw = key.Scalar();
      const std::string where = child_path("parameters", raw);
      if (raw == "seed") {
        reader.error(key, where,
                     "'seed' is set by the sweep ('seed:' and 'replicates:'), not varied as a parameter");
        continue;
      }
      const auto normalised = check_setting_path(raw, [&](const std::string& p, std::string message) {
        (void)p;
        reader.error(key, where, std::move(message));
      });
      if (!normalised) continue;
      if (std::any_of(spec.parameters.begin(), spec.parameters.end(),
                      [&](const auto& p) { return p.path == *normalised; })) {
        reader.error(key, where, "'" + raw + "' is varied twice; keep one");
        continue;
      }
      sweep::Parameter p;
      p.path = *normalised;
      read_parameter(reader, spec.design, ParameterInput{*normalised, key, it->second}, p);
      sweep.parameter_places.emplace_back(it->second.Mark().line + 1, it->second.Mark().column + 1);
      spec.parameters.push_back(std::move(p));
    }
    if (spec.design == Design::sobol && spec.parameters.size() > sweep::kMaxSobolDimensions)
      reader.error(*parameters, "parameters",
                   "a sobol design varies at most " + std::to_string(sweep::kMaxSobolDimensions) +
                       " parameters; use lhs for more");
  }

  if (reader.ok()) {
    double runs = static_cast<double>(spec.replicates);
    if (spec.design == Design::grid)
      for (const auto& p : spec.parameters) runs *= static_cast<double>(p.values.size());
    else
      runs *= static_cast<double>(spec.samples);
    if (runs > static_cast<double>(kMaxRuns))
      reader.error_at(root_mark.line + 1, root_mark.column + 1, "",
                      "the sweep would make " + sweep::format_value(runs) + " runs, more than " +
                          std::to_string(kMaxRuns) + "; fewer values, samples or replicates");
  }
  if (!reader.ok()) throw ScenarioError(std::move(reader.diagnostics()));
  return sweep;
}

std::vector<ResolvedRun> resolve_sweep_runs(const SweepFile& sweep) {
  const auto plans = sweep::make_plans(sweep.spec);
  std::vector<ResolvedRun> runs;
  runs.reserve(plans.size());
  std::vector<Diagnostic> problems;
  std::size_t bad_runs = 0;
  for (const auto& plan : plans) {
    const auto set_args = plan.set_args(sweep.spec);
    try {
      Scenario scenario = load_scenario_file(sweep.spec.base_path, set_args);
      std::string yaml = scenario_to_yaml(scenario);
      runs.push_back(ResolvedRun{plan, std::move(scenario), std::move(yaml)});
    } catch (const ScenarioError& e) {
      ++bad_runs;
      if (bad_runs > kMaxBadRunsListed) continue;
      std::string overrides;
      for (std::size_t i = 0; i + 1 < set_args.size(); ++i) overrides += (i ? ", " : "") + set_args[i];
      const std::string prefix = "run " + plan.id + " (" + overrides + "): ";
      for (Diagnostic d : e.diagnostics()) {
        if (d.file == DiagnosticSink::kSetSource && d.line >= 1 &&
            static_cast<std::size_t>(d.line) <= sweep.parameter_places.size()) {
          // The override came from a parameter of the sweep file: point there.
          const auto [line, column] = sweep.parameter_places[static_cast<std::size_t>(d.line) - 1];
          d.file = sweep.path;
          d.line = line;
          d.column = column;
        }
        d.message = prefix + d.message;
        problems.push_back(std::move(d));
      }
    }
  }
  if (bad_runs > kMaxBadRunsListed) {
    problems.push_back(Diagnostic{sweep.path, 0, 0, "",
                                  "and " + std::to_string(bad_runs - kMaxBadRunsListed) + " more of the " +
                                      std::to_string(plans.size()) + " runs are invalid"});
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return runs;
}

std::string sweep_fingerprint(const SweepFile& sweep, const std::vector<ResolvedRun>& runs) {
  sweep::Fingerprint fp;
  fp.add(sweep.text);
  for (const auto& run : runs) {
    fp.add(run.plan.id);
    fp.add(std::to_string(run.plan.seed));
    fp.add(run.scenario_yaml);
  }
  return fp.hex();
}

}  // namespace gigsim
