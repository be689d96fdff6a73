"""The exceptions of trackgnn besides Python's own.

A file or directory that does not exist raises FileNotFoundError, a bad argument (an unknown
device, precision, backend or matching rule) ValueError, and other failures RuntimeError, each
with the message `trackgnn` on the command line prints for the same fault.
"""


class InputError(ValueError):
    """Bad input data. From a file (a TrackML CSV, a model card), ``file`` and ``line`` (1-based;
    0 when the fault concerns the whole file) say where; from a DataFrame or dict of arrays,
    ``file`` is None and the message names the frame, the row (its position, from 0) and the
    column."""

    def __init__(self, message, file=None, line=0):
        super().__init__(message)
        self.file = file
        self.line = line


class ModelError(RuntimeError):
    """A model directory whose card names a model file that is missing, damaged (its SHA-256
    differs from the card's) or that the backend refuses."""
