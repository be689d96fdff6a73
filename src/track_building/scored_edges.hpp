#pragma once
// The per-edge rules every track builder applies, written once for the host loops and the CUDA
// kernels (device/).
#include <cstdint>

#include "core/host_device.hpp"

namespace trackgnn::track_building {

// An edge takes part when it has no score (scores null: every edge counts) or a score >= cut;
// NaN passes no cut.
TRACKGNN_HOST_DEVICE inline bool edge_passes(const float* scores, std::int64_t edge, float cut) {
  return scores == nullptr || scores[edge] >= cut;
}

TRACKGNN_HOST_DEVICE inline bool node_in_range(std::int64_t node, std::int64_t num_nodes) {
  return node >= 0 && node < num_nodes;
}

// Union by smaller root: the larger of two roots is the one hooked under the other, so every
// component's root is its smallest node and labels can be numbered in smallest-node order.
TRACKGNN_HOST_DEVICE inline bool hooks_under(std::int64_t root, std::int64_t other_root) { return root > other_root; }

// Best-edge selection's order of two edges: the higher score wins, a tie goes to the lower edge
// index. The device's packed ranking keys (device/best_edge_selection.cu) order edges the same way.
TRACKGNN_HOST_DEVICE inline bool ranks_above(float score, std::int64_t edge, float other_score,
                                             std::int64_t other_edge) {
  return score > other_score || (score == other_score && edge < other_edge);
}

// A component becomes a track candidate when it has at least min_track_size hits.
TRACKGNN_HOST_DEVICE inline bool is_kept_track(std::int64_t size, std::int64_t min_track_size) {
  return size >= min_track_size;
}

}  // namespace trackgnn::track_building
