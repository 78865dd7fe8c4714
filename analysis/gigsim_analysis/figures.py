"""The figures of a report (one arm) and of a comparison (several arms, overlaid).

Every function takes a list of arms and returns a matplotlib Figure. With one arm, colours tell
series apart (paid vs unpaid, worker pay vs fees, ...); with several, colours tell arms apart
(first arm blue, second orange, ...) and line styles tell series apart. Replicates of an arm are
averaged, with the range over replicates shaded.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from . import style
from .arms import Arm, aligned, flow_bin_minutes
from .metrics import gini, lorenz_curve, top_share, wage_sample
from .style import MEANING, arm_colour, colour, empty_panel, finish, note, styled, suptitle


# --- helpers -------------------------------------------------------------------------------------

def _subtitle(arms: list[Arm], pooled: bool = False) -> str:
    """The grey line under a title: which runs, how replicates are combined, how long."""
    days = arms[0].first.duration_days
    how = "replicates pooled" if pooled else "mean of the runs, range shaded"
    if len(arms) == 1:
        arm = arms[0]
        n = len(arm.runs)
        head = f"{arm.name}, seed {arm.runs[0].seed}" if n == 1 else f"{arm.name}, {n} runs ({how})"
        return head + f"; {days:g} simulated days"
    counts = [len(a.runs) for a in arms]
    if set(counts) == {1}:
        return f"{len(arms)} arms, one run each; {days:g} simulated days"
    runs = f"{counts[0]} runs each" if len(set(counts)) == 1 else f"{'/'.join(map(str, counts))} runs"
    return f"{len(arms)} arms of {runs} ({how}); {days:g} simulated days"


def _benchmark(arms: list[Arm]) -> float:
    """The minimum-wage benchmark the figures mark (shared by compared arms)."""
    return max(a.benchmark for a in arms)


def _single(arms: list[Arm]) -> bool:
    return len(arms) == 1


def _mark_interventions(ax, arms: list[Arm], label: bool = True) -> None:
    """Dashed vertical lines at the time of each intervention (policies switched on during the run)."""
    seen = set()
    for arm in arms:
        iv = arm.first.interventions
        for _, row in iv.iterrows():
            day = float(row["day"])
            if day in seen:
                continue
            seen.add(day)
            ax.axvline(day, color="#333333", linestyle=(0, (4, 3)), linewidth=1.0, zorder=1)
            if label:
                text = textwrap.shorten(str(row.get("label") or "intervention"), 60, placeholder="…")
                text = "\n".join(textwrap.wrap(text, 24)[:3])
                right_half = day > 0.6 * max(a.first.duration_days for a in arms)
                ax.annotate(text, xy=(day, 1.0), xycoords=("data", "axes fraction"),
                            xytext=(-3 if right_half else 3, -3), textcoords="offset points", fontsize=7.5,
                            color="#333333", ha="right" if right_half else "left", va="top",
                            bbox=dict(boxstyle="square,pad=0.15", fc="white", ec="none", alpha=0.8))


def _band(ax, x, matrix, colour_, label, linestyle="-", alpha=0.18, lw=None):
    if lw is None:
        lw = 1.2 if len(x) > 100 else 1.8   # thinner lines for hourly series
    mean = matrix.mean(axis=0)
    line, = ax.plot(x, mean, color=colour_, label=label, linestyle=linestyle, lw=lw)
    if matrix.shape[0] > 1:
        ax.fill_between(x, matrix.min(axis=0), matrix.max(axis=0), color=colour_, alpha=alpha, lw=0)
    return line


def _legend_below(ax, handles, ncol: int = 2) -> None:
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=ncol, fontsize=8.5,
                  handlelength=1.6, columnspacing=1.2)


def _time_axis(ax, arms: list[Arm]) -> None:
    ax.set_xlabel("simulated day")
    ax.set_xlim(0, max(a.first.duration_days for a in arms) or 1)


def _series_panel(ax, arms: list[Arm], series: list[tuple[str, str]], how: str, bin_minutes=None,
                  scale: float = 1.0):
    """Draw series (column, label) of every arm into ax. Returns legend handles."""
    handles = []
    single = _single(arms)
    drawn = False
    for si, (column, label) in enumerate(series):
        for ai, arm in enumerate(arms):
            got = aligned(arm, column, how, bin_minutes)
            if got is None:
                continue
            x, m = got
            if single:
                c, ls = colour(column, si), "-"
            else:
                c, ls = arm_colour(ai), style.LINESTYLES[si % len(style.LINESTYLES)]
            line = _band(ax, x, m * scale, c, label if single else arm.name, linestyle=ls)
            drawn = True
            if single:
                handles.append(line)
    if not drawn:
        empty_panel(ax, "no data in this run")
        return []
    if not single:
        handles = [Line2D([], [], color=arm_colour(i), label=a.name) for i, a in enumerate(arms)]
        if len(series) > 1:
            handles += [Line2D([], [], color="#333333", linestyle=style.LINESTYLES[i % 4], label=lab)
                        for i, (_, lab) in enumerate(series)]
    _mark_interventions(ax, arms)
    _time_axis(ax, arms)
    ax.yaxis.set_major_formatter(style.HUMAN)
    ax.set_ylim(bottom=0)
    return handles


# --- wages ---------------------------------------------------------------------------------------

def _wage_lines(ax, arms: list[Arm], legend: bool = True):
    run = arms[0].first
    minimum = _benchmark(arms)
    res = float(np.median(arms[0].workers()["reservation_wage"])) if len(arms[0].workers()) else np.nan
    h = [ax.axvline(minimum, color=MEANING["minimum_wage"], linestyle="--", lw=1.3,
                    label=f"minimum-wage benchmark {minimum:g} {run.currency}/h")]
    if not np.isnan(res):
        h.append(ax.axvline(res, color=MEANING["reservation_wage"], linestyle=":", lw=1.8,
                            label=f"median reservation wage {res:.2f} {run.currency}/h"))
    return h


def _wage_upper(arms: list[Arm]) -> float:
    tops = [_benchmark(arms) * 1.25]
    for arm in arms:
        w = arm.workers()
        v = w["wage_without_unpaid"].dropna()
        if len(v):
            tops.append(float(np.quantile(v, 0.98)))
    return max(tops)


def _ecdf(ax, values, colour_, label, linestyle="-"):
    v = np.sort(np.asarray(values, dtype=float))
    if v.size == 0:
        return None
    y = np.arange(1, v.size + 1) / v.size * 100
    far = max(float(v[-1]), 1.0) * 1e3   # keep the 100% line to the right edge
    return ax.step(np.concatenate([[0], v, [far]]), np.concatenate([[0], y, [100]]), where="post", color=colour_,
                   label=label, linestyle=linestyle)[0]


def wage_distribution(arms: list[Arm]) -> plt.Figure:
    """Effective hourly wage of every worker in the wage sample, counting unpaid time and on paid time
    only, with the minimum-wage benchmark and the median reservation wage."""
    with styled():
        fig, (left, right) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.6))
        cur = arms[0].currency
        upper = _wage_upper(arms)
        if _single(arms):
            w = arms[0].workers()
            if len(w) == 0:
                empty_panel(left, "no worker logged any time")
                empty_panel(right, "no worker logged any time")
            else:
                bins = np.linspace(0, upper, 41)
                with_u = np.clip(w["wage_with_unpaid"], 0, upper)
                without = np.clip(w["wage_without_unpaid"].dropna(), 0, upper)
                weights_a = np.full(len(with_u), 100.0 / len(with_u))
                weights_b = np.full(len(without), 100.0 / max(len(without), 1))
                left.hist(with_u, bins=bins, weights=weights_a, color=MEANING["with_unpaid"], alpha=0.35,
                          label="counting unpaid time")
                left.hist(with_u, bins=bins, weights=weights_a, color=MEANING["with_unpaid"], histtype="step",
                          lw=1.4)
                if len(without):
                    left.hist(without, bins=bins, weights=weights_b, color=MEANING["without_unpaid"],
                              alpha=0.35, label="paid time only")
                    left.hist(without, bins=bins, weights=weights_b, color=MEANING["without_unpaid"],
                              histtype="step", lw=1.4)
                left.set_ylabel("share of workers (%)")
                left.set_title("Workers per wage band")
                h = _wage_lines(left, arms)
                handles = [Patch(color=MEANING["with_unpaid"], alpha=0.5, label="counting unpaid time"),
                           Patch(color=MEANING["without_unpaid"], alpha=0.5, label="paid time only")] + h
                _ecdf(right, w["wage_with_unpaid"], MEANING["with_unpaid"], "counting unpaid time")
                _ecdf(right, w["wage_without_unpaid"].dropna(), MEANING["without_unpaid"], "paid time only")
                _wage_lines(right, arms)
                right.set_title("Workers earning less than a wage")
                fig.legend(handles=handles, loc="lower center", ncol=2, bbox_to_anchor=(0.5, 0.0))
        else:
            left.set_title("Counting unpaid time")
            right.set_title("Paid time only")
            handles = []
            for i, arm in enumerate(arms):
                w = arm.workers()
                line = _ecdf(left, w["wage_with_unpaid"], arm_colour(i), arm.name)
                _ecdf(right, w["wage_without_unpaid"].dropna(), arm_colour(i), arm.name)
                if line is not None:
                    handles.append(line)
            handles += _wage_lines(left, arms)
            _wage_lines(right, arms)
            fig.legend(handles=handles, loc="lower center", ncol=2, bbox_to_anchor=(0.5, 0.0))
        for ax in (left, right):
            ax.set_xlim(0, upper)
            if ax is left and not _single(arms):
                with_top = max(float(np.quantile(a.workers()["wage_with_unpaid"], 0.99)) if len(a.workers()) else 0
                               for a in arms)
                ax.set_xlim(0, max(with_top, _benchmark(arms) * 1.15))
            ax.set_xlabel(f"effective hourly wage ({cur}/hour)")
        for ax in ((right,) if _single(arms) else (left, right)):
            ax.set_ylim(0, 100)
            ax.set_ylabel("workers earning less (%)")
            ax.yaxis.set_major_formatter(style.PERCENT)
        count = sum(len(a.workers()) for a in arms)
        extra = (f"; {count:,} workers who submitted work; wages above {upper:.1f} drawn at the edge"
                 if _single(arms) else "; workers who submitted work")
        suptitle(fig, "Effective hourly wage of workers", _subtitle(arms, pooled=True) + extra)
        finish(fig, bottom=62 / (fig.get_figheight() * style.DPI))
    return fig


def _settled_top(ax, days: float, floor: float) -> float:
    """Upper y limit that ignores the first tenth of the run, where statistics over a handful of
    workers jump around."""
    top = floor
    for line in ax.get_lines():
        x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
        if x.size > 2:
            later = y[x >= days * 0.1]
            if later.size:
                top = max(top, float(np.nanmax(later)) * 1.15)
    for coll in ax.collections:
        for path in coll.get_paths():
            v = path.vertices
            later = v[v[:, 0] >= days * 0.1, 1]
            if later.size:
                top = max(top, float(np.nanmax(later)) * 1.05)
    return top


def wages_over_time(arms: list[Arm]) -> plt.Figure:
    """Median effective wage since the start, counting unpaid time and on paid time only, over time;
    by worker group where there are several."""
    with styled():
        run = arms[0].first
        groups = [g for g in run.group_names if f"by_group/{g}/wage_with_unpaid_median" in run.timeseries]
        has_groups = _single(arms) and len(groups) > 1
        fig, axes = plt.subplots(1, 2 if has_groups else 1, figsize=(style.WIDTH, 4.8), squeeze=False)
        ax = axes[0, 0]
        cur = arms[0].currency
        if _single(arms):
            arm = arms[0]
            for key, lab, c in (("wage_with_unpaid", "counting unpaid time", MEANING["with_unpaid"]),
                                ("wage_without_unpaid", "paid time only", MEANING["without_unpaid"])):
                med = aligned(arm, f"{key}_median")
                lo = aligned(arm, f"{key}_p25")
                hi = aligned(arm, f"{key}_p75")
                if med is None:
                    continue
                ax.plot(med[0], med[1].mean(axis=0), color=c, label=f"median, {lab}")
                if lo is not None and hi is not None:
                    ax.fill_between(lo[0], lo[1].mean(axis=0), hi[1].mean(axis=0), color=c, alpha=0.15, lw=0,
                                    label=f"middle half (p25-p75), {lab}")
            handles, labels = ax.get_legend_handles_labels()
        else:
            for i, arm in enumerate(arms):
                for key, ls in (("wage_with_unpaid_median", "-"), ("wage_without_unpaid_median", "--")):
                    got = aligned(arm, key)
                    if got is not None:
                        _band(ax, got[0], got[1], arm_colour(i), None, linestyle=ls)
            handles = [Line2D([], [], color=arm_colour(i), label=a.name) for i, a in enumerate(arms)]
            handles += [Line2D([], [], color="#333", label="counting unpaid time"),
                        Line2D([], [], color="#333", linestyle="--", label="paid time only")]
            labels = [h.get_label() for h in handles]
        ax.axhline(_benchmark(arms), color=MEANING["minimum_wage"], linestyle="--", lw=1.0)
        ax.annotate(f"minimum-wage benchmark {_benchmark(arms):g}", xy=(0.01, _benchmark(arms)),
                    xycoords=("axes fraction", "data"), xytext=(0, 3), textcoords="offset points", fontsize=8)
        ax.set_title("All workers")
        ax.set_ylabel(f"effective hourly wage ({cur}/hour)")
        _mark_interventions(ax, arms)
        _time_axis(ax, arms)
        ax.set_ylim(0, _settled_top(ax, run.duration_days, _benchmark(arms) * 1.15))
        if has_groups:
            gx = axes[0, 1]
            for gi, g in enumerate(groups):
                got = aligned(arms[0], f"by_group/{g}/wage_with_unpaid_median")
                if got is not None:
                    _band(gx, got[0], got[1], style.group_colour(gi), g)
            gx.set_title("Median counting unpaid time, by group")
            gx.set_ylabel(f"{cur}/hour")
            if gx.get_legend_handles_labels()[0]:
                gx.legend(loc="upper left")
            _mark_interventions(gx, arms, label=False)
            _time_axis(gx, arms)
            gx.set_ylim(0, max(_settled_top(gx, run.duration_days, 0.0) * 1.15, 0.1))
        if handles:
            fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=9, bbox_to_anchor=(0.5, 0.0))
        suptitle(fig, "Effective hourly wage since the start of the run", _subtitle(arms))
        finish(fig, bottom=(14 + 17 * ((len(labels) + 1) // 2)) / (fig.get_figheight() * style.DPI))
    return fig


# --- inequality ----------------------------------------------------------------------------------

def _decile_shares(values) -> np.ndarray:
    """Share (%) of the total held by each tenth of people, poorest tenth first."""
    x, y = lorenz_curve(values)
    cuts = np.interp(np.linspace(0, 1, 11), x, y)
    return np.diff(cuts) * 100


def lorenz(arms: list[Arm]) -> plt.Figure:
    """Lorenz curve of earnings (everything credited to workers) among workers in the wage sample,
    and the share of earnings of each tenth of workers."""
    with styled():
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.4), gridspec_kw=dict(width_ratios=[1, 1.25]))
        ax.plot([0, 100], [0, 100], color=style.GREY, lw=1, linestyle="--", label="perfect equality")
        texts = []
        width = 0.8 / len(arms)
        deciles = np.arange(1, 11)
        for i, arm in enumerate(arms):
            w = arm.workers()
            if len(w) == 0:
                continue
            ginis = [gini(wage_sample(r)["earned"]) for r in arm.runs]
            x, y = lorenz_curve(w["earned"])
            g = np.mean(ginis)
            c = arm_colour(i)
            ax.plot(x * 100, y * 100, color=c, label=f"{arm.name}, Gini {g:.3f}" if len(arms) > 1 else f"Gini {g:.3f}",
                    lw=2)
            shares = _decile_shares(w["earned"])
            bx.bar(deciles - 0.4 + width * (i + 0.5), shares, width=width, color=c, label=arm.name)
            if len(arms) == 1:
                for d, v in zip(deciles, shares):
                    bx.text(d, v + 0.8, f"{v:.0f}%" if v >= 0.5 else f"{v:.1f}%", ha="center", fontsize=8)
            top10 = top_share(w["earned"], 0.10) * 100
            bottom50 = float(np.interp(0.5, x, y)) * 100
            texts.append((f"{arm.name}: " if len(arms) > 1 else "")
                         + f"the top 10% of workers earn {top10:.0f}% of all earnings, the bottom half {bottom50:.1f}%")
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 100)
        ax.set_aspect("equal")
        ax.xaxis.set_major_formatter(style.PERCENT)
        ax.yaxis.set_major_formatter(style.PERCENT)
        ax.set_xlabel("workers, lowest earnings first")
        ax.set_ylabel("share of all earnings (cumulative)")
        ax.set_title("Lorenz curve")
        replicated = any(len(a.runs) > 1 for a in arms)
        ax.legend(loc="upper left", fontsize=8.5, title="Gini: mean over runs" if replicated else None,
                  title_fontsize=8.5, alignment="left")
        bx.set_xticks(deciles, ["1st\n(lowest)"] + [f"{d}th" if d > 3 else ["", "", "2nd", "3rd"][d] for d in
                                                       range(2, 10)] + ["10th\n(highest)"])
        bx.set_xlabel("tenth of workers by earnings")
        bx.set_ylabel("share of all earnings (%)")
        bx.yaxis.set_major_formatter(style.PERCENT)
        bx.set_title("Earnings of each tenth of workers")
        bx.grid(axis="x", visible=False)
        if len(arms) > 1:
            bx.legend(loc="upper left", fontsize=8.5)
        suptitle(fig, "How unequal are workers' earnings?", _subtitle(arms, pooled=True) + "; workers who submitted work")
        if texts:
            fig.text(0.5, 0.012, "\n".join(texts), ha="center", va="bottom", fontsize=9)
        finish(fig, bottom=(12 + 15 * len(texts)) / (fig.get_figheight() * style.DPI))
    return fig


# --- activity ------------------------------------------------------------------------------------

def workers_over_time(arms: list[Arm]) -> plt.Figure:
    with styled():
        fig, (a, b) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.6))
        single = _single(arms)
        online = ([("workers_active", "online"), ("workers_searching", "searching"),
                   ("workers_working", "working"), ("workers_qualifying", "in a qualification test")]
                  if single else [("workers_active", "online")])
        h = _series_panel(a, arms, online, "interval")
        a.set_title("Workers online")
        a.set_ylabel("workers")
        _legend_below(a, h)
        extra = ""
        if single:
            h = _series_panel(b, arms, [("workers_entered", "arrived"), ("workers_exited", "left"),
                                        ("suspensions", "suspensions")], "cumsum")
            b.set_title("Arrivals, exits, suspensions")
            b.set_ylabel("workers since the start")
            reg = arms[0].first.timeseries["workers_registered"]
            if len(reg):
                start = int(arms[0].first.scenario.get("workers", {}).get("registered", reg.iloc[0]))
                extra = f"; registered accounts: {start:,} at the start, {int(reg.iloc[-1]):,} at the end"
        else:
            h = _series_panel(b, arms, [("workers_registered", "registered")], "interval")
            b.set_title("Registered accounts")
            b.set_ylabel("workers")
        _legend_below(b, h, ncol=3 if single else 2)
        suptitle(fig, "Workers over time", _subtitle(arms) + extra)
        finish(fig)
    return fig


def tasks_over_time(arms: list[Arm]) -> plt.Figure:
    with styled():
        bin_minutes, per = flow_bin_minutes(arms)
        if _single(arms):
            fig, (a, b) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.6))
            h = _series_panel(a, arms, [("tasks_posted", "posted"), ("tasks_submitted", "submitted"),
                                        ("tasks_approved", "approved")], "sum", bin_minutes)
            a.set_title("Tasks posted and done")
            a.set_ylabel(f"assignments {per}")
            _legend_below(a, h)
            h = _series_panel(b, arms, [("tasks_rejected", "rejected"), ("tasks_returned", "returned or abandoned"),
                                        ("tasks_expired", "expired, never done")], "sum", bin_minutes)
            b.set_title("Tasks rejected, returned, expired")
            b.set_ylabel(f"assignments {per}")
            _legend_below(b, h)
        else:
            # One quantity per panel, so that the arms' bands stay readable.
            fig, axes = plt.subplots(2, 2, figsize=(style.WIDTH, 6.6), sharex=True)
            panels = [("tasks_posted", "Posted"), ("tasks_approved", "Approved"), ("tasks_rejected", "Rejected"),
                      ("tasks_returned", "Returned or abandoned")]
            for ax, (col, title) in zip(axes.flat, panels):
                h = _series_panel(ax, arms, [(col, title.lower())], "sum", bin_minutes)
                ax.set_title(title)
                ax.set_ylabel(f"assignments {per}")
            for ax in axes[0]:
                ax.set_xlabel("")
            fig.legend(handles=h, loc="lower center", ncol=len(arms), fontsize=9, bbox_to_anchor=(0.5, 0.0))
        suptitle(fig, "Task volume over time", _subtitle(arms))
        finish(fig, bottom=0.0 if _single(arms) else 30 / (fig.get_figheight() * style.DPI))
    return fig


# --- money ---------------------------------------------------------------------------------------

MONEY_DESTINATIONS = [("worker_pay", "paid out to workers"), ("platform_fees", "platform fees (net)"),
                      ("social_contributions", "social contributions"), ("forfeited", "forfeited by workers"),
                      ("pending", "still pending")]


def _has_money(arms: list[Arm], column: str) -> bool:
    return any(column in r.timeseries and (r.timeseries[column] != 0).any() for a in arms for r in a.runs)


def money_flows(arms: list[Arm]) -> plt.Figure:
    """Requesters' spending and where it went: per day, and accumulated (the money identity)."""
    with styled():
        bin_minutes, per = flow_bin_minutes(arms)
        cur = arms[0].currency
        fig, (a, b) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.8))
        flows = [("requester_spend", "requester spending"), ("worker_pay", "paid out to workers"),
                 ("platform_fees", "platform fees (net)")]
        for col, lab in (("social_contributions", "social contributions"), ("forfeited", "forfeited")):
            if _has_money(arms, col):
                flows.append((col, lab))
        if _single(arms):
            h = _series_panel(a, arms, flows, "sum", bin_minutes)
            a.set_ylim(auto=True)
            _legend_below(a, h)
            a.set_title(f"Money flows {per}")
            a.set_ylabel(f"{cur} {per}")
            # Accumulated: where the requesters' money went (stacked), its top is the spending.
            arm = arms[0]
            layers, labels, colours = [], [], []
            x = None
            for col, lab in MONEY_DESTINATIONS:
                got = aligned(arm, col, "interval" if col == "pending" else "cumsum")
                if got is None or not _has_money(arms, col):
                    continue
                x = got[0]
                layers.append(got[1].mean(axis=0))
                labels.append(lab)
                colours.append(MEANING[col])
            spend = aligned(arm, "requester_spend", "cumsum")
            if x is not None and spend is not None:
                b.stackplot(x, *layers, labels=labels, colors=colours, alpha=0.85, lw=0)
                b.plot(spend[0], spend[1].mean(axis=0), color=MEANING["requester_spend"], lw=1.5,
                       label="requester spending")
                _legend_below(b, b.get_legend_handles_labels()[0])
                _mark_interventions(b, arms)
                _time_axis(b, arms)
                b.yaxis.set_major_formatter(style.HUMAN)
                b.set_ylim(bottom=0)
            else:
                empty_panel(b, "no data in this run")
            b.set_title("Where the requesters' money went")
            b.set_ylabel(f"{cur} since the start")
        else:
            h = _series_panel(a, arms, [("requester_spend", "requester spending")], "sum", bin_minutes)
            _legend_below(a, h)
            a.set_title(f"Requester spending {per}")
            a.set_ylabel(f"{cur} {per}")
            # Totals per destination, arms side by side, mean with range over replicates.
            dests = [(c, l) for c, l in [("requester_spend", "requester spending")] + MONEY_DESTINATIONS
                     if _has_money(arms, c)]
            y = np.arange(len(dests))
            height = 0.8 / len(arms)
            for i, arm in enumerate(arms):
                m = arm.metrics()
                means = [m[c].mean() for c, _ in dests]
                lo = [m[c].mean() - m[c].min() for c, _ in dests]
                hi = [m[c].max() - m[c].mean() for c, _ in dests]
                b.barh(y - 0.4 + height * (i + 0.5), means, height=height, color=arm_colour(i), label=arm.name,
                       xerr=[lo, hi] if len(arm.runs) > 1 else None, error_kw=dict(lw=1, capsize=2))
            b.set_yticks(y, [l for _, l in dests])
            b.invert_yaxis()
            b.xaxis.set_major_formatter(style.HUMAN)
            b.set_xlabel(f"{cur}, whole run")
            b.set_title("Totals (whiskers: range over runs)" if any(len(a.runs) > 1 for a in arms) else "Totals")
            b.grid(axis="y", visible=False)
        suptitle(fig, "Money: what requesters spent and who got it", _subtitle(arms))
        finish(fig)
    return fig


# --- time use ------------------------------------------------------------------------------------

TIME_KINDS = [("paid", "paid work"), ("search", "unpaid search"), ("rejected", "rejected work"),
              ("returned", "returned or abandoned"), ("qualification", "qualification tests")]


def time_use(arms: list[Arm]) -> plt.Figure:
    """Breakdown of workers' logged time: paid, searching, rejected, returned, qualification."""
    with styled():
        rows: list[tuple[str, pd.Series]] = []
        if _single(arms):
            w = arms[0].workers(sample="logged")
            minutes = w[[f"minutes_{k}" for k, _ in TIME_KINDS]].copy()
            minutes.columns = [k for k, _ in TIME_KINDS]
            rows.append(("all workers", minutes.sum()))
            groups = arms[0].first.group_names
            if len(groups) > 1:
                for g in groups:
                    part = minutes[w["group_name"] == g]
                    if len(part):
                        rows.append((g, part.sum()))
        else:
            for arm in arms:
                w = arm.workers(sample="logged")
                minutes = w[[f"minutes_{k}" for k, _ in TIME_KINDS]].copy()
                minutes.columns = [k for k, _ in TIME_KINDS]
                rows.append((arm.name, minutes.sum() / len(arm.runs)))
        fig, ax = plt.subplots(figsize=(style.WIDTH, 1.9 + 0.55 * len(rows)))
        y = np.arange(len(rows))
        for i, (name, total) in enumerate(rows):
            all_minutes = float(total.sum())
            left = 0.0
            for kind, label in TIME_KINDS:
                share = 100.0 * float(total[kind]) / all_minutes if all_minutes > 0 else 0.0
                ax.barh(i, share, left=left, color=MEANING[kind], height=0.62,
                        label=label if i == 0 else None, edgecolor="white", lw=0.6)
                if share >= 5:
                    ax.text(left + share / 2, i, f"{share:.0f}%", ha="center", va="center", fontsize=9,
                            color="white" if kind in ("paid", "rejected", "returned") else "black")
                left += share
        labels = []
        for name, total in rows:
            hours = float(total.sum()) / 60.0
            labels.append(f"{name}\n{hours:,.0f} h")
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(style.PERCENT)
        ax.set_xlabel("share of workers' logged time (%)")
        ax.grid(axis="y", visible=False)
        fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=5, fontsize=9,
                   bbox_to_anchor=(0.5, 0.0), handlelength=1.2, columnspacing=1.0)
        per = "" if _single(arms) else "; hours are per run (mean over replicates)"
        suptitle(fig, "Where workers' time goes: paid and unpaid", _subtitle(arms, pooled=True) + per)
        finish(fig, bottom=34 / (fig.get_figheight() * style.DPI))
    return fig


# --- suspensions ---------------------------------------------------------------------------------

def suspensions(arms: list[Arm]) -> plt.Figure:
    with styled():
        bin_minutes, per = flow_bin_minutes(arms)
        cur = arms[0].currency
        fig, (a, b) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.2))
        if _single(arms):
            got = aligned(arms[0], "suspensions", "sum", bin_minutes)
            if got is not None:
                width = bin_minutes / 1440.0 * 0.85
                heights = got[1].mean(axis=0)
                a.bar(got[0], heights, width=width, color=MEANING["suspensions"])
                a.set_ylim(0, max(1.0, float(heights.max()) * 1.08))
                a.yaxis.set_major_locator(MaxNLocator(integer=True))
                if heights.max() == 0:
                    a.text(0.5, 0.5, "no suspension in this run", transform=a.transAxes, ha="center",
                           color="#555555")
                _mark_interventions(a, arms)
                _time_axis(a, arms)
            a.set_title(f"Account suspensions {per}")
            a.set_ylabel(f"suspensions {per}")
        else:
            h = _series_panel(a, arms, [("suspensions", "suspensions")], "cumsum")
            _legend_below(a, h)
            a.set_title("Account suspensions since the start")
            a.set_ylabel("suspensions")
        split = all("forfeited_by_suspension" in r.timeseries for a in arms for r in a.runs)
        series = [("forfeited", "all forfeited earnings")] + (
            [("forfeited_by_suspension", "lost at suspensions")] if split else [])
        h = _series_panel(b, arms, series, "cumsum")
        if not _single(arms) or split:
            _legend_below(b, h)
        b.set_title("Earnings forfeited since the start")
        b.set_ylabel(cur)
        if _single(arms) and not split:
            w = arms[0].workers(sample="all")
            lost = float(w["forfeited"].sum()) if len(w) else 0.0
            if lost > 0:
                by_state = w.groupby("state_name")["forfeited"].sum() / lost * 100
                parts = [f"{by_state.get(k, 0):.0f}% by workers {k}" for k in ("suspended", "exited")]
                b.text(0.98, 0.04, "at the end of the run:\n" + "\n".join(parts), transform=b.transAxes, ha="right",
                       va="bottom", fontsize=8.5, color="#333333")
        total_s = np.mean([r.timeseries["suspensions"].sum() for r in arms[0].runs]) if len(
            arms[0].first.timeseries) else 0
        total_f = np.mean([r.timeseries["forfeited"].sum() for r in arms[0].runs]) if len(
            arms[0].first.timeseries) else 0
        sub = _subtitle(arms)
        if _single(arms):
            sub += f"; {total_s:,.0f} suspensions, {total_f:,.2f} {cur} forfeited"
        suptitle(fig, "Suspended accounts and forfeited earnings", sub)
        finish(fig)
    return fig


# --- requesters ----------------------------------------------------------------------------------

def _pay_bands(minimum: float):
    edges = [0.0, minimum / 4, minimum / 2, 3 * minimum / 4, minimum, 1.5 * minimum, np.inf]
    labels = [f"under {edges[1]:.3g}"] + [f"{edges[i]:.3g} to {edges[i + 1]:.3g}" for i in range(1, 5)] + [
        f"{edges[5]:.3g} and more"]
    return edges, labels


def requesters(arms: list[Arm]) -> plt.Figure:
    """Each requester's pay per hour of work received against the volume it posted; and how the work
    divides between low and high payers."""
    with styled():
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.9), gridspec_kw=dict(width_ratios=[1.55, 1]))
        cur = arms[0].currency
        run = arms[0].first
        any_point = False
        hidden = 0
        groups = []
        if _single(arms):
            r = arms[0].requesters()
            for ti, name in enumerate(run.requester_type_names):
                groups.append((name, r[r["type_name"] == name], style.group_colour(ti)))
        else:
            for i, arm in enumerate(arms):
                groups.append((arm.name, arm.requesters(), arm_colour(i)))
        frames = [g[1] for g in groups if len(g[1])]
        allr = pd.concat(frames) if frames else pd.DataFrame(columns=["pay_per_hour", "assignments_posted"])
        shown = allr[(allr["pay_per_hour"].notna()) & (allr["assignments_posted"] > 0)]
        upper = float(np.quantile(shown["pay_per_hour"], 0.99)) * 1.1 if len(shown) else 1.0
        upper = max(min(upper, _benchmark(arms) * 4), _benchmark(arms) * 1.3)   # the few lavish payers at the top
        markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
        for gi, (name, frame, c) in enumerate(groups):
            f = frame[(frame["pay_per_hour"].notna()) & (frame["assignments_posted"] > 0)]
            hidden += int((f["pay_per_hour"] > upper).sum())
            if len(f) == 0:
                continue
            any_point = True
            ax.scatter(f["assignments_posted"], np.minimum(f["pay_per_hour"], upper), s=18, color=c,
                       alpha=0.75, edgecolor="white", lw=0.3, marker=markers[gi % len(markers)],
                       label=f"{name} ({len(f)})")
        if any_point:
            ax.set_xscale("log")
            ax.axhline(_benchmark(arms), color=MEANING["minimum_wage"], linestyle="--", lw=1.2,
                       label=f"minimum-wage benchmark {_benchmark(arms):g}")
            if _single(arms):
                m = arms[0].metrics()
                ax.axhline(m["requester_pay_per_hour"].mean(), color=style.GREY, linestyle=":", lw=1.8,
                           label="average over all work")
            ax.set_ylim(0, upper)
            _legend_below(ax, ax.get_legend_handles_labels()[0], ncol=2)
            ax.xaxis.set_major_formatter(style.COMPACT)
        else:
            empty_panel(ax, "no requester had work reviewed")
        ax.set_title("Pay and volume, one point per requester")
        ax.set_xlabel("assignments posted (log scale)")
        ax.set_ylabel(f"pay per hour of work received ({cur}/hour)")

        # Right: share of requesters and share of work hours in each pay band.
        edges, labels = _pay_bands(_benchmark(arms))
        yb = np.arange(len(labels))
        if _single(arms):
            f = shown
            band = np.digitize(f["pay_per_hour"], edges[1:-1])
            hours = f["work_minutes"].groupby(band).sum().reindex(range(len(labels)), fill_value=0)
            count = f.groupby(band).size().reindex(range(len(labels)), fill_value=0)
            if len(f):
                bx.barh(yb - 0.2, count / count.sum() * 100, height=0.4, color=style.GREY, label="requesters")
                bx.barh(yb + 0.2, hours / max(hours.sum(), 1) * 100, height=0.4, color=MEANING["without_unpaid"],
                        label="hours of work")
        else:
            height = 0.8 / len(arms)
            for i, arm in enumerate(arms):
                f = arm.requesters()
                f = f[f["pay_per_hour"].notna()]
                band = np.digitize(f["pay_per_hour"], edges[1:-1])
                hours = f["work_minutes"].groupby(band).sum().reindex(range(len(labels)), fill_value=0)
                bx.barh(yb - 0.4 + height * (i + 0.5), hours / max(hours.sum(), 1) * 100, height=height,
                        color=arm_colour(i), label=arm.name)
        bx.set_yticks(yb, labels)
        bx.invert_yaxis()
        bx.xaxis.set_major_formatter(style.PERCENT)
        bx.set_xlabel("share (%)")
        bx.set_ylabel(f"pay per hour ({cur}/hour)")
        bx.set_title("Who pays what" if _single(arms) else "Share of work hours")
        bx.grid(axis="y", visible=False)
        _legend_below(bx, bx.get_legend_handles_labels()[0], ncol=1 if len(arms) > 2 else 2)
        extra = (f"; {hidden} point{'s' if hidden > 1 else ''} above the top drawn at the top" if hidden else "")
        suptitle(fig, "Do the requesters who post the most pay the least?",
                 _subtitle(arms, pooled=True) + "; requesters with reviewed work" + extra)
        finish(fig)
    return fig


# --- platforms -----------------------------------------------------------------------------------

def _platform_bars(ax, arms: list[Arm], names: list[str], column: str, title: str, xlabel: str) -> None:
    """Grouped horizontal bars: one group per platform, one bar per arm (mean over replicates)."""
    y = np.arange(len(names))
    height = 0.8 / len(arms)
    for i, arm in enumerate(arms):
        values = np.mean([r.platforms[column].to_numpy(dtype=float) for r in arm.runs], axis=0)
        c = arm_colour(i) if len(arms) > 1 else colour(column, i)
        ax.barh(y - 0.4 + height * (i + 0.5), values, height=height, color=c, label=arm.name)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(style.HUMAN)
    if column in ("suspensions", "tasks_submitted"):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.grid(axis="y", visible=False)


def platforms(arms: list[Arm]) -> plt.Figure | None:
    """Per platform, where there are several: money, submissions, suspensions, workers online."""
    names = arms[0].first.platform_names
    if len(names) < 2:
        return None
    with styled():
        cur = arms[0].currency
        fig, axes = plt.subplots(2, 2, figsize=(style.WIDTH, 6.4))
        (a, b), (c, d) = axes
        _platform_bars(a, arms, names, "requester_spend", "Requester spending", f"{cur}, whole run")
        _platform_bars(c, arms, names, "platform_fees", "Platform revenue (net fees)", f"{cur}, whole run")
        _platform_bars(d, arms, names, "suspensions", "Account suspensions", "suspensions, whole run")
        if _single(arms):
            for i, n in enumerate(names):
                got = aligned(arms[0], f"by_platform/{n}/workers_active")
                if got is not None:
                    _band(b, got[0], got[1], style.group_colour(i), n)
            if b.get_legend_handles_labels()[0]:
                b.legend(loc="upper right", fontsize=8.5)
            _mark_interventions(b, arms)
            _time_axis(b, arms)
            b.set_ylim(bottom=0)
            b.set_ylabel("workers")
            b.set_title("Workers online")
        else:
            _platform_bars(b, arms, names, "tasks_submitted", "Tasks submitted", "assignments, whole run")
            fig.legend(*a.get_legend_handles_labels(), loc="lower center", ncol=len(arms), fontsize=9,
                       bbox_to_anchor=(0.5, 0.0))
        suptitle(fig, "Platforms side by side", _subtitle(arms))
        finish(fig, bottom=0.0 if _single(arms) else 30 / (fig.get_figheight() * style.DPI))
    return fig


# --- the list a report draws ----------------------------------------------------------------------

REPORT_FIGURES = [
    ("wages", wage_distribution,
     "Effective hourly wage of each worker who has submitted work: counting unpaid time (search, rejected and "
     "returned work, qualification tests) and on paid time only. Left, how many workers fall in each band; "
     "right, the share of workers earning less than a given wage. The dashed line is the minimum-wage "
     "benchmark (the first platform's regulation.minimum_wage.hourly, whether or not the rule is on); the "
     "dotted line the median reservation wage."),
    ("wages_over_time", wages_over_time,
     "Median effective hourly wage of all workers since the start of the run, recomputed at the end of "
     "every reporting interval (early values rest on few hours of work)."),
    ("lorenz", lorenz,
     "Lorenz curve of earnings (everything credited to workers) among workers who have submitted work: the further "
     "below the diagonal, the more unequal. The Gini coefficient is 0 for perfect equality and 1 when one "
     "worker earns everything."),
    ("time_use", time_use,
     "How workers' logged time divides into paid work and the kinds of unpaid time, summed over every worker "
     "with logged time (including those who searched but never submitted anything)."),
    ("workers", workers_over_time,
     "Workers online (searching, working, or taking a qualification test) and registered accounts, at the "
     "end of each reporting interval: the daily rhythm of the worker groups' time zones shows."),
    ("tasks", tasks_over_time,
     "Assignments posted, submitted, approved, rejected, returned and expired, summed per day (per "
     "reporting interval for runs shorter than four days)."),
    ("money", money_flows,
     "What requesters spent and where it went. Accumulated since the start, the layers (worker pay, platform "
     "fees, social contributions, forfeited earnings, earnings still pending) add up to the requesters' "
     "spending: the model's money identity."),
    ("suspensions", suspensions,
     "Account suspensions by the platforms' fraud detection and the earnings workers lost (forfeited at a "
     "suspension, at exit under the minimum payout, or credited after exit)."),
    ("requesters", requesters,
     "Each requester's pay per hour of work received (credited to workers / worker hours on its reviewed "
     "submissions) against the number of assignments it posted."),
    ("platforms", platforms,
     "Per platform: requester spending, net fees, suspensions, and workers online whose session is on the "
     "platform (only for scenarios with several platforms)."),
]


def draw_all(arms: list[Arm], out_dir, names: list[str] | None = None, dpi: int = style.DPI):
    """Draw every report figure into out_dir as <name>.png. Returns [(name, path, caption)]."""
    from pathlib import Path
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for name, make, caption in REPORT_FIGURES:
        if names is not None and name not in names:
            continue
        fig = make(arms)
        if fig is None:
            continue
        path = out_dir / f"{name}.png"
        fig.savefig(path, dpi=dpi, facecolor="white", bbox_inches="tight", pad_inches=0.1)
        plt.close(fig)
        made.append((name, path, caption))
    return made
