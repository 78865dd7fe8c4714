#!/usr/bin/env bash
# Checks that two gigsim executables give the same results: each runs the same scenarios at 1
# and 2 threads, and every dataset under /timeseries and /final of their run files must be
# equal to the bit (what differs by design, /provenance's times and paths, is left out).
# CI runs it on the release build and the profile-guided one (scripts/build-pgo.sh --check).
#
#   scripts/same-results.sh [--quick] GIGSIM_A GIGSIM_B
#
# --quick: one small scenario only (the script's own test, tests/scripts). Exit status 0 when
# every run agrees, 1 when one differs (its datasets are named), 2 on misuse.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick=0
if [ "${1:-}" = --quick ]; then quick=1; shift; fi
(($# == 2)) || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
a=$1 b=$2
for x in "$a" "$b"; do [ -x "$x" ] || { echo "same-results: $x is not an executable" >&2; exit 2; }; done
[ -x /usr/bin/python3 ] || { echo "same-results: /usr/bin/python3 is missing (scripts/setup.sh)" >&2; exit 2; }

work=$(mktemp -d /tmp/gigsim-same.XXXXXX)
trap 'rm -rf "$work"' EXIT
runs=(
  "scenarios/bench/national.yaml duration_days=1"
  "scenarios/amt_2018.yaml duration_days=6"
  "scenarios/france_diplab_2019.yaml duration_days=6"
  "scenarios/policies/all_rules.yaml duration_days=6"
  "scenarios/policies/minimum_wage_at_day_15.yaml duration_days=16"
)
((quick)) && runs=("scenarios/amt_2018.yaml duration_days=3")
status=0
for run in "${runs[@]}"; do
  read -r scenario setting <<<"$run"
  for threads in 1 2; do
    name="$(basename "$scenario" .yaml), $threads thread(s)"
    "$a" run "$scenario" --set "$setting" --threads "$threads" -o "$work/a.h5" --force --quiet >/dev/null
    "$b" run "$scenario" --set "$setting" --threads "$threads" -o "$work/b.h5" --force --quiet >/dev/null
    if /usr/bin/python3 - "$work/a.h5" "$work/b.h5" <<'PY'; then
import sys
import h5py
import numpy as np

def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name.split("/")[0] in ("timeseries", "final"):
                found[name] = np.asarray(obj[()])
        f.visititems(visit)
    return found

a, b = datasets(sys.argv[1]), datasets(sys.argv[2])
differ = sorted(set(a) ^ set(b)) + sorted(
    n for n in set(a) & set(b) if a[n].dtype != b[n].dtype or a[n].tobytes() != b[n].tobytes())
if differ:
    print(f"    {len(differ)} of {len(set(a) | set(b))} datasets differ, among them:")
for n in differ[:10]:
    print(f"    differs: /{n}")
sys.exit(1 if differ or not a else 0)
PY
      echo "same: $name"
    else
      echo "DIFFERENT: $name"
      status=1
    fi
  done
done
exit "$status"
