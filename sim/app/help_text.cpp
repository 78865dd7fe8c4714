#include "app/help_text.hpp"

namespace gigsim::app {

const char* main_help() {
  return R"help(gigsim - an agent-based simulator of the micro-work labour market

Usage:
  gigsim run [SCENARIO.yaml] [options]    run a scenario and write one HDF5 file
  gigsim validate SCENARIO.yaml...        check scenarios and list every problem
  gigsim --help | -h                      this text
  gigsim --version                        version and git commit

Run `gigsim run --help` or `gigsim validate --help` for their options.

Examples:
  gigsim run                              the built-in baseline (scenarios/baseline.yaml)
  gigsim run scenarios/baseline.yaml -o baseline.h5 --threads 4
  gigsim run --set regulation.minimum_wage.enabled=true --set seed=7
  gigsim validate scenarios/*.yaml

Exit status:
  0    success
  1    runtime failure (output exists or cannot be written, not enough memory, ...)
  2    invalid input (a scenario error, or bad command-line usage)
  130  interrupted by Ctrl-C (no output file is left behind)

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
  -h, --help              this text

Progress goes to stderr: a redrawn bar with rate and ETA on a terminal, a plain line
about every 10% otherwise. A summary table goes to stdout at the end.
The output is written under a temporary name and renamed when complete: a failed or
interrupted run (Ctrl-C, exit 130) leaves no file at OUT.h5.
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

}  // namespace gigsim::app
