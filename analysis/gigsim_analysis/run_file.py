"""Reading one gigsim run file (docs/hdf5.md) into pandas.

    run = load_run("baseline.h5")
    run.timeseries          # DataFrame, one row per reporting interval, indexed by day
    run.workers             # DataFrame, one row per worker (final state)
    run.summary["worker_pay"]

Money is converted from int64 micro-units to currency units (float) everywhere except in
``run.timeseries_exact`` and ``run.summary_exact``, which keep the exact integers. Time is in
days (``day``), with the simulated minutes kept as ``time_minutes``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pandas as pd
import yaml

from .errors import NotARunFileError, RunFileError, UnsupportedSchemaError

FORMAT = "gigsim-run"
SUPPORTED_SCHEMA_VERSIONS = (1,)
MICRO = 1_000_000
MINUTES_PER_DAY = 1440.0

WORKER_STATES = {0: "offline", 1: "searching", 2: "working", 3: "qualifying", 4: "suspended", 5: "exited"}

# Unpaid kinds of logged time, in the order the figures show them.
UNPAID_MINUTE_COLUMNS = ("minutes_search", "minutes_rejected", "minutes_returned", "minutes_qualification")
LOGGED_MINUTE_COLUMNS = ("minutes_paid",) + UNPAID_MINUTE_COLUMNS


@dataclass
class Run:
    """One run file, loaded. See the module docstring and docs/guide-analyst.md."""

    path: Path
    schema_version: int
    currency: str
    scenario_name: str
    scenario_yaml: str
    scenario: dict
    provenance: dict
    interval_minutes: int
    timeseries: pd.DataFrame
    timeseries_exact: pd.DataFrame
    units: dict
    descriptions: dict
    summary: dict
    summary_exact: dict
    workers: pd.DataFrame
    requesters: pd.DataFrame
    platforms: pd.DataFrame
    interventions: pd.DataFrame
    final_units: dict = field(default_factory=dict)

    # --- names from the scenario -------------------------------------------------------------
    @property
    def platform_names(self) -> list[str]:
        return [p.get("name", f"platform {i}") for i, p in enumerate(self.scenario.get("platforms") or [])]

    @property
    def group_names(self) -> list[str]:
        groups = (self.scenario.get("workers") or {}).get("groups") or []
        return [g.get("name", f"group {i}") for i, g in enumerate(groups)]

    @property
    def requester_type_names(self) -> list[str]:
        types = (self.scenario.get("requesters") or {}).get("types") or []
        return [t.get("name", f"type {i}") for i, t in enumerate(types)]

    @property
    def seed(self) -> int:
        return int(self.provenance.get("seed", self.scenario.get("seed", 0)))

    @property
    def duration_days(self) -> float:
        if len(self.timeseries):
            return float(self.timeseries["time_minutes"].iloc[-1]) / MINUTES_PER_DAY
        return float(self.scenario.get("duration_days", 0.0))

    @property
    def minimum_wage(self) -> float:
        """The first platform's regulation.minimum_wage.hourly at the end of the run: the benchmark the
        model's share_below_minimum_wage uses, whether or not the rule is on. It is the scenario's,
        unless an intervention set it during the run (regulation.minimum_wage.hourly, or the same key
        under platforms[0])."""
        platforms = self.scenario.get("platforms") or [{}]
        rule = ((platforms[0].get("regulation") or {}).get("minimum_wage") or {})
        value = float(rule.get("hourly", 8.0))
        for settings in self.interventions.get("settings_map", []):
            for key, v in (settings or {}).items():
                if key in ("regulation.minimum_wage.hourly", "platforms[0].regulation.minimum_wage.hourly"):
                    value = float(v)
        return value

    @property
    def rules_enabled(self) -> list[str]:
        """Regulation rules switched on, as 'rule' or 'rule (platform)' when not on every platform."""
        platforms = self.scenario.get("platforms") or []
        on: dict[str, list[str]] = {}
        for p in platforms:
            for rule, params in (p.get("regulation") or {}).items():
                if isinstance(params, dict) and params.get("enabled"):
                    on.setdefault(rule, []).append(p.get("name", "?"))
        out = []
        for rule, names in on.items():
            out.append(rule if len(names) == len(platforms) else f"{rule} ({', '.join(names)})")
        return out

    @property
    def wage_sample_rule(self) -> str:
        """Which workers the model's wage statistics cover, read from the file's own description of
        wage_with_unpaid_median: 'submitted' (workers who have submitted work, gigsim since the
        calibration of issue 3) or 'logged' (every worker with logged time, earlier files)."""
        text = self.descriptions.get("wage_with_unpaid_median", "")
        return "logged" if "logged time" in text else "submitted"

    @property
    def label(self) -> str:
        return f"{self.scenario_name} (seed {self.seed})"

    def __repr__(self) -> str:
        return (f"Run({str(self.path)!r}, scenario={self.scenario_name!r}, seed={self.seed}, "
                f"days={self.duration_days:g}, rows={len(self.timeseries)}, workers={len(self.workers)})")


def _is_money(unit: str) -> bool:
    return unit.startswith("micro-")


def _text(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _read_table(group: h5py.Group, path: str, currency: str) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """A /final table: every 1-D dataset a column. Returns (converted, exact, units)."""
    columns, exact, units = {}, {}, {}
    for name, dataset in group.items():
        if not isinstance(dataset, h5py.Dataset):
            continue
        values = dataset[()]
        unit = _text(dataset.attrs.get("unit", ""))
        if _is_money(unit):
            exact[name] = values
            columns[name] = values / MICRO
            units[name] = currency
        else:
            columns[name] = values
            units[name] = unit
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise RunFileError(f"{path}: columns of different lengths {sorted(lengths)}")
    return pd.DataFrame(columns), pd.DataFrame(exact), units


def _add_worker_columns(workers: pd.DataFrame, group_names: list[str]) -> pd.DataFrame:
    """Derived columns: names for codes, logged minutes, effective hourly wages (NaN where undefined)."""
    if workers.empty and not len(workers.columns):
        return workers
    w = workers
    if "group" in w:
        w["group_name"] = [group_names[g] if 0 <= g < len(group_names) else str(g) for g in w["group"]]
    if "state" in w:
        w["state_name"] = [WORKER_STATES.get(int(s), str(s)) for s in w["state"]]
    if all(c in w for c in LOGGED_MINUTE_COLUMNS):
        logged = sum(w[c] for c in LOGGED_MINUTE_COLUMNS)
        w["minutes_logged"] = logged
        w["minutes_unpaid"] = logged - w["minutes_paid"]
        if "earned" in w:
            with np.errstate(divide="ignore", invalid="ignore"):
                w["wage_with_unpaid"] = np.where(logged > 0, w["earned"] / logged * 60.0, np.nan)
                w["wage_without_unpaid"] = np.where(w["minutes_paid"] > 0,
                                                    w["earned"] / w["minutes_paid"] * 60.0, np.nan)
    return w


def _add_requester_columns(requesters: pd.DataFrame, type_names: list[str],
                           platform_names: list[str]) -> pd.DataFrame:
    r = requesters
    if "type" in r:
        r["type_name"] = [type_names[t] if 0 <= t < len(type_names) else str(t) for t in r["type"]]
    if "platform" in r:
        r["platform_name"] = [platform_names[p] if 0 <= p < len(platform_names) else str(p)
                              for p in r["platform"]]
    if "paid_to_workers" in r and "work_minutes" in r:
        with np.errstate(divide="ignore", invalid="ignore"):
            r["pay_per_hour"] = np.where(r["work_minutes"] > 0,
                                         r["paid_to_workers"] / r["work_minutes"] * 60.0, np.nan)
    return r


def _read_interventions(f: h5py.File) -> pd.DataFrame:
    """/interventions (optional): one row per time-stamped change of parameters."""
    empty = pd.DataFrame({"day": pd.Series(dtype=float), "time_minutes": pd.Series(dtype="int64"),
                          "label": pd.Series(dtype=object), "settings": pd.Series(dtype=object),
                          "settings_map": pd.Series(dtype=object)})
    group = f.get("interventions")
    if not isinstance(group, h5py.Group):
        return empty
    columns = {}
    for name, dataset in group.items():
        if isinstance(dataset, h5py.Dataset) and dataset.ndim == 1:
            columns[name] = [_text(v) for v in dataset[()]]
    if not columns or len({len(v) for v in columns.values()}) != 1:
        return empty
    frame = pd.DataFrame(columns)
    if "time_minutes" in frame:
        frame["time_minutes"] = frame["time_minutes"].astype("int64")
        frame.insert(0, "day", frame["time_minutes"] / MINUTES_PER_DAY)
    for name in ("label", "settings"):
        if name not in frame:
            frame[name] = ""
    # settings is a YAML flow mapping, {key.path: value, ...}: also as a dict, when it parses.
    parsed = []
    for text in frame["settings"]:
        try:
            value = yaml.safe_load(text) if isinstance(text, str) and text else {}
        except yaml.YAMLError:
            value = None
        parsed.append(value if isinstance(value, dict) else None)
    frame["settings_map"] = parsed
    first = [c for c in ("day", "time_minutes", "label", "settings", "settings_map") if c in frame]
    return frame[first + [c for c in frame.columns if c not in first]]


def load_run(path: str | os.PathLike) -> Run:
    """Load a gigsim run file. Raises RunFileError (or its subclasses NotARunFileError,
    UnsupportedSchemaError) with a one-line message naming the file."""
    path = Path(path)
    if not path.exists():
        raise RunFileError(f"{path}: no such file")
    if path.is_dir():
        raise RunFileError(f"{path}: is a folder, not a run file")
    if not os.access(path, os.R_OK):
        raise RunFileError(f"{path}: cannot read (permission denied)")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise NotARunFileError(f"{path}: not an HDF5 file, so not a gigsim run file ({e.__class__.__name__}: "
                               f"{str(e).splitlines()[0] if str(e) else 'unreadable'})") from None
    with f:
        fmt = _text(f.attrs.get("format"))
        if fmt != FORMAT:
            found = "no 'format' attribute" if fmt is None else f"format = {fmt!r}"
            raise NotARunFileError(f"{path}: an HDF5 file but not a gigsim run file ({found}; expected "
                                   f"format = {FORMAT!r})")
        version = _text(f.attrs.get("schema_version"))
        if not isinstance(version, (int, np.integer)) or int(version) not in SUPPORTED_SCHEMA_VERSIONS:
            known = ", ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)
            raise UnsupportedSchemaError(
                f"{path}: schema_version {version} is not supported by this gigsim_analysis (it reads "
                f"version {known}); use the analysis package of the gigsim that wrote the file "
                f"(docs/hdf5.md, 'Schema version policy')")
        for required in ("provenance", "scenario", "timeseries", "final"):
            if required not in f:
                raise RunFileError(f"{path}: damaged run file: /{required} is missing")
        try:
            return _load_open_file(path, int(version), f)
        except KeyError as e:
            raise RunFileError(f"{path}: damaged run file: {e}") from None


def _load_open_file(path: Path, version: int, f: h5py.File) -> Run:
    scenario_ds = f["scenario"]
    currency = _text(scenario_ds.attrs.get("currency", "USD"))
    scenario_yaml = scenario_ds.asstr()[()]
    try:
        scenario = yaml.safe_load(scenario_yaml) or {}
    except yaml.YAMLError as e:
        raise RunFileError(f"{path}: /scenario is not valid YAML ({e})") from None
    scenario_name = _text(scenario_ds.attrs.get("name", scenario.get("name", path.stem)))
    provenance = {k: _text(v) for k, v in f["provenance"].attrs.items()}

    ts_group = f["timeseries"]
    interval = int(_text(ts_group.attrs.get("interval_minutes", 60)))
    columns, exact, units, descriptions = {}, {}, {}, {}

    def collect(name: str, obj: Any) -> None:
        if not isinstance(obj, h5py.Dataset):
            return
        values = obj[()]
        unit = _text(obj.attrs.get("unit", ""))
        descriptions[name] = _text(obj.attrs.get("description", ""))
        if _is_money(unit):
            exact[name] = values
            columns[name] = values / MICRO
            units[name] = currency
        else:
            columns[name] = values
            units[name] = unit

    ts_group.visititems(collect)
    if "time_minutes" not in columns:
        raise RunFileError(f"{path}: damaged run file: /timeseries/time_minutes is missing")
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise RunFileError(f"{path}: damaged run file: /timeseries datasets of different lengths")
    # Metrics in catalogue order would need the writer's order; we put time first, then names.
    order = ["time_minutes"] + sorted(c for c in columns if c != "time_minutes")
    day = pd.Index(columns["time_minutes"] / MINUTES_PER_DAY, name="day")
    timeseries = pd.DataFrame({c: columns[c] for c in order}, index=day)
    timeseries_exact = pd.DataFrame({c: exact[c] for c in order if c in exact}, index=day)
    units["day"] = "days"

    final = f["final"]
    summary_exact, summary = {}, {}
    money_unit = _text(final.attrs.get("money_unit", f"micro-{currency}"))
    money_keys = {"requester_spend", "worker_pay", "platform_fees", "social_contributions", "forfeited",
                  "pending"}
    for key, value in final.attrs.items():
        value = _text(value)
        if key in money_keys and isinstance(value, (int, np.integer)) and _is_money(money_unit):
            summary_exact[key] = int(value)
            summary[key] = int(value) / MICRO
        else:
            summary[key] = value

    scenario_lists = dict(
        groups=[g.get("name", str(i)) for i, g in enumerate((scenario.get("workers") or {}).get("groups") or [])],
        types=[t.get("name", str(i)) for i, t in enumerate((scenario.get("requesters") or {}).get("types") or [])],
        platforms=[p.get("name", str(i)) for i, p in enumerate(scenario.get("platforms") or [])],
    )
    final_units = {}
    tables = {}
    for table in ("workers", "requesters", "platforms"):
        if table not in final:
            raise RunFileError(f"{path}: damaged run file: /final/{table} is missing")
        converted, _, table_units = _read_table(final[table], f"{path}:/final/{table}", currency)
        tables[table] = converted
        final_units[table] = table_units
    workers = _add_worker_columns(tables["workers"], scenario_lists["groups"])
    requesters = _add_requester_columns(tables["requesters"], scenario_lists["types"], scenario_lists["platforms"])
    platforms = tables["platforms"]
    if "id" in platforms:
        names = scenario_lists["platforms"]
        platforms.insert(1, "name", [names[i] if 0 <= i < len(names) else str(i) for i in platforms["id"]])

    return Run(path=path, schema_version=version, currency=currency, scenario_name=scenario_name,
               scenario_yaml=scenario_yaml, scenario=scenario, provenance=provenance, interval_minutes=interval,
               timeseries=timeseries, timeseries_exact=timeseries_exact, units=units, descriptions=descriptions,
               summary=summary, summary_exact=summary_exact, workers=workers, requesters=requesters,
               platforms=platforms, interventions=_read_interventions(f), final_units=final_units)


def money_identity_residual(run: Run) -> np.ndarray:
    """Per row, requester_spend - (worker_pay + platform_fees + social_contributions + forfeited
    + change in pending), in exact micro-units. All zeros for a correct file."""
    e = run.timeseries_exact
    change = np.diff(e["pending"].to_numpy(), prepend=0)
    return (e["requester_spend"].to_numpy() - e["worker_pay"].to_numpy() - e["platform_fees"].to_numpy()
            - e["social_contributions"].to_numpy() - e["forfeited"].to_numpy() - change)
