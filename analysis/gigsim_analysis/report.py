"""`report`: the figures and the headline table of one run (or of replicates of one scenario),
as PNG files, one self-contained HTML page, a Markdown summary and summary.json."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import figures
from .arms import Arm, arm_from_paths
from .metrics import HEADLINE_METRICS, format_metric, metric_unit
from .page import Figure, Page, Section, Table
from .run_file import Run, money_identity_residual
from .stats import mean_ci


@dataclass
class ReportResult:
    out_dir: Path
    html: Path
    markdown: Path
    summary_json: Path
    figures: list[Path]
    metrics: dict


def headline_table(arm: Arm) -> Table:
    m = arm.metrics()
    replicated = len(arm.runs) > 1
    header = ["metric", "value"] + (["95% CI", "replicates"] if replicated else []) + ["unit"]
    rows, sections, last = [], {}, None
    for metric in HEADLINE_METRICS:
        if metric.group != last:
            sections[len(rows)] = metric.group
            last = metric.group
        values = m[metric.key].to_numpy(dtype=float)
        ci = mean_ci(values)
        unit = metric_unit(metric, arm.currency)
        row = [metric.label, format_metric(metric.key, ci.estimate)]
        if replicated:
            row += [f"{format_metric(metric.key, ci.low)} to {format_metric(metric.key, ci.high)}"
                    if ci.has_interval else "n/a", str(ci.n)]
        row.append("" if unit == "0-1" else unit)
        rows.append(row)
    numeric = [False, True] + ([True, True] if replicated else []) + [False]
    return Table(header, rows, numeric, sections)


def run_facts(run: Run) -> Table:
    s = run.scenario
    workers = s.get("workers") or {}
    reqs = s.get("requesters") or {}
    plats = s.get("platforms") or []
    fees = ", ".join(f"{p.get('name')}: {100 * float((p.get('fee') or {}).get('rate', 0)):g}%" for p in plats)
    rows = [
        ["scenario", f"{run.scenario_name}: {s.get('description', '')}".rstrip(": ")],
        ["simulated time", f"{run.duration_days:g} days, reported every {run.interval_minutes} minutes"],
        ["workers at the start", f"{workers.get('registered', '?'):,}" if isinstance(workers.get('registered'), int)
         else str(workers.get("registered", "?"))],
        ["worker groups", ", ".join(run.group_names) or "-"],
        ["requesters", f"{reqs.get('count', '?')} ({', '.join(run.requester_type_names)})"],
        ["platforms (commission)", fees or "-"],
        ["regulation switched on", ", ".join(run.rules_enabled) or "none"],
        ["currency", run.currency],
    ]
    return Table(["", "value"], rows)


def provenance_table(arm: Arm) -> Table:
    rows = []
    for r in arm.runs:
        p = r.provenance
        rows.append([str(r.path), str(r.seed), str(p.get("gigsim_version", "?")), str(p.get("git_commit", "?")),
                     str(p.get("start_time", "?")), str(p.get("threads", "?")), str(p.get("host", "?"))])
    return Table(["file", "seed", "gigsim", "commit", "started (UTC)", "threads", "host"], rows)


def interventions_table(run: Run) -> Table | None:
    iv = run.interventions
    if iv.empty:
        return None
    rows = [[f"{row['day']:g}", str(row.get("label", "")), str(row.get("settings", ""))] for _, row in iv.iterrows()]
    return Table(["day", "what", "settings"], rows, [True, False, False])


def checks(arm: Arm) -> list[str]:
    """Consistency checks a reader can trust the numbers by."""
    out = []
    for r in arm.runs:
        residual = money_identity_residual(r)
        bad = int(np.count_nonzero(residual))
        if bad == 0:
            out.append(f"{r.path.name}: the money identity (requester spending = worker pay + platform fees + "
                       f"social contributions + forfeited + change in pending) holds to the micro-unit in "
                       f"all {len(residual):,} rows.")
        else:
            out.append(f"{r.path.name}: WARNING: the money identity fails in {bad} of {len(residual)} rows "
                       f"(largest gap {np.abs(residual).max()} micro-units); the file may be damaged.")
    return out


def _json_number(v) -> float | None:
    """NaN (a metric the file does not record) becomes null: summary.json stays strict JSON."""
    v = float(v)
    return None if np.isnan(v) else v


def make_report(paths: list[str | os.PathLike], out_dir: str | os.PathLike, dpi: int = 100,
                title: str | None = None) -> ReportResult:
    arm = arm_from_paths(None, list(paths))
    return report_arm(arm, out_dir, dpi=dpi, title=title)


def report_arm(arm: Arm, out_dir, dpi: int = 100, title: str | None = None) -> ReportResult:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    run = arm.first
    made = figures.draw_all([arm], out_dir, dpi=dpi)
    n = len(arm.runs)
    title = title or f"gigsim report: {run.scenario_name}"
    lead = (f"{run.scenario.get('description', '')} — {run.duration_days:g} simulated days; "
            + (f"seed {run.seed}" if n == 1 else f"{n} replicates (seeds {', '.join(map(str, arm.seeds))}), "
               f"values are means over replicates with 95% confidence intervals")
            + f". Money in {run.currency}.")
    page = Page(title, lead)
    page.sections.append(Section("Headline figures", tables=[headline_table(arm)], paragraphs=[
        "Wages are effective hourly wages: everything credited to a worker divided by the time logged "
        "(counting unpaid search, rejected and returned work, and qualification tests) or by approved work time "
        "only. Like the model's own statistics, wages, shares below a wage, earnings per worker, the Gini "
        "coefficient and the top-10% share are over the wage sample: workers who have submitted work (as in the "
        "field's task-log studies). Time is over every worker with logged time."]))
    facts = Section("The run", tables=[run_facts(run), provenance_table(arm)])
    page.sections.append(facts)
    iv = interventions_table(run)
    if iv is not None:
        page.sections.append(Section("Changes during the run", tables=[iv], paragraphs=[
            "Parameters the scenario changed while the run went on (interventions, /interventions in the run "
            "file); the figures over time mark them with a dashed line."]))
    titles = {
        "wages": "Effective hourly wage", "wages_over_time": "Wages over time", "lorenz": "Inequality of earnings",
        "time_use": "Paid and unpaid time", "workers": "Workers over time", "tasks": "Task volume",
        "money": "Money flows", "suspensions": "Suspensions and forfeited earnings",
        "requesters": "Requesters: pay and volume", "platforms": "Platforms",
    }
    for name, path, caption in made:
        page.sections.append(Section(titles.get(name, name), figures=[Figure(path, caption, titles.get(name, name))]))
    page.sections.append(Section("Checks", paragraphs=checks(arm)))
    page.sections.append(Section("Scenario (resolved YAML of the first run)", preformatted=run.scenario_yaml))
    html_path, md_path = page.write(out_dir, "report")

    metrics = arm.metrics()
    summary = {
        "scenario": run.scenario_name,
        "currency": run.currency,
        "duration_days": run.duration_days,
        "metrics": {k: _json_number(v) for k, v in metrics.mean().items()},
        "replicates": [{"file": str(r.path), "seed": r.seed,
                        "metrics": {k: _json_number(v) for k, v in metrics.loc[r.seed].items()}
                        if metrics.index.is_unique else None} for r in arm.runs],
        "units": {m.key: metric_unit(m, run.currency) for m in HEADLINE_METRICS},
        "figures": [p.name for _, p, _ in made],
        "minimum_wage_benchmark": arm.benchmark,
    }
    json_path = out_dir / "summary.json"
    json_path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return ReportResult(out_dir, html_path, md_path, json_path, [p for _, p, _ in made], summary["metrics"])
