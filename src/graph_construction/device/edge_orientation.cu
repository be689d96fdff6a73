// Edge orientation on a cuda device: one thread per edge applies orient_edge and counts the pairs
// at one position; only when there are some (a degenerate input) do the pairs that remain get
// compacted. Registered as the cuda EdgeOrientation.
#include <cub/device/device_select.cuh>

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

__global__ void orient_kernel(std::int64_t* edge_index, std::int64_t num_edges, const float* node_positions,
                              unsigned long long* pairs_at_one_position) {
  const std::int64_t e = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (e >= num_edges) return;
  std::int64_t source = edge_index[e];
  std::int64_t target = edge_index[num_edges + e];
  if (at_one_position(source, target, node_positions)) {
    atomicAdd(pairs_at_one_position, 1ULL);
    return;
  }
  orient_edge(source, target, node_positions);
  edge_index[e] = source;
  edge_index[num_edges + e] = target;
}

__global__ void flag_with_length(const std::int64_t* edge_index, std::int64_t num_edges, const float* node_positions,
                                 unsigned char* has_length) {
  const std::int64_t e = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (e < num_edges) has_length[e] = at_one_position(edge_index[e], edge_index[num_edges + e], node_positions) ? 0 : 1;
}

// Stable compaction of one row (sources or targets) of the edge index.
void keep_flagged(const std::int64_t* row, const unsigned char* flags, std::int64_t num_edges, std::int64_t* kept_row,
                  std::int64_t* num_kept, Stream stream) {
  run_cub(
      [&](void* temp, std::size_t& bytes) {
        return cub::DeviceSelect::Flagged(temp, bytes, row, flags, kept_row, num_kept, num_edges, stream);
      },
      stream);
}

}  // namespace

std::int64_t orient_edges_inner_to_outer(std::int64_t* edge_index, std::int64_t num_edges,
                                         const float* node_positions, Stream stream) {
  if (num_edges < 0)
    throw std::invalid_argument("orient_edges_inner_to_outer: negative count " + std::to_string(num_edges));
  if (num_edges == 0) return 0;
  Scratch<unsigned long long> counter(1, stream);
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(counter.get(), 0, sizeof(unsigned long long), stream));
  const auto blocks = blocks_for(num_edges, kThreadsPerBlock);
  orient_kernel<<<blocks, kThreadsPerBlock, 0, stream>>>(edge_index, num_edges, node_positions, counter.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  unsigned long long at_one_position_count = 0;
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(&at_one_position_count, counter.get(), sizeof(at_one_position_count),
                                      cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  if (at_one_position_count == 0) return num_edges;

  const std::int64_t kept = num_edges - static_cast<std::int64_t>(at_one_position_count);
  Scratch<unsigned char> has_length(num_edges, stream);
  flag_with_length<<<blocks, kThreadsPerBlock, 0, stream>>>(edge_index, num_edges, node_positions, has_length.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  Scratch<std::int64_t> kept_edges(2 * static_cast<std::size_t>(kept) + 1, stream);
  Scratch<std::int64_t> num_kept(1, stream);
  keep_flagged(edge_index, has_length.get(), num_edges, kept_edges.get(), num_kept.get(), stream);
  keep_flagged(edge_index + num_edges, has_length.get(), num_edges, kept_edges.get() + kept, num_kept.get(), stream);
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(edge_index, kept_edges.get(), 2 * static_cast<std::size_t>(kept) * sizeof(std::int64_t),
                                      cudaMemcpyDeviceToDevice, stream));
  return kept;
}

namespace {

class CudaEdgeOrientation final : public EdgeOrientation {
 public:
  std::int64_t orient_inner_to_outer(std::int64_t* edge_index, std::int64_t num_edges, const float* node_positions,
                                     Stream stream) const override {
    return orient_edges_inner_to_outer(edge_index, num_edges, node_positions, stream);
  }
};

TRACKGNN_REGISTER_FOR_DEVICE(EdgeOrientation, DeviceKind::cuda, CudaEdgeOrientation);

}  // namespace
}  // namespace trackgnn::cuda
