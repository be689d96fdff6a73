#pragma once
// Undirected pairs -> directed edges from the inner hit outwards: the direction the edge
// classifiers and track builders expect. A pair of two hits at one position has no direction and
// no length, and no track has two consecutive hits at one place: such pairs are dropped. Only
// copies of a hit (a degenerate input) make them, and dropping them is what keeps an event of
// copies as cheap to classify as an ordinary one. One implementation per device
// (edge_orientation.cpp, device/edge_orientation.cu), both applying the rules below to each edge.
#include <cstdint>
#include <utility>

#include "core/host_device.hpp"
#include "core/registry.hpp"
#include "trackgnn/graph/graph.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

// node_positions rows are (r, phi, z): r is column 0 of 3.
inline constexpr int kPositionColumns = 3;

// Puts the inner hit of the pair (source, target) first: smaller r, ties broken by the smaller
// node index.
TRACKGNN_HOST_DEVICE inline void orient_edge(std::int64_t& source, std::int64_t& target, const float* node_positions) {
  const float source_r = node_positions[kPositionColumns * source];
  const float target_r = node_positions[kPositionColumns * target];
  if (target_r < source_r || (target_r == source_r && target < source)) {
    const std::int64_t inner = target;
    target = source;
    source = inner;
  }
}

// Whether the two hits are at one position (every coordinate equal; +0 and -0 are one place).
TRACKGNN_HOST_DEVICE inline bool at_one_position(std::int64_t a, std::int64_t b, const float* node_positions) {
  for (int c = 0; c < kPositionColumns; ++c)
    if (!(node_positions[kPositionColumns * a + c] == node_positions[kPositionColumns * b + c])) return false;
  return true;
}

class EdgeOrientation {
 public:
  static constexpr const char* kind = "edge orientation";
  virtual ~EdgeOrientation() = default;
  // edge_index is [2, E] (E sources, then E targets), node_positions [N, 3], on the
  // implementation's device. Reorders each pair in place and drops the pairs at one position,
  // keeping the others in their order; returns how many are kept, which then form the [2, kept]
  // edge index at the start of edge_index.
  virtual std::int64_t orient_inner_to_outer(std::int64_t* edge_index, std::int64_t num_edges,
                                             const float* node_positions, Stream stream) const = 0;
};

inline void orient_inner_to_outer(Graph& graph, const ExecutionContext& context) {
  const std::int64_t kept = PerDevice<EdgeOrientation>::on(context.device)
                                .orient_inner_to_outer(graph.edge_index.data(), graph.num_edges(),
                                                       graph.node_positions.data(), context.stream);
  graph.edge_index.resize(static_cast<std::size_t>(2 * kept));
}

}  // namespace trackgnn
