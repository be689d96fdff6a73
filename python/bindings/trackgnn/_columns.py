"""DataFrames and dicts of arrays into the typed columns the C++ module takes.

Every check here has a twin in the TrackML CSV reader, and its message says the same in the same
words, with "<frame>: row <position>" where the reader says "<file>:<line>".
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .errors import InputError

HIT_COLUMNS = {
    "hit_id": np.uint64,
    "x": np.float32,
    "y": np.float32,
    "z": np.float32,
    "volume_id": np.int32,
    "layer_id": np.int32,
    "module_id": np.int64,
}
CELL_COLUMNS = {"hit_id": np.uint64, "value": np.float32}
TRACK_COLUMNS = {"hit_id": np.uint64, "track_id": np.int64}
TRUTH_COLUMNS = {"hit_id": np.uint64, "particle_id": np.uint64}
# Truth columns the metrics can do without: the TrackML score is null without weights.
OPTIONAL_TRUTH_COLUMNS = {name: np.float32 for name in ("tx", "ty", "tz", "tpx", "tpy", "tpz", "weight")}
PARTICLE_COLUMNS = {
    "particle_id": np.uint64,
    "vx": np.float32,
    "vy": np.float32,
    "vz": np.float32,
    "px": np.float32,
    "py": np.float32,
    "pz": np.float32,
    "q": np.int32,
    "nhits": np.int32,
}
# Absent from the public Kaggle TrackML files; 0 is an unknown species.
OPTIONAL_PARTICLE_COLUMNS = {"particle_type": np.int32}

NO_TRACK = -1
NOISE_PARTICLE = 0


def require_frame(frame, name):
    if not isinstance(frame, (pd.DataFrame, Mapping)):
        raise TypeError(f"{name} must be a pandas DataFrame or a dict of arrays, not {type(frame).__name__}")


def _raw_values(values):
    """A numpy array of the column; pandas' nullable integers become floats with NaN for NA."""
    if isinstance(values, pd.Series) and pd.api.types.is_extension_array_dtype(values.dtype):
        if pd.api.types.is_numeric_dtype(values.dtype):
            return values.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.asarray(values)


def _first(mask):
    return int(np.argmax(mask))


def _convert(values, dtype, frame, name):
    target = np.dtype(dtype)

    def fail(row, what):
        raise InputError(f"{frame}: row {row}: column '{name}': '{values[row]}' {what}")

    if values.dtype.kind == "f":
        not_finite = ~np.isfinite(values)
        if not_finite.any():
            fail(_first(not_finite), "is not finite")
        if target.kind == "f":
            with np.errstate(over="ignore"):
                converted = values.astype(target)
            overflow = ~np.isfinite(converted)
            if overflow.any():
                fail(_first(overflow), "is out of range")
            return converted
        fractional = values != np.trunc(values)
        if fractional.any():
            fail(_first(fractional), "is not an integer")
    if target.kind in "iu" and not np.can_cast(values.dtype, target, casting="safe"):
        limits = np.iinfo(target)
        outside = (values < limits.min) | (values > limits.max)
        if outside.any():
            fail(_first(outside), "is out of range")
    return values.astype(target)


def column(frame, frame_name, name, dtype, required=True):
    """The column `name` of `frame` as `dtype`; None when it is absent and not required."""
    if name not in frame:
        if required:
            raise InputError(f"{frame_name}: missing column '{name}'")
        return None
    values = _raw_values(frame[name])
    if values.ndim != 1:
        raise InputError(f"{frame_name}: column '{name}' is not one-dimensional")
    if values.dtype.kind not in "iuf":
        raise InputError(f"{frame_name}: column '{name}' is not numeric (dtype {values.dtype})")
    return _convert(values, dtype, frame_name, name)


def columns(frame, frame_name, required, optional=None):
    """The `required` columns (name -> dtype) and those of `optional` that `frame` has, checked
    to be of one length."""
    require_frame(frame, frame_name)
    result = {name: column(frame, frame_name, name, dtype) for name, dtype in required.items()}
    for name, dtype in (optional or {}).items():
        values = column(frame, frame_name, name, dtype, required=False)
        if values is not None:
            result[name] = values
    first_name, first_values = next(iter(result.items()))
    for name, values in result.items():
        if len(values) != len(first_values):
            raise InputError(
                f"{frame_name}: column '{name}' has {len(values)} values, column '{first_name}' {len(first_values)}"
            )
    return result


def reject_duplicates(frame_name, ids, name):
    duplicated = pd.Index(ids).duplicated()
    if duplicated.any():
        row = _first(duplicated)
        raise InputError(f"{frame_name}: row {row}: duplicate {name} {ids[row]}")


def positions_in(ids, unique_reference, frame_name, name, reference_name):
    """Where each of `ids` is in `unique_reference`; an id that is not there is an error."""
    positions = pd.Index(unique_reference).get_indexer(ids)
    unknown = positions < 0
    if unknown.any():
        row = _first(unknown)
        raise InputError(f"{frame_name}: row {row}: {name} {ids[row]} is not in {reference_name}")
    return positions


def hit_columns(hits, cells=None):
    """hit_id, x, y, z, volume_id, layer_id, module_id, and from `cells` (hit_id, value; one
    row per cell) each hit's cell_count and summed cell_value."""
    result = columns(hits, "hits", HIT_COLUMNS)
    reject_duplicates("hits", result["hit_id"], "hit_id")
    if cells is not None:
        cell = columns(cells, "cells", CELL_COLUMNS)
        positions = positions_in(cell["hit_id"], result["hit_id"], "cells", "hit_id", "the hits")
        count = len(result["hit_id"])
        result["cell_count"] = np.bincount(positions, minlength=count).astype(np.float32)
        result["cell_value"] = np.bincount(positions, weights=cell["value"], minlength=count).astype(np.float32)
    return result


def output_hit_ids(hits, checked_hit_id):
    """The hits' own hit_id column when it holds integers (so that a result merges with the frame
    it came from), else the checked ids."""
    original = _raw_values(hits["hit_id"])
    if original.dtype.kind in "iu":
        return original.copy()
    return signed_ids(checked_hit_id)


def signed_ids(ids):
    """uint64 ids as int64, pandas' and TrackML's type for ids, when every one fits."""
    if len(ids) == 0 or ids.max() <= np.iinfo(np.int64).max:
        return ids.astype(np.int64)
    return ids


def truth_columns(truth, particles, hit_id):
    """Truth aligned with `hit_id` (row i describes hit i) and the particles, both checked as the
    CSV reader checks the truth and particles files."""
    particle = columns(particles, "particles", PARTICLE_COLUMNS, OPTIONAL_PARTICLE_COLUMNS)
    particle_ids = particle["particle_id"]
    noise = particle_ids == NOISE_PARTICLE
    if noise.any():
        raise InputError(f"particles: row {_first(noise)}: particle_id 0 is reserved for noise hits")
    reject_duplicates("particles", particle_ids, "particle_id")
    particle.setdefault("particle_type", np.zeros(len(particle_ids), dtype=np.int32))

    record = columns(truth, "truth", TRUTH_COLUMNS, OPTIONAL_TRUTH_COLUMNS)
    rows = positions_in(record["hit_id"], hit_id, "truth", "hit_id", "the hits")
    reject_duplicates("truth", record["hit_id"], "hit_id")
    named = record["particle_id"] != NOISE_PARTICLE
    known = pd.Index(particle_ids).get_indexer(record["particle_id"]) >= 0
    unknown = named & ~known
    if unknown.any():
        row = _first(unknown)
        raise InputError(f"truth: row {row}: particle_id {record['particle_id'][row]} is not in the particles")
    has_record = np.zeros(len(hit_id), dtype=bool)
    has_record[rows] = True
    if not has_record.all():
        missing = int((~has_record).sum())
        raise InputError(
            f"truth: {missing} hits of the hits have no truth record (the first is hit_id {hit_id[_first(~has_record)]})"
        )
    aligned = {}
    for name, dtype in {**TRUTH_COLUMNS, **OPTIONAL_TRUTH_COLUMNS}.items():
        values = np.zeros(len(hit_id), dtype=dtype)
        if name in record:
            values[rows] = record[name]
        aligned[name] = values
    return aligned, particle


def track_ids(tracks, hit_id):
    """Each hit's track_id from a frame of (hit_id, track_id) rows, as the tracks CSV holds them:
    -1 for a hit in no track or one the frame does not list."""
    record = columns(tracks, "tracks", TRACK_COLUMNS)
    rows = positions_in(record["hit_id"], hit_id, "tracks", "hit_id", "the event")
    reject_duplicates("tracks", record["hit_id"], "hit_id")
    negative = record["track_id"] < NO_TRACK
    if negative.any():
        row = _first(negative)
        raise InputError(
            f"tracks: row {row}: track_id {record['track_id'][row]} is negative (only -1, no track, is allowed)"
        )
    per_hit = np.full(len(hit_id), NO_TRACK, dtype=np.int64)
    per_hit[rows] = record["track_id"]
    return per_hit
