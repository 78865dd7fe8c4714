#!/usr/bin/env bash
# Two builds' phase profiles side by side (docs/performance.md, sixth sitting): each
# gigsim_phase_profile runs at 1 thread on its own core, both started together, so that both
# share whatever else the machine is doing; on a noisy VM this compares two builds to a few
# percent where runs one after the other differ by tens of percent. Prints each one's seconds
# per phase over the whole run.
#
#   scripts/phase-pair.sh REF_PROFILE NEW_PROFILE [DAYS] [SCENARIO.yaml]
#
# REF_PROFILE and NEW_PROFILE are gigsim_phase_profile binaries (cmake --preset bench; for the
# earlier commit, a `git worktree` of it built the same way). Default: 4 days of
# scenarios/bench/national.yaml. Needs two idle cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
(($# >= 2)) || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
ref=$1 new=$2 days=${3:-4} scenario=${4:-scenarios/bench/national.yaml}
for b in "$ref" "$new"; do [ -x "$b" ] || { echo "phase-pair: $b is not an executable" >&2; exit 2; }; done
work=$(mktemp -d /tmp/gigsim-pair.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$ref" "$scenario" --threads 1 --every "$days" --set duration_days="$days" >"$work/ref" &
"$new" "$scenario" --threads 1 --every "$days" --set duration_days="$days" >"$work/new" &
wait
grep '^days' "$work/ref" | sed 's/^/     /'
echo "ref: $(grep '^run' "$work/ref")"
echo "new: $(grep '^run' "$work/new")"
