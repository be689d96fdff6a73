// Edge orientation on a cuda device: one thread per edge applies orient_edge; registered as the
// cuda EdgeOrientation.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/device/check.cuh"
#include "core/device/scratch.cuh"
#include "graph_construction/device/edge_orientation.hpp"
#include "graph_construction/edge_orientation.hpp"

namespace trackgnn::cuda {
namespace {

constexpr int kThreadsPerBlock = 256;

__global__ void orient_kernel(std::int64_t* edge_index, std::int64_t num_edges, const float* node_positions) {
  const std::int64_t e = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (e >= num_edges) return;
  std::int64_t source = edge_index[e];
  std::int64_t target = edge_index[num_edges + e];
  orient_edge(source, target, node_positions);
  edge_index[e] = source;
  edge_index[num_edges + e] = target;
}

}  // namespace

void orient_edges_inner_to_outer(std::int64_t* edge_index, std::int64_t num_edges, const float* node_positions,
                                 Stream stream) {
  if (num_edges < 0)
    throw std::invalid_argument("orient_edges_inner_to_outer: negative count " + std::to_string(num_edges));
  if (num_edges == 0) return;
  orient_kernel<<<blocks_for(num_edges, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(edge_index, num_edges,
                                                                                         node_positions);
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

namespace {

class CudaEdgeOrientation final : public EdgeOrientation {
 public:
  void orient_inner_to_outer(std::int64_t* edge_index, std::int64_t num_edges, const float* node_positions,
                             Stream stream) const override {
    orient_edges_inner_to_outer(edge_index, num_edges, node_positions, stream);
  }
};

TRACKGNN_REGISTER_FOR_DEVICE(EdgeOrientation, DeviceKind::cuda, CudaEdgeOrientation);

}  // namespace
}  // namespace trackgnn::cuda
