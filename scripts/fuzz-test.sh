#!/usr/bin/env bash
# Fuzzes the scenario loader and the sweep loader with libFuzzer (issue 8; docs/robustness.md).
#   scripts/fuzz-test.sh [SECONDS]     (default 60 seconds per target)
# Builds tests/fuzz/ with clang++-14 -fsanitize=fuzzer,address,undefined into build-fuzz/
# (the normal g++ build is untouched), seeds each target from scenarios/, tests/invalid_scenarios/
# (and scenarios/sweeps/ for the sweep target) and tests/fuzz/regressions/<target>/, runs it for
# SECONDS, and exits non-zero on any finding (crash, timeout, leak, out-of-memory, sanitizer report).
# A finding's input is left in build-fuzz/findings/<target>/: fix the bug, then copy the input to
# tests/fuzz/regressions/<target>/ so that the test suite replays it (tests/fuzz/test_fuzz_regressions.cpp).
# Installs nothing: clang-14 and libclang-rt-14-dev are in scripts/debian-packages.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_PER_TARGET="${1:-60}"
BUILD=build-fuzz
JOBS="${FUZZ_BUILD_JOBS:-2}"

for tool in clang-14 clang++-14; do
  command -v "$tool" >/dev/null || { echo "fuzz-test: $tool not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }
done

cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DGIGSIM_BUILD_FUZZERS=ON -DGIGSIM_BUILD_TESTS=OFF -DGIGSIM_BUILD_VIEW=OFF >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target fuzz_scenario_loader fuzz_sweep_loader

status=0
for target in scenario_loader sweep_loader; do
  seeds="$BUILD/seeds/$target"          # read-only seeds, rebuilt every time
  corpus="$BUILD/corpus/$target"        # what libFuzzer adds, kept between runs
  findings="$BUILD/findings/$target"
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$findings"
  n=0
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    cp "$f" "$seeds/$(printf '%04d' "$n")-$(basename "$f")"
  done < <(
    if [ "$target" = sweep_loader ]; then
      find scenarios/sweeps tests/fuzz/regressions/sweep_loader -type f -print0 2>/dev/null
      find scenarios tests/invalid_scenarios -name '*.yaml' -not -path 'scenarios/sweeps/*' -print0
    else
      find scenarios tests/invalid_scenarios -name '*.yaml' -print0
      find tests/fuzz/regressions/scenario_loader -type f -print0 2>/dev/null
    fi | sort -z)
  echo "fuzz-test: $target for ${SECONDS_PER_TARGET} s from $n seed files"
  log="$BUILD/fuzz-$target.log"
  if ! "$BUILD/bin/fuzz_$target" "$corpus" "$seeds" \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
      -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1; then
    echo "fuzz-test: $target FOUND A PROBLEM; the input is in $findings/, the report in $log:" >&2
    tail -n 60 "$log" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$log" || true
done
exit "$status"
