"""Truth targets: true edges, the graph-construction target and reconstructable particles.

Definitions (shared with the C++ metrics):
- a true edge joins two hits of the same non-zero particle_id;
- the graph-construction target joins consecutive hits of a particle ordered by their distance
  from its production vertex;
- a particle is reconstructable when pT > pt_min, |eta| < eta_max and it left hits on at least
  min_layers distinct (volume, layer) pairs.
"""
import numpy as np

RECONSTRUCTABLE_ETA_MAX = 4.0
RECONSTRUCTABLE_MIN_LAYERS = 5


def particle_table(event):
    """pT, eta and production vertex per particle, plus an id -> row lookup."""
    px, py, pz = event["particles_px"], event["particles_py"], event["particles_pz"]
    pt = np.hypot(px, py).astype(np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.arcsinh(np.where(pt > 0, pz / np.where(pt > 0, pt, 1), np.sign(pz) * np.inf)).astype(np.float32)
    return {"id": event["particles_id"], "pt": pt, "eta": eta,
            "vx": event["particles_vx"], "vy": event["particles_vy"], "vz": event["particles_vz"]}


def hit_particle_rows(event, table):
    """Row in the particle table of each hit's particle, -1 for noise or unknown particles."""
    order = np.argsort(table["id"])
    sorted_ids = table["id"][order]
    pid = event["particle_id"]
    position = np.minimum(np.searchsorted(sorted_ids, pid), max(len(sorted_ids) - 1, 0))
    found = (pid != 0) & (len(sorted_ids) > 0)
    if len(sorted_ids):
        found &= sorted_ids[position] == pid
    return np.where(found, order[position] if len(sorted_ids) else -1, -1)


def hit_pt(event, table=None):
    table = table or particle_table(event)
    rows = hit_particle_rows(event, table)
    return np.where(rows >= 0, table["pt"][np.maximum(rows, 0)], 0).astype(np.float32)


def true_edge_mask(event, edge_index):
    pid = event["particle_id"]
    source, target = pid[edge_index[0]], pid[edge_index[1]]
    return (source == target) & (source != 0)


def construction_pairs(event, table=None):
    """[2, P] consecutive-hit pairs of every particle, ordered by distance from its vertex."""
    table = table or particle_table(event)
    rows = hit_particle_rows(event, table)
    hits = np.nonzero(event["particle_id"] != 0)[0]
    pid = event["particle_id"][hits]
    safe_rows = np.maximum(rows[hits], 0)
    known = rows[hits] >= 0
    dx = event["x"][hits] - np.where(known, table["vx"][safe_rows], 0)
    dy = event["y"][hits] - np.where(known, table["vy"][safe_rows], 0)
    dz = event["z"][hits] - np.where(known, table["vz"][safe_rows], 0)
    distance = np.sqrt(dx.astype(np.float64) ** 2 + dy.astype(np.float64) ** 2 + dz.astype(np.float64) ** 2)
    order = np.lexsort((hits, distance, pid))
    ordered_hits, ordered_pid = hits[order], pid[order]
    consecutive = ordered_pid[1:] == ordered_pid[:-1]
    return np.stack([ordered_hits[:-1][consecutive], ordered_hits[1:][consecutive]]).astype(np.int64)


def reconstructable(event, table=None, pt_min=1.0):
    """Boolean per particle-table row."""
    table = table or particle_table(event)
    rows = hit_particle_rows(event, table)
    has_row = rows >= 0
    layer_key = event["volume_id"].astype(np.int64) * 1000 + event["layer_id"].astype(np.int64)
    pairs = np.unique(np.stack([rows[has_row], layer_key[has_row]]), axis=1)
    distinct_layers = np.bincount(pairs[0], minlength=len(table["id"])) if pairs.size else np.zeros(len(table["id"]), int)
    return (table["pt"] > pt_min) & (np.abs(table["eta"]) < RECONSTRUCTABLE_ETA_MAX) & (
        distinct_layers >= RECONSTRUCTABLE_MIN_LAYERS)
