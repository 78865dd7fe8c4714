"""The command line: python3 -m gigsim_analysis report|compare|sweep (or build/bin/gigsim-report).

Exit status: 0 success; 1 the output could not be written; 2 bad input (a file that is not a gigsim run
file, an unsupported schema version, bad arguments). Errors are one line on stderr, no traceback."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import AnalysisError

EPILOG = """examples:
  %(prog)s report baseline.h5 -o reports/baseline
  %(prog)s report runs/base_1.h5 runs/base_2.h5 -o reports/base      (replicates of one scenario)
  %(prog)s compare base.h5 minwage.h5 -o reports/minwage               (one file per arm)
  %(prog)s compare --arm baseline b1.h5 b2.h5 b3.h5 --arm "minimum wage" m1.h5 m2.h5 m3.h5 -o cmp
  %(prog)s compare runs/baseline/ runs/minwage/ -o cmp                 (a folder = every .h5 in it)
  %(prog)s sweep sweeps/wage_grid -o reports/wage_grid --metric median_wage_with_unpaid

documentation: docs/guide-analyst.md"""


def _parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Reports, policy comparisons and sweep analysis of gigsim "
                                "run files (HDF5).", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"gigsim_analysis {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser("report", help="figures, HTML page and Markdown summary of one run (or replicates)",
                       description="Figures (PNG), one self-contained HTML page and a Markdown summary of a run. "
                       "Several files are taken as replicates of one scenario: means with 95%% confidence intervals.")
    r.add_argument("runs", nargs="+", metavar="RUN.h5", help="run file(s) written by gigsim run")
    r.add_argument("-o", "--output", metavar="DIR", help="output folder (default: <first run's name>-report)")
    r.add_argument("--title", help="page title")
    r.add_argument("--dpi", type=int, default=100, help="resolution of the PNG figures (default 100)")

    c = sub.add_parser("compare", help="baseline against policies, with 95%% confidence intervals over replicates",
                       description="Compare a baseline with one or more policies. Each positional argument is one "
                       "arm (a run file, or a folder whose .h5 files are replicates); or name arms with --arm. The "
                       "first arm is the baseline.")
    c.add_argument("arms", nargs="*", metavar="RUN.h5|DIR", help="one arm each, baseline first")
    c.add_argument("--arm", nargs="+", action="append", metavar=("NAME", "RUN.h5"), dest="named",
                   help="a named arm and its replicate files (repeat for each arm; baseline first)")
    c.add_argument("-o", "--output", metavar="DIR", default="comparison", help="output folder (default: comparison)")
    c.add_argument("--pairing", choices=["auto", "paired", "independent"], default="auto",
                   help="pair replicates by seed (auto: when both arms ran the same seeds)")
    c.add_argument("--title", help="page title")
    c.add_argument("--dpi", type=int, default=100, help="resolution of the PNG figures (default 100)")

    s = sub.add_parser("sweep", help="response curves, heatmaps and sensitivity over a folder of sweep runs",
                       description="Analyse a sweep: DIR/runs/*.h5 (or every .h5 under DIR). Parameters are the "
                       "scenario keys that differ between runs; runs with equal parameters are replicates.")
    s.add_argument("folder", metavar="SWEEP_DIR")
    s.add_argument("-o", "--output", metavar="DIR", help="output folder (default: SWEEP_DIR/analysis)")
    s.add_argument("--metric", action="append", metavar="KEY",
                   help="outcome to analyse (repeatable; default: six headline metrics)")
    s.add_argument("--param", action="append", metavar="KEY", help="restrict to these parameters (repeatable)")
    s.add_argument("--design", choices=["grid", "lhs", "sobol", "random"],
                   help="the design, if the folder does not say (Sobol indices need 'sobol')")
    s.add_argument("--dpi", type=int, default=100, help="resolution of the PNG figures (default 100)")
    return p


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    prog = prog or os.environ.get("GIGSIM_REPORT_PROG") or "python3 -m gigsim_analysis"
    parser = _parser(prog)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    import matplotlib
    matplotlib.use("Agg")   # files only: no window, no display needed
    try:
        if args.command == "report":
            from .report import make_report
            out = args.output or f"{Path(args.runs[0]).stem}-report"
            result = make_report(args.runs, out, dpi=args.dpi, title=args.title)
            print(f"report: {result.html} ({len(result.figures)} figures), {result.markdown}, {result.summary_json}")
        elif args.command == "compare":
            from .compare import make_comparison
            if args.named and args.arms:
                parser.error("compare: give arms either as positional files/folders or with --arm, not both")
            specs = [(a[0], a[1:]) for a in args.named] if args.named else [(None, [a]) for a in args.arms]
            for name, files in specs:
                if not files:
                    parser.error(f"compare: --arm {name} needs at least one run file")
            if len(specs) < 2:
                parser.error("compare: needs at least two arms (a baseline and a policy)")
            result = make_comparison(specs, args.output, pairing=args.pairing, dpi=args.dpi, title=args.title)
            print(f"comparison: {result.html} ({len(result.figures)} figures), {result.markdown}, {result.csv}")
        elif args.command == "sweep":
            from .sweep import make_sweep_report
            out = args.output or str(Path(args.folder) / "analysis")
            result = make_sweep_report(args.folder, out, outcomes=args.metric, design=args.design,
                                       parameters=args.param, dpi=args.dpi)
            print(f"sweep: {len(result.data.runs)} runs, parameters {', '.join(result.data.parameters)}, design "
                  f"{result.data.design}; {result.html} ({len(result.figures)} figures)")
    except AnalysisError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        where = f" '{e.filename}'" if getattr(e, "filename", None) else ""
        print(f"{prog}: error: cannot write{where}: {e.strerror or e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def wrapper_main() -> int:
    """Entry point of gigsim-report: `gigsim-report RUN.h5 ...` means `report RUN.h5 ...`."""
    argv = sys.argv[1:]
    if argv and argv[0] not in ("report", "compare", "sweep", "-h", "--help", "--version"):
        argv = ["report"] + argv
    return main(argv, prog="gigsim-report")
