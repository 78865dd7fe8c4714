#!/usr/bin/env bash
# A real cluster test of sweeps as Slurm job arrays: starts a single-node Slurm on
# this machine (munged, slurmctld, slurmd from Debian's packages, all with private
# state, sockets and ports under a temporary directory), submits the 4-run sweep
# tests/slurm/tiny_sweep.yaml as a 2-task array with `sbatch --array --wait`, collects
# it with `gigsim sweep-collect`, and checks that the index has every run ok and
# equals the index of the same sweep run locally without shards.
# The daemons it started are always stopped when it exits.
#
#   ./scripts/slurm-test.sh [path/to/gigsim]      (default build/bin/gigsim)
#
# Needs root (slurmd runs jobs as the submitting user and SlurmUser=root here) and
# the packages slurmctld, slurmd, slurm-client, munge. Without them, or when not
# root, it prints why and exits 77 (skipped).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
gigsim="$(realpath "${1:-build/bin/gigsim}")"

skip() { echo "slurm-test: skipped: $*"; exit 77; }
[[ "$(id -u)" -eq 0 ]] || skip "not root"
for tool in munged mungekey slurmctld slurmd sbatch sinfo scontrol; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || skip "$tool not installed"
done
[[ -x "$gigsim" ]] || { echo "slurm-test: error: $gigsim not built" >&2; exit 1; }
export PATH="$PATH:/usr/sbin"

tmp="$(mktemp -d /tmp/gigsim-slurm-test.XXXXXX)"
chmod 755 "$tmp"
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if ((rc != 0)); then
    for log in "$tmp"/*.log "$tmp"/out/slurm-*.out; do
      [[ -f "$log" ]] || continue
      echo "---- $log" >&2; tail -n 30 "$log" >&2
    done
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# munge: a private key and socket
mkdir -p "$tmp/munge"
chmod 755 "$tmp/munge"
mungekey --create --keyfile="$tmp/munge/munge.key" --force >/dev/null
munged --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munged.log" \
  --seed-file="$tmp/munge/munge.seed" --foreground >"$tmp/munged.stdout.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [[ -S "$tmp/munge/munge.socket" ]] && break; sleep 0.1; done
[[ -S "$tmp/munge/munge.socket" ]] || { echo "slurm-test: munged did not start" >&2; exit 1; }

# slurm: one node (this host), 2 CPUs, no cgroups, private ports and state
node="$(hostname -s)"
port=$((20000 + RANDOM % 20000))
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/out"
cat >"$tmp/slurm.conf" <<EOF
ClusterName=gigsimtest
SlurmctldHost=$node
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
NodeName=$node CPUs=2 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"

slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.stdout.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$tmp/slurmd.stdout.log" 2>&1 &
pids+=($!)

state=""
for _ in $(seq 60); do
  state="$(sinfo -h -n "$node" -o %t 2>/dev/null || true)"
  [[ "$state" == "idle" ]] && break
  sleep 1
done
[[ "$state" == "idle" ]] || { echo "slurm-test: node $node not idle after 60 s (state: '$state')" >&2; exit 1; }
echo "slurm-test: single-node Slurm up ($node, port $port)"

# the sweep, as a 2-task array
cat >"$tmp/array.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=gigsim-slurm-test
#SBATCH --cpus-per-task=1
#SBATCH --output=$tmp/out/slurm-%A_%a.out
set -euo pipefail
exec "$gigsim" sweep "$repo/tests/slurm/tiny_sweep.yaml" -o "$tmp/out/sweep" --jobs 1 -q
EOF
sbatch --array=1-2 --wait --chdir="$tmp/out" "$tmp/array.sbatch"

"$gigsim" sweep-collect "$tmp/out/sweep"
"$gigsim" sweep "$repo/tests/slurm/tiny_sweep.yaml" -o "$tmp/local" --jobs 1 -q

index="$tmp/out/sweep/index.csv"
python3 - "$index" "$tmp/local/index.csv" "$tmp/out" <<'EOF'
import csv, glob, sys
cluster, local, out = sys.argv[1:4]
rows = list(csv.DictReader(open(cluster)))
reference = list(csv.DictReader(open(local)))
assert len(rows) == 4, f"{len(rows)} rows in the collected index, 4 expected"
bad = [r["run_id"] for r in rows if r["status"] != "ok"]
assert not bad, f"runs not ok: {bad}"
# each array task ran its own share: both wrote a log
logs = glob.glob(out + "/slurm-*_*.out")
assert len(logs) == 2, f"{len(logs)} array task logs, 2 expected"
skip = {"file"}
for a, b in zip(rows, reference):
    for key in a:
        if key in skip:
            continue
        assert a[key] == b[key], f"{a['run_id']}: {key} = {a[key]} on Slurm, {b[key]} locally"
print("slurm-test: index ok: 4 runs, all ok, equal to the local sweep's")
EOF
