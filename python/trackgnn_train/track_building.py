"""Track building from GNN edge scores: the reference algorithms of the C++ track builders and
the cut scan that chose between them (docs/validation/track_building.md).

Edges are oriented inner -> outer (radius_graph.py), so every node has incoming edges from
inner hits and outgoing edges to outer hits, and the edge graph is acyclic.

- connected_components: components of the edges with score >= cut. One wrong edge above the cut
  merges two tracks, so the cut must be high and loses true edges.
- best_edges: among the edges with score >= cut, shortcuts are dropped first: an edge u -> w
  that two such edges also join (u -> v -> w). The GNN scores a hit's edge to the next-but-one
  hit of its track as high as the edge to the next hit (both are true edges; about half of the
  true edges kept at pileup 20), so without this rule a node's best edge often skips a hit and
  the track falls apart. Of the rest, each node keeps its best-scoring outgoing and its
  best-scoring incoming edge (ties: the lower edge index); an edge survives when it is both.
  Every node then has at most one edge each way, so the components are simple paths: a junction
  keeps its best branch. (C++: src/track_building/best_edge_selection.cpp and its device/ twin.)
- cc_and_walk (after acorn's "CC and walk"; scan only): shortcuts dropped at the walk cut,
  components at a high cut that are already simple paths are tracks; the other nodes are walked from the innermost unused node along the best-scoring
  edge to an unused node, over edges with score >= a lower walk cut.

The scan (efficiency, fakes, duplicates per builder and cut; --cache keeps each event's GNN
scores so that a rerun needs no models):
  python3 -m trackgnn_train.track_building --input .train-data/validation --models ../models/sim-mu200-v1
"""
import argparse
import json
import os

import numpy as np


def components(num_nodes, edge_index):
    """Component label per node (numpy), scipy when present else a union-find."""
    from .pipeline import connected_components
    return connected_components(num_nodes, edge_index)


def tracks_from_labels(labels, min_track_size, assigned=None):
    """Groups nodes by label into hit-index arrays with >= min_track_size hits, ordered by their
    smallest hit (hits ascending), as the C++ TrackCandidates::from_labels does."""
    nodes = np.arange(len(labels)) if assigned is None else np.nonzero(assigned)[0]
    order = nodes[np.argsort(labels[nodes], kind="stable")]
    boundaries = np.nonzero(np.diff(labels[order]))[0] + 1
    tracks = [group for group in np.split(order, boundaries) if len(group) >= min_track_size]
    return sorted(tracks, key=lambda track: track[0])


def connected_component_tracks(num_nodes, edge_index, scores, cut, min_track_size):
    labels = components(num_nodes, edge_index[:, scores >= cut])
    return tracks_from_labels(labels, min_track_size)


def _best_edge_per_node(nodes, scores, edge_ids, num_nodes):
    """Per node, the id of its highest-scoring edge (ties: lowest id), -1 where it has none."""
    best = np.full(num_nodes, -1, dtype=np.int64)
    if len(edge_ids) == 0:
        return best
    order = np.lexsort((edge_ids, -scores, nodes))
    first = np.ones(len(order), dtype=bool)
    first[1:] = nodes[order][1:] != nodes[order][:-1]
    best[nodes[order][first]] = edge_ids[order][first]
    return best


def _two_hop_keys(num_nodes, edge_index):
    """Keys source * num_nodes + target of every two-edge path source -> v -> target."""
    sources, targets = edge_index[0].astype(np.int64), edge_index[1].astype(np.int64)
    by_source = np.argsort(sources, kind="stable")
    starts = np.searchsorted(sources[by_source], np.arange(num_nodes + 1))
    # Each edge u -> v continues along every edge leaving v.
    continuations = starts[targets + 1] - starts[targets]
    first = np.repeat(np.arange(len(sources)), continuations)
    rank = np.arange(len(first)) - np.repeat(np.cumsum(continuations) - continuations, continuations)
    second = by_source[starts[targets[first]] + rank]
    return sources[first] * num_nodes + targets[second]


def shortcut_mask(num_nodes, edge_index):
    """True for each edge u -> w that two of the edges also join (u -> v -> w)."""
    keys = edge_index[0].astype(np.int64) * num_nodes + edge_index[1]
    return np.isin(keys, _two_hop_keys(num_nodes, edge_index))


def best_edge_mask(num_nodes, edge_index, scores, cut, remove_shortcuts=True):
    """Edges with score >= cut (shortcuts among them removed) that are their source's best
    outgoing and their target's best incoming edge."""
    passing = np.nonzero(scores >= cut)[0].astype(np.int64)
    if remove_shortcuts:
        passing = passing[~shortcut_mask(num_nodes, edge_index[:, passing])]
    sources, targets, passing_scores = edge_index[0, passing], edge_index[1, passing], scores[passing]
    best_outgoing = _best_edge_per_node(sources, passing_scores, passing, num_nodes)
    best_incoming = _best_edge_per_node(targets, passing_scores, passing, num_nodes)
    mask = np.zeros(edge_index.shape[1], dtype=bool)
    mask[passing] = (best_outgoing[sources] == passing) & (best_incoming[targets] == passing)
    return mask


def best_edge_tracks(num_nodes, edge_index, scores, cut, min_track_size, remove_shortcuts=True):
    labels = components(num_nodes, edge_index[:, best_edge_mask(num_nodes, edge_index, scores, cut, remove_shortcuts)])
    return tracks_from_labels(labels, min_track_size)


def _simple_path_nodes(num_nodes, edge_index, labels):
    """True for nodes whose component (over edge_index) has no node with two edges in or out."""
    in_degree = np.bincount(edge_index[1], minlength=num_nodes)
    out_degree = np.bincount(edge_index[0], minlength=num_nodes)
    branching = (in_degree > 1) | (out_degree > 1)
    branching_components = np.unique(labels[branching])
    return ~np.isin(labels, branching_components)


def _walk(num_nodes, edge_index, scores, order, usable, min_track_size):
    """Greedy walks over the edges between usable nodes, starting from each still unused node
    in `order` (inner first) and always taking the best-scoring edge to an unused node."""
    keep = usable[edge_index[0]] & usable[edge_index[1]]
    sources, targets, edge_scores = edge_index[0, keep], edge_index[1, keep], scores[keep]
    # Outgoing edges grouped by source, best score first (ties: the earlier edge).
    edge_ids = np.nonzero(keep)[0]
    by_source = np.lexsort((edge_ids, -edge_scores, sources))
    sources, targets = sources[by_source], targets[by_source]
    starts = np.searchsorted(sources, np.arange(num_nodes + 1))
    used = ~usable
    tracks = []
    for start in order:
        if used[start]:
            continue
        track, node = [start], start
        used[start] = True
        while True:
            successors = targets[starts[node]:starts[node + 1]]
            free = successors[~used[successors]]
            if len(free) == 0:
                break
            node = free[0]
            used[node] = True
            track.append(node)
        if len(track) >= min_track_size:
            tracks.append(np.sort(np.array(track, dtype=np.int64)))
    return tracks


def cc_and_walk_tracks(num_nodes, edge_index, scores, cc_cut, walk_cut, min_track_size, r):
    passing = np.nonzero(scores >= walk_cut)[0]
    passing = passing[~shortcut_mask(num_nodes, edge_index[:, passing])]
    edges, edge_scores = edge_index[:, passing], scores[passing]
    strong = edges[:, edge_scores >= cc_cut]
    labels = components(num_nodes, strong)
    tracks = tracks_from_labels(labels, min_track_size, assigned=_simple_path_nodes(num_nodes, strong, labels))
    # Nodes of short simple paths go back to the walk, which may extend them with weaker edges.
    in_track = np.zeros(num_nodes, dtype=bool)
    for track in tracks:
        in_track[track] = True
    inner_first = np.lexsort((np.arange(num_nodes), r))
    tracks += _walk(num_nodes, edges, edge_scores, inner_first, ~in_track, min_track_size)
    return sorted(tracks, key=lambda track: track[0])


# The builders of the C++ TrackBuilderRegistry, configured by the card's track_building section
# alone (score_cut, min_track_size). cc_and_walk is compared in the scan only.
BUILDERS = {"connected_components": connected_component_tracks, "best_edges": best_edge_tracks}


def card_builder(card):
    """The builder a model card asks for, as the C++ pipeline reads it (default: connected components)."""
    return card["track_building"].get("builder", "connected_components")


def build_tracks(builder, num_nodes, edge_index, scores, building):
    """Track candidates (hit-index arrays) by the named builder with the card's track_building
    section."""
    if builder not in BUILDERS:
        raise ValueError("unknown track builder '%s' (known: %s)" % (builder, ", ".join(BUILDERS)))
    return BUILDERS[builder](num_nodes, edge_index, scores, building["score_cut"], building["min_track_size"])


def _scan_builders(cuts, walk_cuts):
    """(builder label, cut label, function(num_nodes, edge_index, scores, min_track_size, r))."""
    rows = []
    for cut in cuts:
        rows.append(("connected_components", "%g" % cut,
                     lambda n, e, s, m, r, cut=cut: connected_component_tracks(n, e, s, cut, m)))
    for cut in cuts:
        rows.append(("best_edges, shortcuts kept", "%g" % cut,
                     lambda n, e, s, m, r, cut=cut: best_edge_tracks(n, e, s, cut, m, remove_shortcuts=False)))
    for cut in cuts:
        rows.append(("best_edges", "%g" % cut, lambda n, e, s, m, r, cut=cut: best_edge_tracks(n, e, s, cut, m)))
    for cut in cuts:
        for walk_cut in (w for w in walk_cuts if w < cut):
            rows.append(("cc_and_walk", "%g / %g" % (cut, walk_cut),
                         lambda n, e, s, m, r, cut=cut, walk_cut=walk_cut: cc_and_walk_tracks(n, e, s, cut, walk_cut, m, r)))
    return rows


def _event_scores(models_directory, card, input_directory, event_id, cache_directory):
    """(filtered edges, GNN scores) of one event, from the cache when it holds them."""
    cache = cache_directory and os.path.join(cache_directory, "event%09d-gnn.npz" % event_id)
    if cache and os.path.exists(cache):
        stored = np.load(cache)
        return stored["edge_index"].astype(np.int64), stored["scores"]
    import torch
    from . import events as events_module
    from .pipeline import run_event
    device = "cuda" if torch.cuda.is_available() else "cpu"
    models = {stage: torch.jit.load(os.path.join(models_directory, card[stage]["torchscript"]), map_location=device)
              for stage in ("embedding", "filter", "gnn")}
    result = run_event(models, card, events_module.read_event(input_directory, event_id), device)
    if cache:
        os.makedirs(cache_directory, exist_ok=True)
        # int32 node indices: a MU = 200 event's ~1.2M edges stay a file of a few MB.
        np.savez_compressed(cache, edge_index=result["filter_edges"].astype(np.int32), scores=result["gnn_scores"])
    return result["filter_edges"], result["gnn_scores"]


def scan(models_directory, input_directory, cuts, walk_cuts, cache_directory=None, max_events=0,
         min_track_sizes=None):
    """Track efficiency (pT > 1 GeV), fake and duplicate rates per builder, cut and minimum
    candidate size (default: the card's), counts summed over the events as validate.py sums them."""
    from . import events as events_module
    from . import features, metrics
    from .card import read_card
    card = read_card(models_directory)
    min_track_sizes = min_track_sizes or [card["track_building"]["min_track_size"]]
    event_ids = events_module.list_events(input_directory)[: max_events or None]
    rows = [(builder, cut, size, build) for size in min_track_sizes for builder, cut, build in _scan_builders(cuts, walk_cuts)]
    totals = [{} for _ in rows]
    for event_id in event_ids:
        event = events_module.read_event(input_directory, event_id)
        edge_index, scores = _event_scores(models_directory, card, input_directory, event_id, cache_directory)
        r, _ = features.cylindrical(event)
        for (_, _, size, build), total in zip(rows, totals):
            counts, _ = metrics.track_counts(event, build(len(event["hit_id"]), edge_index, scores, size, r))
            metrics.add_counts(total, counts)
    return {"models": card["name"], "input": os.path.basename(os.path.normpath(input_directory)), "events": event_ids,
            "rows": [{"builder": builder, "cut": cut, "min_track_size": size, **metrics.track_rates(total), "counts": total}
                     for (builder, cut, size, _), total in zip(rows, totals)]}


def markdown_table(result):
    lines = ["| builder | cut | min hits | track efficiency (pT > 1 GeV) | all pT | fake rate | duplicate rate | candidates |",
             "|---|---|---|---|---|---|---|---|"]
    for row in result["rows"]:
        lines.append("| %s | %s | %d | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %d |" % (
            row["builder"], row["cut"], row["min_track_size"], 100 * row["track_efficiency"], 100 * row["track_efficiency_all_pt"],
            100 * row["fake_rate"], 100 * row["duplicate_rate"], row["counts"]["candidates"]))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, help="held-out events (TrackML CSV or packed .npz)")
    parser.add_argument("--models", required=True, help="model directory (card.json + TorchScript)")
    parser.add_argument("--cuts", default="0.1,0.3,0.5,0.7,0.9", help="score cuts, comma-separated")
    parser.add_argument("--walk-cuts", default="0.1,0.3,0.5", help="cc_and_walk's lower cuts, comma-separated")
    parser.add_argument("--cache", help="directory keeping each event's filtered edges and GNN scores")
    parser.add_argument("--min-track-sizes", default="",
                        help="minimum hits per candidate, comma-separated (default: the card's min_track_size)")
    parser.add_argument("--events", type=int, default=0, help="at most this many events (0: all)")
    parser.add_argument("--json", help="also write the table as JSON here")
    args = parser.parse_args()
    parse = lambda text: [float(value) for value in text.split(",") if value]
    result = scan(args.models, args.input, parse(args.cuts), parse(args.walk_cuts), args.cache, args.events,
                  [int(size) for size in parse(args.min_track_sizes)])
    if args.json:
        with open(args.json, "w") as stream:
            json.dump(result, stream, indent=1)
    print(markdown_table(result))


if __name__ == "__main__":
    main()
