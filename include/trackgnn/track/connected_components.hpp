#pragma once
// Connected components on the host: union-find with path halving and union by smaller root.
#include <cstdint>
#include <vector>

namespace trackgnn {

// Labels each node 0..C-1 by its component over the edges with score >= cut (scores may be
// null: every edge counts). Components are numbered in the order of their smallest node, the
// same numbering as the CUDA kernel's. edge_index is [2, E].
std::vector<std::int32_t> connected_component_labels(std::int64_t num_nodes, const std::int64_t* edge_index,
                                                     const float* scores, std::int64_t num_edges, float cut);

}  // namespace trackgnn
