#include "graph_construction/edge_orientation.hpp"

namespace trackgnn {
namespace {

class HostEdgeOrientation final : public EdgeOrientation {
 public:
  void orient_inner_to_outer(std::int64_t* edge_index, std::int64_t num_edges, const float* node_positions,
                             Stream) const override {
    for (std::int64_t e = 0; e < num_edges; ++e) orient_edge(edge_index[e], edge_index[num_edges + e], node_positions);
  }
};

TRACKGNN_REGISTER_FOR_DEVICE(EdgeOrientation, DeviceKind::cpu, HostEdgeOrientation);

}  // namespace
}  // namespace trackgnn
