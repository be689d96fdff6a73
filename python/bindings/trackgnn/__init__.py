"""trackgnn: charged-particle tracking with graph neural networks (the Exa.TrkX pipeline) from
Python, on pandas DataFrames with the TrackML columns.

    import trackgnn
    event = trackgnn.read_event("build/demo/events", event_id=1)
    pipeline = trackgnn.Pipeline()            # the shipped models, on the CPU
    tracks = pipeline.run(event.hits)         # DataFrame hit_id, track_id (-1: in no track)
    print(trackgnn.evaluate(event, tracks)["track_efficiency"])

tracks.attrs["timings"] holds the seconds of each stage. Errors are Python exceptions with the
messages of the command line (trackgnn.errors says which).
"""

from ._trackgnn import (
    __version__,
    cuda_available,
    default_matching,
    default_min_pt,
    matching_rules,
    model_threads,
    set_model_threads,
)
from .errors import InputError, ModelError
from .event import Event, evaluate, read_event
from .pipeline import Pipeline

__all__ = [
    "Event",
    "InputError",
    "ModelError",
    "Pipeline",
    "__version__",
    "cuda_available",
    "default_matching",
    "default_min_pt",
    "evaluate",
    "matching_rules",
    "model_threads",
    "read_event",
    "set_model_threads",
]
