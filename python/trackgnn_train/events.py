"""TrackML CSV events, and their compact .npz packing (about 17 bytes a hit) for training.

An event is a dict of numpy arrays aligned with the hits in file order:
  hit_id, x, y, z, volume_id, layer_id, particle_id (0: noise), cell_count, cell_value (optional),
plus the particle table: particles_id, particles_vx/vy/vz, particles_px/py/pz, particles_q.
Particle ids do not fit a float64, so integer columns are parsed as int64.
"""
import os
import re

import numpy as np

_EVENT_FILE = re.compile(r"^event(\d{9})-hits\.csv$")
_PACKED_FILE = re.compile(r"^event(\d{9})\.npz$")


def list_events(directory):
    """Event ids with a -hits.csv (or packed .npz) file in `directory`, ascending."""
    ids = set()
    for name in os.listdir(directory):
        match = _EVENT_FILE.match(name) or _PACKED_FILE.match(name)
        if match:
            ids.add(int(match.group(1)))
    return sorted(ids)


def event_prefix(event_id):
    return "event%09d" % event_id


def _read_columns(path, integer_columns):
    """Reads a CSV with a header line into {column: array}; errors name the file."""
    with open(path) as stream:
        header = stream.readline().strip().split(",")
    columns = {}
    try:
        for index, name in enumerate(header):
            dtype = np.int64 if name in integer_columns else np.float64
            columns[name] = np.atleast_1d(np.loadtxt(path, delimiter=",", skiprows=1, usecols=[index], dtype=dtype))
    except ValueError as error:
        raise ValueError("%s: %s" % (path, error)) from error
    return columns


def _require(columns, names, path):
    missing = [name for name in names if name not in columns]
    if missing:
        raise ValueError("%s: missing column(s) %s" % (path, ", ".join(missing)))


def read_csv_event(directory, event_id, with_cells=True):
    prefix = os.path.join(directory, event_prefix(event_id))
    hits_path = prefix + "-hits.csv"
    hits = _read_columns(hits_path, {"hit_id", "volume_id", "layer_id", "module_id"})
    _require(hits, ["hit_id", "x", "y", "z", "volume_id", "layer_id"], hits_path)
    event = {
        "event_id": event_id,
        "hit_id": hits["hit_id"],
        "x": hits["x"].astype(np.float32),
        "y": hits["y"].astype(np.float32),
        "z": hits["z"].astype(np.float32),
        "volume_id": hits["volume_id"].astype(np.int32),
        "layer_id": hits["layer_id"].astype(np.int32),
    }
    order = np.argsort(event["hit_id"], kind="stable")
    sorted_ids = event["hit_id"][order]

    def hit_rows(ids, path):
        position = np.searchsorted(sorted_ids, ids)
        position = np.minimum(position, len(sorted_ids) - 1)
        if len(ids) and not np.all(sorted_ids[position] == ids):
            raise ValueError("%s: names hit ids absent from %s" % (path, hits_path))
        return order[position]

    cells_path = prefix + "-cells.csv"
    if with_cells and os.path.exists(cells_path):
        cells = _read_columns(cells_path, {"hit_id", "ch0", "ch1"})
        _require(cells, ["hit_id", "value"], cells_path)
        rows = hit_rows(cells["hit_id"], cells_path)
        n = len(event["hit_id"])
        event["cell_count"] = np.bincount(rows, minlength=n).astype(np.float32)
        event["cell_value"] = np.bincount(rows, weights=cells["value"], minlength=n).astype(np.float32)

    truth_path, particles_path = prefix + "-truth.csv", prefix + "-particles.csv"
    if os.path.exists(truth_path) and os.path.exists(particles_path):
        truth = _read_columns(truth_path, {"hit_id", "particle_id"})
        _require(truth, ["hit_id", "particle_id"], truth_path)
        particle_id = np.zeros(len(event["hit_id"]), dtype=np.int64)
        particle_id[hit_rows(truth["hit_id"], truth_path)] = truth["particle_id"]
        event["particle_id"] = particle_id
        particles = _read_columns(particles_path, {"particle_id", "particle_type", "q", "nhits"})
        _require(particles, ["particle_id", "vx", "vy", "vz", "px", "py", "pz"], particles_path)
        event["particles_id"] = particles["particle_id"]
        for name in ("vx", "vy", "vz", "px", "py", "pz"):
            event["particles_" + name] = particles[name].astype(np.float32)
    return event


def read_event(directory, event_id, with_cells=True):
    """Reads a packed .npz event when present, else the CSV files."""
    packed = os.path.join(directory, event_prefix(event_id) + ".npz")
    if os.path.exists(packed):
        with np.load(packed) as data:
            event = {name: data[name] for name in data.files}
        event["event_id"] = event_id
        return event
    return read_csv_event(directory, event_id, with_cells)


def pack_event(event, directory):
    """Writes the event as one compressed .npz (about 25 bytes per hit)."""
    arrays = {name: value for name, value in event.items() if name != "event_id"}
    np.savez_compressed(os.path.join(directory, event_prefix(event["event_id"]) + ".npz"), **arrays)


def main():
    import argparse

    parser = argparse.ArgumentParser(description="Pack TrackML CSV events into compact .npz files")
    parser.add_argument("--input", required=True, help="directory of TrackML CSV events")
    parser.add_argument("--output", required=True)
    parser.add_argument("--events", type=int, default=0, help="pack at most this many (0: all)")
    parser.add_argument("--skip", type=int, default=0, help="skip this many events first")
    parser.add_argument("--no-cells", action="store_true", help="leave out the cell features (smaller files)")
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)
    ids = list_events(args.input)[args.skip:]
    if args.events:
        ids = ids[: args.events]
    for event_id in ids:
        pack_event(read_csv_event(args.input, event_id, with_cells=not args.no_cells), args.output)
        print("packed", event_prefix(event_id))


if __name__ == "__main__":
    main()
