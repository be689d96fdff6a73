// Fixed-radius neighbour search on the GPU. The grid is planned, built and searched on the
// device; the only host synchronisation reads the number of edges, which the caller needs to
// allocate the result.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>
#include <cub/device/device_segmented_sort.cuh>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "cuda/check.cuh"
#include "cuda/frnn.hpp"
#include "cuda/frnn_grid.cuh"
#include "cuda/frnn_select.cuh"
#include "cuda/scratch.cuh"

namespace trackgnn::cuda {
namespace {

using namespace frnn;

constexpr std::int64_t kMaxDimension = 16;
// Resident blocks per multiprocessor aimed at by the grid-stride kernels.
constexpr int kBlocksPerMultiprocessor = 16;

int multiprocessor_count() {
  int count = 0;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, current_device()));
  return count;
}

void validate(const float* points, std::int64_t n, std::int64_t dim, float radius, std::int64_t max_neighbours) {
  if (n < 0 || n > std::numeric_limits<int>::max())
    throw std::invalid_argument("radius_search: number of points " + std::to_string(n) + " outside [0, 2^31)");
  if (dim < 1 || dim > kMaxDimension)
    throw std::invalid_argument("radius_search: dimension " + std::to_string(dim) + " outside [1, " +
                                std::to_string(kMaxDimension) + "]");
  if (!std::isfinite(radius) || radius < 0.0f)
    throw std::invalid_argument("radius_search: radius must be finite and non-negative, got " + std::to_string(radius));
  if (max_neighbours < 0)
    throw std::invalid_argument("radius_search: max_neighbours must be non-negative, got " +
                                std::to_string(max_neighbours));
  if (n > 0 && points == nullptr) throw std::invalid_argument("radius_search: null points");
}

template <int MaxDim>
std::int64_t search(const float* points, int n, int dim, float radius, int k, const EdgeAllocator& allocate_edges,
                    Stream stream) {
  const float radius2 = radius * radius;
  const int threads = kThreadsPerBlock;
  const int point_blocks = static_cast<int>(blocks_for(n, threads));
  const int resident_blocks = multiprocessor_count() * kBlocksPerMultiprocessor;
  const std::int64_t cell_budget =
      std::clamp<std::int64_t>(kMaxCellsPerPoint * n, kMinCellBudget, std::int64_t{1} << 30);

  // Grid plan: extents, then axes and cell widths, all on the device.
  Scratch<int> bounds(2 * dim, stream);
  reset_bounds<<<1, kMaxDimension, 0, stream>>>(bounds.get(), bounds.get() + dim, dim);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  reduce_bounds<MaxDim><<<std::min(point_blocks, resident_blocks), threads, 0, stream>>>(points, n, dim, bounds.get(),
                                                                                        bounds.get() + dim);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  Scratch<GridSpec> spec(1, stream);
  plan_grid<<<1, 1, 0, stream>>>(bounds.get(), bounds.get() + dim, dim, radius, cell_budget, spec.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();

  // Cell list: points sorted by cell key, a dense table of where each cell starts.
  Scratch<unsigned> keys(n, stream), sorted_keys(n, stream);
  Scratch<int> identity(n, stream), order(n, stream);
  compute_cell_keys<<<point_blocks, threads, 0, stream>>>(points, n, dim, spec.get(), keys.get(), identity.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  const int key_bits = bits_to_hold(static_cast<std::uint64_t>(cell_budget - 1));
  run_cub(
      [&](void* temp, std::size_t& bytes) {
        return cub::DeviceRadixSort::SortPairs(temp, bytes, keys.get(), sorted_keys.get(), identity.get(), order.get(),
                                               n, 0, key_bits, stream);
      },
      stream);
  const std::int64_t table_size = cell_budget + 1;
  Scratch<int> cell_start(table_size, stream);
  find_cell_starts<<<blocks_for(table_size, threads), threads, 0, stream>>>(sorted_keys.get(), n, spec.get(),
                                                                             cell_start.get(), table_size);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  Scratch<float> sorted_points(static_cast<std::size_t>(n) * dim, stream);
  gather_points<<<blocks_for(std::int64_t{n} * dim, threads), threads, 0, stream>>>(points, order.get(), n, dim,
                                                                                     sorted_points.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();

  // Per-point thresholds: keep-all for most points, a radix select for the crowded ones.
  Scratch<std::uint64_t> threshold(n, stream);
  Scratch<int> crowded(n, stream), crowded_count(1, stream);
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(crowded_count.get(), 0, sizeof(int), stream));
  classify_points<MaxDim><<<point_blocks, threads, 0, stream>>>(sorted_points.get(), sorted_keys.get(),
                                                                cell_start.get(), spec.get(), n, dim, radius2, k,
                                                                threshold.get(), crowded.get(), crowded_count.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  const int select_blocks =
      static_cast<int>(std::min<std::int64_t>(blocks_for(n, kSelectWarpsPerBlock), resident_blocks));
  select_thresholds<MaxDim><<<select_blocks, kSelectWarpsPerBlock * kWarpSize, 0, stream>>>(
      sorted_points.get(), sorted_keys.get(), order.get(), cell_start.get(), spec.get(), dim, radius2, k,
      crowded.get(), crowded_count.get(), threshold.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();

  // Rows of the upper triangle: count, scan, then the one read-back of the edge count.
  Scratch<std::int64_t> row_counts(n + 1, stream), row_offsets(n + 1, stream);
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(row_counts.get() + n, 0, sizeof(std::int64_t), stream));
  emit_pairs<MaxDim, false><<<point_blocks, threads, 0, stream>>>(
      sorted_points.get(), sorted_keys.get(), order.get(), cell_start.get(), spec.get(), n, dim, radius2,
      threshold.get(), row_counts.get(), nullptr, nullptr, nullptr);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  run_cub(
      [&](void* temp, std::size_t& bytes) {
        return cub::DeviceScan::ExclusiveSum(temp, bytes, row_counts.get(), row_offsets.get(), n + 1, stream);
      },
      stream);
  std::int64_t num_edges = 0;
  TRACKGNN_CUDA_CHECK(
      cudaMemcpyAsync(&num_edges, row_offsets.get() + n, sizeof(std::int64_t), cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));

  std::int64_t* edges = allocate_edges(num_edges);
  if (num_edges == 0) return 0;
  if (edges == nullptr) throw std::runtime_error("radius_search: the edge allocator returned null");
  Scratch<std::int64_t> unsorted_targets(num_edges, stream);
  emit_pairs<MaxDim, true><<<point_blocks, threads, 0, stream>>>(
      sorted_points.get(), sorted_keys.get(), order.get(), cell_start.get(), spec.get(), n, dim, radius2,
      threshold.get(), nullptr, row_offsets.get(), edges, unsorted_targets.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  run_cub(
      [&](void* temp, std::size_t& bytes) {
        return cub::DeviceSegmentedSort::SortKeys(temp, bytes, unsorted_targets.get(), edges + num_edges, num_edges, n,
                                                  row_offsets.get(), row_offsets.get() + 1, stream);
      },
      stream);
  return num_edges;
}

}  // namespace

std::int64_t radius_search(const float* points, std::int64_t n, std::int64_t dim, float radius,
                           std::int64_t max_neighbours, const EdgeAllocator& allocate_edges, Stream stream) {
  validate(points, n, dim, radius, max_neighbours);
  if (n < 2 || max_neighbours == 0) {
    allocate_edges(0);
    return 0;
  }
  // No point has more than n - 1 candidates, so a larger k changes nothing.
  const int k = static_cast<int>(std::min<std::int64_t>(max_neighbours, n - 1));
  const int count = static_cast<int>(n);
  const int dimension = static_cast<int>(dim);
  // Points are held in registers sized at compile time; three sizes cover dim <= 16.
  if (dim <= 4) return search<4>(points, count, dimension, radius, k, allocate_edges, stream);
  if (dim <= 8) return search<8>(points, count, dimension, radius, k, allocate_edges, stream);
  return search<16>(points, count, dimension, radius, k, allocate_edges, stream);
}

}  // namespace trackgnn::cuda
