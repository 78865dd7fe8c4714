#!/usr/bin/env bash
# README command 1: install, build, and run the default scenario (the built-in
# copy of scenarios/baseline.yaml), printing its summary and writing baseline.h5
# in the current directory. Extra arguments go to `gigsim run`, e.g.
#   ./scripts/run-default.sh --set workers.registered=5000 -o small.h5
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Setup and build messages go to stderr, so stdout holds only the run's summary.
"$repo/scripts/build.sh" >&2
# --force: rerunning the script replaces the previous baseline.h5.
exec "$repo/build/bin/gigsim" run --force "$@"
