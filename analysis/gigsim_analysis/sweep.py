"""`sweep`: a folder of run files from a parameter sweep, turned into response curves (one parameter),
heatmaps (two parameters), and a table of sensitivity (standardised regression coefficients; first-order
Sobol indices when the design is a Sobol design).

Which files: `DIR/runs/*.h5` when DIR has a `runs/` folder (the layout of `gigsim sweep`), otherwise every
`*.h5` under DIR except `index.h5`. Files that cannot be read are listed in the report and left out.

Which parameters: the scenario keys whose value differs between the runs, read from each file's
resolved scenario (`/scenario`), named as `--set` names them (`platforms[0].fee.rate`). `seed` is the
replicate, not a parameter; text-valued keys (names, descriptions) are ignored. Runs with the same
parameter values are replicates of one design point.

Which design (for the sensitivity table), the first that answers:
  1. `--design grid|lhs|sobol|random` on the command line;
  2. a `design` attribute on the root of `DIR/index.h5`, or a `design` column of `DIR/index.csv`;
  3. a `design:` key in a YAML file in DIR (a copy of the sweep file): a word, or a block with `type:`
     (or `kind:`/`method:`);
  4. otherwise inferred: `grid` if the design points are every combination of the parameters' values,
     `sampled` if not.
First-order Sobol indices are computed when the design is `sobol` (they need a space-filling sample).
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import h5py
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import yaml

from . import style
from .errors import AnalysisError, UsageError
from .metrics import HEADLINE_METRICS, METRICS_BY_KEY, format_metric, headline_metrics, metric_unit, scale_for_display
from .page import Figure, Page, Section, Table
from .run_file import load_run
from .stats import first_order_sobol, mean_ci, standardised_regression

DEFAULT_OUTCOMES = ["median_wage_with_unpaid", "median_wage_without_unpaid", "unpaid_share_of_time",
                    "tasks_approved", "platform_fees", "forfeited"]
NOT_PARAMETERS = {"seed", "name", "description"}
DESIGNS = ("grid", "lhs", "sobol", "random", "sampled", "none")


@dataclass
class SweepData:
    folder: Path
    runs: pd.DataFrame                 # one row per run: file, seed, parameters, outcomes
    parameters: list[str]
    outcomes: list[str]
    design: str
    design_source: str
    currency: str
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)
    ignored_keys: list[str] = field(default_factory=list)          # varying but not numeric

    def points(self) -> pd.DataFrame:
        """One row per design point: parameter values, replicates, mean of each outcome."""
        if not self.parameters:
            return pd.DataFrame()
        g = self.runs.groupby(self.parameters, dropna=False)
        out = g[self.outcomes].mean()
        out.insert(0, "replicates", g.size())
        return out.reset_index()


def flatten(value, prefix: str = "") -> dict:
    """A nested scenario as {'workers.groups[0].share': 0.8, ...}."""
    out = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def short(name: str) -> str:
    """A parameter's name for a figure: its last two key-path components."""
    parts = re.split(r"\.(?![^\[]*\])", name)
    return ".".join(parts[-2:]) if len(parts) > 1 else name


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", short(name)).strip("_")


def find_run_files(folder: Path) -> list[Path]:
    runs_dir = folder / "runs"
    if runs_dir.is_dir():
        files = sorted(runs_dir.glob("*.h5"))
    else:
        files = sorted(p for p in folder.rglob("*.h5") if p.name != "index.h5")
    return [p for p in files if not p.name.startswith(".")]


def declared_design(folder: Path) -> tuple[str | None, str]:
    index_h5 = folder / "index.h5"
    if index_h5.exists():
        try:
            with h5py.File(index_h5, "r") as f:
                d = f.attrs.get("design")
                if d is not None:
                    d = d.decode() if isinstance(d, bytes) else str(d)
                    return d.lower(), f"attribute 'design' of {index_h5}"
        except OSError:
            pass
    index_csv = folder / "index.csv"
    if index_csv.exists():
        try:
            idx = pd.read_csv(index_csv)
            if "design" in idx.columns and idx["design"].nunique() == 1:
                return str(idx["design"].iloc[0]).lower(), f"column 'design' of {index_csv}"
        except (OSError, ValueError, pd.errors.ParserError):
            pass
    for y in sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml"))):
        try:
            doc = yaml.safe_load(y.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(doc, dict) and "design" in doc:
            d = doc["design"]
            if isinstance(d, dict):
                d = d.get("type") or d.get("kind") or d.get("method")
            if isinstance(d, str):
                return d.lower(), f"'design:' in {y}"
    return None, ""


def infer_design(runs: pd.DataFrame, parameters: list[str]) -> str:
    if not parameters:
        return "none"
    distinct = runs[parameters].drop_duplicates()
    product = math.prod(runs[p].nunique() for p in parameters)
    return "grid" if len(distinct) == product else "sampled"


def _numeric(v) -> bool:
    return isinstance(v, (bool, int, float, np.integer, np.floating)) and not (isinstance(v, float) and math.isnan(v))


def resolve_outcomes(requested: list[str] | None) -> list[str]:
    if not requested:
        return list(DEFAULT_OUTCOMES)
    out = []
    for key in requested:
        if key not in METRICS_BY_KEY:
            close = difflib.get_close_matches(key, list(METRICS_BY_KEY), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(f"unknown metric {key!r}{hint}; known: {', '.join(METRICS_BY_KEY)}")
        out.append(key)
    return out


def load_sweep(folder: str | os.PathLike, outcomes: list[str] | None = None, design: str | None = None,
               parameters: list[str] | None = None) -> SweepData:
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder (sweep expects the folder of a sweep's run files)")
    files = find_run_files(folder)
    if not files:
        raise UsageError(f"{folder}: no .h5 run file found (looked in {folder / 'runs'} and under {folder})")
    outcomes = resolve_outcomes(outcomes)
    rows, flats, skipped = [], [], []
    currency = None
    for path in files:
        try:
            run = load_run(path)
        except AnalysisError as e:
            skipped.append((str(path), str(e)))
            continue
        currency = currency or run.currency
        m = headline_metrics(run)
        rows.append({"file": str(path.relative_to(folder)), "seed": run.seed, **{k: m[k] for k in outcomes}})
        flats.append(flatten(run.scenario))
    if not rows:
        raise UsageError(f"{folder}: none of the {len(files)} .h5 files could be read as a run file "
                         f"(first error: {skipped[0][1]})")
    keys = sorted(set().union(*flats))
    varying, ignored = [], []
    for k in keys:
        if k in NOT_PARAMETERS or k.startswith("output."):
            continue
        values = [f.get(k) for f in flats]
        as_text = {json.dumps(v, sort_keys=True, default=str) for v in values}
        if len(as_text) <= 1:
            continue
        if all(_numeric(v) for v in values):
            varying.append(k)
        else:
            ignored.append(k)
    if parameters:
        unknown = [p for p in parameters if p not in varying]
        if unknown:
            raise UsageError(f"not a varying parameter of this sweep: {', '.join(unknown)}; varying: "
                             f"{', '.join(varying) or 'none'}")
        varying = list(parameters)
    runs = pd.DataFrame(rows)
    for k in varying:
        runs.insert(2 + varying.index(k), k, [float(f.get(k)) for f in flats])
    source = "--design"
    if design is None:
        design, source = declared_design(folder)
    if design is None:
        design, source = infer_design(runs, varying), "inferred from the design points"
    if design not in DESIGNS:
        raise UsageError(f"unknown design {design!r} ({source}); expected one of {', '.join(DESIGNS)}")
    return SweepData(folder, runs, varying, outcomes, design, source, currency or "USD", skipped, ignored)


# --- sensitivity ---------------------------------------------------------------------------------

def sensitivity(data: SweepData) -> pd.DataFrame:
    """One row per (outcome, parameter): SRC with its 95% interval, the regression's R², and the
    first-order Sobol index for Sobol designs."""
    rows = []
    if not data.parameters:
        return pd.DataFrame()
    X = data.runs[data.parameters].to_numpy(dtype=float)
    for outcome in data.outcomes:
        y = data.runs[outcome].to_numpy(dtype=float)
        reg = standardised_regression(X, y, data.parameters)
        for j, p in enumerate(data.parameters):
            row = dict(outcome=outcome, parameter=p, src=reg.coefficients[j], src_low=reg.low[j],
                       src_high=reg.high[j], r_squared=reg.r_squared, runs=reg.n)
            if data.design == "sobol":
                row["sobol_first_order"] = first_order_sobol(X[:, j], y)
            rows.append(row)
    return pd.DataFrame(rows)


# --- figures -------------------------------------------------------------------------------------

def _outcome_label(key: str, currency: str) -> str:
    m = METRICS_BY_KEY[key]
    unit = metric_unit(m, currency)
    return f"{m.label}" + ("" if unit == "0-1" else f" ({unit})")


def _grid_shape(n: int) -> tuple[int, int]:
    if n <= 2:
        return 1, n
    if n <= 4:
        return 2, 2
    return math.ceil(n / 3), 3


def _wrap(text: str, width: int = 34) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width))


def response_figure(data: SweepData, parameter: str) -> plt.Figure:
    """Each outcome against one parameter: mean over replicates (and over the other parameters) with
    its 95% interval, every run as a small dot; on a grid with one other parameter of few levels, one
    line per level of it."""
    runs = data.runs
    others = [p for p in data.parameters if p != parameter]
    split = (data.design == "grid" and len(others) == 1 and runs[others[0]].nunique() <= 6)
    few_levels = runs[parameter].nunique() <= 12
    rows, cols = _grid_shape(len(data.outcomes))
    with style.styled():
        fig, axes = plt.subplots(rows, cols, figsize=(style.WIDTH, 0.6 + 2.75 * rows), squeeze=False)
        handles = []
        for ax, outcome in zip(axes.flat, data.outcomes):
            scale = 100.0 if outcome in {m.key for m in HEADLINE_METRICS if m.unit == "%"} else 1.0
            levels = sorted(runs[others[0]].unique()) if split else [None]
            for li, level in enumerate(levels):
                part = runs if level is None else runs[runs[others[0]] == level]
                c = style.arm_colour(li)
                ax.scatter(part[parameter], part[outcome] * scale, s=9, color=c, alpha=0.35, lw=0)
                if few_levels:
                    xs, means, lows, highs = [], [], [], []
                    for x, grp in part.groupby(parameter):
                        v = grp[outcome].to_numpy(dtype=float) * scale
                        xs.append(x)
                        means.append(v.mean())
                        lows.append(v.min())
                        highs.append(v.max())
                    line, = ax.plot(xs, means, "-o", color=c, ms=4,
                                    label=f"{short(others[0])} = {level:g}" if level is not None else "mean")
                    ax.fill_between(xs, lows, highs, color=c, alpha=0.18, lw=0)
                else:
                    q = np.unique(np.quantile(part[parameter], np.linspace(0, 1, 9)))
                    labels = np.clip(np.searchsorted(q, part[parameter], side="right") - 1, 0, len(q) - 2)
                    g = pd.DataFrame({"x": part[parameter], "y": part[outcome] * scale, "b": labels}).groupby("b")
                    line, = ax.plot(g["x"].mean(), g["y"].mean(), "-o", color=c, ms=4, label="binned mean")
                if ax is axes.flat[0]:
                    handles.append(line)
            ax.set_title(_wrap(METRICS_BY_KEY[outcome].label, 28 if cols > 2 else 40), fontsize=9.5)
            unit = metric_unit(METRICS_BY_KEY[outcome], data.currency)
            ax.set_ylabel("" if unit == "0-1" else unit)
            ax.set_xlabel(short(parameter))
            ax.yaxis.set_major_formatter(style.HUMAN)
        for ax in list(axes.flat)[len(data.outcomes):]:
            ax.set_visible(False)
        reps = data.runs.groupby(data.parameters).size()
        per = f"{reps.min()}" if reps.min() == reps.max() else f"{reps.min()}-{reps.max()}"
        sub = f"{data.design} design, {len(data.runs)} runs ({per} per point)"
        how = "line: mean, band: range of the runs at each value" if few_levels else "line: mean per eighth of the range"
        if others and not split:
            how += ", other parameters averaged"
        fig.legend(handles=handles + [plt.Line2D([], [], marker="o", ls="", color="#888888", ms=3.5,
                                                 label="one run")],
                   loc="lower center", ncol=min(len(handles) + 1, 5), fontsize=8.5, bbox_to_anchor=(0.5, 0.0))
        style.suptitle(fig, f"Response to {short(parameter)}", f"{sub}; {how}")
        style.finish(fig, bottom=32 / (fig.get_figheight() * style.DPI))
    return fig


def heatmap_figure(data: SweepData, a: str, b: str) -> plt.Figure:
    """Each outcome over two parameters: on a grid, the mean over replicates (and the other parameters)
    in each cell; for a sampled design (many distinct values), every run as a dot coloured by the outcome."""
    runs = data.runs
    gridded = runs[a].nunique() <= 10 and runs[b].nunique() <= 10
    rows, cols = _grid_shape(len(data.outcomes))
    with style.styled():
        fig, axes = plt.subplots(rows, cols, figsize=(style.WIDTH, 0.7 + 2.9 * rows), squeeze=False)
        for ax, outcome in zip(axes.flat, data.outcomes):
            scale = 100.0 if METRICS_BY_KEY[outcome].unit == "%" else 1.0
            if gridded:
                va, vb = sorted(runs[a].unique()), sorted(runs[b].unique())
                table = runs.groupby([b, a])[outcome].mean().unstack(a).reindex(index=vb, columns=va)
                grid = table.to_numpy(dtype=float) * scale
                im = ax.imshow(grid, origin="lower", aspect="auto", cmap="cividis")
                ax.set_xticks(range(len(va)), [f"{v:g}" for v in va], fontsize=8)
                ax.set_yticks(range(len(vb)), [f"{v:g}" for v in vb], fontsize=8)
                finite = grid[np.isfinite(grid)]
                mid = (finite.min() + finite.max()) / 2 if finite.size else 0
                if grid.size <= 36:
                    for (i, j), v in np.ndenumerate(grid):
                        if np.isfinite(v):
                            ax.text(j, i, style.human(float(f"{v:.3g}")), ha="center", va="center", fontsize=7.5,
                                    color="black" if v > mid else "white")
                ax.grid(False)
            else:
                im = ax.scatter(runs[a], runs[b], c=runs[outcome] * scale, cmap="cividis", s=28, edgecolor="#333333",
                                lw=0.3)
                ax.tick_params(labelsize=8)
            ax.set_xlabel(short(a), fontsize=9)
            ax.set_ylabel(short(b), fontsize=9)
            ax.set_title(_wrap(METRICS_BY_KEY[outcome].label, 28 if cols > 2 else 40), fontsize=9.5)
            cb = fig.colorbar(im, ax=ax, fraction=0.05, pad=0.02)
            unit = metric_unit(METRICS_BY_KEY[outcome], data.currency)
            cb.set_label("" if unit == "0-1" else unit, fontsize=8)
            cb.ax.tick_params(labelsize=7.5)
        for ax in list(axes.flat)[len(data.outcomes):]:
            ax.set_visible(False)
        how = ("cells: mean over replicates" + (" and the other parameters" if len(data.parameters) > 2 else "")
               if gridded else "one dot per run, coloured by the outcome")
        style.suptitle(fig, f"{short(a)} and {short(b)} together", f"{data.design} design; {how}")
        style.finish(fig)
    return fig


def sensitivity_figure(data: SweepData, sens: pd.DataFrame) -> plt.Figure:
    """Standardised regression coefficients (and first-order Sobol indices) per outcome and parameter."""
    sobol = "sobol_first_order" in sens.columns
    with style.styled():
        n_out = len(data.outcomes)
        fig, axes = plt.subplots(1, 2 if sobol else 1, figsize=(style.WIDTH, 1.5 + 0.42 * n_out * max(
            1, len(data.parameters)) ** 0.6 + 0.4), squeeze=False, sharey=True)
        ax = axes[0, 0]
        y = np.arange(n_out)
        k = len(data.parameters)
        h = 0.8 / k
        for j, p in enumerate(data.parameters):
            part = sens[sens["parameter"] == p].set_index("outcome").reindex(data.outcomes)
            yy = y - 0.4 + h * (j + 0.5)
            err = np.vstack([part["src"] - part["src_low"], part["src_high"] - part["src"]])
            ax.barh(yy, part["src"], height=h, color=style.arm_colour(j), label=short(p),
                    xerr=np.nan_to_num(err), error_kw=dict(lw=0.8, capsize=1.5))
            if sobol:
                axes[0, 1].barh(yy, part["sobol_first_order"], height=h, color=style.arm_colour(j))
        r2 = sens.groupby("outcome")["r_squared"].first().reindex(data.outcomes)
        ax.set_yticks(y, [f"{_wrap(METRICS_BY_KEY[o].label, 30)}\n(R² {r2[o]:.2f})" for o in data.outcomes],
                      fontsize=8.5)
        ax.invert_yaxis()
        ax.axvline(0, color="#333333", lw=0.8)
        reach = np.nanmax(np.abs(sens[["src_low", "src_high"]].to_numpy(dtype=float))) if len(sens) else 1.0
        reach = 1.1 if not np.isfinite(reach) else min(max(1.1, reach * 1.05), 3.0)
        ax.set_xlim(-reach, reach)
        ax.set_xlabel("standardised regression coefficient")
        ax.set_title("Linear effect (SRC, 95% CI)")
        ax.grid(axis="y", visible=False)
        if sobol:
            bx = axes[0, 1]
            bx.set_xlim(0, 1)
            bx.axvline(0, color="#333333", lw=0.8)
            bx.set_xlabel("first-order Sobol index")
            bx.set_title("Share of variance (Sobol S1)")
            bx.grid(axis="y", visible=False)
        fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=min(k, 4), fontsize=8.5,
                   bbox_to_anchor=(0.5, 0.0))
        style.suptitle(fig, "Which parameters matter?",
                       f"{len(data.runs)} runs; design: {data.design}; R²: share of the outcome's variance the "
                       f"linear fit explains")
        style.finish(fig, bottom=30 / (fig.get_figheight() * style.DPI))
    return fig


# --- the command ---------------------------------------------------------------------------------

@dataclass
class SweepResult:
    out_dir: Path
    html: Path
    markdown: Path
    figures: list[Path]
    sensitivity: pd.DataFrame
    data: SweepData


def make_sweep_report(folder, out_dir, outcomes: list[str] | None = None, design: str | None = None,
                      parameters: list[str] | None = None, dpi: int = 100, max_heatmaps: int = 3) -> SweepResult:
    data = load_sweep(folder, outcomes, design, parameters)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cur = data.currency
    made: list[tuple[Path, str, str]] = []

    def save(fig, name, caption, title):
        path = out_dir / f"{name}.png"
        fig.savefig(path, dpi=dpi, facecolor="white", bbox_inches="tight", pad_inches=0.1)
        plt.close(fig)
        made.append((path, caption, title))

    if not data.parameters:
        raise UsageError(f"{data.folder}: the {len(data.runs)} runs share every parameter value (only seeds differ), "
                         f"so there is nothing to sweep over; use compare for replicates of one scenario")
    for p in data.parameters:
        save(response_figure(data, p), f"response_{_safe(p)}",
             f"Response of the outcomes to {p}. Each dot is a run; the line joins the means of the runs at each "
             f"value (over replicates, and over the other parameters unless a line is drawn per value of the "
             f"other one), the band is the range of those runs: the replicate spread.", f"Response to {short(p)}")
    pairs = [(a, b) for i, a in enumerate(data.parameters) for b in data.parameters[i + 1:]][:max_heatmaps]
    for a, b in pairs:
        save(heatmap_figure(data, a, b), f"heatmap_{_safe(a)}__{_safe(b)}",
             f"Each outcome over {a} (across) and {b} (up): on a grid, the mean over replicates in each cell; for a "
             f"sampled design, every run as a dot coloured by the outcome.",
             f"{short(a)} and {short(b)}")
    sens = sensitivity(data)
    if len(data.runs) > len(data.parameters) + 1:
        save(sensitivity_figure(data, sens), "sensitivity",
             "Standardised regression coefficients: the change of the outcome, in its standard deviations, when "
             "the parameter moves by one of its standard deviations, the others fixed (linear fit over all runs). "
             + ("First-order Sobol indices: the share of the outcome's variance explained by the parameter alone "
                "(given-data estimate from the Sobol sample)." if data.design == "sobol" else ""),
             "Sensitivity")

    points = data.points()
    data.runs.to_csv(out_dir / "runs.csv", index=False)
    points.to_csv(out_dir / "points.csv", index=False)
    sens.to_csv(out_dir / "sensitivity.csv", index=False)

    page = Page(f"gigsim sweep: {data.folder.name}",
                f"{len(data.runs)} runs from {data.folder}, {len(points)} design points; parameters: "
                f"{', '.join(data.parameters)}; design: {data.design} ({data.design_source}). Money in {cur}.")
    sens_rows = []
    sobol = "sobol_first_order" in sens.columns
    for _, r in sens.iterrows():
        row = [METRICS_BY_KEY[r["outcome"]].label, r["parameter"], f"{r['src']:+.3f}",
               f"{r['src_low']:+.3f} to {r['src_high']:+.3f}" if np.isfinite(r["src_low"]) else "n/a",
               f"{r['r_squared']:.2f}" if np.isfinite(r["r_squared"]) else "n/a"]
        if sobol:
            row.append(f"{r['sobol_first_order']:.3f}" if np.isfinite(r["sobol_first_order"]) else "n/a")
        sens_rows.append(row)
    header = ["outcome", "parameter", "SRC", "95% CI", "R²"] + (["Sobol S1"] if sobol else [])
    page.sections.append(Section("Sensitivity", tables=[Table(header, sens_rows, [False, False, True, True, True]
                                                              + ([True] if sobol else []))], paragraphs=[
        "SRC: standardised regression coefficient of a linear fit of the outcome on all parameters over every run; "
        "its sign is the direction of the effect, its square the share of variance for a linear response. R² near "
        "1 means the linear fit describes the response well; when it is low, read the response curves instead. "
        + ("Sobol S1: first-order index, the share of the outcome's variance due to the parameter alone, estimated "
           "from the Sobol sample by grouping runs on the parameter (ANOVA estimate, corrected for replicate noise)."
           if sobol else f"Sobol indices are computed for Sobol designs only (this one: {data.design}).")]))
    point_rows = []
    for _, r in points.iterrows():
        point_rows.append([f"{r[p]:g}" for p in data.parameters] + [str(int(r["replicates"]))]
                          + [format_metric(o, r[o]) for o in data.outcomes])
    page.sections.append(Section("Design points", tables=[Table(
        [short(p) for p in data.parameters] + ["runs"] + [METRICS_BY_KEY[o].label for o in data.outcomes],
        point_rows, [True] * (len(data.parameters) + 1 + len(data.outcomes)))], paragraphs=[
        "Means over replicates; percentages for shares. Every run is in runs.csv."]))
    for path, caption, title in made:
        page.sections.append(Section(title, figures=[Figure(path, caption, title)]))
    notes = [f"Parameters: {', '.join(data.parameters)} (keys of /scenario that differ between runs)."]
    if data.ignored_keys:
        notes.append(f"Varying keys left out because they are not numbers: {', '.join(data.ignored_keys)}.")
    for f, reason in data.skipped:
        notes.append(f"Left out (unreadable): {reason}")
    page.sections.append(Section("Files", paragraphs=notes))
    html_path, md_path = page.write(out_dir, "sweep")
    return SweepResult(out_dir, html_path, md_path, [p for p, _, _ in made], sens, data)
