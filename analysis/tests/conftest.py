"""Shared fixtures: small run files made by the gigsim binary of this build.

The binary is $GIGSIM_BINARY (CTest sets it to the gigsim it just built); without it, the first of
build*/bin/gigsim in the repository. Tests that need run files are skipped, with the reason, when
no binary is found and GIGSIM_BINARY is not set; when it is set and wrong, they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")   # figures to files only

ANALYSIS = Path(__file__).resolve().parents[1]
REPO = ANALYSIS.parent
sys.path.insert(0, str(ANALYSIS))

# A small market: a few hundred workers for 3 days runs in well under a second.
SMALL = ["--set", "workers.registered=400", "--set", "requesters.count=40", "--set", "duration_days=3"]
TINY = ["--set", "workers.registered=250", "--set", "requesters.count=30", "--set", "duration_days=2"]


def gigsim_binary() -> Path | None:
    env = os.environ.get("GIGSIM_BINARY")
    if env:
        return Path(env)
    for candidate in sorted(REPO.glob("build*/bin/gigsim")):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def gigsim() -> Path:
    binary = gigsim_binary()
    if binary is None:
        pytest.skip("no gigsim binary: build it (cmake --build build) or set GIGSIM_BINARY")
    if not os.access(binary, os.X_OK):
        pytest.fail(f"GIGSIM_BINARY={binary} is not an executable")
    return binary


def run_gigsim(binary: Path, out: Path, *args: str) -> Path:
    cmd = [str(binary), "run", "--quiet", "--force", "-o", str(out), *args]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr}")
    return out


@pytest.fixture(scope="session")
def runs(gigsim, tmp_path_factory) -> dict[str, Path]:
    """Run files: a baseline and a minimum-wage policy on seeds 1 and 2, and a two-platform market."""
    d = tmp_path_factory.mktemp("runs")
    out = {}
    for seed in (1, 2):
        out[f"base{seed}"] = run_gigsim(gigsim, d / f"base_{seed}.h5", *SMALL, "--seed", str(seed))
        out[f"policy{seed}"] = run_gigsim(gigsim, d / f"minwage_{seed}.h5", *SMALL, "--seed", str(seed),
                                          "--set", "regulation.minimum_wage.enabled=true")
    out["two_platforms"] = run_gigsim(
        gigsim, d / "two_platforms.h5", *TINY, "--set",
        "platforms=[{name: mturk, requester_share: 0.7}, {name: prolific, requester_share: 0.3, fee: {rate: 0.3}}]")
    return out


@pytest.fixture(scope="session")
def sweep_dir(gigsim, tmp_path_factory) -> Path:
    """A 2 x 2 grid (minimum wage 4 or 10 per hour, large-batch fee 20% or 50%), one seed, laid out
    like gigsim sweep's output (DIR/runs/*.h5)."""
    d = tmp_path_factory.mktemp("sweep")
    (d / "runs").mkdir()
    for i, (hourly, fee) in enumerate([(4, 0.2), (4, 0.5), (10, 0.2), (10, 0.5)]):
        run_gigsim(gigsim, d / "runs" / f"run{i}.h5", *TINY, "--seed", "3",
                   "--set", "regulation.minimum_wage.enabled=true",
                   "--set", f"regulation.minimum_wage.hourly={hourly}",
                   "--set", f"platforms[0].fee.large_batch_rate={fee}")
    return d
