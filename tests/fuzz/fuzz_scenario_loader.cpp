// libFuzzer target: the scenario loader (issue 8). Any input may be rejected with a
// ScenarioError; a crash, a hang, a sanitizer report or any other exception is a finding.
// Built by scripts/fuzz-test.sh (clang++-14, -fsanitize=fuzzer,address,undefined).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "core/error.hpp"
#include "io/scenario_loader.hpp"
#include "model/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const gigsim::Scenario scenario = gigsim::load_scenario_text(text, "<fuzz>");
    // A loaded scenario must write out as YAML (the run file's /scenario) without trouble.
    (void)gigsim::scenario_to_yaml(scenario);
  } catch (const gigsim::ScenarioError&) {
    // Expected: the input is not a valid scenario.
  } catch (const std::exception& e) {
    std::cerr << "fuzz_scenario_loader: unexpected exception: " << e.what() << '\n';
    std::abort();
  } catch (...) {
    std::cerr << "fuzz_scenario_loader: unexpected exception of unknown type\n";
    std::abort();
  }
  return 0;
}
