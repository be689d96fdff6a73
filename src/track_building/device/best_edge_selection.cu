// Best-edge selection on the GPU, four steps on the event's stream and no host synchronisation:
// the passing edges' keys source * N + target are radix-sorted, so "is there an edge v -> w" is
// a binary search and the edges leaving u are one contiguous run; each passing edge checks
// whether it is a shortcut (u -> v -> w exists); each remaining edge races for its source's best
// outgoing and its target's best incoming slot with atomicMax on a 64-bit key (score bits, then
// the complemented edge index, so that the lower index wins a tie, as on the host); an edge
// that holds both slots is selected.
#include <cub/device/device_radix_sort.cuh>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "track_building/device/best_edge_selection.hpp"
#include "core/device/check.cuh"
#include "core/device/scratch.cuh"
#include "track_building/best_edge_selection.hpp"
#include "track_building/scored_edges.hpp"

namespace trackgnn::cuda {
namespace {

using Key = unsigned long long;

constexpr int kThreadsPerBlock = 256;
// The edge index takes the low 32 bits of a ranking key.
constexpr std::int64_t kMaxEdges = std::numeric_limits<std::uint32_t>::max();
constexpr Key kIndexMask = 0xFFFFFFFFull;

__device__ __forceinline__ std::int64_t thread_index() {
  return static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

using track_building::edge_passes;
using track_building::node_in_range;

// Orders edges as track_building::ranks_above does: non-negative floats order like their bit
// patterns (adding +0 folds -0 into +0), and the complemented index makes the lower index win.
__device__ __forceinline__ Key ranking_key(float score, std::int64_t edge) {
  return (static_cast<Key>(__float_as_uint(score + 0.0f)) << 32) | (kIndexMask - static_cast<Key>(edge));
}

// First position in sorted[0, count) whose key is >= key.
__device__ std::int64_t lower_bound(const Key* sorted, std::int64_t count, Key key) {
  std::int64_t low = 0;
  std::int64_t high = count;
  while (low < high) {
    const std::int64_t middle = low + (high - low) / 2;
    if (sorted[middle] < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

// Keys of the passing edges with both ends in range; every other edge gets no_edge (= N * N,
// above every edge key), which sorts last and is never searched for.
__global__ void make_edge_keys(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                               std::int64_t num_nodes, Key no_edge, Key* keys) {
  const std::int64_t e = thread_index();
  if (e >= num_edges) return;
  const std::int64_t source = edge_index[e];
  const std::int64_t target = edge_index[num_edges + e];
  const bool usable = edge_passes(scores, e, cut) && node_in_range(source, num_nodes) && node_in_range(target, num_nodes);
  keys[e] = usable ? static_cast<Key>(source) * static_cast<Key>(num_nodes) + static_cast<Key>(target) : no_edge;
}

__global__ void race_for_best_slots(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges,
                                    float cut, std::int64_t num_nodes, const Key* sorted_keys,
                                    std::uint8_t* contender, Key* best_outgoing, Key* best_incoming) {
  const std::int64_t e = thread_index();
  if (e >= num_edges) return;
  contender[e] = 0;
  const std::int64_t source = edge_index[e];
  const std::int64_t target = edge_index[num_edges + e];
  if (!edge_passes(scores, e, cut) || !node_in_range(source, num_nodes) || !node_in_range(target, num_nodes)) return;
  const Key nodes = static_cast<Key>(num_nodes);
  const Key after_source = (static_cast<Key>(source) + 1) * nodes;
  for (std::int64_t j = lower_bound(sorted_keys, num_edges, static_cast<Key>(source) * nodes);
       j < num_edges && sorted_keys[j] < after_source; ++j) {
    const Key middle = sorted_keys[j] % nodes;
    const Key continuation = middle * nodes + static_cast<Key>(target);
    const std::int64_t found = lower_bound(sorted_keys, num_edges, continuation);
    if (found < num_edges && sorted_keys[found] == continuation) return;  // a shortcut
  }
  contender[e] = 1;
  const Key key = ranking_key(scores[e], e);
  atomicMax(best_outgoing + source, key);
  atomicMax(best_incoming + target, key);
}

__global__ void write_selection(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                                std::int64_t num_nodes, const std::uint8_t* contender, const Key* best_outgoing,
                                const Key* best_incoming, float* selection) {
  const std::int64_t e = thread_index();
  if (e >= num_edges) return;
  const float score = scores[e];
  if (!edge_passes(scores, e, cut)) {
    selection[e] = kNotSelected;
    return;
  }
  const std::int64_t source = edge_index[e];
  const std::int64_t target = edge_index[num_edges + e];
  if (!node_in_range(source, num_nodes) || !node_in_range(target, num_nodes)) {
    selection[e] = score;  // left for connected_components to report
    return;
  }
  const Key key = ranking_key(score, e);
  const bool selected = contender[e] != 0 && best_outgoing[source] == key && best_incoming[target] == key;
  selection[e] = selected ? score : kNotSelected;
}

}  // namespace

void select_best_edges(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                       std::int64_t num_nodes, float* selection, Stream stream) {
  if (!(cut >= 0.0f && cut <= 1.0f))
    throw std::invalid_argument("select_best_edges: score cut " + std::to_string(cut) + " outside [0, 1]");
  if (num_nodes < 0 || num_nodes > std::numeric_limits<std::int32_t>::max())
    throw std::invalid_argument("select_best_edges: number of nodes " + std::to_string(num_nodes) +
                                " outside [0, 2^31)");
  if (num_edges < 0 || num_edges >= kMaxEdges)
    throw std::invalid_argument("select_best_edges: number of edges " + std::to_string(num_edges) +
                                " outside [0, 2^32 - 1)");
  if (num_edges == 0) return;
  if (edge_index == nullptr || scores == nullptr || selection == nullptr)
    throw std::invalid_argument("select_best_edges: null edge index, scores or selection");

  const int threads = kThreadsPerBlock;
  const std::int64_t edge_blocks = blocks_for(num_edges, threads);
  const Key no_edge = static_cast<Key>(num_nodes) * static_cast<Key>(num_nodes);
  Scratch<Key> keys(num_edges, stream), sorted_keys(num_edges, stream);
  make_edge_keys<<<edge_blocks, threads, 0, stream>>>(edge_index, scores, num_edges, cut, num_nodes, no_edge,
                                                     keys.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  const int end_bit = bits_to_hold(no_edge);
  run_cub(
      [&](void* temp, std::size_t& bytes) {
        return cub::DeviceRadixSort::SortKeys(temp, bytes, keys.get(), sorted_keys.get(), num_edges, 0, end_bit,
                                              stream);
      },
      stream);

  Scratch<std::uint8_t> contender(num_edges, stream);
  Scratch<Key> best_outgoing(num_nodes, stream), best_incoming(num_nodes, stream);
  // Zero is an empty slot: every edge's ranking key is larger (its complemented index is > 0).
  if (num_nodes > 0) {
    TRACKGNN_CUDA_CHECK(cudaMemsetAsync(best_outgoing.get(), 0, num_nodes * sizeof(Key), stream));
    TRACKGNN_CUDA_CHECK(cudaMemsetAsync(best_incoming.get(), 0, num_nodes * sizeof(Key), stream));
  }
  race_for_best_slots<<<edge_blocks, threads, 0, stream>>>(edge_index, scores, num_edges, cut, num_nodes,
                                                          sorted_keys.get(), contender.get(), best_outgoing.get(),
                                                          best_incoming.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  write_selection<<<edge_blocks, threads, 0, stream>>>(edge_index, scores, num_edges, cut, num_nodes, contender.get(),
                                                      best_outgoing.get(), best_incoming.get(), selection);
  TRACKGNN_CUDA_CHECK_LAUNCH();
}

}  // namespace trackgnn::cuda
