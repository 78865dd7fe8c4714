// The guards in front of yaml-cpp (sim/io/yaml_guard.hpp; issue 8, docs/robustness.md): input on
// which yaml-cpp 0.7's LoadAll never returns, and the size, depth and document bounds, each
// refused at once with FILE:LINE:COL and what to do.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/scenario_loader.hpp"
#include "io/sweep_file.hpp"
#include "io/yaml_guard.hpp"

using namespace gigsim;
namespace fs = std::filesystem;

namespace {

// The formatted diagnostics of a scenario text that must be refused.
std::vector<std::string> scenario_errors(const std::string& text) {
  std::vector<std::string> out;
  try {
    (void)load_scenario_text(text, "s.yaml");
  } catch (const ScenarioError& e) {
    for (const Diagnostic& d : e.diagnostics()) out.push_back(format_diagnostic(d));
  }
  return out;
}

const std::string kComma =
    "error: a ',' outside any [ ] or { } list: commas separate items only inside brackets; remove it, or if "
    "this line continues the block above, indent it as far as that block's keys";

}  // namespace

TEST_CASE("yaml guard: a stray top-level comma is refused instead of hanging yaml-cpp",
          "[loader][yaml_guard]") {
  const auto start = std::chrono::steady_clock::now();
  CHECK(scenario_errors(",") == std::vector<std::string>{"s.yaml:1:1: " + kComma});
  CHECK(scenario_errors("- a\n,") == std::vector<std::string>{"s.yaml:2:1: " + kComma});
  CHECK(scenario_errors("\"a\",") == std::vector<std::string>{"s.yaml:1:4: " + kComma});
  CHECK(scenario_errors("{name: a},") == std::vector<std::string>{"s.yaml:1:10: " + kComma});
  CHECK(scenario_errors("&anchor ,") == std::vector<std::string>{"s.yaml:1:9: " + kComma});
  CHECK(scenario_errors("name: a\n---\n,") == std::vector<std::string>{"s.yaml:3:1: " + kComma});

  // The input libFuzzer found (tests/fuzz/regressions/): a list, then ' ,' less indented.
  std::ifstream in(fs::path(GIGSIM_TEST_DATA) / "fuzz/regressions/scenario_loader/yaml-cpp-comma-hang.yaml",
                   std::ios::binary);
  REQUIRE(in);
  std::ostringstream fuzz;
  fuzz << in.rdbuf();
  CHECK(scenario_errors(fuzz.str()) == std::vector<std::string>{"s.yaml:3:2: " + kComma});

  // The same for a sweep file.
  try {
    (void)load_sweep_text("{base: a.yaml},\n", "sweep.yaml", false);
    FAIL("no error");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(format_diagnostic(e.diagnostics()[0]) == "sweep.yaml:1:15: " + kComma);
  }
  // Each is refused at once (yaml-cpp alone would run until memory runs out).
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("yaml guard: commas that yaml-cpp reads fine are left alone", "[loader][yaml_guard]") {
  CHECK(load_yaml_documents("a: b, c\nd: [1, 2]\ne: {f: 1, g: 2}\n# a, comment\n", "scenario").size() == 1);
  CHECK(load_yaml_documents("x,", "scenario").size() == 1);  // a plain scalar "x,"
  CHECK(load_yaml_documents("---\n---\n", "scenario").size() == 2);
  CHECK(load_yaml_documents("", "scenario").empty());
  // In a block mapping yaml-cpp already stops with a syntax error.
  CHECK_THROWS_AS(load_yaml_documents("a: 1\n,\n", "scenario"), YAML::ParserException);
}

TEST_CASE("yaml guard: size, nesting and document bounds", "[loader][yaml_guard]") {
  SECTION("nesting") {
    const std::string deep =
        "name: " + std::string(kMaxYamlDepth + 5, '[') + std::string(kMaxYamlDepth + 5, ']');
    const auto errors = scenario_errors(deep);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "s.yaml:1:" + std::to_string(6 + kMaxYamlDepth) +
                           ": error: lists and mappings nested more than 64 levels deep; a real input nests "
                           "a few levels: look for an unclosed '[' or '{' before this point");
    const std::string fine =
        "a: " + std::string(kMaxYamlDepth - 1, '[') + std::string(kMaxYamlDepth - 1, ']');
    CHECK(load_yaml_documents(fine, "scenario").size() == 1);
  }
  SECTION("size") {
    const std::string big = "name: a\n" + std::string(kMaxYamlBytes, '#');
    CHECK(scenario_errors(big) ==
          std::vector<std::string>{"s.yaml:1:1: error: the scenario is " + std::to_string(big.size()) +
                                   " bytes, more than the 4 MiB gigsim reads; is this the right file?"});
  }
  SECTION("documents") {
    std::string many;
    for (std::size_t i = 0; i <= kMaxYamlDocuments; ++i) many += "--- " + std::to_string(i) + "\n";
    CHECK(scenario_errors(many) ==
          std::vector<std::string>{"s.yaml:101:1: error: more than 100 YAML documents; a scenario is one "
                                   "document: remove the '---' separators"});
    CHECK(scenario_errors("name: a\n---\nname: b\n") ==
          std::vector<std::string>{"s.yaml:3:1: error: the file holds 2 YAML documents; a scenario is one "
                                   "document: remove the '---' separators"});
  }
}

TEST_CASE("yaml guard: files that cannot be read whole", "[loader][yaml_guard]") {
  std::string reason;
  CHECK_FALSE(read_yaml_file("/nonexistent/s.yaml", reason));
  CHECK(reason == "No such file or directory");
  CHECK_FALSE(read_yaml_file("/tmp", reason));
  CHECK(reason == "it is a directory");
  CHECK_FALSE(read_yaml_file("/dev/zero", reason));  // never ends: stops past the bound
  CHECK(reason == "it is larger than 4 MiB, the most gigsim reads; a real one is a few kB");
  try {
    (void)load_scenario_file("/dev/zero");
    FAIL("no error");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(format_diagnostic(e.diagnostics()[0])
              .find("/dev/zero:0:0: error: cannot open the scenario file (it is "
                    "larger than 4 MiB") == 0);
  }
}
