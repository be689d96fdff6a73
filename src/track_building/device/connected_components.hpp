#pragma once
// Connected components on the GPU (ECL-CC / Afforest-style hooking and pointer jumping).
#include <cstdint>

#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

// Labels every node 0..C-1 by its connected component over the edges with score >= cut
// (scores may be null: all edges count). Components are numbered in the order of their
// smallest node index, so the labels equal the CPU union-find's after the same compaction.
// labels: device array of num_nodes. Returns C (synchronises the stream).
std::int32_t connected_components(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges,
                                  float cut, std::int64_t num_nodes, std::int32_t* labels, Stream stream);

}  // namespace trackgnn::cuda
