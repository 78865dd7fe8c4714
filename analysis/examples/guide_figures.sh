#!/usr/bin/env bash
# Makes the reports shown in docs/guide-analyst.md and copies a few of their figures to docs/img/.
# Run from the repository root after building (cmake --preset release && cmake --build --preset release):
#   analysis/examples/guide_figures.sh [BUILD_DIR [WORK_DIR]]   (default: build, a new temporary folder)
# It takes about five minutes on two cores. The run files and full reports stay in WORK_DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build="${1:-build}"
work="${2:-$(mktemp -d -t gigsim-guide.XXXXXX)}"
gigsim="$build/bin/gigsim"
report="$build/bin/gigsim-report"
mkdir -p "$work/runs" docs/img

# 1. The calibrated AMT market, one run with its own seed, and its report.
"$gigsim" run scenarios/amt_2018.yaml -o "$work/runs/amt_2018.h5" --force --quiet >/dev/null
"$report" "$work/runs/amt_2018.h5" -o "$work/amt_2018"

# 2. Baseline and the minimum-wage policy, three seeds each (the same seeds: a paired comparison).
for seed in 1 2 3; do
  "$gigsim" run scenarios/amt_2018.yaml --seed "$seed" -o "$work/runs/base_$seed.h5" --force --quiet >/dev/null
  "$gigsim" run scenarios/policies/minimum_wage.yaml --seed "$seed" -o "$work/runs/minwage_$seed.h5" \
    --force --quiet >/dev/null
done
"$report" compare --arm "AMT 2018" "$work"/runs/base_{1,2,3}.h5 \
  --arm "minimum wage" "$work"/runs/minwage_{1,2,3}.h5 -o "$work/minimum_wage"

# 3. The minimum wage switched on during a run (an intervention at day 15).
"$gigsim" run scenarios/policies/minimum_wage_at_day_15.yaml -o "$work/runs/at_day_15.h5" --force --quiet >/dev/null
"$report" "$work/runs/at_day_15.h5" -o "$work/at_day_15"

# 4. Baseline and minimum wage from the same day-60 state: a 90-day baseline checkpointed at day 60,
# and a fork of each checkpoint (docs/robustness.md, "Forks").
for seed in 1 2 3; do
  "$gigsim" run scenarios/amt_2018.yaml --set duration_days=90 --seed "$seed" --checkpoint-every 60d \
    --checkpoint "$work/runs/day60_$seed.ckpt" -o "$work/runs/base90_$seed.h5" --force --quiet >/dev/null
  "$gigsim" fork "$work/runs/day60_$seed.ckpt" --set regulation.minimum_wage.enabled=true --label "minimum wage" \
    -o "$work/runs/minwage_from60_$seed.h5" --force --quiet >/dev/null
done
"$report" compare --arm "AMT 2018" "$work"/runs/base90_{1,2,3}.h5 \
  --arm "minimum wage from day 60" "$work"/runs/minwage_from60_{1,2,3}.h5 -o "$work/from_day60"

for f in wages time_use money requesters; do
  cp "$work/amt_2018/$f.png" "docs/img/analyst-baseline-$f.png"
done
for f in effects wages tasks; do
  cp "$work/minimum_wage/$f.png" "docs/img/analyst-minwage-$f.png"
done
cp "$work/at_day_15/wages_over_time.png" docs/img/analyst-day15-wages_over_time.png
for f in wages_over_time tasks; do
  cp "$work/from_day60/$f.png" "docs/img/analyst-fork60-$f.png"
done
echo "reports in $work/{amt_2018,minimum_wage,at_day_15,from_day60}; figures copied to docs/img/analyst-*.png"
