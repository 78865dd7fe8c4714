"""An arm is a named set of replicate runs of one scenario (same parameters, different seeds).
A report draws one arm; a comparison draws several, the first being the reference."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import UsageError
from .metrics import active_workers, headline_metrics, wage_sample
from .run_file import MINUTES_PER_DAY, Run, load_run


@dataclass
class Arm:
    name: str
    runs: list[Run]
    benchmark_override: float | None = None   # a minimum-wage benchmark shared by compared arms
    _metrics: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def benchmark(self) -> float:
        """The minimum-wage benchmark of shares below a wage and of the dashed lines in figures."""
        return self.first.minimum_wage if self.benchmark_override is None else self.benchmark_override

    def share_benchmark(self, value: float) -> None:
        self.benchmark_override = value
        self._metrics = None

    @property
    def seeds(self) -> list[int]:
        return [r.seed for r in self.runs]

    @property
    def first(self) -> Run:
        return self.runs[0]

    @property
    def currency(self) -> str:
        return self.first.currency

    def metrics(self) -> pd.DataFrame:
        """Headline metrics, one row per replicate (index: seed)."""
        if self._metrics is None:
            rows = [headline_metrics(r, self.benchmark) for r in self.runs]
            self._metrics = pd.DataFrame(rows, index=pd.Index(self.seeds, name="seed"))
        return self._metrics

    def workers(self, sample: str = "wage") -> pd.DataFrame:
        """Workers of every replicate, pooled (a 'seed' column says which run). sample: 'wage' (the
        model's wage sample, metrics.wage_sample), 'logged' (workers with logged time) or 'all'."""
        pick = {"wage": wage_sample, "logged": active_workers, "all": lambda r: r.workers}[sample]
        parts = [pick(r).assign(seed=r.seed) for r in self.runs]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    def requesters(self) -> pd.DataFrame:
        return pd.concat([r.requesters.assign(seed=r.seed) for r in self.runs], ignore_index=True)


def arm_from_paths(name: str | None, paths: list[str | os.PathLike]) -> Arm:
    """Load the run files of one arm. A folder stands for every *.h5 file in it (sorted)."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(q for q in p.glob("*.h5") if not q.name.startswith("."))
            if not found:
                raise UsageError(f"{p}: folder holds no .h5 run file")
            files.extend(found)
        else:
            files.append(p)
    if not files:
        raise UsageError(f"arm {name!r} has no run file")
    runs = [load_run(f) for f in files]
    if name is None:
        names = {r.scenario_name for r in runs}
        name = names.pop() if len(names) == 1 else Path(files[0]).stem
    return Arm(name=name, runs=runs)


def unique_names(arms: list[Arm]) -> None:
    """Give arms that share a name (e.g. two files of the scenario 'baseline') distinct names."""
    seen: dict[str, int] = {}
    for arm in arms:
        seen[arm.name] = seen.get(arm.name, 0) + 1
    if all(v == 1 for v in seen.values()):
        return
    for arm in arms:
        if seen[arm.name] > 1:
            stems = ", ".join(r.path.stem for r in arm.runs[:2])
            arm.name = f"{arm.name} [{stems}{'…' if len(arm.runs) > 2 else ''}]"


def aligned(arm: Arm, column: str, how: str = "interval", bin_minutes: int | None = None):
    """One time series of every replicate on a common time axis.

    how = 'interval': the values as stored (stocks, interval means, cumulative statistics);
          'sum': flows summed into bins of `bin_minutes` (e.g. per day);
          'cumsum': flows accumulated since the start.
    Returns (x in days, matrix replicates × points) or None when no replicate has the column.
    For 'sum', x is the middle of each bin; otherwise the end of each interval."""
    frames = []
    for r in arm.runs:
        ts = r.timeseries
        if column not in ts or len(ts) == 0:
            continue
        minutes = ts["time_minutes"].to_numpy()
        values = ts[column].to_numpy(dtype=float)
        if how == "sum":
            width = bin_minutes or r.interval_minutes
            key = (minutes - 1) // width
            s = pd.Series(values).groupby(key).sum()
            x = (s.index.to_numpy() + 0.5) * width / MINUTES_PER_DAY
            frames.append(pd.Series(s.to_numpy(), index=np.round(x, 9)))
        elif how == "cumsum":
            frames.append(pd.Series(np.cumsum(values), index=np.round(minutes / MINUTES_PER_DAY, 9)))
        else:
            frames.append(pd.Series(values, index=np.round(minutes / MINUTES_PER_DAY, 9)))
    if not frames:
        return None
    table = pd.concat(frames, axis=1, join="inner")
    return table.index.to_numpy(), table.to_numpy().T


def flow_bin_minutes(arms: list[Arm]) -> tuple[int, str]:
    """Flows are shown per day for runs of 4 days or more, per reporting interval otherwise."""
    run = arms[0].first
    if run.duration_days >= 4:
        return 1440, "per day"
    if run.interval_minutes == 60:
        return 60, "per hour"
    return run.interval_minutes, f"per {run.interval_minutes} minutes"
