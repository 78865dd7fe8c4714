#!/usr/bin/env bash
# Whole-run benchmark (issue 7; docs/performance.md): runs benchmark scenarios with the
# release build and prints, per scenario and thread count, the wall time, the peak memory
# (maximum resident set size), simulated tasks (submissions) per second, active worker-ticks
# per second, and the parallel efficiency t(1) / (n * t(n)) when 1 thread was measured too.
# With build-bench/bin/gigsim_machine_probe built (cmake --preset bench), also the machine's
# state just before and just after each run: the time a line takes to pass between CPUs 0 and 1,
# and a dependent load over 16 MB. On the project's VM the first moved between about 40 and
# 200 ns, the second between 17 and 90 ns, within a session; run times moved by a fifth too,
# not always with them (docs/performance.md, nineteenth sitting).
#
#   scripts/bench-run.sh [--threads "1 2"] [--set KEY=VALUE ...] [--gigsim PATH] [SCENARIO.yaml ...]
#
# Default: scenarios/bench/national.yaml at 1 and 2 threads. --set goes to every run
# (e.g. --set duration_days=2 for a quick look). --gigsim times another executable, e.g. the
# profile-guided build-pgo/bin/gigsim (scripts/build-pgo.sh). Builds build/ if gigsim is
# missing. Run it on an otherwise idle machine: other processes sharing the cores change
# every figure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

threads="1 2"
gigsim=build/bin/gigsim
sets=()
scenarios=()
while (($#)); do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    --gigsim) gigsim="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench-run: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
((${#scenarios[@]})) || scenarios=(scenarios/bench/national.yaml)
# Ascending, so that the 1-thread time is known when the efficiency of the others is printed.
threads=$(tr ' ' '\n' <<<"$threads" | grep . | sort -n | tr '\n' ' ')
[ "$gigsim" != build/bin/gigsim ] || [ -x build/bin/gigsim ] || ./scripts/build.sh
[ -x "$gigsim" ] || { echo "bench-run: $gigsim is not an executable" >&2; exit 2; }
for tool in /usr/bin/time /usr/bin/python3; do
  [ -x "$tool" ] || { echo "bench-run: $tool is missing (apt-get install time python3-h5py)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/gigsim-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

probe=build-bench/bin/gigsim_machine_probe
machine_state() { if [ -x "$probe" ]; then "$probe" --state 2>/dev/null || echo "? ?"; else echo "- -"; fi; }

printf '%-14s %7s %10s %10s %14s %12s %16s %10s %14s %14s\n' scenario threads "wall (s)" "peak (MB)" \
  "tasks" "tasks/s" "worker-ticks/s" efficiency "handoff (ns)" "16 MB load (ns)"
for scenario in "${scenarios[@]}"; do
  name=$(basename "$scenario" .yaml)
  wall_1=""
  for n in $threads; do
    out="$work/$name-$n.h5"
    read -r handoff_before load_before < <(machine_state)
    /usr/bin/time -f "%e %M" -o "$work/time" \
      "$gigsim" run "$scenario" "${sets[@]}" -o "$out" --force --quiet --threads "$n" >/dev/null
    read -r wall peak_kb <"$work/time"
    read -r handoff_after load_after < <(machine_state)
    read -r tasks worker_ticks < <(/usr/bin/python3 - "$out" <<'PY'
import re, sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    scenario = f["scenario"][()]
    scenario = scenario.decode() if isinstance(scenario, bytes) else str(scenario)
    m = re.search(r"^tick_minutes:\s*(\d+)", scenario, re.M)
    tick_minutes = float(m.group(1)) if m else 1.0
    ts = f["timeseries"]
    minutes = np.asarray(ts["time_minutes"], dtype=float)
    # each row covers the minutes since the previous one; workers_active_mean is per tick
    edges = np.concatenate([[0.0], minutes])
    ticks = np.diff(edges) / tick_minutes
    print(int(np.sum(ts["tasks_submitted"])), int(round(float(np.sum(np.asarray(ts["workers_active_mean"]) * ticks)))))
PY
)
    [ "$n" = 1 ] && wall_1=$wall
    eff="-"
    if [ -n "$wall_1" ] && [ "$n" != 1 ]; then
      eff=$(awk -v a="$wall_1" -v b="$wall" -v n="$n" 'BEGIN { printf "%.0f%%", 100 * a / (n * b) }')
    fi
    awk -v s="$name" -v n="$n" -v w="$wall" -v m="$peak_kb" -v t="$tasks" -v k="$worker_ticks" -v e="$eff" \
      -v h="$handoff_before/$handoff_after" -v l="$load_before/$load_after" \
      'BEGIN { printf "%-14s %7d %10.1f %10.0f %14d %12.0f %16.0f %10s %14s %14s\n", s, n, w, m / 1024, t, t / w, k / w, e, h, l }'
  done
done
