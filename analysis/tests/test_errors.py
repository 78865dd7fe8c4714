"""Bad input gives one clear line naming the file, and a non-zero exit from the command line."""

import os
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pytest

from conftest import ANALYSIS
from gigsim_analysis import NotARunFileError, RunFileError, UnsupportedSchemaError, UsageError, load_run


def cli(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ANALYSIS))
    return subprocess.run([sys.executable, "-m", "gigsim_analysis", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env)


def test_missing_file(tmp_path):
    with pytest.raises(RunFileError, match="no such file") as e:
        load_run(tmp_path / "absent.h5")
    assert "absent.h5" in str(e.value)


def test_text_file_is_not_a_run_file(tmp_path):
    p = tmp_path / "notes.h5"
    p.write_text("not hdf5 at all\n")
    with pytest.raises(NotARunFileError, match="not an HDF5 file") as e:
        load_run(p)
    assert "notes.h5" in str(e.value)


def test_hdf5_without_format_attribute(tmp_path):
    p = tmp_path / "other.h5"
    with h5py.File(p, "w") as f:
        f.create_dataset("x", data=np.arange(3))
    with pytest.raises(NotARunFileError, match="not a gigsim run file.*no 'format' attribute"):
        load_run(p)
    with h5py.File(p, "a") as f:
        f.attrs["format"] = "something-else"
    with pytest.raises(NotARunFileError, match="format = 'something-else'"):
        load_run(p)


def test_unsupported_schema_version(runs, tmp_path):
    p = tmp_path / "future.h5"
    shutil.copy(runs["base1"], p)
    with h5py.File(p, "a") as f:
        f.attrs["schema_version"] = np.int32(99)
    with pytest.raises(UnsupportedSchemaError, match="schema_version 99 is not supported.*version 1"):
        load_run(p)


def test_damaged_run_file(runs, tmp_path):
    p = tmp_path / "damaged.h5"
    shutil.copy(runs["base1"], p)
    with h5py.File(p, "a") as f:
        del f["timeseries"]
    with pytest.raises(RunFileError, match="damaged run file: /timeseries is missing"):
        load_run(p)


def test_cli_reports_one_line_and_exit_2(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello\n")
    done = cli("report", p, "-o", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert "error:" in done.stderr and "notes.txt" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "report.html").exists()


def test_cli_usage_errors(runs, tmp_path):
    assert cli("compare", runs["base1"], "-o", tmp_path / "c").returncode == 2      # one arm only
    assert cli("compare", runs["base1"], "--arm", "x", runs["policy1"]).returncode == 2   # both styles
    done = cli("sweep", tmp_path / "nowhere")
    assert done.returncode == 2 and "not a folder" in done.stderr
    assert cli().returncode == 2


def test_sweep_metric_typo_suggests(sweep_dir, tmp_path):
    from gigsim_analysis.sweep import load_sweep
    with pytest.raises(UsageError, match="did you mean 'median_wage_with_unpaid'"):
        load_sweep(sweep_dir, outcomes=["median_wage_with_unpayd"])
