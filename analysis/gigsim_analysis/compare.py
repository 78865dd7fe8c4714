"""`compare`: a baseline arm and one or more policy arms, each one or more replicate run files.
For every headline metric: the mean of each arm with its 95% confidence interval, and the change
against the baseline (absolute and relative) with its 95% confidence interval; the report's figures
with the arms overlaid; a forest plot of the relative changes.

Confidence intervals (stats.py): the mean of an arm uses Student's t with n - 1 degrees of freedom.
The change uses Welch's t interval (unequal variances) when the arms' replicates are independent,
and the paired t interval of the per-seed differences when both arms ran exactly the same seeds
(common random numbers: the same seed gives the same draws wherever the policy does not change
what an agent does, so the difference is the policy, not noise). The relative change uses the
delta method. With one run in an arm there is no interval (n/a)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import figures, style
from .arms import Arm, arm_from_paths, unique_names
from .errors import UsageError
from .metrics import HEADLINE_METRICS, METRICS_BY_KEY, format_metric, metric_unit, scale_for_display
from .page import Figure, Page, Section, Table
from .report import checks, interventions_table, run_facts
from .stats import Interval, mean_ci, paired_difference_ci, ratio_ci, welch_difference_ci

# The metrics of the forest plot, in the order the SPEC's policy analyst asks about them.
EFFECT_METRICS = [
    "median_wage_with_unpaid", "mean_wage_with_unpaid", "median_wage_without_unpaid",
    "share_below_minimum_wage", "unpaid_share_of_time", "hours_unpaid", "tasks_posted", "tasks_approved",
    "requester_spend", "requester_cost_per_task", "worker_pay", "platform_fees", "social_contributions",
    "forfeited", "forfeited_by_suspension", "suspensions", "gini_earnings", "workers_ever_active",
]


@dataclass
class Effect:
    arm: str
    metric: str
    base: Interval
    value: Interval
    change: Interval
    relative: Interval
    paired: bool


@dataclass
class ComparisonResult:
    out_dir: Path
    html: Path
    markdown: Path
    csv: Path
    summary_json: Path
    figures: list[Path]
    effects: list[Effect]


def can_pair(base: Arm, other: Arm) -> bool:
    """Pair replicates by seed when both arms ran exactly the same distinct seeds (at least two)."""
    a, b = base.seeds, other.seeds
    return len(a) >= 2 and len(set(a)) == len(a) and sorted(a) == sorted(b)


def effects(arms: list[Arm], pairing: str = "auto", level: float = 0.95) -> list[Effect]:
    """The change of every headline metric in every arm against arms[0]. pairing: auto|paired|independent."""
    base = arms[0]
    out = []
    bm = base.metrics()
    for arm in arms[1:]:
        om = arm.metrics()
        paired = {"auto": can_pair(base, arm), "paired": True, "independent": False}[pairing]
        if paired and not can_pair(base, arm):
            raise UsageError(f"cannot pair {base.name!r} and {arm.name!r}: they must hold the same distinct seeds "
                             f"(got {sorted(base.seeds)} and {sorted(arm.seeds)})")
        for metric in HEADLINE_METRICS:
            if paired:
                a = bm[metric.key].sort_index().to_numpy(dtype=float)
                b = om[metric.key].sort_index().to_numpy(dtype=float)
                change = paired_difference_ci(a, b, level)
            else:
                a = bm[metric.key].to_numpy(dtype=float)
                b = om[metric.key].to_numpy(dtype=float)
                change = welch_difference_ci(a, b, level)
            out.append(Effect(arm.name, metric.key, mean_ci(a, level), mean_ci(b, level), change,
                              ratio_ci(a, b, paired, level), paired))
    return out


def _fmt_interval(key: str, i: Interval, signed: bool = False) -> str:
    if not i.has_interval:
        return "n/a"
    f = (lambda v: ("+" if v > 0 else "") + format_metric(key, v)) if signed else (lambda v: format_metric(key, v))
    return f"{f(i.low)} to {f(i.high)}"


def _pct(v: float) -> str:
    return "n/a" if v is None or np.isnan(v) else f"{v * 100:+.1f}%"


def _change_unit(metric, currency: str) -> str:
    unit = metric_unit(metric, currency)
    return "points" if unit == "%" else ("" if unit == "0-1" else unit)


def values_table(arms: list[Arm]) -> Table:
    replicated = any(len(a.runs) > 1 for a in arms)
    header = ["metric"] + [f"{a.name} (n={len(a.runs)})" for a in arms] + ["unit"]
    rows, sections, last = [], {}, None
    for metric in HEADLINE_METRICS:
        if metric.group != last:
            sections[len(rows)] = metric.group
            last = metric.group
        row = [metric.label]
        for a in arms:
            ci = mean_ci(a.metrics()[metric.key].to_numpy(dtype=float))
            text = format_metric(metric.key, ci.estimate)
            if replicated and ci.has_interval:
                text += f" ± {format_metric(metric.key, ci.half_width)}"
            row.append(text)
        unit = metric_unit(metric, arms[0].currency)
        row.append("" if unit == "0-1" else unit)
        rows.append(row)
    return Table(header, rows, [False] + [True] * len(arms) + [False], sections)


def change_table(arm_effects: list[Effect], currency: str) -> Table:
    header = ["metric", "baseline", "policy", "change", "95% CI of the change", "relative change",
              "95% CI (relative)", "unit"]
    rows, sections, last = [], {}, None
    for e in arm_effects:
        metric = METRICS_BY_KEY[e.metric]
        if metric.group != last:
            sections[len(rows)] = metric.group
            last = metric.group
        change = e.change.estimate
        rows.append([metric.label, format_metric(e.metric, e.base.estimate), format_metric(e.metric, e.value.estimate),
                     ("+" if change > 0 else "") + format_metric(e.metric, change),
                     _fmt_interval(e.metric, e.change, signed=True), _pct(e.relative.estimate),
                     f"{_pct(e.relative.low)} to {_pct(e.relative.high)}" if e.relative.has_interval else "n/a",
                     _change_unit(metric, currency)])
    return Table(header, rows, [False, True, True, True, True, True, True, False], sections)


def effects_figure(arms: list[Arm], all_effects: list[Effect]) -> plt.Figure:
    """Forest plot: relative change of the key metrics against the baseline, with 95% intervals."""
    with style.styled():
        keys = EFFECT_METRICS
        fig, ax = plt.subplots(figsize=(style.WIDTH, 1.6 + 0.34 * len(keys)))
        others = arms[1:]
        step = 0.7 / max(1, len(others))
        lo_all, hi_all = [-5.0], [5.0]
        labels = []   # (x, y, text) placed once the limits are known
        for ai, arm in enumerate(others):
            for ki, key in enumerate(keys):
                e = next((x for x in all_effects if x.arm == arm.name and x.metric == key), None)
                y = ki - 0.35 + step * (ai + 0.5) if len(others) > 1 else ki
                if e is None or np.isnan(e.relative.estimate):
                    labels.append((0.0, y, "n/a: zero or not recorded in the baseline", "#777777"))
                    continue
                v = e.relative.estimate * 100
                c = style.arm_colour(ai + 1)
                right = v
                if e.relative.has_interval:
                    lo, hi = e.relative.low * 100, e.relative.high * 100
                    ax.plot([lo, hi], [y, y], color=c, lw=2.4, solid_capstyle="butt")
                    lo_all.append(lo)
                    hi_all.append(hi)
                    right = hi
                ax.plot(v, y, "o", color=c, ms=6.5, label=arm.name if ki == 0 else None, zorder=3)
                lo_all.append(v)
                hi_all.append(v)
                labels.append((right, y, f"{v:+.0f}%" if abs(v) >= 9.5 else f"{v:+.1f}%", "#222222"))
        lo, hi = max(min(lo_all), -1000), min(max(hi_all), 1000)
        pad = (hi - lo) * 0.12
        ax.set_xlim(lo - pad * 0.4, hi + pad)
        for x, y, text, c in labels:
            ax.annotate(text, (min(x, hi), y), xytext=(5, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=8, color=c)
        ax.axvline(0, color="#333333", lw=1)
        ax.set_yticks(range(len(keys)), [METRICS_BY_KEY[k].label for k in keys])
        ax.set_ylim(len(keys) - 0.5, -0.5)
        ax.xaxis.set_major_formatter(style.FuncFormatter(lambda v, _p=None: f"{v:+.0f}%"))
        ax.set_xlabel(f"change against {arms[0].name} (%)")
        ax.grid(axis="y", visible=False)
        if len(others) > 1:
            ax.legend(loc="lower right", fontsize=9)
        sub = "; ".join(f"{a.name}: {len(a.runs)} run{'s' if len(a.runs) > 1 else ''}" for a in arms)
        replicated = any(e.relative.has_interval for e in all_effects)
        if replicated:
            sub += "; bars: 95% confidence interval" + (", paired by seed" if any(e.paired for e in all_effects)
                                                         else "")
        style.suptitle(fig, f"What changes against {arms[0].name}", sub)
        style.finish(fig)
    return fig


def make_comparison(arm_specs: list[tuple[str | None, list[str | os.PathLike]]], out_dir: str | os.PathLike,
                    pairing: str = "auto", dpi: int = 100, title: str | None = None) -> ComparisonResult:
    """arm_specs: [(name or None, [files or folders]), ...], the first being the baseline."""
    if len(arm_specs) < 2:
        raise UsageError("compare needs at least two arms: a baseline and a policy")
    arms = [arm_from_paths(name, paths) for name, paths in arm_specs]
    unique_names(arms)
    return compare_arms(arms, out_dir, pairing=pairing, dpi=dpi, title=title)


def compare_arms(arms: list[Arm], out_dir, pairing: str = "auto", dpi: int = 100,
                 title: str | None = None) -> ComparisonResult:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    currencies = {a.currency for a in arms}
    if len(currencies) > 1:
        raise UsageError(f"the arms use different currencies ({', '.join(sorted(currencies))}); cannot compare money")
    # One minimum-wage benchmark for every arm (the highest of the arms'), so that "workers below the
    # benchmark" counts against the same wage on both sides.
    benchmark = max(a.first.minimum_wage for a in arms)
    for a in arms:
        a.share_benchmark(benchmark)
    all_effects = effects(arms, pairing)
    cur = arms[0].currency
    fig = effects_figure(arms, all_effects)
    effects_path = out_dir / "effects.png"
    fig.savefig(effects_path, dpi=dpi, facecolor="white", bbox_inches="tight", pad_inches=0.1)
    plt.close(fig)
    made = figures.draw_all(arms, out_dir, dpi=dpi)

    title = title or f"gigsim comparison: {' vs '.join(a.name for a in arms)}"
    lead = (f"Baseline: {arms[0].name}. " + " ".join(
        f"{a.name}: {len(a.runs)} run{'s' if len(a.runs) > 1 else ''} (seeds {', '.join(map(str, a.seeds))})."
        for a in arms) + f" Money in {cur}. Changes are policy minus baseline; 95% confidence intervals over "
        f"replicates (n/a with a single run per arm). Minimum-wage benchmark for every arm: {benchmark:g} {cur}/hour "
        f"(the highest of the arms' regulation.minimum_wage.hourly).")
    page = Page(title, lead)
    page.sections.append(Section("Effects at a glance", figures=[Figure(
        effects_path, "Relative change of the key metrics against the baseline. Dots are the change of the means "
        "over replicates; bars the 95% confidence interval (delta method; paired by seed when both arms ran the "
        "same seeds). An interval that crosses 0 means the replicates cannot tell the change from noise.",
        "Effects")]))
    for arm in arms[1:]:
        mine = [e for e in all_effects if e.arm == arm.name]
        how = ("paired by seed (same seeds in both arms)" if mine and mine[0].paired else
               "Welch's t interval (independent replicates)")
        page.sections.append(Section(f"{arm.name} against {arms[0].name}", tables=[change_table(mine, cur)],
                                     paragraphs=[f"Change = {arm.name} minus {arms[0].name}. Confidence intervals: "
                                                 f"{how}. Percentages in the 'change' column are percentage points."]))
    page.sections.append(Section("Every arm", tables=[values_table(arms)], paragraphs=[
        "Means over replicates, ± the half-width of the 95% confidence interval where an arm has several runs."]))
    runs = Section("The arms")
    for a in arms:
        runs.paragraphs.append(f"{a.name}: " + ", ".join(str(r.path) for r in a.runs))
        runs.tables.append(run_facts(a.first))
        iv = interventions_table(a.first)
        if iv is not None:
            runs.tables.append(iv)
    page.sections.append(runs)
    titles = dict(wages="Effective hourly wage", wages_over_time="Wages over time", lorenz="Inequality of earnings",
                  time_use="Paid and unpaid time", workers="Workers over time", tasks="Task volume",
                  money="Money flows", suspensions="Suspensions and forfeited earnings",
                  requesters="Requesters: pay and volume", platforms="Platforms")
    for name, path, caption in made:
        page.sections.append(Section(titles.get(name, name), figures=[Figure(
            path, caption + " Arms overlaid: colour = arm; with replicates, the line is the mean and the shaded "
            "band the range over replicates.", titles.get(name, name))]))
    page.sections.append(Section("Checks", paragraphs=[c for a in arms for c in checks(a)]))
    html_path, md_path = page.write(out_dir, "comparison")

    rows = []
    for a in arms:
        m = a.metrics()
        for metric in HEADLINE_METRICS:
            ci = mean_ci(m[metric.key].to_numpy(dtype=float))
            e = next((x for x in all_effects if x.arm == a.name and x.metric == metric.key), None)
            rows.append(dict(arm=a.name, metric=metric.key, label=metric.label, unit=metric_unit(metric, cur), n=ci.n,
                             mean=ci.estimate, ci_low=ci.low, ci_high=ci.high,
                             change=e.change.estimate if e else 0.0, change_low=e.change.low if e else np.nan,
                             change_high=e.change.high if e else np.nan,
                             relative_change=e.relative.estimate if e else 0.0,
                             relative_low=e.relative.low if e else np.nan,
                             relative_high=e.relative.high if e else np.nan,
                             paired=e.paired if e else False))
    table = pd.DataFrame(rows)
    csv_path = out_dir / "comparison.csv"
    table.to_csv(csv_path, index=False)
    json_path = out_dir / "summary.json"
    json_path.write_text(json.dumps({
        "baseline": arms[0].name,
        "arms": [{"name": a.name, "files": [str(r.path) for r in a.runs], "seeds": a.seeds} for a in arms],
        "rows": json.loads(table.to_json(orient="records")),
    }, indent=2) + "\n", encoding="utf-8")
    return ComparisonResult(out_dir, html_path, md_path, csv_path, json_path,
                            [effects_path] + [p for _, p, _ in made], all_effects)


__all__ = ["Effect", "ComparisonResult", "effects", "can_pair", "make_comparison", "compare_arms",
           "scale_for_display"]
