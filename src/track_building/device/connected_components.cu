// Connected components in the style of ECL-CC: every passing edge hooks the larger of its two
// roots under the smaller with a compare-and-swap, finds shorten paths as they walk
// (path halving), and a last pass points every node at its root. Because a root only ever
// hooks under a smaller node, each component's root is its smallest node, so numbering the
// roots in index order gives the CPU union-find's labels.
#include <cub/device/device_scan.cuh>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/device/check.cuh"
#include "track_building/device/connected_components.hpp"
#include "core/device/scratch.cuh"
#include "track_building/scored_edges.hpp"

namespace trackgnn::cuda {
namespace {

constexpr int kThreadsPerBlock = 256;
constexpr std::int64_t kNoBadEdge = std::numeric_limits<std::int64_t>::max();

// Parents are read through volatile pointers: other multiprocessors change them while a find
// walks, and a stale cached parent could make a hooking loop retry forever.
__device__ __forceinline__ int find_root(volatile int* parent, int node) {
  int current = parent[node];
  if (current == node) return node;
  int previous = node;
  int next;
  // Parents never exceed their node, so the walk ends at the node that is its own parent.
  while (current > (next = parent[current])) {
    parent[previous] = next;
    previous = current;
    current = next;
  }
  return current;
}

__global__ void start_components(int* parent, int num_nodes, std::int64_t* bad_edge) {
  const std::int64_t v = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (v == 0) *bad_edge = kNoBadEdge;
  if (v < num_nodes) parent[v] = static_cast<int>(v);
}

__global__ void hook_edges(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges, float cut,
                           int num_nodes, int* parent, std::int64_t* bad_edge) {
  for (std::int64_t e = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; e < num_edges;
       e += static_cast<std::int64_t>(gridDim.x) * blockDim.x) {
    if (!track_building::edge_passes(scores, e, cut)) continue;
    const std::int64_t a = edge_index[e];
    const std::int64_t b = edge_index[num_edges + e];
    if (!track_building::node_in_range(a, num_nodes) || !track_building::node_in_range(b, num_nodes)) {
      atomicMin(reinterpret_cast<unsigned long long*>(bad_edge), static_cast<unsigned long long>(e));
      continue;
    }
    int root_a = find_root(parent, static_cast<int>(a));
    int root_b = find_root(parent, static_cast<int>(b));
    while (root_a != root_b) {
      if (track_building::hooks_under(root_a, root_b)) {
        const int swap = root_a;
        root_a = root_b;
        root_b = swap;
      }
      const int seen = atomicCAS(parent + root_b, root_b, root_a);
      if (seen == root_b) break;
      // root_b was hooked meanwhile: continue from its new, smaller parent.
      root_b = seen;
    }
  }
}

// Marks the roots after pointing every node at its root; flag[num_nodes] = 0 closes the scan.
__global__ void flatten_and_mark_roots(int* parent, int num_nodes, int* root_flag) {
  const std::int64_t v = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (v > num_nodes) return;
  if (v == num_nodes) {
    root_flag[v] = 0;
    return;
  }
  volatile int* shared_parent = parent;
  int root = shared_parent[v];
  while (root != shared_parent[root]) root = shared_parent[root];
  shared_parent[v] = root;
  root_flag[v] = root == v ? 1 : 0;
}

// labels (holding each node's root) become the root's rank among the roots.
__global__ void number_components(int* labels, int num_nodes, const int* root_rank, std::int64_t* summary) {
  const std::int64_t v = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (v == 0) summary[1] = root_rank[num_nodes];
  if (v < num_nodes) labels[v] = root_rank[labels[v]];
}

}  // namespace

std::int32_t connected_components(const std::int64_t* edge_index, const float* scores, std::int64_t num_edges,
                                  float cut, std::int64_t num_nodes, std::int32_t* labels, Stream stream) {
  if (num_nodes < 0 || num_nodes > std::numeric_limits<std::int32_t>::max())
    throw std::invalid_argument("connected_components: number of nodes " + std::to_string(num_nodes) +
                                " outside [0, 2^31)");
  if (num_edges < 0)
    throw std::invalid_argument("connected_components: negative number of edges " + std::to_string(num_edges));
  if (num_edges > 0 && edge_index == nullptr) throw std::invalid_argument("connected_components: null edge index");
  if (num_nodes > 0 && labels == nullptr) throw std::invalid_argument("connected_components: null labels");
  if (num_nodes == 0 && num_edges == 0) return 0;

  const int nodes = static_cast<int>(num_nodes);
  const int threads = kThreadsPerBlock;
  // summary[0]: first edge naming a node out of range; summary[1]: number of components.
  Scratch<std::int64_t> summary(2, stream);
  start_components<<<blocks_for(num_nodes + 1, threads), threads, 0, stream>>>(labels, nodes, summary.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  if (num_edges > 0) {
    hook_edges<<<blocks_for(num_edges, threads), threads, 0, stream>>>(edge_index, scores, num_edges, cut, nodes,
                                                                       labels, summary.get());
    TRACKGNN_CUDA_CHECK_LAUNCH();
  }
  Scratch<int> root_flag(num_nodes + 1, stream), root_rank(num_nodes + 1, stream);
  flatten_and_mark_roots<<<blocks_for(num_nodes + 1, threads), threads, 0, stream>>>(labels, nodes, root_flag.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  run_cub(
      [&](void* temp, std::size_t& bytes) {
        return cub::DeviceScan::ExclusiveSum(temp, bytes, root_flag.get(), root_rank.get(), num_nodes + 1, stream);
      },
      stream);
  number_components<<<blocks_for(num_nodes + 1, threads), threads, 0, stream>>>(labels, nodes, root_rank.get(),
                                                                                summary.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();

  std::int64_t host_summary[2] = {0, 0};
  TRACKGNN_CUDA_CHECK(
      cudaMemcpyAsync(host_summary, summary.get(), sizeof(host_summary), cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  if (host_summary[0] != kNoBadEdge) {
    const std::int64_t e = host_summary[0];
    std::int64_t ends[2] = {0, 0};
    TRACKGNN_CUDA_CHECK(cudaMemcpy(ends, edge_index + e, sizeof(std::int64_t), cudaMemcpyDeviceToHost));
    TRACKGNN_CUDA_CHECK(cudaMemcpy(ends + 1, edge_index + num_edges + e, sizeof(std::int64_t), cudaMemcpyDeviceToHost));
    const std::int64_t node = ends[0] < 0 || ends[0] >= num_nodes ? ends[0] : ends[1];
    throw std::out_of_range("connected_components: edge " + std::to_string(e) + " names node " +
                            std::to_string(node) + " outside [0, " + std::to_string(num_nodes) + ")");
  }
  return static_cast<std::int32_t>(host_summary[1]);
}

}  // namespace trackgnn::cuda
