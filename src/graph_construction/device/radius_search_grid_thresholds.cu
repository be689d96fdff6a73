// Fixed-radius neighbour search on the GPU. The grid is planned, built and searched on the
// device; the only host synchronisation reads the number of edges, which the caller needs to
// allocate the result (plus one more in the rare case that n * k candidate pairs would not fit in
// device memory). Unlike the kept-lists search ("grid"), it measures every copy of a place, so a
// cloud of identical points costs it n^2 distances; it is the comparison, not the default.
#include <cub/device/device_radix_sort.cuh>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/device/check.cuh"
#include "graph_construction/device/radius_search_adapter.hpp"
#include "graph_construction/device/radius_search_cuda.hpp"
#include "graph_construction/device/radius_search_host.cuh"
#include "graph_construction/device/radius_search_cells.cuh"
#include "graph_construction/device/radius_search_selection.cuh"
#include "core/device/scratch.cuh"

namespace trackgnn::cuda {
namespace {

using namespace radius_search_kernels;

// What a candidate pair may cost at worst: its 64-bit key, and if it is an edge, two int64 of output.
constexpr std::uint64_t kWorstBytesPerBoundPair = sizeof(std::uint64_t) + 2 * sizeof(std::int64_t);

template <int MaxDim>
std::int64_t search(const float* points, int n, int dim, float radius, int k, const EdgeAllocator& allocate_edges,
                    Stream stream) {
  const float radius2 = radius * radius;
  const int threads = kThreadsPerBlock;
  const int point_blocks = static_cast<int>(blocks_for(n, threads));
  const int resident_blocks = multiprocessor_count() * kBlocksPerMultiprocessor;
  const CellList<MaxDim> cells(points, n, dim, radius, stream);
  const float* sorted_points = cells.sorted_points();
  const unsigned* sorted_keys = cells.sorted_keys();
  const int* order = cells.order();
  const int* cell_start = cells.cell_start();
  const GridSpec* spec = cells.spec();

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
      sorted_points, sorted_keys, cell_start, spec, n, dim, radius2, k, threshold.get(),
      crowded.get(), crowded_count.get(), kept_total.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  const int select_blocks =
      static_cast<int>(std::min<std::int64_t>(blocks_for(n, kSelectWarpsPerBlock), resident_blocks));
  select_thresholds<MaxDim><<<select_blocks, kSelectWarpsPerBlock * kWarpSize, 0, stream>>>(
      sorted_points, sorted_keys, order, cell_start, spec, dim, radius2, k,
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
      sorted_points, sorted_keys, order, cell_start, spec, n, dim, radius2,
      threshold.get(), target_bits, pair_keys.get(), static_cast<unsigned long long>(capacity), pair_count.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  return write_sorted_edges(pair_keys.get(), pair_count.get(), capacity, target_bits, allocate_edges, stream);
}

}  // namespace

std::int64_t radius_search_grid_thresholds(const float* points, std::int64_t n, std::int64_t dim, float radius,
                                           std::int64_t max_neighbours, const EdgeAllocator& allocate_edges,
                                           Stream stream) {
  return run_search(points, n, dim, radius, max_neighbours, allocate_edges,
                    [&](auto max_dim, int count, int dimension, int k) {
                      return search<decltype(max_dim)::value>(points, count, dimension, radius, k, allocate_edges,
                                                              stream);
                    });
}

namespace {

// The comparison for the CUDA "grid": each point's k-th nearest distance first, then a second
// scan of its neighbourhood for the neighbours within it.
TRACKGNN_REGISTER_ON_DEVICE(RadiusSearchRegistry, "grid_thresholds", DeviceKind::cuda, [](Device) {
  return std::make_unique<CudaFunctionRadiusSearch>("grid_thresholds (cuda)", radius_search_grid_thresholds);
});

}  // namespace
}  // namespace trackgnn::cuda
