#include "io/fork_scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/error.hpp"
#include "io/scenario_interventions.hpp"
#include "io/scenario_loader.hpp"

namespace gigsim {
namespace {

std::string trim(const std::string& s) {
  const std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

Diagnostic at_argument(std::size_t index, const std::string& key, std::string message) {
  return Diagnostic{"<--set>", static_cast<int>(index + 1), 0, key, std::move(message)};
}

}  // namespace

Scenario fork_scenario(const std::string& scenario_yaml, std::int64_t at_minute, const std::string& label,
                       const std::vector<std::string>& set_args) {
  Scenario base = load_scenario_text(scenario_yaml, "<checkpoint>");
  Intervention fork;
  fork.at_minute = at_minute;
  fork.label = label;
  std::vector<Diagnostic> problems;
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < set_args.size(); ++i) {
    const std::string& arg = set_args[i];
    const std::size_t equals = arg.find('=');
    const std::string key = equals == std::string::npos ? trim(arg) : trim(arg.substr(0, equals));
    keys.push_back(key);
    if (equals == std::string::npos || key.empty()) {
      problems.push_back(at_argument(i, key, "expected KEY.PATH=VALUE, got '" + arg + "'"));
      continue;
    }
    const std::string value_text = arg.substr(equals + 1);
    try {
      fork.settings.emplace_back(key, compact_yaml(YAML::Load(value_text)));
    } catch (const YAML::Exception& e) {
      problems.push_back(at_argument(i, key,
                                     "cannot read the value '" + value_text + "' as YAML (" + e.msg +
                                         "); put text containing ':', '#', '[' or '{' in quotes"));
    }
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));

  const auto position = std::find_if(base.interventions.begin(), base.interventions.end(),
                                     [&](const Intervention& i) { return i.at_minute > at_minute; }) -
                        base.interventions.begin();
  base.interventions.insert(base.interventions.begin() + position, fork);
  const std::string text = scenario_to_yaml(base);
  try {
    return load_scenario_text(text, "<fork>");
  } catch (const ScenarioError& e) {
    // Problems with the new intervention are the --set arguments'; point at them.
    const std::string prefix = "interventions[" + std::to_string(position) + "].set";
    std::vector<Diagnostic> out;
    for (Diagnostic d : e.diagnostics()) {
      if (d.key_path.rfind(prefix, 0) == 0) {
        std::string key = d.key_path.substr(std::min(d.key_path.size(), prefix.size() + 1));
        std::size_t index = 0;
        for (std::size_t i = 0; i < keys.size(); ++i) {
          if (!keys[i].empty() && (key == keys[i] || key.rfind(keys[i], 0) == 0)) index = i;
        }
        d = at_argument(index, key.empty() ? keys.front() : key, d.message);
      }
      out.push_back(std::move(d));
    }
    throw ScenarioError(std::move(out));
  }
}

}  // namespace gigsim
