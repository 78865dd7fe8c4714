// The scenario loader: what a valid file becomes, and what every kind of mistake reports.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/builtin_scenario.hpp"
#include "io/did_you_mean.hpp"
#include "io/scenario_loader.hpp"
#include "io/scenario_schema.hpp"
#include "io/scenario_test_support.hpp"

using namespace gigsim;
using namespace gigsim::testing;

namespace {

const std::string kScenarios = GIGSIM_TEST_DATA "/../scenarios/";
const std::string kInvalid = GIGSIM_TEST_DATA "/invalid_scenarios/";

const std::string kMinimal = "name: minimal\n";

}  // namespace

TEST_CASE("baseline.yaml loads and its values land in the struct", "[loader]") {
  const Scenario s = load_scenario_file(kScenarios + "baseline.yaml");
  CHECK(s.name == "baseline");
  CHECK(s.currency == "USD");
  CHECK(s.seed == 42);
  CHECK(s.duration_days == 30.0);
  CHECK(s.tick_minutes == 1);
  CHECK(s.total_ticks() == 30 * 1440);
  CHECK(s.output.interval_minutes == 60);

  CHECK(s.workers.registered == 20000);
  REQUIRE(s.workers.groups.size() == 2);
  const WorkerGroupSpec& india = s.workers.groups[1];
  CHECK(india.name == "india");
  CHECK(india.share == 0.2);
  CHECK(india.utc_offset_hours == 5);
  CHECK(india.activity_by_local_hour[0] == 3.0);
  CHECK(india.activity_by_local_hour[23] == 5.0);
  CHECK(india.skill.mean == 0.9);
  CHECK(india.skill.concentration == 30.0);
  CHECK(india.reservation_wage.median == 0.8);
  CHECK(india.household_income.sigma == 0.7);
  CHECK(s.workers.behaviour.learning.floor == 0.6);
  CHECK(s.workers.behaviour.exit.base_daily_hazard == 0.0015);

  REQUIRE(s.requesters.types.size() == 4);
  CHECK(s.requesters.types[3].name == "wage_thief");
  CHECK(s.requesters.types[3].opportunistic_rejection == 0.1);
  CHECK(s.requesters.types[1].min_approved_count == 500);
  CHECK(s.requesters.types[0].task_minutes.median == 8.0);

  REQUIRE(s.platforms.size() == 1);
  const PlatformSpec& mturk = s.platforms[0];
  CHECK(mturk.name == "mturk");
  CHECK(mturk.fee.rate == 0.2);
  CHECK(mturk.fee.large_batch_rate == 0.4);
  CHECK(mturk.fee.large_batch_threshold == 10);
  CHECK(mturk.listing == ListingOrder::newest);
  CHECK(mturk.suspension == SuspensionStyle::silent);
  CHECK(mturk.fraud_detection.enabled);
  CHECK(mturk.employment_indicators.controls_via_ratings);
  CHECK_FALSE(mturk.employment_indicators.sets_pay);
  CHECK_FALSE(mturk.regulation.minimum_wage.enabled);
  CHECK(mturk.regulation.minimum_wage.hourly == 8.0);
  CHECK_FALSE(mturk.regulation.rejection.enabled);
}

TEST_CASE("the built-in baseline is baseline.yaml", "[loader]") {
  const Scenario builtin = load_scenario_text(builtin_baseline_yaml(), "<built-in>");
  const Scenario file = load_scenario_file(kScenarios + "baseline.yaml");
  CHECK(differences(builtin, file).empty());
}

TEST_CASE("missing keys take the struct defaults", "[loader]") {
  Scenario expected;
  expected.name = "minimal";
  const Scenario s = load_scenario_text(kMinimal, "<test>");
  CHECK(differences(s, expected).empty());

  SECTION("a list entry's missing fields take a fresh element's defaults") {
    const Scenario t = load_scenario_text(
        "workers:\n  groups:\n    - {name: a, share: 0.25}\n    - {name: b, share: 0.75, utc_offset_hours: "
        "5}\n",
        "<test>");
    REQUIRE(t.workers.groups.size() == 2);
    WorkerGroupSpec a;
    a.name = "a";
    a.share = 0.25;
    WorkerGroupSpec b;
    b.name = "b";
    b.share = 0.75;
    b.utc_offset_hours = 5;
    Scenario with_groups;
    with_groups.workers.groups = {a, b};
    CHECK(differences(t, with_groups).empty());
  }

  SECTION("an empty block keeps every default") {
    const Scenario t = load_scenario_text("name: minimal\nregulation:\nworkers:\n  behaviour:\n", "<test>");
    CHECK(differences(t, expected).empty());
  }
}

TEST_CASE("set overrides (--set) apply over the file before validation", "[loader]") {
  const std::string path = kScenarios + "baseline.yaml";
  const Scenario s = load_scenario_file(
      path, {"workers.registered=500", "platforms[0].fee.rate=0.3", "regulation.minimum_wage.enabled=true",
             "seed=7", "workers.groups[1].speed={median: 2, sigma: 0.1}",
             "platforms[0].listing=highest_reward", "description=\"a: b\""});
  CHECK(s.workers.registered == 500);
  CHECK(s.platforms[0].fee.rate == 0.3);
  CHECK(s.platforms[0].fee.large_batch_rate == 0.4);  // untouched siblings stay
  CHECK(s.platforms[0].regulation.minimum_wage.enabled);
  CHECK(s.seed == 7);
  CHECK(s.workers.groups[1].speed.median == 2.0);
  CHECK(s.workers.groups[1].speed.sigma == 0.1);
  CHECK(s.workers.groups[0].speed.median == 1.0);
  CHECK(s.platforms[0].listing == ListingOrder::highest_reward);
  CHECK(s.description == "a: b");

  SECTION("values are YAML, so text with ': ' needs quotes") {
    const auto ds = diagnostics_of([&] { load_scenario_file(path, {"description=a: b"}); });
    REQUIRE(ds.size() == 1);
    CHECK(
        format_diagnostic(ds[0]) ==
        "<--set>:1:0: error: description: must be text, got a mapping; put text containing ': ', '#', '[' or "
        "'{' in quotes");
  }
  SECTION("a later --set wins") {
    const Scenario t = load_scenario_file(path, {"seed=1", "seed=2"});
    CHECK(t.seed == 2);
  }
  SECTION("lists and blocks the file lacks are made from defaults") {
    const Scenario t =
        load_scenario_text(kMinimal, "<test>",
                           {"workers.groups[0].activity_by_local_hour=[0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,"
                            "1,1,1,1,1,1,0,0,0]",
                            "workers.behaviour.learning.floor=0.5", "platforms[0].name=crowd"});
    CHECK(t.workers.groups.size() == 1);
    CHECK(t.workers.groups[0].activity_by_local_hour[0] == 0.0);
    CHECK(t.workers.groups[0].activity_by_local_hour[6] == 1.0);
    CHECK(t.workers.behaviour.learning.floor == 0.5);
    CHECK(t.workers.behaviour.learning.exponent == LearningSpec{}.exponent);
    CHECK(t.platforms[0].name == "crowd");
  }
  SECTION("a whole list can be replaced") {
    const Scenario t = load_scenario_file(
        path, {"workers.groups=[{name: fr, share: 0.5, utc_offset_hours: 1}, {name: de, share: 0.5}]"});
    REQUIRE(t.workers.groups.size() == 2);
    CHECK(t.workers.groups[0].name == "fr");
    CHECK(t.workers.groups[0].utc_offset_hours == 1);
    CHECK(t.workers.groups[1].utc_offset_hours == WorkerGroupSpec{}.utc_offset_hours);
  }
}

TEST_CASE("set override errors name <--set>, the argument's position and the key path", "[loader]") {
  const std::string path = kScenarios + "baseline.yaml";
  const auto messages = formatted(diagnostics_of([&] {
    load_scenario_file(path, {"workers.registred=5", "workers.groups[2].share=1", "platforms[0].fee.rate=1.3",
                              "regulation.minimum_wage.enabled=yes", "seed=[1", "workers.groups.share=1",
                              "nonsense", "workers.groups[0].name.x=1", "workers..registered=1"});
  }));
  const std::vector<std::string> expected{
      "<--set>:1:0: error: workers.registred: unknown key 'registred'; did you mean 'registered'?",
      "<--set>:2:0: error: workers.groups[2]: there is no entry [2]: 'workers.groups' has 2 entries, "
      "numbered "
      "from 0; add entries in the file",
      "<--set>:3:0: error: platforms[0].fee.rate: must be a rate in [0, 1], got 1.3",
      "<--set>:4:0: error: regulation.minimum_wage.enabled: must be true or false, got 'yes'",
      "<--set>:5:0: error: seed: cannot read the value '[1' as YAML (end of sequence flow not found); put "
      "text "
      "containing ':', '#', '[' or '{' in quotes",
      "<--set>:6:0: error: workers.groups: is a list; pick an entry by its index first, e.g. "
      "workers.groups[0].share",
      "<--set>:7:0: error: expected KEY.PATH=VALUE, got 'nonsense'; e.g. --set workers.registered=500",
      "<--set>:8:0: error: workers.groups[0].name: is a single value (text) with nothing below it; set it as "
      "workers.groups[0].name=VALUE",
      "<--set>:9:0: error: workers..registered: is not a key path; write keys separated by '.' and list "
      "entries "
      "as [index], e.g. workers.groups[0].share",
  };
  CHECK(messages == expected);

  SECTION("a cross-field error caused by --set points at it") {
    const auto ds = diagnostics_of([&] {
      load_scenario_file(path, {"tick_minutes=15", "output.interval_minutes=50"});
    });
    REQUIRE(ds.size() == 1);
    CHECK(format_diagnostic(ds[0]) ==
          "<--set>:2:0: error: output.interval_minutes: must be a positive multiple of tick_minutes (15), "
          "got 50");
  }
  SECTION("--set errors come after the file's") {
    const auto ds = diagnostics_of(
        [&] { load_scenario_text("name: x\nseed: -1\n", "f.yaml", {"workers.registered=-1"}); });
    REQUIRE(ds.size() == 2);
    CHECK(format_diagnostic(ds[0]) == "f.yaml:2:7: error: seed: must be a non-negative whole number, got -1");
    CHECK(format_diagnostic(ds[1]) == "<--set>:1:0: error: workers.registered: must be a count >= 0, got -1");
  }
}

TEST_CASE("each platform's regulation is the global block with its own overrides, key by key", "[loader]") {
  const std::string text = R"(
platforms:
  - name: strict
    requester_share: 0.5
    regulation:
      minimum_wage: {hourly: 10}
      fee_cap: {enabled: true}
  - name: lax
    requester_share: 0.5
    regulation:
      minimum_wage: {enabled: false}
regulation:
  minimum_wage: {enabled: true, hourly: 8, top_up: false}
  rejection: {enabled: true, appeal_success: 0.6}
)";
  const Scenario s = load_scenario_text(text, "<test>");
  REQUIRE(s.platforms.size() == 2);
  const RegulationSpec& strict = s.platforms[0].regulation;
  CHECK(strict.minimum_wage.enabled);
  CHECK(strict.minimum_wage.hourly == 10.0);
  CHECK_FALSE(strict.minimum_wage.top_up);
  CHECK(strict.fee_cap.enabled);
  CHECK(strict.fee_cap.max_rate == FeeCapRule{}.max_rate);
  CHECK(strict.rejection.enabled);
  CHECK(strict.rejection.appeal_success == 0.6);

  const RegulationSpec& lax = s.platforms[1].regulation;
  CHECK_FALSE(lax.minimum_wage.enabled);
  CHECK(lax.minimum_wage.hourly == 8.0);
  CHECK_FALSE(lax.fee_cap.enabled);
  CHECK(lax.rejection.enabled);

  SECTION("without a platforms list, the default platform gets the global block") {
    const Scenario t = load_scenario_text("regulation:\n  payout: {enabled: true}\n", "<test>");
    CHECK(t.platforms[0].regulation.payout.enabled);
  }
  SECTION("--set reaches both levels") {
    const Scenario t = load_scenario_text(
        text, "<test>",
        {"regulation.transparency.enabled=true", "platforms[1].regulation.transparency.enabled=false"});
    CHECK(t.platforms[0].regulation.transparency.enabled);
    CHECK_FALSE(t.platforms[1].regulation.transparency.enabled);
  }
}

TEST_CASE("scenario_to_yaml round-trips exactly", "[loader]") {
  const Scenario s = load_scenario_file(kScenarios + "baseline.yaml");
  const std::string yaml = scenario_to_yaml(s);
  const Scenario again = load_scenario_text(yaml, "<resolved>");
  CHECK(differences(s, again).empty());
  CHECK(scenario_to_yaml(again) == yaml);

  SECTION("every shipped scenario, extends resolved and interventions included") {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kScenarios)) {
      // scenarios/sweeps/ holds sweep files, not scenarios.
      if (entry.path().extension() == ".yaml" && entry.path().parent_path().filename() != "sweeps")
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 10);
    bool some_interventions = false;
    for (const std::filesystem::path& file : files) {
      CAPTURE(file.string());
      const Scenario shipped = load_scenario_file(file.string());
      some_interventions = some_interventions || !shipped.interventions.empty();
      const std::string text = scenario_to_yaml(shipped);
      CHECK(text.find("extends") == std::string::npos);
      const Scenario reloaded = load_scenario_text(text, "<resolved>");
      CHECK(differences(shipped, reloaded).empty());
      CHECK(scenario_to_yaml(reloaded) == text);
    }
    CHECK(some_interventions);
  }
  SECTION("every key is written, regulation in full under each platform") {
    CHECK(yaml.find("multi_platform_share:") != std::string::npos);
    CHECK(yaml.find("\n    regulation:\n      minimum_wage:") != std::string::npos);
    CHECK(yaml.find("\nregulation:") == std::string::npos);
  }
  SECTION("awkward doubles and text survive") {
    const Scenario odd = load_scenario_text(
        "name: \"null\"\ndescription: \"true: # not a comment\"\nduration_days: 0.1\ntick_minutes: 1\n"
        "seed: 18446744073709551615\nworkers:\n  arrivals_per_day: 0.30000000000000004\n"
        "  groups:\n    - {name: g, reservation_wage: {median: 1e-7, sigma: 4.9999999999999991}}\n",
        "<test>");
    CHECK(odd.workers.arrivals_per_day == 0.1 + 0.2);
    const std::string odd_yaml = scenario_to_yaml(odd);
    const Scenario odd_again = load_scenario_text(odd_yaml, "<resolved>");
    CHECK(differences(odd, odd_again).empty());
    CHECK(odd_again.name == "null");
    CHECK(odd_again.description == "true: # not a comment");
    CHECK(scenario_to_yaml(odd_again) == odd_yaml);
  }
}

TEST_CASE("every invalid scenario gives exactly its expected diagnostics", "[loader]") {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kInvalid)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 15);
  for (const std::filesystem::path& file : files) {
    CAPTURE(file.filename().string());
    std::filesystem::path expected_file = file;
    expected_file.replace_extension(".expected");
    REQUIRE(std::filesystem::exists(expected_file));
    std::vector<std::string> expected;
    std::istringstream lines(read_text(expected_file.string()));
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) expected.push_back(line);
    }

    const auto ds = diagnostics_of([&] { load_scenario_file(file.string()); });
    std::vector<std::string> actual;
    for (const Diagnostic& d : ds) {
      CHECK(d.file == file.string());
      const std::string text = format_diagnostic(d);
      actual.push_back(text.substr(d.file.size() + 1));
    }
    for (const std::string& line : expected) {
      CAPTURE(line);
      CHECK(std::find(actual.begin(), actual.end(), line) != actual.end());
    }
    CAPTURE(actual);
    CHECK(actual.size() == expected.size());
  }
}

TEST_CASE("list limits, integers and the file itself", "[loader]") {
  SECTION("at most 8 platforms") {
    std::string list = "platforms=[";
    for (int i = 0; i < 9; ++i) list += std::string(i ? ", " : "") + "{name: p" + std::to_string(i) + "}";
    list += "]";
    const auto ds = diagnostics_of([&] { load_scenario_text(kMinimal, "<test>", {list}); });
    const auto messages = formatted(ds);
    CHECK(std::find(messages.begin(), messages.end(),
                    "<--set>:1:0: error: platforms: has 9 entries; at most 8 platforms are allowed") !=
          messages.end());
  }
  SECTION("a whole number written with a decimal point is refused, with the fix") {
    const auto ds = diagnostics_of([&] { load_scenario_text("workers: {registered: 500.0}\n", "s.yaml"); });
    REQUIRE(ds.size() == 1);
    CHECK(format_diagnostic(ds[0]) ==
          "s.yaml:1:23: error: workers.registered: must be a whole number written without a decimal point or "
          "exponent, got 500.0; write 500 as digits only");
  }
  SECTION("a file that cannot be opened") {
    const auto ds = diagnostics_of([&] { load_scenario_file(kInvalid + "no_such_file.yaml"); });
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].message.find("cannot open the scenario file") == 0);
  }
  SECTION("the exception's own message names the first problem and the count") {
    try {
      load_scenario_text("seed: -1\ncurrency: usd\n", "two.yaml");
      FAIL("expected a ScenarioError");
    } catch (const ScenarioError& e) {
      CHECK(std::string(e.what()).find("two.yaml:1:7: error: seed:") == 0);
      CHECK(std::string(e.what()).find("(and 1 more)") != std::string::npos);
    }
  }
}

TEST_CASE("did-you-mean suggests only plausible slips", "[loader]") {
  const std::vector<std::string> keys{"registered", "arrivals_per_day", "groups", "behaviour"};
  CHECK(edit_distance("registred", "registered") == 1);
  CHECK(edit_distance("gropus", "groups") == 1);  // a swap counts once
  CHECK(did_you_mean("registred", keys) == std::optional<std::string>("registered"));
  CHECK(did_you_mean("behavior", keys) == std::optional<std::string>("behaviour"));
  CHECK(did_you_mean("ArrivalsPerDay", keys) == std::optional<std::string>("arrivals_per_day"));
  CHECK_FALSE(did_you_mean("extends", keys).has_value());
  CHECK_FALSE(did_you_mean("xyz", keys).has_value());
}
