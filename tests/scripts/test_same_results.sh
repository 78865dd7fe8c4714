#!/usr/bin/env bash
# scripts/same-results.sh, which CI uses to hold the profile-guided build to the release
# build's results: the same executable twice agrees, and a run with another seed is caught.
#
#   tests/scripts/test_same_results.sh GIGSIM
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
gigsim=$1
work=$(mktemp -d /tmp/gigsim-same-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$root/scripts/same-results.sh" --quick "$gigsim" "$gigsim" >"$work/same" 2>&1
rc=$?
((rc == 0)) || { cat "$work/same"; fail "the same executable twice: exit $rc, expected 0"; }
[ "$(grep -c '^same: amt_2018' "$work/same")" = 2 ] || { cat "$work/same"; fail "expected two 'same:' lines"; }

# Another seed: every count moves, so the results must differ.
printf '#!/bin/sh\nexec "%s" "$@" --seed 43\n' "$gigsim" >"$work/other-seed"
chmod +x "$work/other-seed"
"$root/scripts/same-results.sh" --quick "$gigsim" "$work/other-seed" >"$work/differ" 2>&1
rc=$?
((rc == 1)) || { cat "$work/differ"; fail "another seed: exit $rc, expected 1"; }
grep -q '^DIFFERENT: amt_2018, 1 thread' "$work/differ" || { cat "$work/differ"; fail "no DIFFERENT line"; }
grep -q 'differs: /final/platforms/tasks_submitted' "$work/differ" || { cat "$work/differ"; fail "the differing dataset is not named"; }

"$root/scripts/same-results.sh" --quick "$gigsim" >"$work/misuse" 2>&1
rc=$?
((rc == 2)) || fail "one executable: exit $rc, expected 2"
echo "ok"
