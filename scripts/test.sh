#!/usr/bin/env bash
# README command 2 (and what .ci/run calls): install, build, and run every test
# through CTest. Extra arguments go to ctest, e.g.
#   ./scripts/test.sh -R cli          only the tests whose name matches "cli"
#   ./scripts/test.sh -j 4            four tests at a time
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./scripts/build.sh
ctest --preset release "$@"
