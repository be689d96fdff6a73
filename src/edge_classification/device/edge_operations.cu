// The edge operations on a cuda device: kernels over edge_arithmetic.hpp's per-edge rules, and
// their registration as the cuda EdgeOperations.
#include <cub/device/device_scan.cuh>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/device/check.cuh"
#include "core/device/scratch.cuh"
#include "edge_classification/device/edge_operations.hpp"
#include "edge_classification/edge_arithmetic.hpp"
#include "edge_classification/edge_operations.hpp"

namespace trackgnn::cuda {
namespace {

constexpr int kThreadsPerBlock = 256;

__device__ __forceinline__ std::int64_t thread_index() {
  return static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

__global__ void sigmoid_kernel(float* values, std::int64_t count) {
  const std::int64_t i = thread_index();
  if (i < count) values[i] = edges::sigmoid(values[i]);
}

__global__ void average_halves_kernel(const float* values, std::int64_t count, float* averages) {
  const std::int64_t i = thread_index();
  if (i < count) averages[i] = edges::average(values[i], values[count + i]);
}

// flags[E] = 0 closes the scan, so that the scanned array ends with the kept count.
__global__ void flag_passing(const float* scores, std::int64_t num_edges, float cut, std::int64_t* flags) {
  const std::int64_t e = thread_index();
  if (e < num_edges) flags[e] = edges::passes_cut(scores[e], cut) ? 1 : 0;
  else if (e == num_edges) flags[e] = 0;
}

__global__ void scatter_passing(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                                const std::int64_t* positions, std::int64_t* kept_edge_index, float* kept_scores) {
  const std::int64_t e = thread_index();
  if (e >= num_edges || !edges::passes_cut(scores[e], cut)) return;
  const std::int64_t kept = positions[num_edges];
  const std::int64_t slot = positions[e];
  kept_edge_index[slot] = edge_index[e];
  kept_edge_index[kept + slot] = edge_index[num_edges + e];
  kept_scores[slot] = scores[e];
}

void check_count(std::int64_t count, const char* what) {
  if (count < 0) throw std::invalid_argument(std::string(what) + ": negative count " + std::to_string(count));
}

}  // namespace

void sigmoid_in_place(float* values, std::int64_t count, Stream stream) {
  check_count(count, "sigmoid_in_place");
  if (count == 0) return;
  sigmoid_kernel<<<blocks_for(count, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(values, count);
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

std::int64_t select_edges(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                          std::int64_t* kept_edge_index, float* kept_scores, Stream stream) {
  check_count(num_edges, "select_edges");
  if (num_edges == 0) return 0;
  if (scores == nullptr) throw std::invalid_argument("select_edges: null scores");
  Scratch<std::int64_t> flags(num_edges + 1, stream), positions(num_edges + 1, stream);
  flag_passing<<<blocks_for(num_edges + 1, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(scores, num_edges, cut,
                                                                                            flags.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  run_cub(
      [&](void* temp, std::size_t& bytes) {
        return cub::DeviceScan::ExclusiveSum(temp, bytes, flags.get(), positions.get(), num_edges + 1, stream);
      },
      stream);
  scatter_passing<<<blocks_for(num_edges, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(
      edge_index, scores, num_edges, cut, positions.get(), kept_edge_index, kept_scores);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  std::int64_t kept = 0;
  TRACKGNN_CUDA_CHECK(
      cudaMemcpyAsync(&kept, positions.get() + num_edges, sizeof(kept), cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  return kept;
}

void average_halves(const float* values, std::int64_t count, float* averages, Stream stream) {
  check_count(count, "average_halves");
  if (count == 0) return;
  average_halves_kernel<<<blocks_for(count, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(values, count, averages);
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

void slice_edges(const std::int64_t* edge_index, std::int64_t num_edges, std::int64_t begin, std::int64_t end,
                 std::int64_t* sliced, Stream stream) {
  if (begin < 0 || begin > end || end > num_edges)
    throw std::invalid_argument("slice_edges: columns [" + std::to_string(begin) + ", " + std::to_string(end) +
                                ") outside [0, " + std::to_string(num_edges) + ")");
  const std::int64_t count = end - begin;
  if (count == 0) return;
  const std::size_t bytes = static_cast<std::size_t>(count) * sizeof(std::int64_t);
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(sliced, edge_index + begin, bytes, cudaMemcpyDeviceToDevice, stream));
  TRACKGNN_CUDA_CHECK(
      cudaMemcpyAsync(sliced + count, edge_index + num_edges + begin, bytes, cudaMemcpyDeviceToDevice, stream));
}

namespace {

class CudaEdgeOperations final : public EdgeOperations {
 public:
  void sigmoid_in_place(float* values, std::int64_t count, Stream stream) const override {
    cuda::sigmoid_in_place(values, count, stream);
  }

  std::int64_t keep_passing(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                            std::int64_t* kept_edges, float* kept_scores, Stream stream) const override {
    return select_edges(edge_index, scores, num_edges, cut, kept_edges, kept_scores, stream);
  }

  void average_halves(const float* values, std::int64_t count, float* averages, Stream stream) const override {
    cuda::average_halves(values, count, averages, stream);
  }

  // A check that runs once per classifier call: counted on the host after one copy.
  std::int64_t count_outside_unit_interval(const float* values, std::int64_t count, Stream stream) const override {
    check_count(count, "count_outside_unit_interval");
    if (count == 0) return 0;
    std::vector<float> on_host(static_cast<std::size_t>(count));
    TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(on_host.data(), values, on_host.size() * sizeof(float),
                                        cudaMemcpyDeviceToHost, stream));
    TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
    std::int64_t outside = 0;
    for (const float value : on_host) outside += edges::inside_unit_interval(value) ? 0 : 1;
    return outside;
  }

  void slice(const std::int64_t* edge_index, std::int64_t num_edges, std::int64_t begin, std::int64_t end,
             std::int64_t* sliced, Stream stream) const override {
    slice_edges(edge_index, num_edges, begin, end, sliced, stream);
  }
};

TRACKGNN_REGISTER_FOR_DEVICE(EdgeOperations, DeviceKind::cuda, CudaEdgeOperations);

}  // namespace
}  // namespace trackgnn::cuda
