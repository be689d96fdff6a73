#include "graph_construction/edge_orientation.hpp"

namespace trackgnn {
namespace {

class HostEdgeOrientation final : public EdgeOrientation {
 public:
  // In place: the kept pairs move left within the sources and within the targets, then the kept
  // targets move down to [kept, 2 kept), each written below every target still to be read.
  std::int64_t orient_inner_to_outer(std::int64_t* edge_index, std::int64_t num_edges, const float* node_positions,
                                     Stream) const override {
    std::int64_t kept = 0;
    for (std::int64_t e = 0; e < num_edges; ++e) {
      std::int64_t source = edge_index[e];
      std::int64_t target = edge_index[num_edges + e];
      if (at_one_position(source, target, node_positions)) continue;
      orient_edge(source, target, node_positions);
      edge_index[kept] = source;
      edge_index[num_edges + kept] = target;
      ++kept;
    }
    if (kept < num_edges)
      for (std::int64_t e = 0; e < kept; ++e) edge_index[kept + e] = edge_index[num_edges + e];
    return kept;
  }
};

TRACKGNN_REGISTER_FOR_DEVICE(EdgeOrientation, DeviceKind::cpu, HostEdgeOrientation);

}  // namespace
}  // namespace trackgnn
