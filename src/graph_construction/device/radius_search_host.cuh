#pragma once
// The host side that every fixed-radius search on the GPU shares: argument checks, device
// queries, the cell list (grid planned, points sorted by cell, cell-start table) built on the
// device with no host synchronisation, and the final step from unordered pair keys to the sorted
// [2, E] edge list.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cub/device/device_radix_sort.cuh>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/device/check.cuh"
#include "graph_construction/device/radius_search_cuda.hpp"
#include "graph_construction/device/radius_search_cells.cuh"
#include "graph_construction/device/radius_search_selection.cuh"
#include "core/device/scratch.cuh"

namespace trackgnn::cuda::radius_search_kernels {
// Internal to each search's translation unit: these helpers launch that unit's static kernels.
namespace {

constexpr std::int64_t kMaxDimension = 16;
// Resident blocks per multiprocessor aimed at by the grid-stride kernels.
constexpr int kBlocksPerMultiprocessor = 16;

inline int multiprocessor_count() {
  int count = 0;
  TRACKGNN_CUDA_CHECK(cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, current_device()));
  return count;
}

// Device memory a new allocation can get: the driver's free memory plus what the stream-ordered
// pool holds without using it (device_memory.cu keeps freed pool memory, up to 1/8 of the device).
inline std::uint64_t allocatable_bytes() {
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

// Point indices are int in the kernels, whose warp loops step 32 past the last index.
constexpr std::int64_t kMaxPoints = std::numeric_limits<int>::max() - 64;

inline void validate(const float* points, std::int64_t n, std::int64_t dim, float radius, std::int64_t max_neighbours) {
  if (n < 0 || n > kMaxPoints)
    throw std::invalid_argument("radius_search: number of points " + std::to_string(n) + " outside [0, " +
                                std::to_string(kMaxPoints) + "]");
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

// The entry of every search: the checks, the cases with no edges, k capped at n - 1 (no point has
// more candidates, so a larger k changes nothing), and the register size of a point: three
// compile-time sizes cover dim <= 16. search(std::integral_constant<int, MaxDim>, n, dim, k) runs
// the search itself.
template <typename Search>
std::int64_t run_search(const float* points, std::int64_t n, std::int64_t dim, float radius,
                        std::int64_t max_neighbours, const EdgeAllocator& allocate_edges, const Search& search) {
  validate(points, n, dim, radius, max_neighbours);
  if (n < 2 || max_neighbours == 0) {
    allocate_edges(0);
    return 0;
  }
  const int k = static_cast<int>(std::min<std::int64_t>(max_neighbours, n - 1));
  const int count = static_cast<int>(n);
  const int dimension = static_cast<int>(dim);
  if (dim <= 4) return search(std::integral_constant<int, 4>{}, count, dimension, k);
  if (dim <= 8) return search(std::integral_constant<int, 8>{}, count, dimension, k);
  return search(std::integral_constant<int, 16>{}, count, dimension, k);
}

inline std::int64_t cell_budget_for(int n) {
  return std::clamp<std::int64_t>(kMaxCellsPerPoint * n, kMinCellBudget, std::int64_t{1} << 30);
}

// The points sorted by cell and what a search needs to visit a point's neighbouring cells.
// Everything lives in the stream-ordered pool and is freed in stream order.
template <int MaxDim>
class CellList {
 public:
  CellList(const float* points, int n, int dim, float radius, Stream stream)
      : spec_(1, stream),
        sorted_keys_(n, stream),
        order_(n, stream),
        cell_start_(cell_budget_for(n) + 1, stream),
        sorted_points_(static_cast<std::size_t>(n) * dim, stream) {
    const int threads = kThreadsPerBlock;
    const int point_blocks = static_cast<int>(blocks_for(n, threads));
    const int resident_blocks = multiprocessor_count() * kBlocksPerMultiprocessor;
    const std::int64_t cell_budget = cell_budget_for(n);

    // Grid plan: extents, then axes and cell widths, all on the device.
    Scratch<int> bounds(2 * dim, stream);
    reset_bounds<<<1, kMaxDimension, 0, stream>>>(bounds.get(), bounds.get() + dim, dim);
    TRACKGNN_CUDA_CHECK_LAUNCH();
    reduce_bounds<MaxDim><<<std::min(point_blocks, resident_blocks), threads, 0, stream>>>(points, n, dim, bounds.get(),
                                                                                           bounds.get() + dim);
    TRACKGNN_CUDA_CHECK_LAUNCH();
    plan_grid<<<1, 1, 0, stream>>>(bounds.get(), bounds.get() + dim, dim, radius, cell_budget, spec_.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();

    // Cell list: points sorted by cell key, a dense table of where each cell starts.
    Scratch<unsigned> keys(n, stream);
    Scratch<int> identity(n, stream);
    compute_cell_keys<<<point_blocks, threads, 0, stream>>>(points, n, dim, spec_.get(), keys.get(), identity.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
    const int key_bits = bits_to_hold(static_cast<std::uint64_t>(cell_budget - 1));
    run_cub(
        [&](void* temp, std::size_t& bytes) {
          return cub::DeviceRadixSort::SortPairs(temp, bytes, keys.get(), sorted_keys_.get(), identity.get(),
                                                 order_.get(), n, 0, key_bits, stream);
        },
        stream);
    const std::int64_t table_size = cell_budget + 1;
    find_cell_starts<<<blocks_for(table_size, threads), threads, 0, stream>>>(sorted_keys_.get(), n, spec_.get(),
                                                                              cell_start_.get(), table_size);
    TRACKGNN_CUDA_CHECK_LAUNCH();
    gather_points<<<blocks_for(std::int64_t{n} * dim, threads), threads, 0, stream>>>(points, order_.get(), n, dim,
                                                                                      sorted_points_.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
  }

  const GridSpec* spec() const { return spec_.get(); }
  // Cell key of each sorted position.
  const unsigned* sorted_keys() const { return sorted_keys_.get(); }
  // Original index of each sorted position.
  const int* order() const { return order_.get(); }
  // First sorted position of each cell (num_cells + 1 entries used).
  const int* cell_start() const { return cell_start_.get(); }
  // The points in sorted order, [n, dim].
  const float* sorted_points() const { return sorted_points_.get(); }

 private:
  Scratch<GridSpec> spec_;
  Scratch<unsigned> sorted_keys_;
  Scratch<int> order_;
  Scratch<int> cell_start_;
  Scratch<float> sorted_points_;
};

// The searches append each edge once as a pair_key to `pair_keys` (room for `capacity`) and count
// them in `pair_count`. Reads the count back (the search's one necessary synchronisation: the
// caller allocates the result), then radix-sorts the keys over the 2 * target_bits bits they use
// and splits them into [2, E]. Returns E.
inline std::int64_t write_sorted_edges(std::uint64_t* pair_keys, const unsigned long long* pair_count,
                                       std::int64_t capacity, int target_bits, const EdgeAllocator& allocate_edges,
                                       Stream stream) {
  const unsigned long long emitted = read_back(pair_count, stream);
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
        sorted_pairs = cub::DoubleBuffer<std::uint64_t>(pair_keys, reinterpret_cast<std::uint64_t*>(edges));
        return cub::DeviceRadixSort::SortKeys(temp, bytes, sorted_pairs, num_edges, 0, 2 * target_bits, stream);
      },
      stream);
  const int threads = kThreadsPerBlock;
  const int resident_blocks = multiprocessor_count() * kBlocksPerMultiprocessor;
  const int split_blocks = static_cast<int>(std::min<std::int64_t>(blocks_for(num_edges, threads), resident_blocks));
  split_pair_keys<<<split_blocks, threads, 0, stream>>>(sorted_pairs.Current(), num_edges, target_bits, edges);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  return num_edges;
}

}  // namespace
}  // namespace trackgnn::cuda::radius_search_kernels
