#pragma once
// Which neighbours the fixed-radius search keeps. Each point's k nearest within the radius (ties
// by index) are those whose key (d2, index) is <= the point's threshold key, so one 64-bit
// threshold per point decides both directions of every pair without storing candidate lists:
// pair (i, j) is an edge when j is among i's kept neighbours or i among j's.
// Kernels that are not templates are static: more than one search includes this header.
#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include <cstdint>

#include "graph_construction/device/radius_search_cells.cuh"

namespace trackgnn::cuda::radius_search_kernels {

// Squared distances are never negative, so their bit patterns sort as unsigned integers.
__device__ __forceinline__ std::uint64_t rank_key(float distance2, int index) {
  return (static_cast<std::uint64_t>(__float_as_uint(distance2)) << 32) | static_cast<unsigned>(index);
}
// The threshold of a point with no more than k candidates: every candidate is kept.
constexpr std::uint64_t kKeepAll = ~std::uint64_t{0};

constexpr int kThreadsPerBlock = 256;
constexpr int kSelectWarpsPerBlock = 4;
constexpr int kRadixBits = 8;
constexpr int kRadixBins = 1 << kRadixBits;
constexpr int kWarpSize = 32;
constexpr int kBinsPerLane = kRadixBins / kWarpSize;
// Keys within the radius that a warp keeps in shared memory for the direct selection.
constexpr unsigned kGatherCapacity = 256;

// Sums `value` over the warp into `total` with one atomic. Every lane of the warp must call it.
__device__ __forceinline__ void add_warp_sum(unsigned long long value, unsigned long long* total) {
#pragma unroll
  for (int offset = kWarpSize / 2; offset > 0; offset /= 2) value += __shfl_down_sync(0xffffffffu, value, offset);
  if (threadIdx.x % kWarpSize == 0 && value != 0) atomicAdd(total, value);
}

// The neighbours of sorted point p (query: its coordinates) within the radius, counted one thread
// per point up to `cap`: the scan stops there.
template <int MaxDim>
__device__ __forceinline__ int count_neighbours_up_to(const float* sorted_points, const unsigned* sorted_keys,
                                                      const int* cell_start, const GridSpec& spec, int p,
                                                      const float (&query)[MaxDim], int dim, float radius2, int cap) {
  int count = 0;
  for_each_neighbour_run(spec, cell_start, sorted_keys[p], [&](int begin, int end) {
    for (int q = begin; q < end && count < cap; ++q) {
      if (q == p) continue;
      if (squared_distance(query, sorted_points + static_cast<std::int64_t>(q) * dim, dim, radius2) <= radius2)
        ++count;
    }
  });
  return count;
}

// Calls visit(key) with the rank key of each neighbour of sorted point p within the radius, the
// lanes of a warp taking consecutive points of each run.
template <int MaxDim, typename Visitor>
__device__ __forceinline__ void for_each_neighbour_key(const float* sorted_points, const unsigned* sorted_keys,
                                                       const int* order, const int* cell_start, const GridSpec& spec,
                                                       int p, const float (&query)[MaxDim], int dim, float radius2,
                                                       int lane, const Visitor& visit) {
  for_each_neighbour_run(spec, cell_start, sorted_keys[p], [&](int begin, int end) {
    for (int q = begin + lane; q < end; q += kWarpSize) {
      if (q == p) continue;
      const float d2 = squared_distance(query, sorted_points + static_cast<std::int64_t>(q) * dim, dim, radius2);
      if (!(d2 <= radius2)) continue;
      visit(rank_key(d2, order[q]));
    }
  });
}

// Points with at most k candidates keep them all; the others are queued for a selection.
// Counting stops at k + 1: in a dense cluster most of the scan is skipped. When `kept_total` is
// not null it receives the number of neighbours all points keep together, a bound on the edges
// that is at most twice their number (an edge is kept by one or both of its ends).
template <int MaxDim>
__global__ void classify_points(const float* sorted_points, const unsigned* sorted_keys, const int* cell_start,
                                const GridSpec* spec_pointer, int n, int dim, float radius2, int k,
                                std::uint64_t* threshold, int* crowded, int* crowded_count,
                                unsigned long long* kept_total) {
  const int p = blockIdx.x * blockDim.x + threadIdx.x;
  int kept = 0;
  // No early return: the warp sum below needs every lane.
  if (p < n) {
    const GridSpec spec = *spec_pointer;
    float query[MaxDim];
    load_point(sorted_points, p, dim, query);
    const int count =
        count_neighbours_up_to(sorted_points, sorted_keys, cell_start, spec, p, query, dim, radius2, k + 1);
    if (count > k) {
      crowded[atomicAdd(crowded_count, 1)] = p;
      kept = k;
    } else {
      threshold[p] = kKeepAll;
      kept = count;
    }
  }
  if (kept_total != nullptr) add_warp_sum(static_cast<unsigned long long>(kept), kept_total);
}

// One digit of a radix select: the bin of a warp's kRadixBins-counter histogram that holds the
// key of 1-based rank `remaining`, how many keys the bins before it hold, and how many it holds.
// Called by all lanes of the warp, which all return the same choice.
struct DigitChoice {
  unsigned bin, before, in_bin;
};
__device__ __forceinline__ DigitChoice choose_digit(const unsigned* histogram, unsigned remaining, int lane) {
  unsigned own[kBinsPerLane];
  unsigned own_total = 0;
#pragma unroll
  for (int b = 0; b < kBinsPerLane; ++b) {
    own[b] = histogram[lane * kBinsPerLane + b];
    own_total += own[b];
  }
  unsigned inclusive = own_total;
#pragma unroll
  for (int offset = 1; offset < kWarpSize; offset *= 2) {
    const unsigned other = __shfl_up_sync(0xffffffffu, inclusive, offset);
    if (lane >= offset) inclusive += other;
  }
  const int owner = __ffs(__ballot_sync(0xffffffffu, inclusive >= remaining)) - 1;
  DigitChoice choice{0, 0, 0};
  if (lane == owner) {
    unsigned running = inclusive - own_total;
    for (int b = 0; b < kBinsPerLane; ++b) {
      if (running + own[b] >= remaining) {
        choice = {static_cast<unsigned>(lane * kBinsPerLane + b), running, own[b]};
        break;
      }
      running += own[b];
    }
  }
  choice.bin = __shfl_sync(0xffffffffu, choice.bin, owner);
  choice.before = __shfl_sync(0xffffffffu, choice.before, owner);
  choice.in_bin = __shfl_sync(0xffffffffu, choice.in_bin, owner);
  return choice;
}

// The key that admits exactly the k smallest keys within the radius of sorted point p, when they
// are too many to gather: a most-significant-digit radix select rescans once per byte,
// histogramming the keys that share the digits chosen so far, and stops as soon as the chosen bin
// holds exactly the ranks still needed: any key that admits that whole bin is an exact threshold.
// Called by all lanes of a warp, which all return the result; `histogram` is the warp's
// kRadixBins counters in shared memory.
template <int MaxDim>
__device__ __forceinline__ std::uint64_t radix_select_threshold(const float* sorted_points, const unsigned* sorted_keys,
                                                                const int* order, const int* cell_start,
                                                                const GridSpec& spec, int p,
                                                                const float (&query)[MaxDim], int dim, float radius2,
                                                                int k, unsigned* histogram) {
  const int lane = threadIdx.x % kWarpSize;
  unsigned remaining = static_cast<unsigned>(k);  // 1-based rank among keys matching the prefix
  std::uint64_t prefix = 0;
  std::uint64_t prefix_mask = 0;
  std::uint64_t result = 0;
  for (int shift = 64 - kRadixBits; shift >= 0; shift -= kRadixBits) {
    // Every lane has read the histogram (the previous digit's, or the caller's use of the
    // memory) before it is cleared.
    __syncwarp();
    for (int b = lane; b < kRadixBins; b += kWarpSize) histogram[b] = 0;
    __syncwarp();
    for_each_neighbour_key(sorted_points, sorted_keys, order, cell_start, spec, p, query, dim, radius2, lane,
                           [&](std::uint64_t key) {
                             if ((key & prefix_mask) == prefix)
                               atomicAdd(histogram + ((key >> shift) & (kRadixBins - 1)), 1u);
                           });
    __syncwarp();
    const DigitChoice choice = choose_digit(histogram, remaining, lane);
    const unsigned bin = choice.bin, before = choice.before, in_bin = choice.in_bin;
    remaining -= before;
    prefix |= static_cast<std::uint64_t>(bin) << shift;
    prefix_mask |= static_cast<std::uint64_t>(kRadixBins - 1) << shift;
    if (in_bin == remaining || shift == 0) {
      result = prefix | ~prefix_mask;
      break;
    }
  }
  return result;
}

// One warp per crowded point finds its k-th smallest key. A first scan gathers the keys within
// the radius into shared memory; when they fit (the usual case), the key of rank k is found
// there by counting, with no further scan. Otherwise radix_select_threshold rescans once per
// digit.
template <int MaxDim>
__global__ void select_thresholds(const float* sorted_points, const unsigned* sorted_keys, const int* order,
                                  const int* cell_start, const GridSpec* spec_pointer, int dim, float radius2, int k,
                                  const int* crowded, const int* crowded_count, std::uint64_t* threshold) {
  __shared__ unsigned histograms[kSelectWarpsPerBlock][kRadixBins];
  __shared__ std::uint64_t gathered_keys[kSelectWarpsPerBlock][kGatherCapacity];
  __shared__ unsigned gathered_counts[kSelectWarpsPerBlock];
  const int warp = threadIdx.x / kWarpSize;
  const int lane = threadIdx.x % kWarpSize;
  unsigned* histogram = histograms[warp];
  std::uint64_t* gathered = gathered_keys[warp];
  const GridSpec spec = *spec_pointer;
  const int total = *crowded_count;
  for (int w = blockIdx.x * kSelectWarpsPerBlock + warp; w < total; w += gridDim.x * kSelectWarpsPerBlock) {
    const int p = crowded[w];
    float query[MaxDim];
    load_point(sorted_points, p, dim, query);

    if (lane == 0) gathered_counts[warp] = 0;
    __syncwarp();
    for_each_neighbour_key(sorted_points, sorted_keys, order, cell_start, spec, p, query, dim, radius2, lane,
                           [&](std::uint64_t key) {
                             const unsigned slot = atomicAdd(gathered_counts + warp, 1u);
                             if (slot < kGatherCapacity) gathered[slot] = key;
                           });
    __syncwarp();
    const unsigned candidates = gathered_counts[warp];
    if (candidates <= kGatherCapacity) {
      // Keys are distinct (they end in the point index): exactly one has k - 1 smaller keys.
      for (unsigned t = lane; t < candidates; t += kWarpSize) {
        const std::uint64_t key = gathered[t];
        unsigned smaller = 0;
        for (unsigned u = 0; u < candidates; ++u) smaller += gathered[u] < key ? 1u : 0u;
        if (smaller == static_cast<unsigned>(k - 1)) threshold[p] = key;
      }
      __syncwarp();
      continue;
    }

    const std::uint64_t result = radix_select_threshold(sorted_points, sorted_keys, order, cell_start, spec, p, query,
                                                        dim, radius2, k, histogram);
    if (lane == 0) threshold[p] = result;
    __syncwarp();
  }
}

// An edge (i, j), i < j, as one key that sorts like the pair: i above `target_bits` bits of j.
__device__ __forceinline__ std::uint64_t pair_key(int i, int j, int target_bits) {
  return (static_cast<std::uint64_t>(i) << target_bits) | static_cast<unsigned>(j);
}

// Keys a thread collects in shared memory before it claims room for them in the global list, so
// that the one global counter sees an atomic per flush of a group of lanes instead of per edge.
constexpr int kStagedPairsPerThread = 8;
using StagedPairs = std::uint64_t[kStagedPairsPerThread][kThreadsPerBlock];

// Slots at or past `capacity` are dropped rather than written out of bounds; the host sees the
// count exceed the capacity and reports it.
__device__ __forceinline__ void write_staged(const StagedPairs& staged, int count, unsigned long long first,
                                             std::uint64_t* pair_keys, unsigned long long capacity) {
  for (int s = 0; s < count; ++s)
    if (first + s < capacity) pair_keys[first + s] = staged[s][threadIdx.x];
}

// Appends every edge (i, j), i < j, once to `pair_keys` (in no particular order; sorted
// afterwards) and counts them in `pair_count`. The thread of point i visits each j of its
// neighbouring cells once, the cells being distinct. Launched with kThreadsPerBlock threads.
template <int MaxDim>
__global__ void __launch_bounds__(kThreadsPerBlock)
    emit_pairs(const float* sorted_points, const unsigned* sorted_keys, const int* order, const int* cell_start,
               const GridSpec* spec_pointer, int n, int dim, float radius2, const std::uint64_t* threshold,
               int target_bits, std::uint64_t* pair_keys, unsigned long long capacity, unsigned long long* pair_count) {
  namespace cg = cooperative_groups;
  // [slot][thread]: the lanes of a warp storing at once hit consecutive words.
  __shared__ StagedPairs staged;
  const int p = blockIdx.x * blockDim.x + threadIdx.x;
  int staged_count = 0;
  // No early return: the final flush below needs every lane.
  if (p < n) {
    const GridSpec spec = *spec_pointer;
    const int i = order[p];
    const std::uint64_t own_threshold = threshold[p];
    float query[MaxDim];
    load_point(sorted_points, p, dim, query);
    for_each_neighbour_run(spec, cell_start, sorted_keys[p], [&](int begin, int end) {
      for (int q = begin; q < end; ++q) {
        const int j = order[q];
        if (j <= i) continue;
        const float d2 = squared_distance(query, sorted_points + static_cast<std::int64_t>(q) * dim, dim, radius2);
        if (!(d2 <= radius2)) continue;
        if (!(rank_key(d2, j) <= own_threshold || rank_key(d2, i) <= threshold[q])) continue;
        staged[staged_count][threadIdx.x] = pair_key(i, j, target_bits);
        if (++staged_count < kStagedPairsPerThread) continue;
        // The lanes that fill their stage in the same step share one atomic.
        const cg::coalesced_group flushing = cg::coalesced_threads();
        unsigned long long first = 0;
        if (flushing.thread_rank() == 0)
          first = atomicAdd(pair_count, static_cast<unsigned long long>(flushing.size()) * kStagedPairsPerThread);
        first =
            flushing.shfl(first, 0) + static_cast<unsigned long long>(flushing.thread_rank()) * kStagedPairsPerThread;
        write_staged(staged, kStagedPairsPerThread, first, pair_keys, capacity);
        staged_count = 0;
      }
    });
  }
  // What is left in the stages: a warp scan places every lane's keys after one atomic.
  const int lane = threadIdx.x % kWarpSize;
  int inclusive = staged_count;
#pragma unroll
  for (int offset = 1; offset < kWarpSize; offset *= 2) {
    const int other = __shfl_up_sync(0xffffffffu, inclusive, offset);
    if (lane >= offset) inclusive += other;
  }
  const int warp_total = __shfl_sync(0xffffffffu, inclusive, kWarpSize - 1);
  unsigned long long first = 0;
  if (lane == kWarpSize - 1 && warp_total > 0)
    first = atomicAdd(pair_count, static_cast<unsigned long long>(warp_total));
  first = __shfl_sync(0xffffffffu, first, kWarpSize - 1) + static_cast<unsigned long long>(inclusive - staged_count);
  write_staged(staged, staged_count, first, pair_keys, capacity);
}

// Sorted pair keys to the [2, E] edge list. `keys` may be the first E slots of `edges` itself:
// each thread reads its key before writing that slot, and the targets go to the second half,
// which holds no key.
static __global__ void split_pair_keys(const std::uint64_t* keys, std::int64_t num_edges, int target_bits,
                                       std::int64_t* edges) {
  const std::uint64_t target_mask = (std::uint64_t{1} << target_bits) - 1;
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t e = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; e < num_edges; e += stride) {
    const std::uint64_t key = keys[e];
    edges[e] = static_cast<std::int64_t>(key >> target_bits);
    edges[num_edges + e] = static_cast<std::int64_t>(key & target_mask);
  }
}

}  // namespace trackgnn::cuda::radius_search_kernels
