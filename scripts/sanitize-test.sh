#!/usr/bin/env bash
# The C++ test suite under AddressSanitizer + UndefinedBehaviorSanitizer (issue 8;
# docs/robustness.md). Configures and builds the `asan` preset into build-asan/, then
# runs `ctest --preset asan`. Any sanitizer report stops the test that made it with a
# non-zero status (halt_on_error, -fno-sanitize-recover=all), so the script fails.
#
# What runs: every test of gigsim_tests and gigsim_viz_tests (unit, invariant,
# determinism, scenario, CLI, HDF5, sweep tests; the CLI tests run the ASan-built
# gigsim too). What does not (the test preset's filter):
#   - label validation: the calibration/policy checks, long simulations; minutes under ASan
#   - label analysis:   analysis_pytest, Python code, nothing for a C++ sanitizer to see
#   - viz_screenshot_*: drive the GUI under Xvfb/OpenGL; driver code, not ours
# Extra arguments go to ctest, e.g. ./scripts/sanitize-test.sh -R determinism
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The test preset sets the same options; exported here too so that anything run outside
# ctest by this script inherits them. The MPI sweep test's mpirun is not ours: the
# leak checker is switched off only for Open MPI's own processes (see the test).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

start=$(date +%s)
cmake --preset asan
# Only what the tests run: not the gigsim-view GUI (ImGui), which no test here starts.
cmake --build --preset asan -j 2 --target gigsim gigsim_tests gigsim_viz_tests
ctest --preset asan -j 2 --timeout 300 "$@"
echo "sanitize-test: ASan/UBSan suite passed in $(($(date +%s) - start)) s"
