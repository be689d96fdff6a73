#pragma once
// The CUDA "grid" radius search: the same contract and the same edges as
// radius_search_grid_thresholds (radius_search_cuda.hpp), organised around per-point lists instead
// of per-point thresholds: one warp per point scans its neighbouring cells once and writes the
// keys of the neighbours it keeps, and the edges are read off those lists without measuring any
// distance again.
#include <cstdint>

#include "graph_construction/device/radius_search_cuda.hpp"
#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

// points: device array [n, dim] row-major, dim <= 16. Returns E. Same arguments, errors and
// result as radius_search.
std::int64_t radius_search_grid(const float* points, std::int64_t n, std::int64_t dim, float radius,
                                std::int64_t max_neighbours, const EdgeAllocator& allocate_edges, Stream stream);

// The brute-force baseline on the GPU: the same search over a single cell, so that every point is
// compared with every other (O(n^2) distances); same arguments, errors and result.
std::int64_t radius_search_brute_force(const float* points, std::int64_t n, std::int64_t dim, float radius,
                                       std::int64_t max_neighbours, const EdgeAllocator& allocate_edges, Stream stream);

}  // namespace trackgnn::cuda
