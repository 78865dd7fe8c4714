#!/usr/bin/env bash
# Two builds' phase profiles side by side (docs/performance.md, sixth sitting): each
# gigsim_phase_profile runs at 1 thread on its own core, both started together, so that both
# share whatever else the machine is doing; on a noisy VM this compares two builds to a few
# percent where runs one after the other differ by tens of percent. Prints each one's seconds
# per phase over the whole run.
#
#   scripts/phase-pair.sh [--threads N] REF_PROFILE NEW_PROFILE [DAYS] [SCENARIO.yaml]
#
# REF_PROFILE and NEW_PROFILE are gigsim_phase_profile binaries (cmake --preset bench; for the
# earlier commit, a `git worktree` of it built the same way). Default: 4 days of
# scenarios/bench/national.yaml. Needs two idle cores. --threads N (N > 1) runs each build's
# several-thread code (the parts, their lists and joins) with N threads pinned to one core,
# REF on CPU 0 and NEW on CPU 1: the work of that code, side by side, without what a second
# core adds or takes (eleventh sitting); the cores differ a little, so run both orders.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads=1
if [ "${1:-}" = --threads ]; then threads=${2:?--threads needs a number}; shift 2; fi
(($# >= 2)) || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
ref=$1 new=$2 days=${3:-4} scenario=${4:-scenarios/bench/national.yaml}
for b in "$ref" "$new"; do [ -x "$b" ] || { echo "phase-pair: $b is not an executable" >&2; exit 2; }; done
pin_ref=() pin_new=()
if ((threads > 1)); then
  command -v taskset >/dev/null || { echo "phase-pair: --threads needs taskset (util-linux)" >&2; exit 2; }
  pin_ref=(taskset -c 0) pin_new=(taskset -c 1)
fi
work=$(mktemp -d /tmp/gigsim-pair.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Pinned, TBB may warn that it cannot have the workers asked for (kept in *.err): the N parts
# still run, on the one core.
"${pin_ref[@]}" "$ref" "$scenario" --threads "$threads" --every "$days" --set duration_days="$days" \
  >"$work/ref" 2>"$work/ref.err" &
"${pin_new[@]}" "$new" "$scenario" --threads "$threads" --every "$days" --set duration_days="$days" \
  >"$work/new" 2>"$work/new.err" &
wait
for side in ref new; do
  grep -q '^run' "$work/$side" || { echo "phase-pair: the $side run failed:" >&2; cat "$work/$side.err" >&2; exit 1; }
done
grep '^days' "$work/ref" | sed 's/^/     /'
echo "ref: $(grep '^run' "$work/ref")"
echo "new: $(grep '^run' "$work/new")"
