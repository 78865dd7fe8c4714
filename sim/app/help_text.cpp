#include "app/help_text.hpp"

namespace gigsim::app {

const char* main_help() {
  return R"help(gigsim - an agent-based simulator of the micro-work labour market

Usage:
  gigsim run [SCENARIO.yaml] [options]    run a scenario and write one HDF5 file
  gigsim resume CHECKPOINT [options]      continue a run from its checkpoint
  gigsim fork CHECKPOINT --set K=V -o OUT start a policy arm from a checkpoint's state
  gigsim validate SCENARIO.yaml...        check scenarios and list every problem
  gigsim sweep SWEEP.yaml -o DIR          run every run of a parameter sweep, in parallel
  gigsim sweep-collect DIR                build DIR/index.h5 and index.csv of a sharded sweep
  gigsim --help | -h                      this text
  gigsim --version                        version and git commit

Run `gigsim COMMAND --help` (run, resume, fork, validate, sweep, sweep-collect) for their
options.

Examples:
  gigsim run                              the built-in baseline (scenarios/baseline.yaml)
  gigsim run scenarios/baseline.yaml -o baseline.h5 --threads 4
  gigsim run --set regulation.minimum_wage.enabled=true --set seed=7
  gigsim run scenarios/amt_2018.yaml -o base.h5 --checkpoint-every 1d
  gigsim resume base.h5.ckpt              after a crash or Ctrl-C
  gigsim fork base.h5.ckpt --set regulation.minimum_wage.enabled=true -o policy.h5
  gigsim validate scenarios/*.yaml
  gigsim sweep scenarios/sweeps/minimum_wage_grid.yaml -o mw --jobs 4

Exit status:
  0    success
  1    runtime failure (output exists or cannot be written, not enough memory, ...)
  2    invalid input (a scenario error, or bad command-line usage)
  130  interrupted by Ctrl-C, 143 by SIGTERM (no output file is left behind; with
       checkpoints, one is written at the tick where it stopped)

Documentation: README.md, docs/scenarios.md (every scenario key), docs/hdf5.md (the
output file), docs/odd.md (the model), docs/performance.md.
)help";
}

const char* run_help() {
  return R"help(Usage: gigsim run [SCENARIO.yaml] [options]

Runs one scenario and writes its results to one HDF5 file. Without SCENARIO.yaml it
runs the built-in baseline, the same as scenarios/baseline.yaml.

Options:
  -o, --output OUT.h5     where to write the results
                          (default: <scenario name>.h5 in the current directory)
  --threads N             worker threads (default: the CPUs this process may use);
                          the results do not depend on N
  --seed S                random seed, overriding the scenario's `seed`
  --set KEY.PATH=VALUE    override one scenario value, e.g. --set workers.registered=5000
                          or --set regulation.minimum_wage.enabled=true; may be repeated
  --force                 overwrite OUT.h5 if it exists (otherwise: refuse, exit 1)
  -q, --quiet             no progress display on stderr
  --serial                use the serial reference stepper instead of the parallel one
  --check-invariants      verify the money identity, task conservation and balances every
                          tick (slower; stops with an error on the first violation)
  --checkpoint-every T    write the whole state of the run every T: 1d, 6h, 30m, 0.5d or a
                          whole number of ticks; `gigsim resume` continues from it, and
                          `gigsim fork` starts a policy arm from it
  --checkpoint PATH       where (default: OUT.h5.ckpt); the file is replaced atomically at
                          each checkpoint and kept at the end. "{day}" or "{tick}" in PATH
                          keeps one file per checkpoint (e.g. --checkpoint run.day{day}.ckpt).
                          An existing checkpoint is not replaced without --force
  -h, --help              this text

Progress goes to stderr: a redrawn bar with rate and ETA on a terminal, a plain line
about every 10% otherwise. A summary table goes to stdout at the end.
The output is written under a temporary name and renamed when complete: a failed or
interrupted run (Ctrl-C, exit 130; SIGTERM, exit 143) leaves no file at OUT.h5. With
--checkpoint-every, Ctrl-C or SIGTERM stops at the end of the current tick, writes a
checkpoint there and prints the `gigsim resume` command that continues the run.
)help";
}

const char* resume_help() {
  return R"help(Usage: gigsim resume CHECKPOINT [options]

Continues a run from a checkpoint written by `gigsim run --checkpoint-every` (or by a
resumed or forked run). The scenario is stored in the checkpoint: no YAML is needed.
The results are bit for bit those of the run done without a stop (docs/robustness.md).
The checkpoint must come from this same gigsim (version and git commit).

Options:
  -o, --output OUT.h5     where to write the results (default: the run's own output path)
  --threads N             worker threads; the results do not depend on N
  --checkpoint-every T    go on writing checkpoints every T (default: as the run did;
                          0: none)
  --checkpoint PATH       where (default: the run's checkpoint path, or OUT.h5.ckpt when
                          -o names another file)
  --force                 overwrite OUT.h5 (and an existing checkpoint) if it exists
  -q, --quiet             no progress display on stderr
  --serial                use the serial reference stepper
  --check-invariants      verify the money identity, task conservation and balances
  -h, --help              this text

Exit status: 0 success; 1 when the checkpoint cannot be used (missing, not a checkpoint,
truncated or corrupted, another gigsim version) or the output cannot be written;
2 bad usage; 130/143 interrupted.
)help";
}

const char* fork_help() {
  return R"help(Usage: gigsim fork CHECKPOINT --set KEY.PATH=VALUE... -o OUT.h5 [options]

Starts a policy arm from the state a checkpoint holds (a burned-in market): the --set
changes take effect at the checkpoint's tick, as an intervention of the scenario would
(the same keys may change; those fixing the run's structure, such as seed,
duration_days or workers.registered, are refused), and the run continues to the end of
the scenario. It draws from the same random streams as the run the checkpoint came from,
so a fork whose --set changes nothing gives exactly that run's results. OUT.h5 records
the fork: /provenance attributes fork_of, fork_at_tick, fork_settings, and the change
in /interventions.

Options:
  --set KEY.PATH=VALUE    a change, e.g. --set regulation.minimum_wage.enabled=true;
                          at least one; may be repeated
  -o, --output OUT.h5     where to write the arm's results (required)
  --label TEXT            the change's label in /interventions
                          (default: "fork at day D of CHECKPOINT")
  --threads N             worker threads; the results do not depend on N
  --checkpoint-every T    write checkpoints of the arm every T (default: none)
  --checkpoint PATH       where (default: OUT.h5.ckpt)
  --force                 overwrite OUT.h5 if it exists
  -q, --quiet             no progress display on stderr
  --serial                use the serial reference stepper
  --check-invariants      verify the money identity, task conservation and balances
  -h, --help              this text

Example: baseline and policy from the same day-60 state
  gigsim run scenarios/amt_2018.yaml --set duration_days=90 -o base.h5 \
      --checkpoint-every 60d --checkpoint day60.ckpt
  gigsim fork day60.ckpt --set regulation.minimum_wage.enabled=true -o policy.h5
)help";
}

const char* validate_help() {
  return R"help(Usage: gigsim validate SCENARIO.yaml... [--set KEY.PATH=VALUE ...]

Checks each scenario (and the --set overrides applied to it) without running it.
Every problem is printed to stderr, one per line, as
  FILE:LINE:COL: error: KEY.PATH: MESSAGE
On success it prints "OK: FILE (NAME: N workers, D days)" to stdout
             .

         Options : --set KEY.PATH = VALUE override one scenario value before checking; may be repeated
  -h, --help              this text

Exit status: 0 when every file is valid, 2 otherwise.
)help";
}

const char* sweep_help() {
  return R"help(Usage: gigsim sweep SWEEP.yaml -o DIR [options]

Runs every run of a sweep file (a base scenario, the parameters to vary, a design,
replicates; see docs/scenarios.md, "Sweep files") and writes DIR/runs/<run-id>.h5 for
each, then DIR/index.h5 and DIR/index.csv with one row per run. Every run is built and
checked first: if any is invalid, each bad one is named by its run id and nothing runs.

Options:
  -o, --output DIR        the sweep directory (created if missing)
  -j, --jobs J            runs at once (default: the CPUs this process may use divided
                          by --threads-per-run)
  --threads-per-run T     threads of each run (default 1); results do not depend on it
  --shard I/N             run only share I of N (runs whose index mod N is I-1), e.g. one
                          task of a Slurm job array; then `gigsim sweep-collect DIR`.
                          Without --shard, SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT
                          choose the share when they are set.
  --force                 run into DIR even if it holds another sweep's results
                          (otherwise: refuse, exit 1)
  -q, --quiet             no progress display on stderr
  -h, --help              this text

Resume: run the same command again. Runs whose file is complete (a gigsim run file
with /final, the same seed and the same scenario) are skipped; missing, partial and
failed ones are run. DIR/sweep.hash guards against mixing the results of a changed
sweep file. A failed run is recorded (status "failed" and its error in the index, and
DIR/runs/<run-id>.failed) and does not stop the others.

MPI: `mpirun -n K gigsim sweep SWEEP.yaml -o DIR` spreads the runs over K ranks (each
asks for the next run when done; one run at a time per rank, --threads-per-run threads),
when gigsim was built with MPI.

Exit status: 0 when every run is ok; 1 when a run failed or DIR cannot be used;
2 for an invalid sweep file or run; 130 when interrupted (finished runs are kept).
)help";
}

const char* sweep_collect_help() {
  return R"help(Usage: gigsim sweep-collect DIR

Builds DIR/index.h5 and DIR/index.csv from the run files under DIR/runs, for a sweep run
in shards (gigsim sweep ... --shard I/N). Runs with no complete file are listed with
status "missing".

Exit status: 0 when every run is ok; 1 when some failed or are missing; 2 for bad usage.
)help";
}

}  // namespace gigsim::app
