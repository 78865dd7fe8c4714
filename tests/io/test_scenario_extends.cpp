// `extends:`: a scenario written as a few keys over a base scenario file.
#include <catch2/catch.hpp>
#include <filesystem>

#include "core/error.hpp"
#include "io/scenario_loader.hpp"
#include "io/scenario_test_support.hpp"

using namespace gigsim;
using namespace gigsim::testing;

namespace {

const std::string kBase = R"(name: base
seed: 7
workers:
  registered: 500
  arrivals_per_day: 5
  groups:
    - {name: us, share: 0.6, utc_offset_hours: -5, weekend_factor: 0.5}
    - {name: india, share: 0.4, utc_offset_hours: 5}
  behaviour:
    exit: {tolerance: 0.5, base_daily_hazard: 0.01}
regulation:
  minimum_wage: {enabled: false, hourly: 7, top_up: false}
platforms:
  - name: mturk
    fee: {rate: 0.2, minimum: 0.05}
)";

// Changes the current directory for one scope.
struct InDirectory {
  std::filesystem::path saved = std::filesystem::current_path();
  explicit InDirectory(const std::filesystem::path& path) { std::filesystem::current_path(path); }
  ~InDirectory() { std::filesystem::current_path(saved); }
};

}  // namespace

TEST_CASE("extends merges the file's keys over its base: maps key by key, scalars and lists whole",
          "[loader]") {
  ScenarioDirectory dir;
  dir.write("base.yaml", kBase);
  const std::string child = dir.write("child.yaml", R"(extends: base.yaml
name: child
workers:
  arrivals_per_day: 9
  behaviour:
    exit: {tolerance: 0.9}
regulation:
  minimum_wage: {enabled: true}
)");
  const Scenario s = load_scenario_file(child);
  CHECK(s.name == "child");
  CHECK(s.seed == 7);                        // only in the base
  CHECK(s.workers.registered == 500);        // a sibling of an overridden key
  CHECK(s.workers.arrivals_per_day == 9.0);  // overridden
  REQUIRE(s.workers.groups.size() == 2);     // a list only in the base
  CHECK(s.workers.groups[0].weekend_factor == 0.5);
  CHECK(s.workers.behaviour.exit.tolerance == 0.9);           // deep in a block
  CHECK(s.workers.behaviour.exit.base_daily_hazard == 0.01);  // its sibling, from the base
  const MinimumWageRule& rule = s.platforms[0].regulation.minimum_wage;
  CHECK(rule.enabled);
  CHECK(rule.hourly == 7.0);
  CHECK_FALSE(rule.top_up);
  CHECK(s.platforms[0].fee.minimum == 0.05);

  SECTION("a list replaces the base's list whole: entries are not merged") {
    const std::string file =
        dir.write("groups.yaml", "extends: base.yaml\nworkers:\n  groups:\n    - {name: fr, share: 1}\n");
    const Scenario t = load_scenario_file(file);
    REQUIRE(t.workers.groups.size() == 1);
    CHECK(t.workers.groups[0].name == "fr");
    CHECK(t.workers.groups[0].weekend_factor == WorkerGroupSpec{}.weekend_factor);
    CHECK(t.workers.groups[0].utc_offset_hours == WorkerGroupSpec{}.utc_offset_hours);
  }
  SECTION("a block written with nothing below it keeps the base's block") {
    const std::string file = dir.write("empty_block.yaml", "extends: base.yaml\nworkers:\nregulation:\n");
    const Scenario t = load_scenario_file(file);
    CHECK(t.workers.registered == 500);
    CHECK(t.platforms[0].regulation.minimum_wage.hourly == 7.0);
  }
  SECTION("a file with only extends is its base") {
    const std::string file = dir.write("same.yaml", "extends: base.yaml\n");
    CHECK(differences(load_scenario_file(file), load_scenario_file(dir / "base.yaml")).empty());
  }
  SECTION("--set applies after the merge") {
    const Scenario t = load_scenario_file(child, {"workers.registered=42", "workers.arrivals_per_day=1"});
    CHECK(t.workers.registered == 42);
    CHECK(t.workers.arrivals_per_day == 1.0);
    CHECK(t.workers.behaviour.exit.tolerance == 0.9);
  }
  SECTION("the resolved scenario has no extends and loads back to the same scenario") {
    const std::string yaml = scenario_to_yaml(s);
    CHECK(yaml.find("extends") == std::string::npos);
    const Scenario again = load_scenario_text(yaml, "<resolved>");
    CHECK(differences(s, again).empty());
    CHECK(scenario_to_yaml(again) == yaml);
  }
}

TEST_CASE("extends paths are relative to the extending file, through a chain of bases", "[loader]") {
  ScenarioDirectory dir;
  dir.write("base.yaml", kBase);
  dir.write("policies/middle.yaml", "extends: ../base.yaml\nname: middle\nworkers: {registered: 800}\n");
  const std::string top =
      dir.write("policies/deeper/top.yaml",
                "extends: ../middle.yaml\nname: top\nplatforms:\n  - {name: prolific, fee: {rate: 0.3}}\n");
  const Scenario s = load_scenario_file(top);
  CHECK(s.name == "top");
  CHECK(s.workers.registered == 800);        // from the middle
  CHECK(s.workers.arrivals_per_day == 5.0);  // from the base
  CHECK(s.seed == 7);
  REQUIRE(s.platforms.size() == 1);
  CHECK(s.platforms[0].name == "prolific");
  CHECK(s.platforms[0].fee.minimum == FeeSpec{}.minimum);  // the list was replaced whole

  SECTION("from text, extends is relative to the current directory") {
    InDirectory here(dir.path);
    const Scenario t = load_scenario_text("extends: policies/middle.yaml\nname: text\n", "<text>");
    CHECK(t.name == "text");
    CHECK(t.workers.registered == 800);
    CHECK(t.seed == 7);
  }
  SECTION("interventions of a base are kept unless the file gives its own list") {
    dir.write("with_interventions.yaml",
              "extends: base.yaml\ninterventions:\n  - {at: day 1, label: fee, set: "
              "{\"platforms[0].fee.rate\": 0.1}}\n");
    const Scenario kept = load_scenario_file(dir.write("kept.yaml", "extends: with_interventions.yaml\n"));
    REQUIRE(kept.interventions.size() == 1);
    CHECK(kept.interventions[0].after->platforms[0].fee.rate == 0.1);
    const Scenario replaced =
        load_scenario_file(dir.write("replaced.yaml",
                                     "extends: with_interventions.yaml\ninterventions:\n  - {at: day 2, "
                                     "label: b, set: {workers.arrivals_per_day: 1}}\n"));
    REQUIRE(replaced.interventions.size() == 1);
    CHECK(replaced.interventions[0].at_minute == 2880);
  }
}

TEST_CASE("errors in a base name the base file and its line; errors in the file name the file", "[loader]") {
  ScenarioDirectory dir;
  const std::string base =
      dir.write("base.yaml", "name: base\nworkers:\n  registered: -3\n  arrivals_per_dya: 2\n");
  const std::string child = dir.write(
      "sub/child.yaml", "extends: ../base.yaml\nseed: -1\nplatforms:\n  - {name: x, fee: {rate: 2}}\n");
  const auto messages = formatted(diagnostics_of([&] { load_scenario_file(child); }));
  const std::vector<std::string> expected{
      base + ":3:15: error: workers.registered: must be a count >= 0, got -3",
      base +
          ":4:3: error: workers.arrivals_per_dya: unknown key 'arrivals_per_dya'; did you mean "
          "'arrivals_per_day'?",
      child + ":2:7: error: seed: must be a non-negative whole number, got -1",
      child + ":4:27: error: platforms[0].fee.rate: must be a rate in [0, 1], got 2",
  };
  CHECK(messages == expected);

  SECTION("a rule joining keys points at the file that wrote the list") {
    dir.write("shares.yaml",
              "workers:\n  groups:\n    - {name: a, share: 0.5}\n    - {name: b, share: 0.3}\n");
    const std::string file = dir.write("uses_shares.yaml", "extends: shares.yaml\nname: x\n");
    const auto ds = formatted(diagnostics_of([&] { load_scenario_file(file); }));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0] ==
          dir / "shares.yaml" +
              ":3:5: error: workers.groups: the share values must sum to 1, got 0.8 (a 0.5 + b 0.3); "
              "adjust them so they add up to 1");
  }
  SECTION("a syntax error in the base") {
    dir.write("broken.yaml", "name: [x\n");
    const std::string file = dir.write("uses_broken.yaml", "extends: broken.yaml\n");
    const auto ds = diagnostics_of([&] { load_scenario_file(file); });
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].file == dir / "broken.yaml");
    CHECK(ds[0].message.find("YAML syntax error") == 0);
  }
  SECTION("an error in a value the file overrides is not reported") {
    const std::string file =
        dir.write("fixes.yaml", "extends: base.yaml\nworkers: {registered: 3, arrivals_per_dya: 1}\n");
    const auto ds = formatted(diagnostics_of([&] { load_scenario_file(file); }));
    REQUIRE(ds.size() == 1);  // the misspelt key, now the file's own
    CHECK(ds[0] == file +
                       ":2:26: error: workers.arrivals_per_dya: unknown key 'arrivals_per_dya'; did you mean "
                       "'arrivals_per_day'?");
  }
}

TEST_CASE("extends that cannot be followed are errors at the extends line", "[loader]") {
  ScenarioDirectory dir;
  SECTION("a missing base file") {
    const std::string file = dir.write("a.yaml", "name: a\nextends: ../nowhere/base.yaml\n");
    const auto ds = formatted(diagnostics_of([&] { load_scenario_file(file); }));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0] ==
          file +
              ":2:10: error: extends: cannot open the base scenario '../nowhere/base.yaml' (No such file "
              "or directory); the path is relative to the directory of this file");
  }
  SECTION("a cycle, with the chain that makes it") {
    const std::string a = dir.write("a.yaml", "extends: sub/b.yaml\nname: a\n");
    const std::string b = dir.write("sub/b.yaml", "name: b\nextends: ../a.yaml\n");
    const auto ds = formatted(diagnostics_of([&] { load_scenario_file(a); }));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0] ==
          b + ":2:10: error: extends: '../a.yaml' makes a cycle: " + a + " -> " + b + " -> " + a +
              "; a scenario cannot extend itself, directly or through its bases: remove one of these "
              "extends");
  }
  SECTION("a file that extends itself") {
    const std::string file = dir.write("self.yaml", "extends: ./self.yaml\n");
    const auto ds = diagnostics_of([&] { load_scenario_file(file); });
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].message.find("makes a cycle: " + file + " -> " + file) != std::string::npos);
  }
  SECTION("at most 8 levels") {
    for (int i = 1; i <= 9; ++i) {
      dir.write(
          "level" + std::to_string(i) + ".yaml",
          i == 9 ? std::string("name: deepest\n") : "extends: level" + std::to_string(i + 1) + ".yaml\n");
    }
    // level1 -> ... -> level9 is 8 extends: allowed.
    CHECK(load_scenario_file(dir / "level1.yaml").name == "deepest");
    const std::string top = dir.write("level0.yaml", "extends: level1.yaml\n");
    const auto ds = diagnostics_of([&] { load_scenario_file(top); });
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].file == dir / "level8.yaml");
    CHECK(ds[0].message.find("too many levels of extends: " + top) == 0);
    CHECK(ds[0].message.find("at most 8 deep") != std::string::npos);
  }
  SECTION("extends given twice, or not as a path") {
    const std::string twice = dir.write("twice.yaml", "extends: x.yaml\nname: t\nextends: y.yaml\n");
    auto ds = formatted(diagnostics_of([&] { load_scenario_file(twice); }));
    REQUIRE(ds.size() == 2);  // the duplicate, and the first base that does not exist
    CHECK(ds[0].find(twice + ":1:10: error: extends: cannot open the base scenario 'x.yaml'") == 0);
    CHECK(ds[1] == twice +
                       ":3:1: error: extends: duplicate key 'extends' (first given on line 1); a scenario "
                       "extends one base: keep only one");
    const std::string list = dir.write("list.yaml", "extends: [a.yaml, b.yaml]\n");
    ds = formatted(diagnostics_of([&] { load_scenario_file(list); }));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0] == list +
                       ":1:10: error: extends: must be the path of the base scenario file, relative to this "
                       "file's directory, e.g. extends: ../amt_2018.yaml; got a list");
  }
  SECTION("a misspelt extends gets a suggestion") {
    const std::string file = dir.write("typo.yaml", "extend: base.yaml\n");
    const auto ds = formatted(diagnostics_of([&] { load_scenario_file(file); }));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0] == file + ":1:1: error: extend: unknown key 'extend'; did you mean 'extends'?");
  }
  SECTION("extends below the top level is an unknown key") {
    const std::string file = dir.write("nested.yaml", "workers:\n  extends: base.yaml\n");
    const auto ds = diagnostics_of([&] { load_scenario_file(file); });
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].key_path == "workers.extends");
  }
}

TEST_CASE("each shipped policy scenario is amt_2018 with one rule switched on", "[loader]") {
  const std::string dir = GIGSIM_TEST_DATA "/../scenarios/";
  const Scenario base = load_scenario_file(dir + "amt_2018.yaml");
  const std::vector<std::pair<std::string, std::string>> policies{
      {"minimum_wage", "minimum_wage"},
      {"justified_rejection", "rejection"},
      {"due_process", "due_process"},
      {"fee_cap", "fee_cap"},
      {"social_contributions", "social_contributions"},
      {"presumption_of_employment", "presumption_of_employment"},
      {"transparency", "transparency"},
  };
  for (const auto& [file, rule] : policies) {
    CAPTURE(file);
    const Scenario policy = load_scenario_file(dir + "policies/" + file + ".yaml");
    CHECK(policy.name == file);
    CHECK(policy.interventions.empty());
    const std::string prefix = "platforms[0].regulation." + rule + ".";
    bool enabled = false;
    for (const std::string& field : differences(base, policy)) {
      CAPTURE(field);
      CHECK((field == "name" || field == "description" || field.starts_with(prefix)));
      enabled = enabled || field == prefix + "enabled";
    }
    CHECK(enabled);
  }

  SECTION("all_rules switches every one of them on") {
    const Scenario all = load_scenario_file(dir + "policies/all_rules.yaml");
    const RegulationSpec& r = all.platforms[0].regulation;
    CHECK(r.minimum_wage.enabled);
    CHECK(r.rejection.enabled);
    CHECK(r.due_process.enabled);
    CHECK(r.fee_cap.enabled);
    CHECK(r.social_contributions.enabled);
    CHECK(r.presumption_of_employment.enabled);
    CHECK(r.transparency.enabled);
  }
  SECTION("minimum_wage_at_day_15 is amt_2018 until day 15, then the minimum wage scenario") {
    const Scenario switched = load_scenario_file(dir + "policies/minimum_wage_at_day_15.yaml");
    REQUIRE(switched.interventions.size() == 1);
    CHECK(switched.interventions[0].at_minute == 15 * 1440);
    Scenario before = switched;
    before.interventions.clear();
    before.name = base.name;
    before.description = base.description;
    CHECK(differences(before, base).empty());
    Scenario after = *switched.interventions[0].after;
    Scenario minimum_wage = load_scenario_file(dir + "policies/minimum_wage.yaml");
    after.name = minimum_wage.name;
    after.description = minimum_wage.description;
    CHECK(differences(after, minimum_wage).empty());
  }
}
