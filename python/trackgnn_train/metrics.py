"""Edge and track metrics with exactly the definitions of the C++ metrics
(include/trackgnn/metrics/*.hpp), so `trackgnn eval` and this package agree:

- edge efficiency = target edges (consecutive hits of pT > pt_min particles, either direction)
  among the kept edges / target edges; edge purity = true kept edges / kept edges.
- a candidate is matched to its majority particle (ties: smallest id; noise matches nothing)
  when more than half its hits are that particle's; the particle is reconstructed when, also,
  the candidate holds more than half of the particle's hits.
- track efficiency = reconstructed reconstructable / reconstructable particles;
  fake rate = unmatched candidates / candidates;
  duplicate rate = (matched candidates - distinct matched particles) / candidates.
Counts are summed over events and the rates are ratios of the sums.
"""
import numpy as np

from . import truth

MAJORITY_FRACTION = 0.5


def edge_counts(event, edge_index, target_pairs, scores=None, cut=None):
    n = len(event["particle_id"])
    kept = edge_index if scores is None else edge_index[:, scores >= cut]
    keys = np.unique(np.minimum(kept[0], kept[1]) * n + np.maximum(kept[0], kept[1]))
    target_keys = np.minimum(target_pairs[0], target_pairs[1]) * n + np.maximum(target_pairs[0], target_pairs[1])
    return {"spacepoints": n, "kept_edges": int(kept.shape[1]),
            "true_kept_edges": int(truth.true_edge_mask(event, kept).sum()),
            "target_edges": int(len(target_keys)), "target_edges_found": int(np.isin(target_keys, keys).sum())}


def edge_rates(counts):
    return {"edge_efficiency": counts["target_edges_found"] / max(counts["target_edges"], 1),
            "edge_purity": counts["true_kept_edges"] / max(counts["kept_edges"], 1),
            "edges_per_spacepoint": counts["kept_edges"] / max(counts["spacepoints"], 1)}


def track_counts(event, tracks, pt_min=1.0):
    """-> (counts, per-particle table of reconstructable particles for the plots)."""
    pid = event["particle_id"]
    table = truth.particle_table(event)
    hit_ids, hits_per_particle = np.unique(pid, return_counts=True)
    particle_hits = dict(zip(hit_ids.tolist(), hits_per_particle.tolist()))
    counts = {"candidates": len(tracks), "matched_candidates": 0}
    matched, reconstructed = set(), set()
    for track in tracks:
        owners = np.sort(pid[track])
        values, runs = np.unique(owners, return_counts=True)  # ascending ids: argmax takes the smallest
        best = int(np.argmax(runs))
        majority, shared = int(values[best]), int(runs[best])
        if majority == 0:
            continue
        if shared > MAJORITY_FRACTION * len(track):
            counts["matched_candidates"] += 1
            matched.add(majority)
            if shared > MAJORITY_FRACTION * particle_hits[majority]:
                reconstructed.add(majority)
    counts["matched_particles"] = len(matched)

    has_hits = np.isin(table["id"], hit_ids[hit_ids != 0])
    selected_all = truth.reconstructable(event, table, pt_min=-np.inf) & has_hits
    selected = selected_all & (table["pt"] > pt_min)
    found = np.isin(table["id"], np.array(sorted(reconstructed), dtype=np.int64))
    counts.update(reconstructable_particles=int(selected.sum()),
                  reconstructed_reconstructable_particles=int((selected & found).sum()),
                  reconstructable_particles_all_pt=int(selected_all.sum()),
                  reconstructed_reconstructable_particles_all_pt=int((selected_all & found).sum()))
    particles = {"pt": table["pt"][selected_all], "eta": table["eta"][selected_all],
                 "reconstructed": found[selected_all]}
    return counts, particles


def track_rates(counts):
    candidates = max(counts["candidates"], 1)
    return {"track_efficiency": counts["reconstructed_reconstructable_particles"] / max(counts["reconstructable_particles"], 1),
            "track_efficiency_all_pt": counts["reconstructed_reconstructable_particles_all_pt"]
            / max(counts["reconstructable_particles_all_pt"], 1),
            "fake_rate": (counts["candidates"] - counts["matched_candidates"]) / candidates,
            "duplicate_rate": (counts["matched_candidates"] - counts["matched_particles"]) / candidates}


def add_counts(total, counts):
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value
    return total


def binned_efficiency(values, passed, edges):
    """Per bin: total, passed (for the plots and the JSON)."""
    index = np.digitize(values, edges) - 1
    inside = (index >= 0) & (index < len(edges) - 1)
    total = np.bincount(index[inside], minlength=len(edges) - 1)
    good = np.bincount(index[inside], weights=passed[inside].astype(float), minlength=len(edges) - 1)
    return {"edges": [float(edge) for edge in edges], "total": total.tolist(), "passed": good.astype(int).tolist()}
