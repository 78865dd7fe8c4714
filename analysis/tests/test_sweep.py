"""sweep: parameters found from /scenario, design detection, and the sensitivity statistics."""

import numpy as np
import pandas as pd
import pytest

from gigsim_analysis.errors import UsageError
from gigsim_analysis.stats import first_order_sobol, standardised_regression
from gigsim_analysis.sweep import flatten, load_sweep, make_sweep_report

PARAMS = ["platforms[0].fee.large_batch_rate", "platforms[0].regulation.minimum_wage.hourly"]


def test_flatten_uses_set_paths():
    flat = flatten({"workers": {"groups": [{"name": "us", "share": 0.8}]}, "seed": 1})
    assert flat == {"workers.groups[0].name": "us", "workers.groups[0].share": 0.8, "seed": 1}


def test_parameters_and_grid_from_scenarios(sweep_dir, tmp_path):
    data = load_sweep(sweep_dir)
    assert data.parameters == PARAMS
    assert data.design == "grid" and "inferred" in data.design_source
    assert len(data.runs) == 4 and len(data.points()) == 4
    assert sorted(data.runs[PARAMS[1]].unique()) == [4.0, 10.0]
    result = make_sweep_report(sweep_dir, tmp_path / "out")
    names = {p.name for p in result.figures}
    assert {"response_fee_large_batch_rate.png", "response_minimum_wage_hourly.png",
            "heatmap_fee_large_batch_rate__minimum_wage_hourly.png", "sensitivity.png"} <= names
    assert "sobol_first_order" not in result.sensitivity.columns
    html = result.html.read_text()
    assert html.count("data:image/png;base64,") == len(result.figures)
    points = pd.read_csv(tmp_path / "out" / "points.csv")
    assert list(points["replicates"]) == [1, 1, 1, 1]
    # Each run's outcome is the one its file gives (the model's own summary).
    import h5py
    for _, row in data.runs.iterrows():
        with h5py.File(sweep_dir / row["file"], "r") as f:
            assert row["median_wage_with_unpaid"] == pytest.approx(f["final"].attrs["median_wage_with_unpaid"])
            assert row["forfeited"] == pytest.approx(f["final"].attrs["forfeited"] / 1e6)
            assert row[PARAMS[0]] in (0.2, 0.5)


def test_declared_sobol_design(sweep_dir, tmp_path):
    (sweep_dir / "sweep.yaml").write_text("design: {type: sobol, samples: 4}\n")
    try:
        data = load_sweep(sweep_dir)
        assert data.design == "sobol" and "sweep.yaml" in data.design_source
        result = make_sweep_report(sweep_dir, tmp_path / "sobol")
        assert "sobol_first_order" in result.sensitivity.columns
    finally:
        (sweep_dir / "sweep.yaml").unlink()
    assert load_sweep(sweep_dir, design="lhs").design == "lhs"


def test_replicates_only_is_refused(runs, tmp_path):
    d = tmp_path / "replicates"
    d.mkdir()
    for k in ("base1", "base2"):
        (d / f"{k}.h5").write_bytes(runs[k].read_bytes())
    assert load_sweep(d).parameters == []
    with pytest.raises(UsageError, match="nothing to sweep over"):
        make_sweep_report(d, tmp_path / "o")


def test_unreadable_files_are_listed_not_fatal(sweep_dir, tmp_path):
    bad = sweep_dir / "runs" / "broken.h5"
    bad.write_text("partial")
    try:
        data = load_sweep(sweep_dir)
        assert len(data.runs) == 4
        assert data.skipped and "broken.h5" in data.skipped[0][1]
    finally:
        bad.unlink()


def test_standardised_regression_recovers_linear_model():
    rng = np.random.default_rng(1)
    X = rng.uniform(0, 1, size=(4000, 3))
    y = 3.0 * X[:, 0] - 1.0 * X[:, 1] + 0.0 * X[:, 2]
    reg = standardised_regression(X, y, ["a", "b", "c"])
    sx, sy = X.std(axis=0, ddof=1), y.std(ddof=1)
    np.testing.assert_allclose(reg.coefficients, [3.0 * sx[0] / sy, -1.0 * sx[1] / sy, 0.0], atol=1e-9)
    assert reg.r_squared == pytest.approx(1.0)
    # Additive model, independent inputs: the squared SRCs add up to R^2.
    assert np.sum(reg.coefficients ** 2) == pytest.approx(1.0, abs=0.05)


def test_first_order_sobol_on_a_known_function():
    # y = x1 + 2 x2 + noise, x uniform on [0, 1]: Var = 1/12 + 4/12 + 0.1^2 -> S1 = 0.2, 0.8, 0.
    rng = np.random.default_rng(5)
    n = 4000
    X = rng.uniform(0, 1, size=(n, 3))
    y = X[:, 0] + 2 * X[:, 1] + rng.normal(0, 0.1, n)
    total = 5 / 12 + 0.01
    s = [first_order_sobol(X[:, j], y) for j in range(3)]
    assert s[0] == pytest.approx((1 / 12) / total, abs=0.03)
    assert s[1] == pytest.approx((4 / 12) / total, abs=0.03)
    assert abs(s[2]) < 0.02
    # A non-linear effect that a linear regression misses: y = (x - 0.5)^2.
    x = rng.uniform(0, 1, n)
    yq = (x - 0.5) ** 2
    assert first_order_sobol(x, yq) > 0.9
    assert abs(standardised_regression(x[:, None], yq, ["x"]).coefficients[0]) < 0.1
