#pragma once
// The one value type that flows through the stages: node features, edges and edge scores,
// all on the same device.
#include <cstdint>

#include "trackgnn/core/buffer.hpp"

namespace trackgnn {

struct Graph {
  explicit Graph(Device device = Device::cpu(), Stream stream = nullptr)
      : node_features(device, stream),
        node_positions(device, stream),
        edge_index(device, stream),
        edge_scores(device, stream) {}

  std::int64_t num_nodes = 0;
  std::int64_t num_features = 0;
  Buffer<float> node_features;        // [N, F] row-major, scaled as the model card says
  Buffer<float> node_positions;       // [N, 3] row-major: r (mm), phi (rad), z (mm); orients edges
  Buffer<std::int64_t> edge_index;    // [2, E]: E sources, then E targets
  Buffer<float> edge_scores;          // [E] probabilities in [0, 1]; empty until a classifier ran

  std::int64_t num_edges() const { return static_cast<std::int64_t>(edge_index.size() / 2); }
  Device device() const { return edge_index.device(); }
};

}  // namespace trackgnn
