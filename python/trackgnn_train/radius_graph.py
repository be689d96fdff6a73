"""The radius graph in embedding space, as the C++ radius searches define it.

For each point: its max_neighbours nearest other points with squared distance <= radius^2
(squared distance accumulated dimension by dimension in float32; ties broken by index). The
relations are united into undirected pairs {i, j}, sorted by (min, max), and each pair is
oriented inner -> outer: the source is the hit with the smaller r (ties: the smaller index).
"""
import torch


def _squared_distances(queries, points, scratch=None):
    """Accumulated one dimension at a time, in order, so the float32 rounding matches the C++.
    scratch: an optional dict whose buffers are reused between calls of the same shape (on a CPU,
    fresh 100 MB temporaries per chunk and dimension cost more in page faults than the arithmetic)."""
    shape = (queries.shape[0], points.shape[0])
    if scratch is None:
        scratch = {}
    if scratch.get("shape") != shape:
        scratch.update(shape=shape, total=torch.empty(shape, dtype=torch.float32, device=points.device),
                       difference=torch.empty(shape, dtype=torch.float32, device=points.device))
    total, difference = scratch["total"], scratch["difference"]
    total.zero_()
    for dim in range(points.shape[1]):
        torch.sub(queries[:, dim:dim + 1], points[:, dim].unsqueeze(0), out=difference)
        difference.mul_(difference)
        total.add_(difference)
    return total


def _nearest_with_index_ties(distances, k):
    """Column indices of the k smallest entries per row, equal distances taken in index order.
    topk settles the set unless the k-th and (k+1)-th distances tie; those rows are sorted
    stably, which keeps equal distances in index order (the tie rule)."""
    values, nearest = torch.topk(distances, k + 1, dim=1, largest=False, sorted=True)
    nearest = nearest[:, :k]
    tied = values[:, k - 1] == values[:, k]
    if bool(tied.any()):
        _, order = torch.sort(distances[tied], dim=1, stable=True)
        nearest[tied] = order[:, :k]
    return nearest


def neighbour_pairs(points, radius, max_neighbours, chunk_size=256):
    """Directed (query, neighbour) relations, [2, R] int64."""
    n = points.shape[0]
    radius_squared = torch.tensor(radius, dtype=torch.float32).pow(2).item()
    sources, targets = [], []
    scratch = {}
    for start in range(0, n, chunk_size):
        stop = min(start + chunk_size, n)
        distances = _squared_distances(points[start:stop], points, scratch)
        local = torch.arange(stop - start, device=points.device)
        distances[local, local + start] = float("inf")
        within = distances <= radius_squared
        counts = within.sum(dim=1)
        crowded = counts > max_neighbours
        if bool(crowded.any()):
            rows = torch.nonzero(crowded).squeeze(1)
            crowded_distances = distances[rows].masked_fill(~within[rows], float("inf"))
            nearest = _nearest_with_index_ties(crowded_distances, max_neighbours)
            within[rows] = False
            within[rows.unsqueeze(1), nearest] = True
        query, neighbour = torch.nonzero(within, as_tuple=True)
        sources.append(query + start)
        targets.append(neighbour)
    if not sources:
        return torch.zeros(2, 0, dtype=torch.int64, device=points.device)
    return torch.stack([torch.cat(sources), torch.cat(targets)])


def undirected_pairs(relations, n):
    low = torch.minimum(relations[0], relations[1])
    high = torch.maximum(relations[0], relations[1])
    keys = torch.unique(low * n + high)  # sorted, so pairs come out ordered by (low, high)
    return torch.stack([keys // n, keys % n])


def orient_inner_to_outer(pairs, r):
    """pairs have low < high; the source becomes the hit with the smaller r (ties: low)."""
    low, high = pairs[0], pairs[1]
    swap = r[high] < r[low]
    return torch.stack([torch.where(swap, high, low), torch.where(swap, low, high)])


def build_edges(embedding, r, radius, max_neighbours, chunk_size=256):
    """embedding [N, D] float32, r [N] -> oriented edge_index [2, E] int64 on the same device."""
    relations = neighbour_pairs(embedding, radius, max_neighbours, chunk_size)
    return orient_inner_to_outer(undirected_pairs(relations, embedding.shape[0]), r)
