// Labels -> compressed-row tracks on the device. A stable radix sort of (label, node) keeps each
// track's nodes ascending; label sizes and two exclusive scans place every kept node directly.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>

#include <limits>
#include <stdexcept>
#include <string>

#include "core/device/check.cuh"
#include "core/device/scratch.cuh"
#include "track_building/device/track_compaction.hpp"
#include "track_building/scored_edges.hpp"

namespace trackgnn::cuda {
namespace {

constexpr int kThreadsPerBlock = 256;

__global__ void count_label_sizes(const std::int32_t* labels, std::int64_t num_nodes, std::int32_t num_labels,
                                  std::int64_t* sizes, std::int64_t* first_bad_node, std::int32_t* node_order) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= num_nodes) return;
  node_order[i] = static_cast<std::int32_t>(i);
  const std::int32_t label = labels[i];
  if (label < 0 || label >= num_labels) {
    atomicMin(reinterpret_cast<unsigned long long*>(first_bad_node), static_cast<unsigned long long>(i));
    return;
  }
  atomicAdd(reinterpret_cast<unsigned long long*>(sizes + label), 1ull);
}

// Per label: its size if kept, else 0 (for the hit offsets), and 1 if kept (for the track index).
// Entry num_labels stays 0 so that the exclusive scans end with the totals.
__global__ void mark_kept_labels(const std::int64_t* sizes, std::int32_t num_labels, std::int64_t min_track_size,
                                 std::int64_t* kept_sizes, std::int64_t* kept_flags) {
  const std::int64_t l = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (l > num_labels) return;
  const bool kept = l < num_labels && track_building::is_kept_track(sizes[l], min_track_size);
  kept_sizes[l] = kept ? sizes[l] : 0;
  kept_flags[l] = kept ? 1 : 0;
}

__global__ void write_offsets(const std::int64_t* kept_flags, const std::int64_t* track_index,
                              const std::int64_t* hit_offset, std::int32_t num_labels, std::int64_t* offsets) {
  const std::int64_t l = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  // Entry num_labels holds the totals: it closes the last track.
  if (l > num_labels) return;
  if (l == num_labels || kept_flags[l] != 0) offsets[track_index[l]] = hit_offset[l];
}

// sorted position p holds node sorted_nodes[p] of label sorted_labels[p]; label l's nodes occupy
// positions label_start[l] .. in ascending node order (the sort is stable).
__global__ void scatter_kept_hits(const std::int32_t* sorted_labels, const std::int32_t* sorted_nodes,
                                  std::int64_t num_nodes, const std::int64_t* label_start,
                                  const std::int64_t* kept_flags, const std::int64_t* hit_offset, std::int32_t* hits) {
  const std::int64_t p = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (p >= num_nodes) return;
  const std::int32_t label = sorted_labels[p];
  if (kept_flags[label] == 0) return;
  hits[hit_offset[label] + (p - label_start[label])] = sorted_nodes[p];
}

}  // namespace

CompactedTracks compact_tracks(const std::int32_t* labels, std::int64_t num_nodes, std::int32_t num_labels,
                               std::int64_t min_track_size, std::int32_t* hits, std::int64_t* offsets, Stream stream) {
  if (num_nodes < 0 || num_nodes > std::numeric_limits<std::int32_t>::max())
    throw std::invalid_argument("compact_tracks: number of nodes " + std::to_string(num_nodes) + " outside [0, 2^31)");
  if (num_labels < 0 || num_labels > num_nodes)
    throw std::invalid_argument("compact_tracks: " + std::to_string(num_labels) + " labels for " +
                                std::to_string(num_nodes) + " nodes");
  if (min_track_size < 1) throw std::invalid_argument("compact_tracks: min_track_size must be >= 1");
  if (offsets == nullptr) throw std::invalid_argument("compact_tracks: null offsets");
  if (num_nodes == 0) {
    TRACKGNN_CUDA_CHECK(cudaMemsetAsync(offsets, 0, sizeof(std::int64_t), stream));
    TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
    return {};
  }
  if (labels == nullptr || hits == nullptr) throw std::invalid_argument("compact_tracks: null labels or hits");

  const int threads = kThreadsPerBlock;
  const std::int64_t label_entries = std::int64_t{num_labels} + 1;
  Scratch<std::int64_t> sizes(label_entries, stream), label_start(label_entries, stream);
  Scratch<std::int64_t> kept_sizes(label_entries, stream), kept_flags(label_entries, stream);
  Scratch<std::int64_t> hit_offset(label_entries, stream), track_index(label_entries, stream);
  Scratch<std::int64_t> first_bad_node(1, stream);
  Scratch<std::int32_t> node_order(num_nodes, stream), sorted_labels(num_nodes, stream), sorted_nodes(num_nodes, stream);

  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(sizes.get(), 0, label_entries * sizeof(std::int64_t), stream));
  TRACKGNN_CUDA_CHECK(cudaMemsetAsync(first_bad_node.get(), 0xff, sizeof(std::int64_t), stream));
  count_label_sizes<<<blocks_for(num_nodes, threads), threads, 0, stream>>>(labels, num_nodes, num_labels, sizes.get(),
                                                                             first_bad_node.get(), node_order.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  mark_kept_labels<<<blocks_for(label_entries, threads), threads, 0, stream>>>(sizes.get(), num_labels, min_track_size,
                                                                               kept_sizes.get(), kept_flags.get());
  TRACKGNN_CUDA_CHECK_LAUNCH();
  const auto exclusive_sum = [&](const std::int64_t* in, std::int64_t* out) {
    run_cub([&](void* temp, std::size_t& bytes) {
      return cub::DeviceScan::ExclusiveSum(temp, bytes, in, out, static_cast<int>(label_entries), stream);
    }, stream);
  };
  exclusive_sum(sizes.get(), label_start.get());
  exclusive_sum(kept_sizes.get(), hit_offset.get());
  exclusive_sum(kept_flags.get(), track_index.get());
  // Labels are non-negative here (checked in count_label_sizes before anything is read back).
  const int end_bit = bits_to_hold(static_cast<std::uint64_t>(num_labels));
  run_cub([&](void* temp, std::size_t& bytes) {
    return cub::DeviceRadixSort::SortPairs(temp, bytes, labels, sorted_labels.get(), node_order.get(),
                                           sorted_nodes.get(), static_cast<int>(num_nodes), 0, end_bit, stream);
  }, stream);
  std::int64_t host_summary[3] = {0, 0, 0};  // first bad node, tracks, hits
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(host_summary, first_bad_node.get(), sizeof(std::int64_t),
                                      cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(host_summary + 1, track_index.get() + num_labels, sizeof(std::int64_t),
                                      cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaMemcpyAsync(host_summary + 2, hit_offset.get() + num_labels, sizeof(std::int64_t),
                                      cudaMemcpyDeviceToHost, stream));
  TRACKGNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  if (host_summary[0] != -1)
    throw std::out_of_range("compact_tracks: node " + std::to_string(host_summary[0]) + " has a label outside [0, " +
                            std::to_string(num_labels) + ")");
  // A bad label would have been sorted and scattered out of bounds: nothing is launched with one.
  scatter_kept_hits<<<blocks_for(num_nodes, threads), threads, 0, stream>>>(
      sorted_labels.get(), sorted_nodes.get(), num_nodes, label_start.get(), kept_flags.get(), hit_offset.get(), hits);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  write_offsets<<<blocks_for(label_entries, threads), threads, 0, stream>>>(kept_flags.get(), track_index.get(),
                                                                            hit_offset.get(), num_labels, offsets);
  TRACKGNN_CUDA_CHECK_LAUNCH();
  return {host_summary[1], host_summary[2]};
}

}  // namespace trackgnn::cuda
