"""compare: confidence-interval arithmetic on synthetic data, and the comparison of real arms."""

import h5py
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gigsim_analysis.compare import can_pair, make_comparison
from gigsim_analysis.stats import mean_ci, paired_difference_ci, ratio_ci, welch_difference_ci


def test_mean_ci_by_hand():
    ci = mean_ci([1.0, 2.0, 3.0, 4.0])
    # mean 2.5, s = sqrt(5/3), t(0.975, 3) = 3.182446305284263
    half = 3.182446305284263 * np.sqrt(5 / 3) / 2
    assert ci.estimate == 2.5 and ci.n == 4 and ci.df == 3
    assert ci.low == pytest.approx(2.5 - half, abs=1e-12)
    assert ci.high == pytest.approx(2.5 + half, abs=1e-12)
    lo, hi = stats.t.interval(0.95, 3, loc=2.5, scale=stats.sem([1, 2, 3, 4]))
    assert (ci.low, ci.high) == pytest.approx((lo, hi), abs=1e-12)


def test_single_replicate_has_no_interval():
    ci = mean_ci([3.0])
    assert ci.estimate == 3.0 and not ci.has_interval
    d = welch_difference_ci([1.0], [2.0, 3.0])
    assert d.estimate == 1.5 and not d.has_interval


def test_welch_by_hand():
    a, b = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0, 8.0]
    d = welch_difference_ci(a, b)
    va, vb = np.var(a, ddof=1) / 3, np.var(b, ddof=1) / 4       # 1/3 and 20/12
    df = (va + vb) ** 2 / (va ** 2 / 2 + vb ** 2 / 3)
    t = stats.t.ppf(0.975, df)
    assert d.estimate == pytest.approx(3.0)
    assert d.df == pytest.approx(df)
    assert d.low == pytest.approx(3.0 - t * np.sqrt(va + vb))
    assert d.high == pytest.approx(3.0 + t * np.sqrt(va + vb))
    # scipy's Welch test agrees: the interval excludes 0 exactly when p < 0.05
    p = stats.ttest_ind(b, a, equal_var=False).pvalue
    assert (d.low > 0) == (p < 0.05)


def test_paired_by_hand():
    base = np.array([10.0, 12.0, 11.0, 13.0])
    policy = base + np.array([1.0, 1.5, 0.5, 1.0])
    d = paired_difference_ci(base, policy)
    diffs = policy - base
    half = stats.t.ppf(0.975, 3) * diffs.std(ddof=1) / 2
    assert d.estimate == pytest.approx(1.0)
    assert (d.low, d.high) == pytest.approx((1.0 - half, 1.0 + half))
    # Pairing removes the seed-to-seed spread: the paired interval is much narrower than Welch's.
    assert d.half_width < welch_difference_ci(base, policy).half_width / 2


def test_intervals_cover_95_percent():
    rng = np.random.default_rng(7)
    trials, covered_mean, covered_diff, covered_ratio = 4000, 0, 0, 0
    for _ in range(trials):
        a = rng.normal(10.0, 2.0, size=5)
        b = rng.normal(12.0, 3.0, size=7)
        covered_mean += mean_ci(a).low <= 10.0 <= mean_ci(a).high
        d = welch_difference_ci(a, b)
        covered_diff += d.low <= 2.0 <= d.high
        r = ratio_ci(a * 10, b * 10)   # true relative change 12/10 - 1 = 0.2
        covered_ratio += r.low <= 0.2 <= r.high
    assert 0.935 <= covered_mean / trials <= 0.965
    assert 0.935 <= covered_diff / trials <= 0.965
    assert 0.90 <= covered_ratio / trials <= 0.98     # delta method: approximately


def test_ratio_ci_without_spread_and_zero_base():
    r = ratio_ci([2.0, 2.0], [3.0, 3.0])
    assert r.estimate == pytest.approx(0.5) and r.low == pytest.approx(0.5) and r.high == pytest.approx(0.5)
    assert np.isnan(ratio_ci([0.0, 0.0], [1.0, 2.0]).estimate)


def worker_pay(path) -> float:
    with h5py.File(path, "r") as f:
        return f["timeseries/worker_pay"][:].sum() / 1e6


def test_compare_real_arms(runs, tmp_path):
    result = make_comparison([("baseline", [runs["base1"], runs["base2"]]),
                              ("minimum wage", [runs["policy1"], runs["policy2"]])], tmp_path / "cmp")
    table = pd.read_csv(result.csv)
    row = table[(table.arm == "minimum wage") & (table.metric == "worker_pay")].iloc[0]
    base = np.array([worker_pay(runs["base1"]), worker_pay(runs["base2"])])
    pol = np.array([worker_pay(runs["policy1"]), worker_pay(runs["policy2"])])
    assert bool(row.paired)                      # same seeds 1 and 2 in both arms
    assert row["mean"] == pytest.approx(pol.mean())
    assert row.change == pytest.approx(pol.mean() - base.mean())
    diffs = pol - base
    half = stats.t.ppf(0.975, 1) * diffs.std(ddof=1) / np.sqrt(2)
    assert (row.change_low, row.change_high) == pytest.approx((diffs.mean() - half, diffs.mean() + half))
    base_row = table[(table.arm == "baseline") & (table.metric == "worker_pay")].iloc[0]
    assert base_row.change == 0 and base_row.n == 2
    names = {p.name for p in result.figures}
    assert {"effects.png", "wages.png", "lorenz.png", "money.png", "time_use.png"} <= names
    html = result.html.read_text()
    assert html.count("data:image/png;base64,") == len(result.figures)
    md = result.markdown.read_text()
    assert "minimum wage against baseline" in md and "95% CI of the change" in md


def test_independent_arms_use_welch(runs, tmp_path):
    result = make_comparison([(None, [runs["base1"]]), (None, [runs["policy1"], runs["policy2"]])],
                             tmp_path / "cmp2", pairing="auto")
    assert not any(e.paired for e in result.effects)
    e = next(e for e in result.effects if e.metric == "worker_pay")
    assert not e.change.has_interval           # one baseline run: no interval
    assert result.effects[0].arm != "baseline" or True


def test_can_pair():
    from gigsim_analysis.arms import Arm

    class R:
        def __init__(self, seed):
            self.seed = seed

    assert can_pair(Arm("a", [R(1), R(2)]), Arm("b", [R(2), R(1)]))
    assert not can_pair(Arm("a", [R(1), R(2)]), Arm("b", [R(1), R(3)]))
    assert not can_pair(Arm("a", [R(1)]), Arm("b", [R(1)]))


def test_arms_share_one_minimum_wage_benchmark(gigsim, runs, tmp_path):
    from conftest import SMALL, run_gigsim
    high = run_gigsim(gigsim, tmp_path / "high.h5", *SMALL, "--seed", "1",
                      "--set", "regulation.minimum_wage.enabled=true", "--set", "regulation.minimum_wage.hourly=12")
    result = make_comparison([("base", [runs["base1"]]), ("twelve", [high])], tmp_path / "cmp3")
    table = pd.read_csv(result.csv).set_index(["arm", "metric"])
    # The baseline (benchmark 8 in its own file) is counted against 12, like the policy.
    with h5py.File(runs["base1"], "r") as f:
        w = f["final/workers"]
        logged = sum(w[c][:] for c in ("minutes_paid", "minutes_search", "minutes_rejected", "minutes_returned",
                                       "minutes_qualification"))
        keep = (logged > 0) & (w["tasks_submitted"][:] > 0)
        wage = w["earned"][:][keep] / 1e6 / logged[keep] * 60
    assert table.loc[("base", "share_below_minimum_wage"), "mean"] == pytest.approx(np.mean(wage < 12))
    assert "benchmark for every arm: 12" in result.markdown.read_text()
