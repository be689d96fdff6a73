#pragma once
// The edge-orientation kernels (graph_construction/edge_orientation.hpp) on a cuda device.
#include <cstdint>

#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

// edge_index is [2, E] (E sources, then E targets) of undirected pairs on the device; reorders
// each pair in place so that the source is the inner hit (orient_edge) and drops the pairs at one
// position (at_one_position), keeping the others in order. Returns how many are kept: the
// [2, kept] edge index at the start of edge_index. Synchronises the stream to read that count.
std::int64_t orient_edges_inner_to_outer(std::int64_t* edge_index, std::int64_t num_edges,
                                         const float* node_positions, Stream stream);

}  // namespace trackgnn::cuda
