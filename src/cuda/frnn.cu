// Fixed-radius neighbour search on the GPU. The grid is planned, built and searched on the
// device; the only host synchronisation reads the number of edges, which the caller needs to
// allocate the result (plus one more in the rare case that n * k candidate pairs would not fit in
// device memory).
#include <cub/device/device_radix_sort.cuh>

#include <algorithm>
#include <cmath>
#include <cstdint>
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
// What a candidate pair may cost at worst: its 64-bit key, and if it is an edge, two int64 of output.
constexpr std::uint64_t kWorstBytesPerBoundPair = sizeof(std::uint64_t) + 2 * sizeof(std::int64_t);

int multiprocessor_count() {
  int count = 0;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, current_device()));
  return count;
}

// Device memory a new allocation can get: the driver's free memory plus what the stream-ordered
// pool holds without using it (device_memory.cu keeps freed pool memory rather than returning it).
std::uint64_t allocatable_bytes() {
  std::size_t free_bytes = 0, total_bytes = 0;
  TRACKGNN_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  cudaMemPool_t pool = nullptr;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetMemPool(&pool, current_device()));
  std::uint64_t reserved = 0, used = 0;  // the attributes are 64-bit values
  TRACKGNN_CUDA_CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &reserved));
  TRACKGNN_CUDA_CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &used));
  return free_bytes + (reserved > used ? reserved - used : 0);
}

template <typename T>
T read_back(const T* value, Stream stream) {
  T host = 0;
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(&host, value, sizeof(T), cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  return host;
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

  // Every edge is kept by at least one of its ends and a point keeps at most k others, so
  // E <= n * k (and no more than the n (n - 1) / 2 pairs there are). That bound sizes the pair list
  // with no wait for the device. Where its worst case would not fit in memory (k near n, say), the
  // classification also sums what the points keep, a bound within twice E, read back at the cost
  // of one more synchronisation.
  const std::int64_t pair_bound = std::min(std::int64_t{n} * k, std::int64_t{n} * (n - 1) / 2);
  const bool bound_fits = static_cast<std::uint64_t>(pair_bound) <= allocatable_bytes() / kWorstBytesPerBoundPair;
  Scratch<unsigned long long> kept_total(bound_fits ? 0 : 1, stream);
  if (!bound_fits) TRACKGNN_CUDA_CHECK(cudaMemsetAsync(kept_total.get(), 0, sizeof(unsigned long long), stream));

  // Per-point thresholds: keep-all for most points, a radix select for the crowded ones.
  Scratch<std::uint64_t> threshold(n, stream);
  Scratch<int> crowded(n, stream), crowded_count(1, stream);
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(crowded_count.get(), 0, sizeof(int), stream));
  classify_points<MaxDim><<<point_blocks, threads, 0, stream>>>(
      sorted_points.get(), sorted_keys.get(), cell_start.get(), spec.get(), n, dim, radius2, k, threshold.get(),
      crowded.get(), crowded_count.get(), kept_total.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  const int select_blocks =
      static_cast<int>(std::min<std::int64_t>(blocks_for(n, kSelectWarpsPerBlock), resident_blocks));
  select_thresholds<MaxDim><<<select_blocks, kSelectWarpsPerBlock * kWarpSize, 0, stream>>>(
      sorted_points.get(), sorted_keys.get(), order.get(), cell_start.get(), spec.get(), dim, radius2, k,
      crowded.get(), crowded_count.get(), threshold.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  std::int64_t capacity = pair_bound;
  if (!bound_fits) {
    capacity = static_cast<std::int64_t>(read_back(kept_total.get(), stream));
    // Also keeps the byte count of the pair list below 2^64.
    if (static_cast<std::uint64_t>(capacity) > allocatable_bytes() / sizeof(std::uint64_t))
      throw std::runtime_error("radius_search: " + std::to_string(capacity) +
                               " kept neighbours need more device memory than is free; lower max_neighbours or "
                               "the radius");
  }

  // One pass appends each edge as a key (i, j); the one read-back that must stay is the edge count,
  // which the caller needs to allocate the result.
  const int target_bits = bits_to_hold(static_cast<std::uint64_t>(n - 1));
  Scratch<std::uint64_t> pair_keys(static_cast<std::size_t>(capacity), stream);
  Scratch<unsigned long long> pair_count(1, stream);
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(pair_count.get(), 0, sizeof(unsigned long long), stream));
  emit_pairs<MaxDim><<<point_blocks, threads, 0, stream>>>(
      sorted_points.get(), sorted_keys.get(), order.get(), cell_start.get(), spec.get(), n, dim, radius2,
      threshold.get(), target_bits, pair_keys.get(), static_cast<unsigned long long>(capacity), pair_count.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  const unsigned long long emitted = read_back(pair_count.get(), stream);
  if (emitted > static_cast<unsigned long long>(capacity))
    throw std::runtime_error("radius_search: internal error: " + std::to_string(emitted) +
                             " edges emitted, more than the bound of " + std::to_string(capacity));
  const auto num_edges = static_cast<std::int64_t>(emitted);

  std::int64_t* edges = allocate_edges(num_edges);
  if (num_edges == 0) return 0;
  if (edges == nullptr) throw std::runtime_error("radius_search: the edge allocator returned null");
  // The output, 2 E int64, doubles as the sort's second buffer (E keys), so no further scratch.
  cub::DoubleBuffer<std::uint64_t> sorted_pairs;
  run_cub(
      [&](void* temp, std::size_t& bytes) {
        sorted_pairs = cub::DoubleBuffer<std::uint64_t>(pair_keys.get(), reinterpret_cast<std::uint64_t*>(edges));
        return cub::DeviceRadixSort::SortKeys(temp, bytes, sorted_pairs, num_edges, 0, 2 * target_bits, stream);
      },
      stream);
  const int split_blocks = static_cast<int>(std::min<std::int64_t>(blocks_for(num_edges, threads), resident_blocks));
  split_pair_keys<<<split_blocks, threads, 0, stream>>>(sorted_pairs.Current(), num_edges, target_bits, edges);
  TRACKGNN_CUDA_CHECK_LAUNCH();
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
