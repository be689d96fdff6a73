// The CUDA "grid" radius search, through kept lists. After the cell list (shared with
// radius_search_grid_thresholds.cu):
//  1. build_kept_lists, one warp per point: a single coalesced scan of the neighbouring cells
//     gathers the rank keys (d2, index) within the radius into shared memory, and the point's
//     kept neighbours (all of them, or the k smallest keys found by a radix select) go to its row
//     of an [n, width] list, with its threshold (a key admitting exactly those, or keep-all) as
//     in radius_search_grid_thresholds.cu;
//  2. emit_kept_pairs, one thread per list slot: each undirected edge comes out once, read off the
//     lists and thresholds without measuring a distance again;
//  3. the edge count is read back and the pair keys sorted and split, as in
//     radius_search_grid_thresholds.cu.
// It replaces the thresholds search's three scans of every neighbourhood (count, select, emit) by
// one. Copies of a place beyond the k + 1 that can be kept are no candidates and get no list of
// their own: they share their place's (k + 1)-th copy's (radius_search_copies.cuh).
#include <cub/block/block_scan.cuh>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/device/check.cuh"
#include "graph_construction/device/radius_search_copies.cuh"
#include "graph_construction/device/radius_search_cells.cuh"
#include "graph_construction/device/radius_search_host.cuh"
#include "graph_construction/device/radius_search_adapter.hpp"
#include "graph_construction/device/radius_search_grid.hpp"
#include "graph_construction/device/radius_search_selection.cuh"
#include "core/device/scratch.cuh"

namespace trackgnn::cuda {
namespace {

using namespace radius_search_kernels;

constexpr unsigned kFullWarp = 0xffffffffu;
// Warps (points) per block of build_kept_lists; each holds kGatherCapacity keys in shared memory.
constexpr int kListWarpsPerBlock = 4;
constexpr int kListThreadsPerBlock = kListWarpsPerBlock * kWarpSize;
// A list slot that holds no neighbour. Its distance bits are a NaN, which no key within the
// radius has, so it is never mistaken for one.
constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};
constexpr std::uint64_t kDistanceBits = std::uint64_t{0xffffffffu} << 32;
constexpr std::uint64_t kIndexBits = 0xffffffffu;
// List slots each thread of emit_kept_pairs reads; the block stages its edges for one atomic.
constexpr int kSlotsPerEmitThread = 4;
constexpr int kSlotsPerEmitBlock = kSlotsPerEmitThread * kThreadsPerBlock;
// What a list slot may cost at worst: the kept key, its pair key if it is an edge, and that edge's
// two int64 of output.
constexpr std::uint64_t kWorstBytesPerSlot = 2 * sizeof(std::uint64_t) + 2 * sizeof(std::int64_t);

// Shared memory of one warp: the keys gathered in the scan, and a radix select's histogram.
struct WarpScratch {
  std::uint64_t gathered[kGatherCapacity];
  unsigned histogram[kRadixBins];
};

// The key that admits exactly the k smallest of the count > k distinct keys in `gathered`: a
// most-significant-digit radix select like radix_select_threshold, over shared memory instead of
// rescans, whose first digit starts at the highest bit where the keys differ (keys within one
// radius share their top bits, and each skipped digit saves a pass). A few passes of count / 32
// keys per lane, where ranking every key against all would take count * count / 32 comparisons
// per lane. Called by all lanes of the warp, which all return the key.
__device__ __forceinline__ std::uint64_t select_in_gathered(const std::uint64_t* gathered, unsigned count, int k,
                                                            int lane, unsigned* histogram) {
  std::uint64_t any = 0, every = ~std::uint64_t{0};
  for (unsigned t = lane; t < count; t += kWarpSize) {
    any |= gathered[t];
    every &= gathered[t];
  }
#pragma unroll
  for (int offset = kWarpSize / 2; offset > 0; offset /= 2) {
    any |= __shfl_xor_sync(kFullWarp, any, offset);
    every &= __shfl_xor_sync(kFullWarp, every, offset);
  }
  // Two or more distinct keys differ in some bit; above the highest such bit all keys agree.
  constexpr int kKeyBits = 64;
  const int top = kKeyBits - 1 - __clzll(static_cast<long long>(any ^ every));
  std::uint64_t prefix_mask = top == kKeyBits - 1 ? 0 : ~std::uint64_t{0} << (top + 1);
  std::uint64_t prefix = every & prefix_mask;
  unsigned remaining = static_cast<unsigned>(k);  // 1-based rank among keys matching the prefix
  // A last digit that would reach below bit 0 is moved up to it: it then overlaps bits that the
  // prefix already fixes, which the keys still counted share, so the bins stay a partition.
  for (int shift = max(top + 1 - kRadixBits, 0);; shift = max(shift - kRadixBits, 0)) {
    // Every lane has read the previous digit's histogram before it is cleared.
    __syncwarp();
    for (int b = lane; b < kRadixBins; b += kWarpSize) histogram[b] = 0;
    __syncwarp();
    for (unsigned t = lane; t < count; t += kWarpSize) {
      const std::uint64_t key = gathered[t];
      if ((key & prefix_mask) == prefix) atomicAdd(histogram + ((key >> shift) & (kRadixBins - 1)), 1u);
    }
    __syncwarp();
    const DigitChoice choice = choose_digit(histogram, remaining, lane);
    remaining -= choice.before;
    prefix |= static_cast<std::uint64_t>(choice.bin) << shift;
    prefix_mask |= static_cast<std::uint64_t>(kRadixBins - 1) << shift;
    // The chosen bin holds exactly the ranks still needed, or all 64 bits are chosen (one key).
    if (choice.in_bin == remaining || shift == 0) return prefix | ~prefix_mask;
  }
}

// One warp per sorted point p (of original index i = order[p]). Row i of `kept` ([n, width]) gets
// the keys rank_key(d2, j) of the neighbours j that i keeps, then kEmptySlot up to `width`;
// threshold[i] (by original index, as the emission looks it up from a key) gets a key that admits
// exactly the keys i keeps, or kKeepAll when it keeps every candidate. The caller makes width at
// least min(candidates, k) for every point. The sorted points are the first *num_sorted of the
// arrays (n when num_sorted is null).
template <int MaxDim>
__global__ void __launch_bounds__(kListThreadsPerBlock)
    build_kept_lists(const float* sorted_points, const unsigned* sorted_keys, const int* order, const int* cell_start,
                     const GridSpec* spec_pointer, int n, const int* num_sorted, int dim, float radius2, int k,
                     int width, std::uint64_t* kept, std::uint64_t* threshold) {
  __shared__ WarpScratch scratch[kListWarpsPerBlock];
  const int warp = threadIdx.x / kWarpSize;
  const int lane = threadIdx.x % kWarpSize;
  const int p = blockIdx.x * kListWarpsPerBlock + warp;
  // p is the same for the whole warp, so whole warps leave and the warp-wide calls below see
  // every lane.
  if (p >= (num_sorted != nullptr ? *num_sorted : n)) return;
  const GridSpec spec = *spec_pointer;
  const unsigned cell_key = sorted_keys[p];
  const int i = order[p];
  std::uint64_t* row = kept + static_cast<std::int64_t>(i) * width;
  std::uint64_t* gathered = scratch[warp].gathered;
  const unsigned lower_lanes = (1u << lane) - 1u;
  float query[MaxDim];
  load_point(sorted_points, p, dim, query);

  // Lanes read consecutive points of each run; a ballot gives every candidate its slot, so the
  // count is the same in every lane and no shared-memory atomic is needed.
  unsigned count = 0;
  for_each_neighbour_run(spec, cell_start, cell_key, [&](int begin, int end) {
    for (int base = begin; base < end; base += kWarpSize) {
      // Compared as a distance to `end`, so that base + lane is only formed when it is a point.
      const int q = lane < end - base ? base + lane : p;
      float d2 = 0.0f;
      bool within = false;
      if (q != p) {
        d2 = squared_distance(query, sorted_points + static_cast<std::int64_t>(q) * dim, dim, radius2);
        within = d2 <= radius2;  // false for NaN
      }
      const unsigned found = __ballot_sync(kFullWarp, within);
      if (within) {
        const unsigned slot = count + __popc(found & lower_lanes);
        if (slot < kGatherCapacity) gathered[slot] = rank_key(d2, order[q]);
      }
      count += __popc(found);
    }
  });
  // The gathered keys are read by other lanes than wrote them.
  __syncwarp();

  const bool crowded = count > static_cast<unsigned>(k);
  unsigned written = 0;
  if (count <= kGatherCapacity && !crowded) {
    for (unsigned t = lane; t < count; t += kWarpSize) row[t] = gathered[t];
    if (lane == 0) threshold[i] = kKeepAll;
    written = count;
  } else if (count <= kGatherCapacity) {
    const std::uint64_t limit = select_in_gathered(gathered, count, k, lane, scratch[warp].histogram);
    if (lane == 0) threshold[i] = limit;
    for (unsigned base = 0; base < count; base += kWarpSize) {
      const unsigned t = base + lane;
      const std::uint64_t key = t < count ? gathered[t] : kEmptySlot;
      const bool keep = t < count && key <= limit;
      const unsigned found = __ballot_sync(kFullWarp, keep);
      // Exactly k <= width keys pass; the bound only guards the row's end.
      const unsigned slot = written + __popc(found & lower_lanes);
      if (keep && slot < static_cast<unsigned>(width)) row[slot] = key;
      written += __popc(found);
    }
  } else {
    // Too many to gather: find the threshold (keep-all when they are still no more than k, which
    // a k above the capacity allows), then scan again and write the keys at or under it.
    const std::uint64_t limit = crowded ? radix_select_threshold(sorted_points, sorted_keys, order, cell_start, spec, p,
                                                                 query, dim, radius2, k, scratch[warp].histogram)
                                        : kKeepAll;
    if (lane == 0) threshold[i] = limit;
    for_each_neighbour_run(spec, cell_start, cell_key, [&](int begin, int end) {
      for (int base = begin; base < end; base += kWarpSize) {
        const int q = lane < end - base ? base + lane : p;
        std::uint64_t key = 0;
        bool keep = false;
        if (q != p) {
          const float d2 = squared_distance(query, sorted_points + static_cast<std::int64_t>(q) * dim, dim, radius2);
          if (d2 <= radius2) {
            key = rank_key(d2, order[q]);
            keep = key <= limit;
          }
        }
        const unsigned found = __ballot_sync(kFullWarp, keep);
        if (keep) {
          const unsigned slot = written + __popc(found & lower_lanes);
          // Exactly min(count, k) <= width keys pass; the bound only guards the row's end.
          if (slot < static_cast<unsigned>(width)) row[slot] = key;
        }
        written += __popc(found);
      }
    });
  }
  for (unsigned t = written + lane; t < static_cast<unsigned>(width); t += kWarpSize) row[t] = kEmptySlot;
}

// The row (original index of the keeping point) of list slot e.
__device__ __forceinline__ int row_of(std::int64_t e, int width, bool narrow) {
  // 32-bit division where the slots allow it: the 64-bit one is several times dearer.
  return narrow ? static_cast<int>(static_cast<unsigned>(e) / static_cast<unsigned>(width))
                : static_cast<int>(e / width);
}

// One thread per list slot (i keeps j, with key (d2, j)): the undirected edge comes out as
// pair_key(min, max) from i's list when i < j, and from i's list when i > j only if j does not
// keep i (rank_key(d2, i) above j's threshold; d2 is the same bits from either end). So an edge
// kept by both ends comes out of the lower end's list only, one kept by one end from that end's:
// each edge exactly once. A surplus copy i (shares_list_of[i] >= 0; null: there are none) reads
// the list it shares instead of its own, which was never written; no point keeps it, so each of
// its edges comes out of its row alone. The block collects its edges in shared memory, claims room
// for all of them with one atomic and writes them contiguously. Launched with kThreadsPerBlock
// threads.
__global__ void __launch_bounds__(kThreadsPerBlock)
    emit_kept_pairs(const std::uint64_t* kept, std::int64_t num_slots, int width, const std::uint64_t* threshold,
                    const int* shares_list_of, int target_bits, std::uint64_t* pair_keys,
                    unsigned long long capacity, unsigned long long* pair_count) {
  using BlockScan = cub::BlockScan<int, kThreadsPerBlock>;
  __shared__ typename BlockScan::TempStorage scan_storage;
  __shared__ std::uint64_t staged[kSlotsPerEmitBlock];
  __shared__ unsigned long long block_first;
  const bool narrow = num_slots <= static_cast<std::int64_t>(kIndexBits);
  const std::int64_t tile = static_cast<std::int64_t>(blockIdx.x) * kSlotsPerEmitBlock;

  std::uint64_t edges[kSlotsPerEmitThread];
  unsigned is_edge = 0;  // bit s: edges[s] holds an edge
#pragma unroll
  for (int s = 0; s < kSlotsPerEmitThread; ++s) {
    edges[s] = 0;
    // Consecutive threads read consecutive slots.
    const std::int64_t e = tile + s * kThreadsPerBlock + threadIdx.x;
    if (e >= num_slots) continue;
    if (shares_list_of != nullptr) {
      const int i = row_of(e, width, narrow);
      const int shared_row = shares_list_of[i];
      if (shared_row >= 0) {
        const std::uint64_t key = kept[static_cast<std::int64_t>(shared_row) * width + (e - std::int64_t{i} * width)];
        if (key == kEmptySlot) continue;
        const int j = static_cast<int>(key & kIndexBits);
        edges[s] = i < j ? pair_key(i, j, target_bits) : pair_key(j, i, target_bits);
        is_edge |= 1u << s;
        continue;
      }
    }
    const std::uint64_t key = kept[e];
    if (key == kEmptySlot) continue;
    const int i = row_of(e, width, narrow);
    const int j = static_cast<int>(key & kIndexBits);
    if (i < j) {
      edges[s] = pair_key(i, j, target_bits);
      is_edge |= 1u << s;
    } else if (((key & kDistanceBits) | static_cast<unsigned>(i)) > threshold[j]) {
      edges[s] = pair_key(j, i, target_bits);
      is_edge |= 1u << s;
    }
  }

  int offset = 0, block_total = 0;
  BlockScan(scan_storage).ExclusiveSum(__popc(is_edge), offset, block_total);
#pragma unroll
  for (int s = 0; s < kSlotsPerEmitThread; ++s)
    if (is_edge & (1u << s)) staged[offset++] = edges[s];
  if (threadIdx.x == 0 && block_total > 0)
    block_first = atomicAdd(pair_count, static_cast<unsigned long long>(block_total));
  __syncthreads();
  if (block_total == 0) return;
  const unsigned long long first = block_first;
  // Slots at or past `capacity` are dropped rather than written out of bounds; the host sees the
  // count exceed the capacity and reports it.
  for (int t = threadIdx.x; t < block_total; t += kThreadsPerBlock)
    if (first + t < capacity) pair_keys[first + t] = staged[t];
}

// The widest list any point needs, max over points of min(candidates, k), into `widest` (zeroed by
// the caller). Only run when [n, k] lists would not fit in memory. Counting stops at k.
template <int MaxDim>
__global__ void __launch_bounds__(kThreadsPerBlock)
    measure_list_width(const float* sorted_points, const unsigned* sorted_keys, const int* cell_start,
                       const GridSpec* spec_pointer, int n, const int* num_sorted, int dim, float radius2, int k,
                       unsigned* widest) {
  const int p = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned count = 0;
  // No early return: the warp maximum below needs every lane.
  if (p < (num_sorted != nullptr ? *num_sorted : n)) {
    const GridSpec spec = *spec_pointer;
    float query[MaxDim];
    load_point(sorted_points, p, dim, query);
    count = static_cast<unsigned>(
        count_neighbours_up_to(sorted_points, sorted_keys, cell_start, spec, p, query, dim, radius2, k));
  }
#pragma unroll
  for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
    count = max(count, __shfl_down_sync(kFullWarp, count, offset));
  if (threadIdx.x % kWarpSize == 0 && count > 0) atomicMax(widest, count);
}

// cell_radius: the radius the cell list is planned for; infinite, it is one cell and every point
// is compared with every other, surplus copies included (the all-pairs baseline).
template <int MaxDim>
std::int64_t search(const float* points, int n, int dim, float radius, float cell_radius, int k,
                    const EdgeAllocator& allocate_edges, Stream stream) {
  const float radius2 = radius * radius;
  const CellList<MaxDim> cells(points, n, dim, cell_radius, stream);
  std::optional<CandidateCells<MaxDim>> candidates;
  if (std::isfinite(cell_radius)) candidates.emplace(cells, n, dim, k, stream);
  const float* sorted_points = candidates ? candidates->sorted_points() : cells.sorted_points();
  const unsigned* sorted_keys = candidates ? candidates->sorted_keys() : cells.sorted_keys();
  const int* order = candidates ? candidates->order() : cells.order();
  const int* cell_start = candidates ? candidates->cell_start() : cells.cell_start();
  const int* num_sorted = candidates ? candidates->count() : nullptr;
  const int* shares_list_of = candidates ? candidates->shares_list_of() : nullptr;

  // Rows of k slots need no wait for the device. Where [n, k] lists would not fit in memory (k near
  // n, say), one counting pass finds the widest row actually needed, at the cost of one more
  // synchronisation.
  int width = k;
  if (static_cast<std::uint64_t>(std::int64_t{n} * k) > allocatable_bytes() / kWorstBytesPerSlot) {
    Scratch<unsigned> widest(1, stream);
    TRACKGNN_CUDA_CHECK(cudaMemsetAsync(widest.get(), 0, sizeof(unsigned), stream));
    measure_list_width<MaxDim><<<blocks_for(n, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(
        sorted_points, sorted_keys, cell_start, cells.spec(), n, num_sorted, dim, radius2, k, widest.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
    width = static_cast<int>(read_back(widest.get(), stream));
    if (width == 0) {  // no point has a neighbour
      allocate_edges(0);
      return 0;
    }
    if (static_cast<std::uint64_t>(std::int64_t{n} * width) > allocatable_bytes() / kWorstBytesPerSlot)
      throw std::runtime_error("radius_search: " + std::to_string(n) + " lists of up to " + std::to_string(width) +
                               " kept neighbours need more device memory than is free; lower max_neighbours or the "
                               "radius");
  }
  const std::int64_t num_slots = std::int64_t{n} * width;
  // Each slot gives at most one edge, and there are no more than n (n - 1) / 2 pairs.
  const std::int64_t capacity = std::min(num_slots, std::int64_t{n} * (n - 1) / 2);
  const int target_bits = bits_to_hold(static_cast<std::uint64_t>(n - 1));
  Scratch<std::uint64_t> pair_keys(static_cast<std::size_t>(capacity), stream);
  Scratch<unsigned long long> pair_count(1, stream);
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(pair_count.get(), 0, sizeof(unsigned long long), stream));
  {
    // The lists are released (in stream order) before the output is allocated.
    Scratch<std::uint64_t> kept(static_cast<std::size_t>(num_slots), stream);
    Scratch<std::uint64_t> threshold(n, stream);
    build_kept_lists<MaxDim><<<blocks_for(n, kListWarpsPerBlock), kListThreadsPerBlock, 0, stream>>>(
        sorted_points, sorted_keys, order, cell_start, cells.spec(), n, num_sorted, dim, radius2, k, width, kept.get(),
        threshold.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
    emit_kept_pairs<<<blocks_for(num_slots, kSlotsPerEmitBlock), kThreadsPerBlock, 0, stream>>>(
        kept.get(), num_slots, width, threshold.get(), shares_list_of, target_bits, pair_keys.get(),
        static_cast<unsigned long long>(capacity), pair_count.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
  }
  return write_sorted_edges(pair_keys.get(), pair_count.get(), capacity, target_bits, allocate_edges, stream);
}

}  // namespace

namespace {
std::int64_t run_kept_lists(const float* points, std::int64_t n, std::int64_t dim, float radius, float cell_radius,
                            std::int64_t max_neighbours, const EdgeAllocator& allocate_edges, Stream stream) {
  return run_search(points, n, dim, radius, max_neighbours, allocate_edges,
                    [&](auto max_dim, int count, int dimension, int k) {
                      return search<decltype(max_dim)::value>(points, count, dimension, radius, cell_radius, k,
                                                              allocate_edges, stream);
                    });
}
}  // namespace

std::int64_t radius_search_grid(const float* points, std::int64_t n, std::int64_t dim, float radius,
                                std::int64_t max_neighbours, const EdgeAllocator& allocate_edges, Stream stream) {
  return run_kept_lists(points, n, dim, radius, radius, max_neighbours, allocate_edges, stream);
}

std::int64_t radius_search_brute_force(const float* points, std::int64_t n, std::int64_t dim, float radius,
                                       std::int64_t max_neighbours, const EdgeAllocator& allocate_edges, Stream stream) {
  return run_kept_lists(points, n, dim, radius, std::numeric_limits<float>::infinity(), max_neighbours,
                        allocate_edges, stream);
}

namespace {

// On a cuda device "grid" is the kept-lists search: one warp per point scans its cells once and
// keeps its nearest in a list; same edge set as the host grid. "brute_force" is the same search
// over a single cell holding every point.
TRACKGNN_REGISTER_ON_DEVICE(RadiusSearchRegistry, "grid", DeviceKind::cuda, [](Device) {
  return std::make_unique<CudaFunctionRadiusSearch>("grid (cuda)", radius_search_grid);
});
TRACKGNN_REGISTER_ON_DEVICE(RadiusSearchRegistry, "brute_force", DeviceKind::cuda, [](Device) {
  return std::make_unique<CudaFunctionRadiusSearch>("brute_force (cuda)", radius_search_brute_force);
});

}  // namespace
}  // namespace trackgnn::cuda
