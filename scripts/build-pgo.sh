#!/usr/bin/env bash
# The profile-guided build (docs/performance.md, "The profile-guided build"): the release build
# compiled a second time with what a fixed set of training runs measured of its branches and
# calls. Its results are bit-identical to the release build's; it runs the national market
# 2-10% faster at one thread on the project's VM. For long runs and sweeps.
#
#   scripts/build-pgo.sh [--check]
#
# Builds build-pgo/bin/gigsim (and gigsim_phase_profile) in three stages in the same folder:
# an instrumented build, the training runs (about a minute on 2 cores), then the optimised
# build. Any edit to the sources needs the whole script again: a profile describes the code it
# was measured on. --check then runs scripts/same-results.sh against the release build
# (build/, built if missing), as CI does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

check=0
while (($#)); do
  case "$1" in
    --check) check=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-pgo: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

./scripts/setup.sh
dir=build-pgo
targets=(gigsim gigsim_phase_profile)
configure() {
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DGIGSIM_BUILD_TESTS=OFF -DGIGSIM_BUILD_VIEW=OFF \
    -DGIGSIM_BUILD_BENCHMARKS=ON -DGIGSIM_PGO="$1" >/dev/null
}

echo "build-pgo: stage 1 of 3, the instrumented build"
configure generate
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"

echo "build-pgo: stage 2 of 3, the training runs"
find "$dir" -name '*.gcda' -delete  # profiles of an earlier training or of older sources
work=$(mktemp -d /tmp/gigsim-pgo.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The national market is what the build is for, at 1 and 2 threads (several-part loops trained
# on small markets alone came out slower at national size); the smaller ones exercise the
# rules and the other platforms that it does not.
train() {
  local threads=$1 scenario=$2
  shift 2
  echo "  $scenario, $threads thread(s) $*"
  "$dir/bin/gigsim" run "$scenario" --threads "$threads" "$@" -o "$work/run.h5" --force --quiet >/dev/null
}
train 1 scenarios/bench/national.yaml --set duration_days=3
train 2 scenarios/bench/national.yaml --set duration_days=3
train 2 scenarios/amt_2018.yaml --set duration_days=10
train 1 scenarios/policies/all_rules.yaml --set duration_days=10
train 2 scenarios/france_diplab_2019.yaml --set duration_days=10
train 2 scenarios/policies/minimum_wage_at_day_15.yaml --set duration_days=16

echo "build-pgo: stage 3 of 3, the optimised build"
configure use
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"
echo "build-pgo: $dir/bin/gigsim is built"

if ((check)); then
  [ -x build/bin/gigsim ] || ./scripts/build.sh
  ./scripts/same-results.sh build/bin/gigsim "$dir/bin/gigsim"
fi
