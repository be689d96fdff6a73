"""Realism report: simulated TrackML-format events side by side with the real TrackML sample.

  /usr/bin/python3 -m trackgnn_train.realism --sim /tmp/sim-mu200 --output /tmp/realism \
      [--real DIR] [--max-events N] [--sim-label TEXT] [--strict]

Each quantity gets the real value, the simulated value, their relative difference, the allowed
band and pass/fail. The band is 10% of the real value, or 2 sigma of the real sample's statistical
error where that is wider (binomial error for fractions, standard error for means, order-statistic
error for quantiles): the real sample is a ~5% slice of one event, so some of its numbers are only
known to 10-20% and a tighter target would test its noise. The report names the band that decided.

Writes realism.json (every number and flag), realism.md (tables ready for the docs, plots linked
relatively) and PNG plots into --output. Exits 0 even when targets fail (--strict: 1).

Definitions:
- pixel volumes are 7, 8, 9; every other volume is strips;
- pT > 1 GeV is strict; a particle's hits are ordered by 3D distance from its production vertex
  (ties by hit_id) and consecutive hits form the pairs of the same-layer and delta quantities;
- delta phi is wrapped into (-pi, pi]; the delta targets are on |delta|;
- noise hits are those whose truth particle_id is 0.
"""
import argparse
import json
import os
import re
import sys

import numpy as np
import pandas as pd

VOLUMES = (7, 8, 9, 12, 13, 14, 16, 17, 18)
PIXEL_VOLUMES = (7, 8, 9)
PT_MIN = 1.0  # GeV, strict
DISPLACED_R = 10.0  # mm, transverse production radius counted as displaced
RELATIVE_TOLERANCE = 0.10
N_SIGMA = 2.0
DELTA_QUANTILES = (0.5, 0.9)

_HITS_FILE = re.compile(r"^event(\d{9})-hits\.csv$")
_REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_REAL = os.path.join(_REPO_ROOT, "..", "shared", "data", "trackml-sample")
OCCUPANCY_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "real_occupancy.json")


# ---------------------------------------------------------------------------------------------
# Reading events


def list_csv_events(directory):
    """Event ids with an eventNNNNNNNNN-hits.csv in `directory`, ascending."""
    return sorted(int(m.group(1)) for m in map(_HITS_FILE.match, os.listdir(directory)) if m)


def _read_csv(path, columns, dtypes):
    """Only the named columns, so both the Kaggle particles layout (no particle_type) and the
    full one read the same; errors name the file."""
    try:
        return pd.read_csv(path, usecols=columns, dtype=dtypes)
    except (ValueError, FileNotFoundError) as error:
        raise ValueError("%s: %s" % (path, error)) from error


def _rows(index_ids, ids, path, what):
    """Row of each id in `index_ids`; every id must be there."""
    rows = pd.Index(index_ids).get_indexer(ids)
    if np.any(rows < 0):
        raise ValueError("%s: %d %s absent from the hits file" % (path, int(np.sum(rows < 0)), what))
    return rows


def read_event(directory, event_id):
    """One event as {"hits": DataFrame, "cells": DataFrame, "particles": DataFrame}.

    hits: x, y, z, volume_id, layer_id, particle_id (0: noise), n_cells, particle_row (row in
    particles, -1 for noise or a particle missing from particles.csv);
    cells: value, volume_id; particles: vx, vy, vz, pt, r0 (transverse production radius), n_hits.
    Particle ids are read as uint64: the simulator's ids use the full 64 bits.
    """
    prefix = os.path.join(directory, "event%09d" % event_id)
    hits = _read_csv(prefix + "-hits.csv", ["hit_id", "x", "y", "z", "volume_id", "layer_id"],
                     {"hit_id": np.int64, "volume_id": np.int32, "layer_id": np.int32})
    truth = _read_csv(prefix + "-truth.csv", ["hit_id", "particle_id"], {"hit_id": np.int64, "particle_id": np.uint64})
    particles = _read_csv(prefix + "-particles.csv", ["particle_id", "vx", "vy", "vz", "px", "py", "pz"],
                          {"particle_id": np.uint64})
    cells = _read_csv(prefix + "-cells.csv", ["hit_id", "value"], {"hit_id": np.int64})

    truth_rows = pd.Index(truth["hit_id"].to_numpy()).get_indexer(hits["hit_id"].to_numpy())
    if np.any(truth_rows < 0):
        raise ValueError("%s-truth.csv: %d hits have no truth row" % (prefix, int(np.sum(truth_rows < 0))))
    hits["particle_id"] = truth["particle_id"].to_numpy()[truth_rows]

    cell_hit = _rows(hits["hit_id"].to_numpy(), cells["hit_id"].to_numpy(), prefix + "-cells.csv", "cell hit ids")
    hits["n_cells"] = np.bincount(cell_hit, minlength=len(hits))
    cells["volume_id"] = hits["volume_id"].to_numpy()[cell_hit]

    particles["pt"] = np.hypot(particles["px"], particles["py"])
    particles["r0"] = np.hypot(particles["vx"], particles["vy"])
    particle_index = pd.Index(particles["particle_id"].to_numpy())
    hits["particle_row"] = np.where(hits["particle_id"].to_numpy() != 0,
                                    particle_index.get_indexer(hits["particle_id"].to_numpy()), -1)
    known = hits["particle_row"].to_numpy()
    particles["n_hits"] = np.bincount(known[known >= 0], minlength=len(particles))
    return {"hits": hits, "cells": cells, "particles": particles}


# ---------------------------------------------------------------------------------------------
# Per-event measurements (pooled over events afterwards)


def wrap_phi(delta):
    """Angle difference wrapped into (-pi, pi]."""
    return np.pi - np.mod(np.pi - delta, 2 * np.pi)


def consecutive_pairs(event, pt_min=PT_MIN):
    """Consecutive hit pairs of particles with pT > pt_min, hits ordered by 3D distance from the
    production vertex (ties by hit_id): same_layer flag and the outer-minus-inner dr, dphi, dz."""
    hits, particles = event["hits"], event["particles"]
    rows = hits["particle_row"].to_numpy()
    pt = np.where(rows >= 0, particles["pt"].to_numpy()[np.maximum(rows, 0)], 0.0)
    selected = hits[(rows >= 0) & (pt > pt_min)]
    row = selected["particle_row"].to_numpy()
    x, y, z = (selected[name].to_numpy(np.float64) for name in ("x", "y", "z"))
    distance = np.sqrt((x - particles["vx"].to_numpy()[row]) ** 2 + (y - particles["vy"].to_numpy()[row]) ** 2
                       + (z - particles["vz"].to_numpy()[row]) ** 2)
    order = np.lexsort((selected["hit_id"].to_numpy(), distance, row))
    row, x, y, z = row[order], x[order], y[order], z[order]
    volume, layer = selected["volume_id"].to_numpy()[order], selected["layer_id"].to_numpy()[order]
    first = np.nonzero(row[1:] == row[:-1])[0]
    second = first + 1
    r, phi = np.hypot(x, y), np.arctan2(y, x)
    return pd.DataFrame({
        "same_layer": (volume[first] == volume[second]) & (layer[first] == layer[second]),
        "dr": r[second] - r[first],
        "dphi": wrap_phi(phi[second] - phi[first]),
        "dz": z[second] - z[first],
    })


def measure_event(event, pt_min=PT_MIN):
    """The raw material of every quantity for one event: per-volume counts and value arrays."""
    hits, cells, particles = event["hits"], event["cells"], event["particles"]
    volume = hits["volume_id"].to_numpy()
    noise = hits["particle_id"].to_numpy() == 0
    pixel_hit = np.isin(volume, PIXEL_VOLUMES)
    pixel_cell = np.isin(cells["volume_id"].to_numpy(), PIXEL_VOLUMES)

    # All particles with a hit come from truth, so a particle missing from particles.csv still
    # counts; the pT split and the production radius need its particles.csv row.
    _, hits_per_particle = np.unique(hits["particle_id"].to_numpy()[~noise], return_counts=True)
    with_hits = particles["n_hits"].to_numpy() > 0
    above_pt = with_hits & (particles["pt"].to_numpy() > pt_min)
    return {
        "n_hits": len(hits),
        "volume_hits": {v: int(np.sum(volume == v)) for v in VOLUMES},
        "volume_noise": {v: int(np.sum(noise & (volume == v))) for v in VOLUMES},
        "noise_hits": int(np.sum(noise)),
        "hits_per_particle_all": hits_per_particle,
        "hits_per_particle_pt": particles["n_hits"].to_numpy()[above_pt],
        "pairs": consecutive_pairs(event, pt_min),
        "cells_per_hit_pixel": hits["n_cells"].to_numpy()[pixel_hit],
        "cells_per_hit_strip": hits["n_cells"].to_numpy()[~pixel_hit],
        "cell_value_pixel": cells["value"].to_numpy()[pixel_cell],
        "cell_value_strip": cells["value"].to_numpy()[~pixel_cell],
        "production_r": particles["r0"].to_numpy()[with_hits],
    }


def measure_directory(directory, max_events=None, pt_min=PT_MIN):
    """Measurements of every CSV event in `directory` (the first max_events), pooled."""
    ids = list_csv_events(directory)
    if max_events is not None:
        ids = ids[:max_events]
    if not ids:
        raise ValueError("%s: no eventNNNNNNNNN-hits.csv files" % directory)
    return pool([measure_event(read_event(directory, event_id), pt_min) for event_id in ids], ids)


def pool(measurements, event_ids):
    """Sums the counts and concatenates the arrays of several events' measurements."""
    pooled = {"event_ids": list(event_ids), "n_events": len(measurements),
              "volume_hits_per_event": [m["volume_hits"] for m in measurements]}
    for key in ("n_hits", "noise_hits"):
        pooled[key] = sum(m[key] for m in measurements)
    for key in ("volume_hits", "volume_noise"):
        pooled[key] = {v: sum(m[key][v] for m in measurements) for v in VOLUMES}
    pooled["pairs"] = pd.concat([m["pairs"] for m in measurements], ignore_index=True)
    for key in ("hits_per_particle_all", "hits_per_particle_pt", "cells_per_hit_pixel", "cells_per_hit_strip",
                "cell_value_pixel", "cell_value_strip", "production_r"):
        pooled[key] = np.concatenate([m[key] for m in measurements])
    return pooled


# ---------------------------------------------------------------------------------------------
# Estimates with statistical errors


def fraction(count, total):
    """Binomial fraction with its standard error."""
    count, total = int(count), int(total)
    value = count / total if total else float("nan")
    error = np.sqrt(value * (1 - value) / total) if total else float("nan")
    return {"value": value, "error": float(error), "count": count, "n": total}


def mean(values):
    """Mean with its standard error."""
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    error = values.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
    return {"value": float(values.mean()) if n else float("nan"), "error": float(error), "n": n}


def quantile(values, q):
    """Quantile with a distribution-free error: the rank of the q quantile fluctuates by
    sqrt(n q (1 - q)) (binomial), so the error is half the spread of the values one rank-sigma
    either side."""
    values = np.sort(np.asarray(values, dtype=np.float64))
    n = len(values)
    if n == 0:
        return {"value": float("nan"), "error": float("nan"), "n": 0}
    rank, spread = q * (n - 1), np.sqrt(n * q * (1 - q))
    low = values[int(np.clip(np.floor(rank - spread), 0, n - 1))]
    high = values[int(np.clip(np.ceil(rank + spread), 0, n - 1))]
    return {"value": float(np.quantile(values, q)), "error": float(high - low) / 2, "n": n}


def distribution_summary(values):
    """Informational summary of a distribution (no target)."""
    values = np.asarray(values, dtype=np.float64)
    if len(values) == 0:
        return {"n": 0}
    q = np.quantile(values, [0.1, 0.25, 0.5, 0.75, 0.9])
    return {"n": len(values), "mean": float(values.mean()), "std": float(values.std()),
            "q10": float(q[0]), "q25": float(q[1]), "median": float(q[2]), "q75": float(q[3]), "q90": float(q[4])}


# ---------------------------------------------------------------------------------------------
# Quantities and their comparison


def _quantity(group, key, label, kind, unit, estimate):
    return dict(estimate, group=group, key=key, label=label, kind=kind, unit=unit)


def quantities(pooled):
    """Every compared quantity of one sample, in report order."""
    result = []
    add = result.append
    for v in VOLUMES:
        add(_quantity("hit_share", "hit_share.%d" % v, "hit share, volume %d" % v, "fraction", "",
                      fraction(pooled["volume_hits"][v], pooled["n_hits"])))
    add(_quantity("hits_per_particle", "hits_per_particle.pt_gt_1.mean", "hits per particle, pT > 1 GeV (mean)",
                  "mean", "", mean(pooled["hits_per_particle_pt"])))
    add(_quantity("hits_per_particle", "hits_per_particle.all.mean", "hits per particle, all with a hit (mean)",
                  "mean", "", mean(pooled["hits_per_particle_all"])))
    pairs = pooled["pairs"]
    add(_quantity("pairs", "pairs.same_layer_fraction", "same-layer consecutive pairs, pT > 1 GeV", "fraction", "",
                  fraction(pairs["same_layer"].sum(), len(pairs))))
    for name, unit in (("dr", "mm"), ("dphi", "rad"), ("dz", "mm")):
        absolute = np.abs(pairs[name].to_numpy())
        for q in DELTA_QUANTILES:
            tag = "median" if q == 0.5 else "q%d" % round(100 * q)
            add(_quantity("pairs", "pairs.abs_%s.%s" % (name, tag), "|%s| of consecutive pairs (%s)" % (
                {"dr": "Δr", "dphi": "Δφ", "dz": "Δz"}[name], "median" if q == 0.5 else "%d%% quantile" % round(100 * q)),
                "quantile", unit, quantile(absolute, q)))
    add(_quantity("cells", "cells_per_hit.pixel.mean", "cells per hit, pixel (mean)", "mean", "",
                  mean(pooled["cells_per_hit_pixel"])))
    add(_quantity("cells", "cells_per_hit.strip.mean", "cells per hit, strip (mean)", "mean", "",
                  mean(pooled["cells_per_hit_strip"])))
    add(_quantity("cells", "cell_value.pixel.mean", "pixel cell charge (mean)", "mean", "",
                  mean(pooled["cell_value_pixel"])))
    add(_quantity("cells", "cell_value.pixel.median", "pixel cell charge (median)", "quantile", "",
                  quantile(pooled["cell_value_pixel"], 0.5)))
    # Real strip cells carry value 1 exactly (binary readout): the fraction that do is the check.
    add(_quantity("cells", "cell_value.strip.fraction_one", "strip cells with value exactly 1", "fraction", "",
                  fraction(np.sum(pooled["cell_value_strip"] == 1.0), len(pooled["cell_value_strip"]))))
    add(_quantity("production", "production.displaced_fraction",
                  "particles produced at r > %g mm (of those with a hit)" % DISPLACED_R, "fraction", "",
                  fraction(np.sum(pooled["production_r"] > DISPLACED_R), len(pooled["production_r"]))))
    add(_quantity("noise", "noise.all", "noise fraction, all volumes", "fraction", "",
                  fraction(pooled["noise_hits"], pooled["n_hits"])))
    for v in VOLUMES:
        add(_quantity("noise", "noise.%d" % v, "noise fraction, volume %d" % v, "fraction", "",
                      fraction(pooled["volume_noise"][v], pooled["volume_hits"][v])))
    return result


def judge(real, sim, real_error, tolerance=RELATIVE_TOLERANCE, n_sigma=N_SIGMA):
    """Pass when |sim - real| is within the wider of tolerance * |real| and n_sigma * real_error;
    returns (passed, allowed absolute difference, criterion that set it). passed is None when the
    real sample does not measure the quantity (e.g. a volume without hits): nothing to judge."""
    if real is None or not np.isfinite(real):
        return None, float("nan"), "no real value"
    relative_band = tolerance * abs(real)
    stat_band = n_sigma * real_error if real_error is not None and np.isfinite(real_error) else 0.0
    if stat_band > relative_band:
        allowed, criterion = stat_band, "within %g sigma" % n_sigma
    else:
        allowed, criterion = relative_band, "within %g%%" % (100 * tolerance)
    difference = sim - real
    passed = bool(np.isfinite(difference) and abs(difference) <= allowed)
    return passed, float(allowed), criterion


def relative_difference(real, sim):
    return float((sim - real) / real) if real and np.isfinite(real) and np.isfinite(sim) else None


def compare(real_quantities, sim_quantities):
    """One row per quantity: both values, the relative difference, the band and pass/fail."""
    sim_by_key = {q["key"]: q for q in sim_quantities}
    rows = []
    for real in real_quantities:
        sim = sim_by_key[real["key"]]
        passed, allowed, criterion = judge(real["value"], sim["value"], real["error"])
        rows.append({"group": real["group"], "key": real["key"], "label": real["label"], "kind": real["kind"],
                     "unit": real["unit"], "real": _estimate_fields(real), "sim": _estimate_fields(sim),
                     "relative_difference": relative_difference(real["value"], sim["value"]),
                     "allowed_difference": allowed, "criterion": criterion, "pass": passed})
    return rows


def _estimate_fields(quantity):
    return {k: quantity[k] for k in ("value", "error", "count", "n") if k in quantity}


def load_occupancy(path=OCCUPANCY_FILE):
    with open(path) as stream:
        return json.load(stream)


def occupancy_rows(sim_pooled, reference):
    """Simulated hits per event per volume against the full-event reference means (10% target;
    the reference's own spread is not known here, so no sigma band)."""
    n_events = sim_pooled["n_events"]
    rows = []
    entries = [(str(v), "volume %d" % v, sim_pooled["volume_hits"][v]) for v in VOLUMES]
    entries.append(("total", "all volumes", sim_pooled["n_hits"]))
    for key, label, sim_total in entries:
        real = float(reference["total"] if key == "total" else reference["hits_per_event"][key])
        sim = sim_total / n_events
        passed, allowed, criterion = judge(real, sim, None)
        rows.append({"group": "occupancy", "key": "occupancy.%s" % key, "label": "hits per event, %s" % label,
                     "kind": "count", "unit": "", "real": {"value": real}, "sim": {"value": sim, "n": n_events},
                     "relative_difference": relative_difference(real, sim), "allowed_difference": allowed,
                     "criterion": criterion, "pass": passed})
    return rows


def distributions(pooled):
    """Informational summaries of every plotted distribution."""
    pairs = pooled["pairs"]
    result = {
        "hits_per_particle_all": distribution_summary(pooled["hits_per_particle_all"]),
        "hits_per_particle_pt_gt_1": distribution_summary(pooled["hits_per_particle_pt"]),
        "cells_per_hit_pixel": distribution_summary(pooled["cells_per_hit_pixel"]),
        "cells_per_hit_strip": distribution_summary(pooled["cells_per_hit_strip"]),
        "cell_value_pixel": distribution_summary(pooled["cell_value_pixel"]),
        "cell_value_strip": distribution_summary(pooled["cell_value_strip"]),
        "production_r": distribution_summary(pooled["production_r"]),
    }
    for name in ("dr", "dphi", "dz"):
        result["pair_" + name] = distribution_summary(pairs[name])
        result["pair_abs_" + name] = distribution_summary(np.abs(pairs[name]))
    return result


# ---------------------------------------------------------------------------------------------
# Plots


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


REAL_STYLE = {"label": "real", "color": "black", "histtype": "step", "linewidth": 1.5, "density": True}
SIM_STYLE = {"label": "sim", "color": "tab:blue", "histtype": "stepfilled", "alpha": 0.4, "density": True}


def _overlay(axes, real, sim, bins, xlabel, log_y=False):
    axes.hist(sim, bins=bins, **SIM_STYLE)
    axes.hist(real, bins=bins, **REAL_STYLE)
    axes.set_xlabel(xlabel)
    axes.set_ylabel("density")
    if log_y:
        axes.set_yscale("log")
    axes.legend()
    axes.grid(alpha=0.3)


def _save(plt, figure, directory, name):
    figure.tight_layout()
    figure.savefig(os.path.join(directory, name), dpi=100)
    plt.close(figure)
    return name


def _range(real, sim, low=0.005, high=0.995):
    """A histogram range covering the bulk of both samples, so one outlier does not squash it."""
    both = np.concatenate([np.asarray(real, float), np.asarray(sim, float)])
    if len(both) == 0:
        return 0.0, 1.0
    lo, hi = np.quantile(both, [low, high])
    return (float(lo), float(hi)) if hi > lo else (float(lo) - 0.5, float(lo) + 0.5)


def _integer_bins(real, sim, cap):
    """Unit bins centred on the integers from the smaller minimum (0 shows hits without cells) up
    to the larger maximum, capped."""
    low = int(min(np.min(real, initial=1), np.min(sim, initial=1)))
    top = int(min(cap, max(np.max(real, initial=1), np.max(sim, initial=1))))
    return np.arange(low - 0.5, top + 1.5)


def plot_hit_share(plt, real, sim, reference, directory):
    figure, axes = plt.subplots(figsize=(8, 4))
    x = np.arange(len(VOLUMES))
    real_share = [real["volume_hits"][v] / real["n_hits"] for v in VOLUMES]
    real_error = [np.sqrt(s * (1 - s) / real["n_hits"]) for s in real_share]
    sim_share = [sim["volume_hits"][v] / sim["n_hits"] for v in VOLUMES]
    reference_share = [reference["hits_per_event"][str(v)] / reference["total"] for v in VOLUMES]
    axes.bar(x - 0.27, real_share, 0.27, yerr=real_error, color="grey", label="real sample (±1σ)")
    axes.bar(x, reference_share, 0.27, color="lightgrey", label="real full events (mean of 4)")
    axes.bar(x + 0.27, sim_share, 0.27, color="tab:blue", label="sim")
    axes.set_xticks(x)
    axes.set_xticklabels([str(v) for v in VOLUMES])
    axes.set_xlabel("volume_id")
    axes.set_ylabel("share of the event's hits")
    axes.legend()
    axes.grid(alpha=0.3, axis="y")
    return _save(plt, figure, directory, "hit_share.png")


def plot_hits_per_particle(plt, real, sim, directory):
    figure, panels = plt.subplots(1, 2, figsize=(10, 4))
    for axes, key, title in ((panels[0], "hits_per_particle_all", "all particles with a hit"),
                             (panels[1], "hits_per_particle_pt", "pT > %g GeV" % PT_MIN)):
        _overlay(axes, real[key], sim[key], _integer_bins(real[key], sim[key], 40), "hits per particle")
        axes.set_title(title)
    return _save(plt, figure, directory, "hits_per_particle.png")


def plot_pair_deltas(plt, real, sim, directory):
    figure, panels = plt.subplots(1, 3, figsize=(14, 4))
    for axes, name, xlabel in zip(panels, ("dr", "dphi", "dz"), ("Δr [mm]", "Δφ [rad]", "Δz [mm]")):
        r, s = real["pairs"][name].to_numpy(), sim["pairs"][name].to_numpy()
        _overlay(axes, r, s, np.linspace(*_range(r, s), 61), xlabel, log_y=True)
    panels[1].set_title("consecutive hit pairs, pT > %g GeV" % PT_MIN)
    return _save(plt, figure, directory, "pair_deltas.png")


def plot_cells_per_hit(plt, real, sim, directory):
    figure, panels = plt.subplots(1, 2, figsize=(10, 4))
    for axes, kind in zip(panels, ("pixel", "strip")):
        key = "cells_per_hit_" + kind
        _overlay(axes, real[key], sim[key], _integer_bins(real[key], sim[key], 30), "cells per hit", log_y=True)
        axes.set_title(kind)
    return _save(plt, figure, directory, "cells_per_hit.png")


def plot_cell_charge(plt, real, sim, directory):
    figure, panels = plt.subplots(1, 2, figsize=(10, 4))
    for axes, kind in zip(panels, ("pixel", "strip")):
        key = "cell_value_" + kind
        low, high = _range(real[key], sim[key], 0.0, 0.995)
        # Strip values are binary in the real data: one spike, which a log axis would hide.
        _overlay(axes, real[key], sim[key], np.linspace(min(low, 0.0), high * 1.05, 61), "cell value",
                 log_y=kind == "pixel")
        axes.set_title("%s cells" % kind)
    return _save(plt, figure, directory, "cell_charge.png")


def plot_production_radius(plt, real, sim, directory):
    figure, axes = plt.subplots(figsize=(6, 4))
    # Prompt vertices sit at ~10 um and secondaries up to ~1 m: log bins, clipped into the range.
    bins = np.logspace(-3, 3.2, 63)
    clip = lambda values: np.clip(values, bins[0] * 1.0001, bins[-1] * 0.9999)  # noqa: E731
    _overlay(axes, clip(real["production_r"]), clip(sim["production_r"]), bins, "production r = hypot(vx, vy) [mm]",
             log_y=True)
    axes.set_xscale("log")
    axes.axvline(DISPLACED_R, color="grey", linestyle="--")
    axes.set_title("particles with at least one hit")
    return _save(plt, figure, directory, "production_radius.png")


def write_plots(real, sim, reference, directory):
    """All plots into `directory`; returns {name: file name}."""
    plt = _pyplot()
    return {
        "hit_share": plot_hit_share(plt, real, sim, reference, directory),
        "hits_per_particle": plot_hits_per_particle(plt, real, sim, directory),
        "pair_deltas": plot_pair_deltas(plt, real, sim, directory),
        "cells_per_hit": plot_cells_per_hit(plt, real, sim, directory),
        "cell_charge": plot_cell_charge(plt, real, sim, directory),
        "production_radius": plot_production_radius(plt, real, sim, directory),
    }


# ---------------------------------------------------------------------------------------------
# Report


def _format_value(kind, unit, estimate):
    value = estimate.get("value")
    if value is None or not np.isfinite(value):
        return "n/a"
    if kind == "fraction":
        return "%.2f%% (%d/%d)" % (100 * value, estimate["count"], estimate["n"])
    if kind == "count":
        return "%.0f" % value
    text = "%.4g" % value
    return text + (" " + unit if unit else "")


def _format_relative(value):
    return "n/a" if value is None else "%+.1f%%" % (100 * value)


def _format_allowed(row):
    allowed = row["allowed_difference"]
    if not np.isfinite(allowed):
        return "n/a"
    if row["kind"] == "fraction":
        band = "±%.2f pts" % (100 * allowed)
    elif row["kind"] == "count":
        band = "±%.0f" % allowed
    else:
        band = "±%.3g%s" % (allowed, " " + row["unit"] if row["unit"] else "")
    return band


def _cell(text):
    """Markdown table cell text: a literal | would end the cell."""
    return text.replace("|", "\\|")


def _table(rows):
    lines = ["| quantity | real | sim | rel. diff | allowed | decided by | result |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            _cell(row["label"]), _format_value(row["kind"], row["unit"], row["real"]),
            _format_value(row["kind"], row["unit"], row["sim"]), _format_relative(row["relative_difference"]),
            _format_allowed(row), row["criterion"], _result_word(row["pass"], "**fail**")))
    return lines


def _summary_table(summaries, names):
    lines = ["| distribution | sample | n | mean | q10 | median | q90 |", "|---|---|---|---|---|---|---|"]
    for name, label in names:
        for sample in ("real", "sim"):
            s = summaries[sample][name]
            if s["n"] == 0:
                lines.append("| %s | %s | 0 | | | | |" % (_cell(label), sample))
                continue
            lines.append("| %s | %s | %d | %.4g | %.4g | %.4g | %.4g |" % (
                _cell(label), sample, s["n"], s["mean"], s["q10"], s["median"], s["q90"]))
    return lines


def _inside(path, directory):
    return os.path.commonpath([os.path.abspath(path), os.path.abspath(directory)]) == os.path.abspath(directory)


def display_path(path):
    """The path as given when relative. An absolute one under the repository's parent (which holds
    the shared data) is shown relative to the working directory when that is there too, else to
    the repository root; any other by its last component: no absolute path lands in the report."""
    if not os.path.isabs(path):
        return path
    parent = os.path.dirname(_REPO_ROOT)
    if _inside(path, parent):
        return os.path.relpath(path, os.getcwd() if _inside(os.getcwd(), parent) else _REPO_ROOT)
    return os.path.basename(os.path.normpath(path))


GROUPS = (
    ("occupancy", "Hits per event per volume (absolute, simulation vs full real events)", None),
    ("hit_share", "Hit share per volume", "hit_share"),
    ("hits_per_particle", "Hits per particle", "hits_per_particle"),
    ("pairs", "Consecutive hit pairs (pT > %g GeV)" % PT_MIN, "pair_deltas"),
    ("cells", "Cells per hit and cell charge", "cells_per_hit"),
    ("production", "Production radius", "production_radius"),
    ("noise", "Noise", None),
)


def render_markdown(result):
    rows, inputs = result["comparisons"], result["inputs"]
    lines = ["# Realism of the simulated events", "",
             "Generated by `python3 -m trackgnn_train.realism` (run from `python/`).", "",
             "- real: `%s`, %d event(s), %d hits" % (inputs["real"]["path"], inputs["real"]["n_events"],
                                                    inputs["real"]["n_hits"]),
             "- sim: `%s`, %d event(s), %.0f hits per event%s" % (
                 inputs["sim"]["path"], inputs["sim"]["n_events"], inputs["sim"]["n_hits"] / inputs["sim"]["n_events"],
                 " (%s)" % inputs["sim"]["label"] if inputs["sim"].get("label") else ""),
             "- full-event reference: %s" % result["occupancy_reference"]["source"], "",
             "A quantity passes when the simulation is within %g%% of the real value, or within %g sigma of it "
             "where %g sigma of the real sample's statistical error is wider (binomial for fractions, standard "
             "error for means, order-statistic error for quantiles); \"decided by\" names the band used. "
             "Fractions' bands are in percentage points." % (100 * RELATIVE_TOLERANCE, N_SIGMA, N_SIGMA), "",
             "**%s.**" % _pass_count(rows), ""]
    for group, title, plot in GROUPS:
        group_rows = [row for row in rows if row["group"] == group]
        if not group_rows:
            continue
        lines += ["## %s" % title, ""] + _table(group_rows) + [""]
        if group == "pairs":
            lines += ["Signed and absolute deltas (outer minus inner hit; Δφ wrapped into (-π, π]):", ""]
            lines += _summary_table(result["distributions"], [
                ("pair_dr", "Δr [mm]"), ("pair_abs_dr", "|Δr| [mm]"), ("pair_dphi", "Δφ [rad]"),
                ("pair_abs_dphi", "|Δφ| [rad]"), ("pair_dz", "Δz [mm]"), ("pair_abs_dz", "|Δz| [mm]")]) + [""]
        if group == "hits_per_particle":
            lines += _summary_table(result["distributions"], [
                ("hits_per_particle_all", "all with a hit"), ("hits_per_particle_pt_gt_1", "pT > %g GeV" % PT_MIN)])
            lines += [""]
        if group == "cells":
            lines += _summary_table(result["distributions"], [
                ("cells_per_hit_pixel", "cells per pixel hit"), ("cells_per_hit_strip", "cells per strip hit"),
                ("cell_value_pixel", "pixel cell value"), ("cell_value_strip", "strip cell value")]) + [""]
        plots = result.get("plots", {})
        if plot and plot in plots:
            lines += ["![%s](%s)" % (title, plots[plot]), ""]
        if group == "cells" and "cell_charge" in plots:
            lines += ["![cell charge](%s)" % plots["cell_charge"], ""]
    return "\n".join(lines)


def _result_word(passed, fail_word):
    return "n/a" if passed is None else ("pass" if passed else fail_word)


def print_summary(rows, stream=None):
    stream = stream or sys.stdout
    width = max(len(row["label"]) for row in rows)
    for row in rows:
        stream.write("%-*s  %-24s %-24s %8s  %-15s %s\n" % (
            width, row["label"], _format_value(row["kind"], row["unit"], row["real"]),
            _format_value(row["kind"], row["unit"], row["sim"]), _format_relative(row["relative_difference"]),
            row["criterion"], _result_word(row["pass"], "FAIL")))
    stream.write("%s\n" % _pass_count(rows))


def _pass_count(rows):
    judged = [row for row in rows if row["pass"] is not None]
    text = "%d of %d quantities within target" % (sum(row["pass"] for row in judged), len(judged))
    unjudged = len(rows) - len(judged)
    return text + (" (%d not measured in the real sample)" % unjudged if unjudged else "")


def build_report(real_dir, sim_dir, max_events=None, sim_label=None, occupancy_path=OCCUPANCY_FILE):
    """Measures both samples and compares them; returns (result dict, real pooled, sim pooled)."""
    real = measure_directory(real_dir, max_events)
    sim = measure_directory(sim_dir, max_events)
    reference = load_occupancy(occupancy_path)
    rows = occupancy_rows(sim, reference) + compare(quantities(real), quantities(sim))
    result = {
        "inputs": {
            "real": {"path": display_path(real_dir), "events": real["event_ids"], "n_events": real["n_events"],
                     "n_hits": real["n_hits"]},
            "sim": {"path": display_path(sim_dir), "events": sim["event_ids"], "n_events": sim["n_events"],
                    "n_hits": sim["n_hits"], "label": sim_label},
        },
        "criterion": {"relative_tolerance": RELATIVE_TOLERANCE, "n_sigma": N_SIGMA, "pt_min_gev": PT_MIN,
                      "displaced_r_mm": DISPLACED_R},
        "occupancy_reference": reference,
        "comparisons": rows,
        "passed": sum(row["pass"] is True for row in rows),
        "failed": sum(row["pass"] is False for row in rows),
        "not_judged": sum(row["pass"] is None for row in rows),
        "distributions": {"real": distributions(real), "sim": distributions(sim)},
    }
    return result, real, sim


def write_report(result, real, sim, output, plots=True):
    os.makedirs(output, exist_ok=True)
    if plots:
        result["plots"] = write_plots(real, sim, result["occupancy_reference"], output)
    with open(os.path.join(output, "realism.json"), "w") as stream:
        json.dump(result, stream, indent=1, default=_json_default)
        stream.write("\n")
    with open(os.path.join(output, "realism.md"), "w") as stream:
        stream.write(render_markdown(result) + "\n")


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError("not JSON serialisable: %r" % (value,))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Compare simulated TrackML-format events with the real sample")
    parser.add_argument("--real", default=None,
                        help="directory of real TrackML events (default: ../shared/data/trackml-sample from the "
                             "repository root)")
    parser.add_argument("--sim", required=True, help="directory of simulated events (trackgnn simulate --output)")
    parser.add_argument("--output", required=True, help="directory for realism.json, realism.md and the plots")
    parser.add_argument("--max-events", type=int, default=None, help="read at most this many events per sample")
    parser.add_argument("--sim-label", default=None, help="how the sample was made, for the report "
                                                          "(e.g. 'trackgnn simulate --events 5 --pileup 200 --seed 1')")
    parser.add_argument("--no-plots", action="store_true", help="numbers only (no matplotlib needed)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any quantity misses its target")
    args = parser.parse_args(argv)

    real_dir = args.real if args.real is not None else DEFAULT_REAL
    if not os.path.isdir(real_dir):
        parser.error("real sample directory %s not found: pass --real DIR (a directory of TrackML "
                     "eventNNNNNNNNN-{hits,cells,particles,truth}.csv files)" % real_dir)
    if not os.path.isdir(args.sim):
        parser.error("simulated sample directory %s not found" % args.sim)

    result, real, sim = build_report(os.path.normpath(real_dir), args.sim, args.max_events, args.sim_label)
    write_report(result, real, sim, args.output, plots=not args.no_plots)
    print_summary(result["comparisons"])
    print("report: %s" % os.path.join(args.output, "realism.md"))
    return 1 if args.strict and result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
