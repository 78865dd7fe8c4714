"""Numbers computed from a loaded run: inequality, wages, time use, and the headline metrics
that reports and comparisons show. Every function takes a Run (or arrays) and returns plain values."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .run_file import LOGGED_MINUTE_COLUMNS, Run


def gini(values) -> float:
    """Gini coefficient of non-negative values: sum_i (2i - n - 1) x_(i) / (n sum x), i = 1..n on the
    sorted values (0 for fewer than two values or a zero total), as the model computes it."""
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    if n < 2 or x.sum() <= 0:
        return 0.0
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * x) / (n * x.sum()))


def lorenz_curve(values) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative share of people (x) and of the total (y), poorest first, both starting at 0."""
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    if n == 0 or x.sum() <= 0:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    people = np.arange(0, n + 1) / n
    share = np.concatenate([[0.0], np.cumsum(x) / x.sum()])
    return people, share


def top_share(values, fraction: float) -> float:
    """Share of the total held by the top `fraction` of values (at least one value, rounded up)."""
    x = np.sort(np.asarray(values, dtype=float))[::-1]
    if x.size == 0 or x.sum() <= 0:
        return 0.0
    k = max(1, int(np.ceil(fraction * x.size)))
    return float(x[:k].sum() / x.sum())


def active_workers(run: Run) -> pd.DataFrame:
    """Workers with logged time (paid, search, rejected, returned or qualification minutes): the
    model's workers_ever_active, and the population of the time-use figures."""
    w = run.workers
    if w.empty:
        return w
    return w[w["minutes_logged"] > 0]


def wage_sample(run: Run) -> pd.DataFrame:
    """The workers the model's wage statistics cover (wages, shares below a wage, Gini, top-10% share):
    workers who have submitted work and have logged time, as in the field's task-log samples (older
    files: every worker with logged time; see Run.wage_sample_rule)."""
    w = active_workers(run)
    if w.empty or run.wage_sample_rule == "logged":
        return w
    return w[w["tasks_submitted"] > 0]


def median_reservation_wage(run: Run) -> float:
    w = wage_sample(run)
    return float(np.median(w["reservation_wage"])) if len(w) else float("nan")


def time_breakdown(run: Run, by: str | None = None) -> pd.DataFrame:
    """Hours of workers' logged time by kind (paid, search, rejected, returned, qualification),
    summed over workers, optionally grouped by a column of run.workers (e.g. 'group_name')."""
    w = run.workers
    hours = w[list(LOGGED_MINUTE_COLUMNS)] / 60.0
    hours.columns = [c.removeprefix("minutes_") for c in LOGGED_MINUTE_COLUMNS]
    if by is None:
        return hours.sum().to_frame("all workers").T
    return hours.groupby(w[by], sort=False).sum()


@dataclass(frozen=True)
class Metric:
    key: str
    label: str       # in words, for tables and figures
    unit: str        # '{cur}' is replaced by the currency code
    fmt: str         # format spec for the value
    group: str       # section of the table


HEADLINE_METRICS: tuple[Metric, ...] = (
    Metric("median_wage_with_unpaid", "Median hourly pay, unpaid time counted", "{cur}/hour", ".2f", "Pay"),
    Metric("mean_wage_with_unpaid", "Mean hourly pay, unpaid time counted", "{cur}/hour", ".2f", "Pay"),
    Metric("median_wage_without_unpaid", "Median hourly pay, paid time only", "{cur}/hour", ".2f", "Pay"),
    Metric("mean_wage_without_unpaid", "Mean hourly pay, paid time only", "{cur}/hour", ".2f", "Pay"),
    Metric("share_below_minimum_wage", "Workers below the minimum-wage benchmark", "%", ".1f", "Pay"),
    Metric("share_below_reservation_wage", "Workers below their reservation wage", "%", ".1f", "Pay"),
    Metric("earned_per_worker", "Earnings per worker (wage sample)", "{cur}", ",.2f", "Pay"),
    Metric("gini_earnings", "Gini coefficient of earnings", "0-1", ".3f", "Pay"),
    Metric("unpaid_share_of_time", "Share of workers' time that is unpaid", "%", ".1f", "Unpaid work"),
    Metric("hours_unpaid", "Unpaid hours (search, rejected, returned, tests)", "hours", ",.0f", "Unpaid work"),
    Metric("hours_paid", "Paid hours of work", "hours", ",.0f", "Unpaid work"),
    Metric("tasks_posted", "Tasks posted", "assignments", ",.0f", "Tasks"),
    Metric("tasks_submitted", "Tasks submitted", "assignments", ",.0f", "Tasks"),
    Metric("tasks_approved", "Tasks approved", "assignments", ",.0f", "Tasks"),
    Metric("rejection_rate", "Rejection rate (of reviewed work)", "%", ".2f", "Tasks"),
    Metric("return_rate", "Tasks returned or abandoned (of accepted)", "%", ".1f", "Tasks"),
    Metric("top10_share_tasks", "Tasks done by the top 10% of workers", "%", ".1f", "Tasks"),
    Metric("requester_spend", "Requester spending", "{cur}", ",.2f", "Money"),
    Metric("requester_cost_per_task", "Requester cost per approved task", "{cur}", ".4f", "Money"),
    Metric("requester_pay_per_hour", "Requester pay per hour of work (work-weighted)", "{cur}/hour", ".2f",
           "Money"),
    Metric("worker_pay", "Paid out to workers", "{cur}", ",.2f", "Money"),
    Metric("platform_fees", "Platform revenue (net fees)", "{cur}", ",.2f", "Money"),
    Metric("social_contributions", "Social contributions", "{cur}", ",.2f", "Money"),
    Metric("forfeited", "Earnings forfeited by workers", "{cur}", ",.2f", "Money"),
    Metric("forfeited_by_suspension", "Earnings forfeited at suspensions", "{cur}", ",.2f", "Money"),
    Metric("pending", "Earnings still pending at the end", "{cur}", ",.2f", "Money"),
    Metric("suspensions", "Account suspensions", "suspensions", ",.0f", "Accounts"),
    Metric("workers_ever_active", "Workers with logged time", "workers", ",.0f", "Accounts"),
    Metric("workers_in_wage_sample", "Workers who submitted work (wage sample)", "workers", ",.0f", "Accounts"),
    Metric("workers_registered", "Workers registered at the end", "workers", ",.0f", "Accounts"),
    Metric("workers_exited", "Workers who left", "workers", ",.0f", "Accounts"),
)
METRICS_BY_KEY = {m.key: m for m in HEADLINE_METRICS}
PERCENT_KEYS = {m.key for m in HEADLINE_METRICS if m.unit == "%"}


def headline_metrics(run: Run, benchmark: float | None = None) -> dict[str, float]:
    """The headline metrics of a run, computed from its final tables and time series.
    Wages, shares below a wage, earnings per worker, Gini and the top-10% share are over the wage
    sample (wage_sample); time is over every worker with logged time. Shares are fractions (0-1)
    here; format_metric shows them as percentages. `benchmark` replaces the run's own minimum-wage
    benchmark (Run.minimum_wage) in share_below_minimum_wage, so that arms compare on one wage."""
    benchmark = run.minimum_wage if benchmark is None else benchmark
    w = wage_sample(run)
    logged_w = active_workers(run)
    ts = run.timeseries
    s = run.summary
    out: dict[str, float] = {}
    with_unpaid = w["wage_with_unpaid"].to_numpy() if len(w) else np.array([])
    without = w["wage_without_unpaid"].dropna().to_numpy() if len(w) else np.array([])
    out["median_wage_with_unpaid"] = float(np.median(with_unpaid)) if with_unpaid.size else 0.0
    out["mean_wage_with_unpaid"] = float(np.mean(with_unpaid)) if with_unpaid.size else 0.0
    out["median_wage_without_unpaid"] = float(np.median(without)) if without.size else 0.0
    out["mean_wage_without_unpaid"] = float(np.mean(without)) if without.size else 0.0
    out["share_below_minimum_wage"] = float(np.mean(with_unpaid < benchmark)) if with_unpaid.size else 0.0
    out["share_below_reservation_wage"] = (float(np.mean(with_unpaid < w["reservation_wage"].to_numpy()))
                                           if with_unpaid.size else 0.0)
    out["earned_per_worker"] = float(w["earned"].mean()) if len(w) else 0.0
    out["gini_earnings"] = gini(w["earned"]) if len(w) else 0.0
    # Time: every worker with logged time (searching without ever finding work is unpaid work too).
    logged = float(logged_w["minutes_logged"].sum()) if len(logged_w) else 0.0
    unpaid = float(logged_w["minutes_unpaid"].sum()) if len(logged_w) else 0.0
    out["unpaid_share_of_time"] = unpaid / logged if logged > 0 else 0.0
    out["hours_unpaid"] = unpaid / 60.0
    out["hours_paid"] = float(logged_w["minutes_paid"].sum()) / 60.0 if len(logged_w) else 0.0
    for key in ("tasks_posted", "tasks_submitted", "tasks_approved"):
        out[key] = float(ts[key].sum()) if key in ts else float(s.get(key, 0))
    rejected = float(ts["tasks_rejected"].sum()) if "tasks_rejected" in ts else float(s.get("tasks_rejected", 0))
    reviewed = out["tasks_approved"] + rejected
    out["rejection_rate"] = rejected / reviewed if reviewed > 0 else 0.0
    accepted = float(ts["tasks_accepted"].sum()) if "tasks_accepted" in ts else 0.0
    out["return_rate"] = float(ts["tasks_returned"].sum()) / accepted if accepted > 0 else 0.0
    out["top10_share_tasks"] = top_share(w["tasks_submitted"], 0.10) if len(w) else 0.0
    for key in ("requester_spend", "worker_pay", "platform_fees", "social_contributions", "forfeited"):
        out[key] = float(ts[key].sum()) if key in ts else float(s.get(key, 0.0))
    # Newer files split forfeitures; older ones do not (NaN, shown as n/a).
    out["forfeited_by_suspension"] = (float(ts["forfeited_by_suspension"].sum()) if "forfeited_by_suspension" in ts
                                      else float("nan"))
    out["pending"] = float(ts["pending"].iloc[-1]) if len(ts) else float(s.get("pending", 0.0))
    out["requester_cost_per_task"] = (out["requester_spend"] / out["tasks_approved"]
                                      if out["tasks_approved"] > 0 else float("nan"))
    r = run.requesters
    minutes = float(r["work_minutes"].sum()) if len(r) else 0.0
    out["requester_pay_per_hour"] = float(r["paid_to_workers"].sum()) / minutes * 60.0 if minutes > 0 else 0.0
    out["suspensions"] = float(ts["suspensions"].sum()) if "suspensions" in ts else float(s.get("suspensions", 0))
    out["workers_ever_active"] = float(len(logged_w))
    out["workers_in_wage_sample"] = float(len(w))
    out["workers_registered"] = (float(ts["workers_registered"].iloc[-1]) if len(ts)
                                 else float(s.get("workers_registered", 0)))
    out["workers_exited"] = float((run.workers["state"] == 5).sum()) if len(run.workers) else 0.0
    return out


def metric_unit(metric: Metric, currency: str) -> str:
    return metric.unit.replace("{cur}", currency)


def format_metric(key: str, value: float, currency: str = "", with_unit: bool = False) -> str:
    """A value as the tables show it: shares as percentages, money with two decimals, counts with
    thousands separators."""
    m = METRICS_BY_KEY.get(key)
    if m is None:
        return f"{value:.4g}"
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    shown = value * 100.0 if key in PERCENT_KEYS else value
    text = format(shown, m.fmt)
    if with_unit:
        unit = metric_unit(m, currency)
        text += "%" if unit == "%" else ("" if unit in ("0-1",) else f" {unit}")
    return text


def scale_for_display(key: str, value: float) -> float:
    """Shares become percentages; everything else is unchanged."""
    return value * 100.0 if key in PERCENT_KEYS else value
