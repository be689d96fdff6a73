#pragma once
// Fixed-radius nearest neighbours on the GPU: uniform grid (cell list) built by sorting points by
// cell, each point scanning its neighbouring cells. Same edge set as the CPU searches
// (include/trackgnn/graph/radius_search.hpp): per point the max_neighbours nearest others within
// radius (ties by index), united into undirected pairs (i < j), sorted by (i, j).
// Distances must be bit-identical to the CPU's: d2 = sum over k = 0..dim-1, in that order, of
// (a_k - b_k)^2 with round-to-nearest float multiply and add and no fused multiply-add
// (__fmul_rn/__fadd_rn), compared as d2 <= radius * radius (float).
#include <cstdint>
#include <functional>

#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

// Called once with the final number of edges E; returns a device array of 2 * E int64 that the
// search fills as [2, E] (E sources, then E targets).
using EdgeAllocator = std::function<std::int64_t*(std::int64_t num_edges)>;

// points: device array [n, dim] row-major, dim <= 16. Returns E.
std::int64_t radius_search_grid_thresholds(const float* points, std::int64_t n, std::int64_t dim, float radius,
                                           std::int64_t max_neighbours, const EdgeAllocator& allocate_edges,
                                           Stream stream);

}  // namespace trackgnn::cuda
