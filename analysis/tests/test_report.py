"""report: the numbers in the summary agree with independent computations from the file, and the
page is self-contained."""

import json
import os
import re
import subprocess

import h5py
import numpy as np
import pytest
from matplotlib import image

from gigsim_analysis.report import make_report


def independent_gini(path) -> float:
    """Gini from /final/workers by the mean absolute difference, sum_ij |x_i - x_j| / (2 n^2 mean),
    over the model's wage sample (workers with logged time who have submitted work): no code shared
    with the package."""
    with h5py.File(path, "r") as f:
        w = f["final/workers"]
        logged = sum(w[c][:] for c in ("minutes_paid", "minutes_search", "minutes_rejected", "minutes_returned",
                                       "minutes_qualification"))
        x = w["earned"][:][(logged > 0) & (w["tasks_submitted"][:] > 0)].astype(float)
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size ** 2 * x.mean()))


@pytest.fixture(scope="module")
def report(runs, tmp_path_factory):
    return make_report([runs["base1"]], tmp_path_factory.mktemp("report"))


def test_gini_equals_independent_computation(report, runs):
    summary = json.loads(report.summary_json.read_text())
    gini = summary["metrics"]["gini_earnings"]
    assert 0 < gini < 1
    assert gini == pytest.approx(independent_gini(runs["base1"]), abs=1e-12)
    # And the model's own last value of the cumulative series.
    with h5py.File(runs["base1"], "r") as f:
        assert gini == pytest.approx(float(f["timeseries/gini_earnings"][-1]), abs=1e-9)


def test_summary_numbers_match_the_file(report, runs):
    m = json.loads(report.summary_json.read_text())["metrics"]
    with h5py.File(runs["base1"], "r") as f:
        attrs = dict(f["final"].attrs)
        ts = f["timeseries"]
        posted = int(ts["tasks_posted"][:].sum())
        search = int(f["final/workers/minutes_search"][:].sum())
    assert m["worker_pay"] == pytest.approx(attrs["worker_pay"] / 1e6, abs=1e-9)
    assert m["requester_spend"] == pytest.approx(attrs["requester_spend"] / 1e6, abs=1e-9)
    assert m["forfeited"] == pytest.approx(attrs["forfeited"] / 1e6, abs=1e-9)
    assert m["median_wage_with_unpaid"] == pytest.approx(attrs["median_wage_with_unpaid"], abs=1e-12)
    assert m["tasks_submitted"] == attrs["tasks_submitted"]
    assert m["suspensions"] == attrs["suspensions"]
    assert m["tasks_posted"] == posted
    assert m["hours_unpaid"] >= search / 60.0
    assert m["rejection_rate"] == pytest.approx(attrs["rejection_rate"], abs=1e-12)


def test_files_and_self_contained_page(report):
    names = {p.name for p in report.figures}
    assert {"wages.png", "lorenz.png", "time_use.png", "workers.png", "tasks.png", "money.png", "suspensions.png",
            "requesters.png", "wages_over_time.png"} <= names
    assert "platforms.png" not in names            # one platform only
    html = report.html.read_text()
    assert html.count('src="data:image/png;base64,') == len(report.figures)
    assert not re.search(r'(src|href)="(?!data:)', html)      # nothing outside the page
    md = report.markdown.read_text()
    assert "| Median hourly pay, unpaid time counted |" in md
    for p in report.figures:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        h, w = image.imread(p).shape[:2]
        assert 600 <= w <= 1000 and 250 <= h <= 800, (p.name, w, h)   # A4 width at about 100 dpi


def test_replicates_and_several_platforms(runs, tmp_path):
    rep = make_report([runs["base1"], runs["base2"]], tmp_path / "two_seeds")
    md = rep.markdown.read_text()
    assert "95% CI" in md and "replicates" in md
    summary = json.loads(rep.summary_json.read_text())
    assert [r["seed"] for r in summary["replicates"]] == [1, 2]
    one = [json.loads(make_report([runs[k]], tmp_path / k).summary_json.read_text())["metrics"]["worker_pay"]
           for k in ("base1", "base2")]
    assert summary["metrics"]["worker_pay"] == pytest.approx(np.mean(one), rel=1e-12)
    multi = make_report([runs["two_platforms"]], tmp_path / "platforms")
    assert "platforms.png" in {p.name for p in multi.figures}


def test_wrapper_script(runs, tmp_path):
    wrapper = os.environ.get("GIGSIM_REPORT")
    if not wrapper:
        pytest.skip("GIGSIM_REPORT not set (CTest sets it to build/bin/gigsim-report)")
    done = subprocess.run([wrapper, str(runs["base2"]), "-o", str(tmp_path / "w")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "w" / "report.html").exists()
    assert subprocess.run([wrapper, "--help"], capture_output=True).returncode == 0


def test_forfeitures_at_suspension_when_recorded(runs, tmp_path):
    """Files that split forfeitures (forfeited_by_suspension) get the split; older ones show n/a."""
    import shutil
    p = tmp_path / "split.h5"
    shutil.copy(runs["base1"], p)
    with h5py.File(p, "a") as f:
        ts = f["timeseries"]
        if "forfeited_by_suspension" not in ts:
            d = ts.create_dataset("forfeited_by_suspension", data=ts["forfeited"][:] // 3)
            d.attrs["unit"] = "micro-USD"
            d.attrs["description"] = "the part of forfeited lost to suspensions"
        expected = ts["forfeited_by_suspension"][:].sum() / 1e6
    rep = make_report([p], tmp_path / "split")
    m = json.loads(rep.summary_json.read_text())["metrics"]
    assert m["forfeited_by_suspension"] == pytest.approx(expected, abs=1e-9)
    assert "| Earnings forfeited at suspensions |" in rep.markdown.read_text()


def test_run_without_complete_interval(runs, tmp_path):
    """A run with zero rows of time series (shorter than one reporting interval) still gets a report."""
    import shutil
    p = tmp_path / "empty.h5"
    shutil.copy(runs["base1"], p)
    with h5py.File(p, "a") as f:
        names = []
        f["timeseries"].visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
        for n in names:
            old = f["timeseries"][n]
            attrs, dtype = dict(old.attrs), old.dtype
            del f["timeseries"][n]
            new = f["timeseries"].create_dataset(n, shape=(0,), dtype=dtype)
            new.attrs.update(attrs)
    rep = make_report([p], tmp_path / "empty")
    assert len(rep.figures) >= 8
    assert json.loads(rep.summary_json.read_text())["metrics"]["tasks_posted"] == 0
