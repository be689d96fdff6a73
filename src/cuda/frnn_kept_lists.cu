// Fixed-radius search through kept lists. After the cell list (shared with frnn.cu):
//  1. build_kept_lists, one warp per point: a single coalesced scan of the neighbouring cells
//     gathers the rank keys (d2, index) within the radius into shared memory, and the point's
//     kept neighbours (all of them, or the k smallest keys) go to its row of an [n, width] list,
//     with its threshold (the k-th key, or keep-all) as in frnn.cu;
//  2. emit_kept_pairs, one thread per list slot: each undirected edge comes out once, read off the
//     lists and thresholds without measuring a distance again;
//  3. the edge count is read back and the pair keys sorted and split, as in frnn.cu.
// It replaces frnn.cu's three scans of every neighbourhood (count, select, emit) by one.
#include <algorithm>
#include <cstdint>
#include <cub/block/block_scan.cuh>
#include <stdexcept>
#include <string>

#include "cuda/check.cuh"
#include "cuda/frnn_grid.cuh"
#include "cuda/frnn_host.cuh"
#include "cuda/frnn_kept_lists.hpp"
#include "cuda/frnn_select.cuh"
#include "cuda/scratch.cuh"

namespace trackgnn::cuda {
namespace {

using namespace frnn;

constexpr unsigned kFullWarp = 0xffffffffu;
// Warps (points) per block of build_kept_lists; each holds kGatherCapacity keys in shared memory.
constexpr int kListWarpsPerBlock = 4;
constexpr int kListThreadsPerBlock = kListWarpsPerBlock * kWarpSize;
// Gathered keys each lane ranks when a point has more than k candidates (a multiple of the warp).
constexpr int kRankedKeysPerLane = static_cast<int>(kGatherCapacity) / kWarpSize;
static_assert(kRankedKeysPerLane * kWarpSize == static_cast<int>(kGatherCapacity),
              "the gather capacity must be a whole number of keys per lane");
static_assert(kRadixBins * sizeof(unsigned) <= kGatherCapacity * sizeof(std::uint64_t),
              "the radix histogram reuses the gathered keys' shared memory");
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

// Shared memory of one warp: the gathered keys, or once they have been given up (too many to
// gather), the radix select's histogram.
union WarpScratch {
  std::uint64_t gathered[kGatherCapacity];
  unsigned histogram[kRadixBins];
};

// k < count <= kGatherCapacity keys are in `gathered`: each lane ranks Groups of them (keys lane,
// lane + 32, ...) against all, by counting the smaller ones, and writes those of rank < k to
// row[rank], so the list comes out sorted. Keys are distinct (they end in the point index), so
// the ranks are exactly 0..count-1 and the key of rank k - 1 is the threshold. Ranking in
// registers reads each gathered key once per lane rather than once per key and lane; Groups, the
// fewest that hold `count`, is a compile-time constant so that the keys stay in registers.
template <int Groups = 1>
__device__ __forceinline__ void keep_smallest_gathered(const std::uint64_t* gathered, unsigned count, int k, int lane,
                                                       std::uint64_t* row, std::uint64_t* threshold) {
  if constexpr (Groups < kRankedKeysPerLane) {
    if (count > static_cast<unsigned>(Groups * kWarpSize))
      return keep_smallest_gathered<Groups + 1>(gathered, count, k, lane, row, threshold);
  }
  std::uint64_t own[Groups];
  unsigned smaller[Groups];
#pragma unroll
  for (int g = 0; g < Groups; ++g) {
    const unsigned t = lane + g * kWarpSize;
    own[g] = t < count ? gathered[t] : kEmptySlot;
    smaller[g] = 0;
  }
#pragma unroll 4
  for (unsigned u = 0; u < count; ++u) {
    const std::uint64_t other = gathered[u];
#pragma unroll
    for (int g = 0; g < Groups; ++g) smaller[g] += other < own[g] ? 1u : 0u;
  }
#pragma unroll
  for (int g = 0; g < Groups; ++g) {
    if (lane + g * kWarpSize >= count || smaller[g] >= static_cast<unsigned>(k)) continue;
    row[smaller[g]] = own[g];
    if (smaller[g] == static_cast<unsigned>(k - 1)) *threshold = own[g];
  }
}

// One warp per sorted point p (of original index i = order[p]). Row i of `kept` ([n, width]) gets
// the keys rank_key(d2, j) of the neighbours j that i keeps, then kEmptySlot up to `width`;
// threshold[i] (by original index, as the emission looks it up from a key) gets the largest key i
// keeps, or kKeepAll when it keeps every candidate. width >= min(candidates, k) for every point.
template <int MaxDim>
__global__ void __launch_bounds__(kListThreadsPerBlock)
    build_kept_lists(const float* sorted_points, const unsigned* sorted_keys, const int* order, const int* cell_start,
                     const GridSpec* spec_pointer, int n, int dim, float radius2, int k, int width, std::uint64_t* kept,
                     std::uint64_t* threshold) {
  __shared__ WarpScratch scratch[kListWarpsPerBlock];
  const int warp = threadIdx.x / kWarpSize;
  const int lane = threadIdx.x % kWarpSize;
  const int p = blockIdx.x * kListWarpsPerBlock + warp;
  // p is the same for the whole warp, so whole warps leave and the warp-wide calls below see
  // every lane.
  if (p >= n) return;
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
    keep_smallest_gathered(gathered, count, k, lane, row, threshold + i);
    written = static_cast<unsigned>(k);
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
// each edge exactly once. The block collects its edges in shared memory, claims room for all of
// them with one atomic and writes them contiguously. Launched with kThreadsPerBlock threads.
__global__ void __launch_bounds__(kThreadsPerBlock)
    emit_kept_pairs(const std::uint64_t* kept, std::int64_t num_slots, int width, const std::uint64_t* threshold,
                    int target_bits, std::uint64_t* pair_keys, unsigned long long capacity,
                    unsigned long long* pair_count) {
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
                       const GridSpec* spec_pointer, int n, int dim, float radius2, int k, unsigned* widest) {
  const int p = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned count = 0;
  // No early return: the warp maximum below needs every lane.
  if (p < n) {
    const GridSpec spec = *spec_pointer;
    float query[MaxDim];
    load_point(sorted_points, p, dim, query);
    for_each_neighbour_run(spec, cell_start, sorted_keys[p], [&](int begin, int end) {
      for (int q = begin; q < end && count < static_cast<unsigned>(k); ++q) {
        if (q == p) continue;
        if (squared_distance(query, sorted_points + static_cast<std::int64_t>(q) * dim, dim, radius2) <= radius2)
          ++count;
      }
    });
  }
#pragma unroll
  for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
    count = max(count, __shfl_down_sync(kFullWarp, count, offset));
  if (threadIdx.x % kWarpSize == 0 && count > 0) atomicMax(widest, count);
}

template <int MaxDim>
std::int64_t search(const float* points, int n, int dim, float radius, int k, const EdgeAllocator& allocate_edges,
                    Stream stream) {
  const float radius2 = radius * radius;
  const CellList<MaxDim> cells(points, n, dim, radius, stream);

  // Rows of k slots need no wait for the device. Where [n, k] lists would not fit in memory (k near
  // n, say), one counting pass finds the widest row actually needed, at the cost of one more
  // synchronisation.
  int width = k;
  if (static_cast<std::uint64_t>(std::int64_t{n} * k) > allocatable_bytes() / kWorstBytesPerSlot) {
    Scratch<unsigned> widest(1, stream);
    TRACKGNN_CUDA_CHECK(cudaMemsetAsync(widest.get(), 0, sizeof(unsigned), stream));
    measure_list_width<MaxDim><<<blocks_for(n, kThreadsPerBlock), kThreadsPerBlock, 0, stream>>>(
        cells.sorted_points(), cells.sorted_keys(), cells.cell_start(), cells.spec(), n, dim, radius2, k, widest.get());
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
        cells.sorted_points(), cells.sorted_keys(), cells.order(), cells.cell_start(), cells.spec(), n, dim, radius2, k,
        width, kept.get(), threshold.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
    emit_kept_pairs<<<blocks_for(num_slots, kSlotsPerEmitBlock), kThreadsPerBlock, 0, stream>>>(
        kept.get(), num_slots, width, threshold.get(), target_bits, pair_keys.get(),
        static_cast<unsigned long long>(capacity), pair_count.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
  }
  return write_sorted_edges(pair_keys.get(), pair_count.get(), capacity, target_bits, allocate_edges, stream);
}

}  // namespace

std::int64_t radius_search_kept_lists(const float* points, std::int64_t n, std::int64_t dim, float radius,
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
