"""load_run: the time series and tables come out in currency units and days, and agree with the file."""

import shutil

import h5py
import numpy as np
import pandas as pd

from gigsim_analysis import headline_metrics, load_run, money_identity_residual
from gigsim_analysis.run_file import MICRO


def test_timeseries_in_days_and_currency_units(runs):
    run = load_run(runs["base1"])
    ts = run.timeseries
    with h5py.File(runs["base1"], "r") as f:
        minutes = f["timeseries/time_minutes"][:]
        pay = f["timeseries/worker_pay"][:]
        assert f["timeseries/worker_pay"].attrs["unit"] == "micro-USD"
        rows = int(f["timeseries"].attrs["rows"])
    assert len(ts) == rows == 3 * 24
    assert ts.index.name == "day"
    np.testing.assert_array_equal(ts.index.to_numpy(), minutes / 1440.0)
    np.testing.assert_array_equal(ts["worker_pay"].to_numpy(), pay / 1e6)
    np.testing.assert_array_equal(run.timeseries_exact["worker_pay"].to_numpy(), pay)
    assert run.units["worker_pay"] == "USD"
    assert run.units["tasks_submitted"] == "assignments"
    assert ts["workers_active"].dtype.kind == "i"
    assert "by_platform/mturk/requester_spend" in ts
    assert "by_group/india/workers_active" in ts
    assert run.duration_days == 3.0


def test_money_identity_after_conversion(runs):
    for key in ("base1", "policy1", "two_platforms"):
        run = load_run(runs[key])
        # Exactly, in integers ...
        assert not money_identity_residual(run).any()
        # ... and in currency units, to rounding.
        ts = run.timeseries
        change = np.diff(ts["pending"].to_numpy(), prepend=0.0)
        rhs = ts["worker_pay"] + ts["platform_fees"] + ts["social_contributions"] + ts["forfeited"] + change
        np.testing.assert_allclose(ts["requester_spend"].to_numpy(), rhs.to_numpy(), rtol=0, atol=1e-6)
        # The totals of the run summary are the sums of the series.
        for k in ("requester_spend", "worker_pay", "platform_fees", "social_contributions", "forfeited"):
            assert run.summary_exact[k] == int(run.timeseries_exact[k].sum())
            assert abs(run.summary[k] - ts[k].sum()) < 1e-6
        assert run.summary_exact["pending"] == int(run.timeseries_exact["pending"].iloc[-1])
        assert run.summary["requester_spend"] > 0


def test_final_tables_and_derived_columns(runs):
    run = load_run(runs["base1"])
    w = run.workers
    with h5py.File(runs["base1"], "r") as f:
        earned = f["final/workers/earned"][:]
        paid = f["final/workers/minutes_paid"][:]
        summary = dict(f["final"].attrs)
    np.testing.assert_array_equal(w["earned"].to_numpy(), earned / MICRO)
    assert set(w["group_name"]) <= {"us", "india"}
    assert set(w["state_name"]) <= {"offline", "searching", "working", "qualifying", "suspended", "exited"}
    # Wages recomputed from the table match the model's own summary.
    m = headline_metrics(run)
    assert abs(m["median_wage_with_unpaid"] - summary["median_wage_with_unpaid"]) < 1e-9
    assert abs(m["mean_wage_with_unpaid"] - summary["mean_wage_with_unpaid"]) < 1e-9
    assert abs(m["median_wage_without_unpaid"] - summary["median_wage_without_unpaid"]) < 1e-9
    assert abs(m["mean_wage_without_unpaid"] - summary["mean_wage_without_unpaid"]) < 1e-9
    assert m["workers_ever_active"] == summary["workers_ever_active"]
    assert np.isnan(w.loc[paid == 0, "wage_without_unpaid"]).all()
    r = run.requesters
    assert {"type_name", "platform_name", "pay_per_hour"} <= set(r.columns)
    assert list(run.platforms["name"]) == ["mturk"]


def test_scenario_and_provenance(runs):
    run = load_run(runs["policy2"])
    assert run.scenario["workers"]["registered"] == 400
    assert run.scenario["duration_days"] == 3
    assert run.group_names == ["us", "india"]
    assert run.platform_names == ["mturk"]
    assert run.seed == 2 and run.provenance["seed"] == 2
    assert run.currency == "USD"
    assert "minimum_wage" in run.rules_enabled
    assert run.minimum_wage == 8.0
    assert "gigsim run" in run.provenance["command_line"]
    assert run.scenario_yaml.lstrip().startswith("#") or "name:" in run.scenario_yaml


def test_interventions_absent_then_present(runs, tmp_path):
    run = load_run(runs["base1"])
    assert run.interventions.empty
    assert list(run.interventions.columns) == ["day", "time_minutes", "label", "settings", "settings_map"]
    # The group other engineers are adding: time_minutes / label / settings datasets.
    copy = tmp_path / "with_interventions.h5"
    shutil.copy(runs["base1"], copy)
    with h5py.File(copy, "a") as f:
        if "interventions" in f:          # written empty by gigsim when the scenario has none
            del f["interventions"]
        g = f.create_group("interventions")
        g.create_dataset("time_minutes", data=np.array([1440, 2880], dtype="int64"))
        text = h5py.string_dtype("utf-8")
        g.create_dataset("label", data=np.array(["minimum wage", "fee cap"], dtype=object), dtype=text)
        g.create_dataset("settings", data=np.array(["{regulation.minimum_wage.enabled: true}",
                                                    "{regulation.fee_cap.enabled: true, regulation.fee_cap.max_rate: 0.1}"],
                                                   dtype=object), dtype=text)
    iv = load_run(copy).interventions
    assert list(iv["day"]) == [1.0, 2.0]
    assert list(iv["label"]) == ["minimum wage", "fee cap"]
    assert iv["settings"].iloc[0] == "{regulation.minimum_wage.enabled: true}"
    assert iv["settings_map"].iloc[1] == {"regulation.fee_cap.enabled": True, "regulation.fee_cap.max_rate": 0.1}
    assert isinstance(iv, pd.DataFrame)
