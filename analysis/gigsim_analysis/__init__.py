"""gigsim_analysis: read gigsim run files (HDF5) and turn them into reports, policy comparisons and
sweep analyses. Works with Debian 12's python3-h5py, -numpy, -pandas, -matplotlib, -scipy, -yaml.

    from gigsim_analysis import load_run
    run = load_run("baseline.h5")
    run.timeseries.plot(y="workers_active")

Command line: python3 -m gigsim_analysis report|compare|sweep ... (see --help), or build/bin/gigsim-report.
"""

from .errors import AnalysisError, NotARunFileError, RunFileError, UnsupportedSchemaError, UsageError
from .run_file import SUPPORTED_SCHEMA_VERSIONS, Run, load_run, money_identity_residual
from .metrics import gini, headline_metrics, lorenz_curve, time_breakdown, top_share
from .arms import Arm, arm_from_paths

__version__ = "0.1.0"

__all__ = [
    "AnalysisError", "NotARunFileError", "RunFileError", "UnsupportedSchemaError", "UsageError",
    "SUPPORTED_SCHEMA_VERSIONS", "Run", "load_run", "money_identity_residual",
    "gini", "headline_metrics", "lorenz_curve", "time_breakdown", "top_share",
    "Arm", "arm_from_paths", "__version__",
]
