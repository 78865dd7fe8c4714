#!/usr/bin/env bash
# Installs what is missing, then configures and builds the release preset into
# build/ (the executable is build/bin/gigsim). Incremental on reruns.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./scripts/setup.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
