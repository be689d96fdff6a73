"""TrackML events as DataFrames: read_event, and evaluate, which scores tracks as `trackgnn eval`."""

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pandas as pd

from . import _columns, _trackgnn
from .errors import InputError

_EVENT_FILE = re.compile(r"event(\d+)(-[a-z]+\.csv)?")
# How many of a directory's event ids an error message lists.
_LISTED_EVENTS = 5


@dataclass
class Event:
    """One event as DataFrames with the TrackML columns:

    hits: hit_id, x, y, z, volume_id, layer_id, module_id;
    truth: hit_id, particle_id, tx, ty, tz, tpx, tpy, tpz, weight (one row per hit; particle 0
        is noise);
    particles: particle_id, particle_type (0: unknown, as in the Kaggle layout), vx, vy, vz, px,
        py, pz, q, nhits;
    cells: hit_id, ch0, ch1, value.

    truth, particles and cells are None when the event has none. To score frames from the TrackML
    library, build one: Event(hits=hits, truth=truth, particles=particles).
    """

    hits: pd.DataFrame
    truth: Optional[pd.DataFrame] = None
    particles: Optional[pd.DataFrame] = None
    cells: Optional[pd.DataFrame] = None
    event_id: int = 0


def _frame(columns, id_columns=()):
    if columns is None:
        return None
    data = {name: _columns.signed_ids(values) if name in id_columns else values for name, values in columns.items()}
    return pd.DataFrame(data)


def _locate(path, event_id):
    """(directory, event id) from a directory (and an id, or a directory holding one event), or
    from an event's file prefix as the TrackML library takes it (.../event000001000, or one of its
    files)."""
    path = Path(os.fspath(path))
    if event_id is not None and int(event_id) < 0:
        raise ValueError(f"event_id must be >= 0, not {event_id}")
    if path.is_dir():
        if event_id is not None:
            return path, int(event_id)
        ids = _trackgnn.list_events(str(path))
        if len(ids) != 1:
            listed = ", ".join(str(i) for i in ids[:_LISTED_EVENTS]) + (", ..." if len(ids) > _LISTED_EVENTS else "")
            raise ValueError(f"{path} holds {len(ids)} events ({listed}): pass event_id to choose one")
        return path, ids[0]
    match = _EVENT_FILE.fullmatch(path.name)
    if match is None:
        raise FileNotFoundError(
            f"{path}: not an event directory nor an event's file prefix (like .../event000000001)"
        )
    named = int(match.group(1))
    if event_id is not None and int(event_id) != named:
        raise ValueError(f"{path} names event {named}, not event_id {event_id}")
    return path.parent, named


def read_event(path, event_id=None):
    """Reads a TrackML event (eventNNNNNNNNN-{hits,cells,truth,particles}.csv) as `trackgnn run`
    and `trackgnn eval` read it: columns in any order, CRLF line endings, both particles layouts.

    path: a directory of events (with event_id, or holding one event), or an event's file prefix
        (.../event000000001) as the TrackML library's load_event takes it.

    Returns an Event. A malformed file raises trackgnn.InputError (its file and line), a missing
    one FileNotFoundError.
    """
    directory, event_id = _locate(path, event_id)
    columns = _trackgnn.read_event(str(directory), event_id)
    return Event(
        hits=_frame(columns["hits"], ("hit_id",)),
        truth=_frame(columns["truth"], ("hit_id", "particle_id")),
        particles=_frame(columns["particles"], ("particle_id",)),
        cells=_frame(columns["cells"], ("hit_id",)),
        event_id=columns["event_id"],
    )


def _event_columns(event, tracks):
    if not isinstance(event, Event):
        raise TypeError(f"evaluate takes a trackgnn.Event (or a list of them), not {type(event).__name__}")
    if event.truth is None or event.particles is None:
        raise InputError(
            f"event {event.event_id}: no truth to score against (evaluate needs its truth and particles frames)"
        )
    hits = _columns.hit_columns(event.hits)
    truth, particles = _columns.truth_columns(event.truth, event.particles, hits["hit_id"])
    return (hits, truth, particles, _columns.track_ids(tracks, hits["hit_id"]))


def evaluate(event, tracks, matching=None, min_pt=None):
    """Scores track candidates against truth, as `trackgnn eval` does.

    event: a trackgnn.Event with truth, or a list of them.
    tracks: a DataFrame (or dict of arrays) with hit_id and track_id, as Pipeline.run returns
        and `trackgnn run` writes (-1 or an unlisted hit: no track); a list, one per event.
    matching: how a candidate matches a particle: one of trackgnn.matching_rules() (defined in
        include/trackgnn/metrics/metrics_config.hpp); None: trackgnn.default_matching.
    min_pt: the pT (GeV) above which particles count for the efficiency; None:
        trackgnn.default_min_pt.

    Returns the metrics summed over the events as a dict, the JSON of `trackgnn eval --json`:
    track_efficiency, track_efficiency_all_pt, fake_rate, duplicate_rate,
    duplicate_rate_above_min_pt, trackml_score (None where a denominator is zero), counts,
    config, and stages (empty: edge metrics need the stage graphs, which run() does not keep).
    """
    events = [event] if isinstance(event, Event) else list(event)
    per_event_tracks = list(tracks) if isinstance(tracks, (list, tuple)) else [tracks]
    if len(events) != len(per_event_tracks):
        raise ValueError(f"{len(events)} events but {len(per_event_tracks)} sets of tracks")
    prepared = [_event_columns(e, t) for e, t in zip(events, per_event_tracks)]
    return json.loads(_trackgnn.evaluate(prepared, matching, min_pt))
