// `interventions:`: parameters that change at a time during the run, each giving the
// whole validated scenario that holds from then on.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "io/scenario_interventions.hpp"
#include "io/scenario_loader.hpp"
#include "io/scenario_test_support.hpp"

using namespace gigsim;
using namespace gigsim::testing;

namespace {

const std::string kTwoPlatforms = R"(name: two
duration_days: 40
regulation:
  minimum_wage: {enabled: false, hourly: 7}
platforms:
  - name: strict
    requester_share: 0.5
  - name: lax
    requester_share: 0.5
    regulation:
      minimum_wage: {enabled: false}
)";

std::vector<std::string> messages_of(const std::string& text, const std::vector<std::string>& set_args = {}) {
  return formatted(diagnostics_of([&] { load_scenario_text(text, "s.yaml", set_args); }));
}

}  // namespace

TEST_CASE("intervention times: day, hour, minute or a number of minutes", "[loader]") {
  CHECK(parse_intervention_time("day 30") == std::optional<double>(43200.0));
  CHECK(parse_intervention_time("day 2.5") == std::optional<double>(3600.0));
  CHECK(parse_intervention_time("hour 36") == std::optional<double>(2160.0));
  CHECK(parse_intervention_time("minute 90") == std::optional<double>(90.0));
  CHECK(parse_intervention_time("90") == std::optional<double>(90.0));
  CHECK(parse_intervention_time("days 3") == std::optional<double>(4320.0));
  CHECK(parse_intervention_time("  hours   1 ") == std::optional<double>(60.0));
  CHECK_FALSE(parse_intervention_time("30 days").has_value());
  CHECK_FALSE(parse_intervention_time("week 1").has_value());
  CHECK_FALSE(parse_intervention_time("day").has_value());
  CHECK_FALSE(parse_intervention_time("").has_value());

  const Scenario s = load_scenario_text(kTwoPlatforms + R"(
interventions:
  - at: 45
    label: a plain number of minutes
    set: {workers.arrivals_per_day: 1}
  - at: minute 90
    label: minutes
    set: {workers.arrivals_per_day: 2}
  - at: hour 36
    label: hours
    set: {workers.arrivals_per_day: 3}
  - at: day 2.5
    label: a fraction of a day
    set: {workers.arrivals_per_day: 4}
  - at: day 2.5
    label: at the same time as the one before
    set: {workers.arrivals_per_day: 5}
  - at: day 30
    label: days
    set: {workers.arrivals_per_day: 6}
)",
                                        "s.yaml");
  REQUIRE(s.interventions.size() == 6);
  std::vector<std::int64_t> minutes;
  for (const Intervention& i : s.interventions) minutes.push_back(i.at_minute);
  CHECK(minutes == std::vector<std::int64_t>{45, 90, 2160, 3600, 3600, 43200});
  CHECK(s.interventions[0].label == "a plain number of minutes");
  for (std::size_t k = 0; k < 6; ++k) {
    REQUIRE(s.interventions[k].after);
    CHECK(s.interventions[k].after->workers.arrivals_per_day == static_cast<double>(k + 1));
  }
}

TEST_CASE("intervention times must be inside the run, on a tick and in order", "[loader]") {
  const auto messages = messages_of(R"(name: times
duration_days: 10
tick_minutes: 15
interventions:
  - {at: day 2, label: ok, set: {workers.arrivals_per_day: 1}}
  - {at: day 1, label: too early, set: {workers.arrivals_per_day: 1}}
  - {at: minute 0, label: zero, set: {workers.arrivals_per_day: 1}}
  - {at: -5, label: negative, set: {workers.arrivals_per_day: 1}}
  - {at: day 10, label: the end, set: {workers.arrivals_per_day: 1}}
  - {at: minute 100, label: off tick, set: {workers.arrivals_per_day: 1}}
  - {at: day 0.0001, label: part of a minute, set: {workers.arrivals_per_day: 1}}
  - {at: dya 3, label: slip, set: {workers.arrivals_per_day: 1}}
  - {at: {day: 3}, label: block, set: {workers.arrivals_per_day: 1}}
)");
  const std::vector<std::string> expected{
      "s.yaml:6:10: error: interventions[1].at: is earlier than the intervention listed before it (minute "
      "2880 "
      "(day 2), now minute 1440 (day 1)); list interventions in time order",
      "s.yaml:7:10: error: interventions[2].at: must be after the start of the run (more than 0 minutes), "
      "got "
      "'minute 0'; a value that holds from the start belongs in the scenario itself",
      "s.yaml:8:10: error: interventions[3].at: must be after the start of the run (more than 0 minutes), "
      "got "
      "'-5'; a value that holds from the start belongs in the scenario itself",
      "s.yaml:9:10: error: interventions[4].at: must be before the end of the run (duration_days: 10, which "
      "ends at minute 14400), got 'day 10'",
      "s.yaml:10:10: error: interventions[5].at: must fall on a tick, a multiple of tick_minutes (15), got "
      "'minute 100' = minute 100; use e.g. minute 90",
      "s.yaml:11:10: error: interventions[6].at: must fall on a whole minute, got 'day 0.0001' = minute "
      "0.14400000000000002",
      "s.yaml:12:10: error: interventions[7].at: must be a time such as day 30, day 2.5, hour 36, minute 90, "
      "or "
      "a number of minutes, got 'dya 3'; did you mean 'day 3'?",
      "s.yaml:13:10: error: interventions[8].at: must be a time such as day 30, day 2.5, hour 36, minute 90, "
      "or "
      "a number of minutes, got a mapping",
  };
  CHECK(messages == expected);
}

TEST_CASE("an intervention's after is the scenario with it and every earlier one applied", "[loader]") {
  const Scenario s = load_scenario_text(kTwoPlatforms + R"(
interventions:
  - at: day 10
    label: cheaper platform
    set:
      platforms[0].fee.rate: 0.1
  - at: day 20
    label: minimum wage
    set:
      regulation.minimum_wage.enabled: true
      workers.groups[0].speed: {median: 2, sigma: 0.1}
)",
                                        "s.yaml");
  REQUIRE(s.interventions.size() == 2);
  const Intervention& fee = s.interventions[0];
  const Intervention& wage = s.interventions[1];
  CHECK(fee.at_minute == 14400);
  CHECK(fee.label == "cheaper platform");
  CHECK(fee.settings == std::vector<std::pair<std::string, std::string>>{{"platforms[0].fee.rate", "0.1"}});
  CHECK(wage.settings == std::vector<std::pair<std::string, std::string>>{
                             {"regulation.minimum_wage.enabled", "true"},
                             {"workers.groups[0].speed", "{median: 2, sigma: 0.1}"}});

  // The scenario itself is unchanged; each after holds the settings so far, and no interventions.
  CHECK(s.platforms[0].fee.rate == 0.2);
  CHECK_FALSE(s.platforms[0].regulation.minimum_wage.enabled);
  REQUIRE(fee.after);
  REQUIRE(wage.after);
  CHECK(fee.after->interventions.empty());
  CHECK(wage.after->interventions.empty());
  CHECK(fee.after->platforms[0].fee.rate == 0.1);
  CHECK_FALSE(fee.after->platforms[0].regulation.minimum_wage.enabled);
  CHECK(wage.after->platforms[0].fee.rate == 0.1);  // cumulative
  CHECK(wage.after->workers.groups[0].speed.median == 2.0);

  Scenario expected_fee = s;
  expected_fee.interventions.clear();
  expected_fee.platforms[0].fee.rate = 0.1;
  CHECK(differences(*fee.after, expected_fee).empty());

  SECTION("a rule set by an intervention holds on every platform, its own value overridden") {
    CHECK(wage.after->platforms[0].regulation.minimum_wage.enabled);
    CHECK(wage.after->platforms[1].regulation.minimum_wage.enabled);        // lax had its own 'false'
    CHECK(wage.after->platforms[1].regulation.minimum_wage.hourly == 7.0);  // the rest is the global block
    Scenario expected = expected_fee;
    for (PlatformSpec& p : expected.platforms) p.regulation.minimum_wage.enabled = true;
    expected.workers.groups[0].speed = LogNormalSpec{2.0, 0.1};
    CHECK(differences(*wage.after, expected).empty());
  }
  SECTION("one platform's rule changes only that platform") {
    const Scenario t = load_scenario_text(kTwoPlatforms +
                                              "interventions:\n  - at: day 1\n    label: one\n    set:\n"
                                              "      platforms[1].regulation.minimum_wage.enabled: true\n",
                                          "s.yaml");
    CHECK_FALSE(t.interventions[0].after->platforms[0].regulation.minimum_wage.enabled);
    CHECK(t.interventions[0].after->platforms[1].regulation.minimum_wage.enabled);
  }
  SECTION("an intervention that sets values as they are gives the scenario itself") {
    const Scenario t =
        load_scenario_text(kTwoPlatforms +
                               "interventions:\n  - at: day 1\n    label: no-op\n    set:\n"
                               "      platforms[0].fee.rate: 0.2\n      regulation.minimum_wage.hourly: 7\n",
                           "s.yaml");
    Scenario plain = t;
    plain.interventions.clear();
    CHECK(differences(*t.interventions[0].after, plain).empty());
  }
  SECTION("--set applies before the interventions") {
    const Scenario t = load_scenario_text(kTwoPlatforms + R"(
interventions:
  - {at: day 1, label: x, set: {workers.arrivals_per_day: 3}}
)",
                                          "s.yaml", {"workers.registered=99", "workers.arrivals_per_day=1"});
    CHECK(t.workers.arrivals_per_day == 1.0);
    CHECK(t.interventions[0].after->workers.registered == 99);
    CHECK(t.interventions[0].after->workers.arrivals_per_day == 3.0);
  }
}

TEST_CASE("interventions round-trip through the resolved scenario", "[loader]") {
  const Scenario s = load_scenario_text(kTwoPlatforms + R"(
interventions:
  - at: hour 30
    label: "fee: lower, then a rule"
    set:
      platforms[0].fee: {rate: 0.1, minimum: 0.02}
      regulation.transparency: {enabled: true, search_time_factor: 0.5}
      platforms[1].listing: "highest_reward"
  - at: day 3
    label: minimum wage
    set:
      regulation.minimum_wage.enabled: true
      workers.groups[0].activity_by_local_hour: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]
)",
                                        "s.yaml");
  const std::string yaml = scenario_to_yaml(s);
  CHECK(yaml.find("interventions:\n  - at: minute 1800\n    label: \"fee: lower, then a rule\"\n    set:\n"
                  "      platforms[0].fee: {rate: 0.1, minimum: 0.02}\n") != std::string::npos);
  const Scenario again = load_scenario_text(yaml, "<resolved>");
  CHECK(differences(s, again).empty());
  CHECK(scenario_to_yaml(again) == yaml);
  REQUIRE(again.interventions.size() == 2);
  CHECK(again.interventions[0].settings[2].second == "\"highest_reward\"");
  CHECK(again.interventions[1].after->platforms[1].regulation.minimum_wage.enabled);
  CHECK(again.interventions[1].after->platforms[0].regulation.transparency.search_time_factor == 0.5);
  CHECK(settings_as_yaml_map(s.interventions[0].settings) ==
        "{\"platforms[0].fee\": {rate: 0.1, minimum: 0.02}, regulation.transparency: {enabled: true, "
        "search_time_factor: 0.5}, \"platforms[1].listing\": \"highest_reward\"}");
}

TEST_CASE("keys that fix the run's structure cannot be changed by an intervention", "[loader]") {
  for (const std::string key :
       {"name", "description", "currency", "seed", "duration_days", "tick_minutes", "start_weekday",
        "output.interval_minutes", "workers.registered", "requesters.count",
        "requesters.activity_pareto_alpha", "workers.groups[0].name", "requesters.types[0].name",
        "platforms[0].name", "output"}) {
    CAPTURE(key);
    const auto messages =
        messages_of("name: x\ninterventions:\n  - at: day 1\n    label: l\n    set:\n      " + key + ": 1\n");
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].find("s.yaml:6:7: error: interventions[0].set." + key + ": '") == 0);
    CHECK(messages[0].find("can only be set at the start of the run, not changed by an intervention") !=
          std::string::npos);
  }
  CHECK(structural_key("regulation.minimum_wage.enabled") == std::nullopt);
  CHECK(structural_key("workers.arrivals_per_day") == std::nullopt);
  CHECK(structural_key("platforms[0].fee.rate") == std::nullopt);
  CHECK(structural_key("workers.groups[1].name") == std::optional<std::string>("workers.groups[].name"));
  CHECK(structural_key("output.interval_minutes") == std::optional<std::string>("output"));

  SECTION("a block or list replaced whole may not change them either") {
    const auto messages = messages_of(R"(name: x
workers:
  registered: 300
  groups:
    - {name: us, share: 0.5}
    - {name: india, share: 0.5}
interventions:
  - at: day 1
    label: replaces
    set:
      workers: {arrivals_per_day: 3, groups: [{name: us, share: 0.5}, {name: in, share: 0.5}]}
      platforms: [{name: mturk, requester_share: 0.5}, {name: b, requester_share: 0.5}]
      workers.groups[0]: {name: us, share: 0.5}
)");
    const std::vector<std::string> expected{
        "s.yaml:11:7: error: interventions[0].set.workers: changes workers.registered from 300 to 20000, "
        "which "
        "can only be set at the start of the run; a block or list set here replaces the whole of it, so "
        "repeat "
        "workers.registered as it is, or set only the keys that change",
        "s.yaml:11:7: error: interventions[0].set.workers: changes workers.groups[1].name from 'india' to "
        "'in', "
        "which can only be set at the start of the run; a block or list set here replaces the whole of it, "
        "so "
        "repeat workers.groups[1].name as it is, or set only the keys that change",
        "s.yaml:12:7: error: interventions[0].set.platforms: changes the number of entries of platforms from "
        "1 "
        "to 2; the platforms, worker groups and requester types of a run stay the same throughout: set keys "
        "inside the entries instead, e.g. platforms[0].fee.rate",
    };
    CHECK(messages == expected);
  }
}

TEST_CASE("a bad value in an intervention is reported at its line in the interventions block", "[loader]") {
  const auto messages = messages_of(R"(name: x
workers:
  groups:
    - {name: us, share: 0.5}
    - {name: india, share: 0.5}
interventions:
  - at: day 1
    label: first
    set:
      platforms[0].fee.rate: 1.5
      regulation.minimum_wag.enabled: true
      workers.groups[0].share: 0.7
      workers.groups[1].skill: {mean: 1, concentration: 3}
  - at: day 2
    label: second
    set:
      platforms[0].fee.large_batch_rate: -1
      platforms[0].fee.rate: 1.5
  - at: day 3
    lable: third
    set:
      workers.arrivals_per_day: 1
      workers.arrivals_per_day: 2
  - at: day 4
)");
  // The block's own problems and the values' problems in each after, all at once.
  const std::vector<std::string> expected{
      "s.yaml:10:30: error: interventions[0].set.platforms[0].fee.rate: must be a rate in [0, 1], got 1.5",
      "s.yaml:11:7: error: interventions[0].set.regulation.minimum_wag: unknown key 'minimum_wag'; did you "
      "mean "
      "'minimum_wage'?",
      "s.yaml:12:7: error: interventions[0].set.workers.groups[0].share: with this change, workers.groups: "
      "the "
      "share values must sum to 1, got 1.2 (us 0.7 + india 0.5); adjust them so they add up to 1",
      "s.yaml:13:39: error: interventions[0].set.workers.groups[1].skill.mean: with concentration > 0 the "
      "mean "
      "must lie strictly between 0 and 1, got 1; use concentration: 0 for a constant",
      "s.yaml:17:42: error: interventions[1].set.platforms[0].fee.large_batch_rate: must be a rate in [0, "
      "1], "
      "got -1",
      "s.yaml:18:30: error: interventions[1].set.platforms[0].fee.rate: must be a rate in [0, 1], got 1.5",
      "s.yaml:19:5: error: interventions[2]: has no 'label'; give one line saying what it represents, e.g. "
      "label: minimum wage introduced",
      "s.yaml:20:5: error: interventions[2].lable: unknown key 'lable'; did you mean 'label'?",
      "s.yaml:23:7: error: interventions[2].set.workers.arrivals_per_day: duplicate key (first given on line "
      "22); keep only one",
      "s.yaml:24:5: error: interventions[3]: has no 'label'; give one line saying what it represents, e.g. "
      "label: minimum wage introduced",
      "s.yaml:24:5: error: interventions[3]: has no 'set'; give the keys it changes, e.g. set: "
      "{regulation.minimum_wage.enabled: true}",
  };
  CHECK(messages == expected);

  SECTION("values inside blocks, and a value that is not a number") {
    const auto values = messages_of(R"(name: x
workers:
  groups:
    - {name: us, share: 0.5}
    - {name: india, share: 0.5}
interventions:
  - at: day 1
    label: first
    set:
      platforms[0].fee.rate: 1.5
      workers.groups[0].share: 0.7
      workers.groups[1].skill: {mean: 1, concentration: 3}
      platforms[0].fraud_detection: {enable: true}
  - at: day 2
    label: second
    set:
      platforms[0].fee.large_batch_rate: -1
      regulation.due_process.notice_days: x
)");
    const std::vector<std::string> expected_values{
        "s.yaml:10:30: error: interventions[0].set.platforms[0].fee.rate: must be a rate in [0, 1], got 1.5",
        "s.yaml:11:7: error: interventions[0].set.workers.groups[0].share: with this change, workers.groups: "
        "the "
        "share values must sum to 1, got 1.2 (us 0.7 + india 0.5); adjust them so they add up to 1",
        "s.yaml:12:39: error: interventions[0].set.workers.groups[1].skill.mean: with concentration > 0 the "
        "mean "
        "must lie strictly between 0 and 1, got 1; use concentration: 0 for a constant",
        "s.yaml:13:38: error: interventions[0].set.platforms[0].fraud_detection.enable: unknown key "
        "'enable'; "
        "did you mean 'enabled'?",
        "s.yaml:17:42: error: interventions[1].set.platforms[0].fee.large_batch_rate: must be a rate in [0, "
        "1], "
        "got -1",
        "s.yaml:18:43: error: interventions[1].set.regulation.due_process.notice_days: must be a number, got "
        "'x'",
    };
    CHECK(values == expected_values);
  }
  SECTION("a list entry that does not exist") {
    const auto entries = messages_of(
        "name: x\ninterventions:\n  - at: day 1\n    label: l\n    set:\n"
        "      platforms[2].fee.rate: 0.1\n");
    REQUIRE(entries.size() == 1);
    CHECK(entries[0] ==
          "s.yaml:6:7: error: interventions[0].set.platforms[2]: there is no entry [2]: 'platforms' "
          "has 1 entry, numbered from 0; add entries in the file");
  }
  SECTION("the block's own shape") {
    CHECK(messages_of("name: x\ninterventions: {at: day 1}\n") ==
          std::vector<std::string>{"s.yaml:2:16: error: interventions: must be a list of interventions, each "
                                   "starting with '- at: ...' on its own line, got a mapping"});
    CHECK(messages_of("name: x\ninterventions:\n  - day 1\n") ==
          std::vector<std::string>{
              "s.yaml:3:5: error: interventions[0]: must be one intervention, a block with "
              "the keys at, label and set, got 'day 1'"});
    CHECK(messages_of("name: x\ninterventions:\n  - {at: day 1, label: l, set: [a]}\n") ==
          std::vector<std::string>{
              "s.yaml:3:32: error: interventions[0].set: must be a mapping of key paths to "
              "values (`regulation.minimum_wage.enabled: true` lines below it), got a list"});
    CHECK(
        messages_of("name: x\ninterventions:\n  - {at: day 1, label: l, set: {}}\n") ==
        std::vector<std::string>{"s.yaml:3:32: error: interventions[0].set: is empty; give the keys this "
                                 "intervention changes, as key paths, e.g. regulation.minimum_wage.enabled: "
                                 "true"});
    CHECK(load_scenario_text("name: x\ninterventions:\n", "s.yaml").interventions.empty());
    CHECK(load_scenario_text("name: x\ninterventions: []\n", "s.yaml").interventions.empty());
  }
  SECTION("problems of the scenario itself are not repeated for each intervention") {
    const auto both = messages_of(
        "name: x\nseed: -1\ninterventions:\n  - at: day 1\n    label: l\n    set:\n"
        "      workers.arrivals_per_day: -2\n");
    const std::vector<std::string> expected_both{
        "s.yaml:2:7: error: seed: must be a non-negative whole number, got -1",
        "s.yaml:7:33: error: interventions[0].set.workers.arrivals_per_day: must be >= 0, got -2",
    };
    CHECK(both == expected_both);
  }
  SECTION("interventions cannot be set from the command line") {
    const auto set = messages_of("name: x\n", {"interventions[0].at=5"});
    REQUIRE(set.size() == 1);
    CHECK(set[0] ==
          "<--set>:1:0: error: interventions: 'interventions' cannot be set this way (from --set, or by "
          "an intervention); write it in the scenario file");
  }
}

TEST_CASE("an intervention in a base file is checked and placed in that file", "[loader]") {
  ScenarioDirectory dir;
  dir.write("base.yaml",
            "name: base\ninterventions:\n  - at: day 1\n    label: l\n    set:\n"
            "      platforms[0].fee.rate: 7\n");
  const std::string child = dir.write("policy/child.yaml", "extends: ../base.yaml\nname: child\n");
  const auto ds = formatted(diagnostics_of([&] { load_scenario_file(child); }));
  REQUIRE(ds.size() == 1);
  CHECK(ds[0] == dir / "base.yaml" +
                     ":6:30: error: interventions[0].set.platforms[0].fee.rate: must be a rate in "
                     "[0, 1], got 7");
}
