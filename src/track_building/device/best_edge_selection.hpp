#pragma once
// Best-edge selection on the GPU: the device twin of track_building/best_edge_selection.hpp, with
// the same result. Plain device pointers, sizes and a stream; built only with CUDA.
#include <cstdint>

#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

// edge_index [2, E] and scores [E] on the device; writes selection [E] (device): the edge's
// score where best_edge_selection selects it, else -1 (below any cut). An edge with score >= cut
// that names a node outside [0, num_nodes) keeps its score, so that connected_components over
// the selection reports it. No host synchronisation. Throws std::invalid_argument for a cut
// outside [0, 1], num_nodes outside [0, 2^31) or num_edges outside [0, 2^32 - 1).
void select_best_edges(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                       std::int64_t num_nodes, float* selection, Stream stream);

}  // namespace trackgnn::cuda
