"""The errors gigsim_analysis raises on purpose: one family, each message one line naming the file."""


class AnalysisError(Exception):
    """Base of every error this package raises on purpose. The command line prints its message alone."""


class RunFileError(AnalysisError):
    """A run file cannot be read: missing, unreadable, or damaged (a group or dataset is missing)."""


class NotARunFileError(RunFileError):
    """The file is not HDF5, or is HDF5 without the root attribute format = "gigsim-run"."""


class UnsupportedSchemaError(RunFileError):
    """The run file's schema_version is one this version of the package does not know."""


class UsageError(AnalysisError):
    """Bad arguments: an empty arm, a sweep folder without run files, an unknown metric name."""
