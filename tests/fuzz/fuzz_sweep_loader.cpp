// libFuzzer target: the sweep file loader (issue 8), from text (load_sweep_text; the base
// scenario is not required, so nothing is read from disk). A ScenarioError is expected for
// bad input; a crash, a hang, a sanitizer report or any other exception is a finding.
// Built by scripts/fuzz-test.sh (clang++-14, -fsanitize=fuzzer,address,undefined).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "core/error.hpp"
#include "io/sweep_file.hpp"
#include "model/scenario.hpp"
#include "sweep/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const gigsim::SweepFile sweep = gigsim::load_sweep_text(text, "fuzz/sweep.yaml", false);
    // Plan the runs too (ids, seeds, design points), when there are few enough to be quick.
    double runs = static_cast<double>(sweep.spec.replicates);
    if (sweep.spec.design == gigsim::sweep::Design::grid)
      for (const auto& p : sweep.spec.parameters) runs *= static_cast<double>(p.values.size());
    else
      runs *= static_cast<double>(sweep.spec.samples);
    if (runs <= 2000) (void)gigsim::sweep::make_plans(sweep.spec);
  } catch (const gigsim::ScenarioError&) {
    // Expected: the input is not a valid sweep file.
  } catch (const std::exception& e) {
    std::cerr << "fuzz_sweep_loader: unexpected exception: " << e.what() << '\n';
    std::abort();
  } catch (...) {
    std::cerr << "fuzz_sweep_loader: unexpected exception of unknown type\n";
    std::abort();
  }
  return 0;
}
