#include "track_building/device/device_track_candidates.hpp"

#include "track_building/device/connected_components.hpp"
#include "track_building/device/track_compaction.hpp"
#include "trackgnn/core/buffer.hpp"

namespace trackgnn {

TrackCandidates device_track_candidates(const std::int32_t* labels, std::int64_t num_nodes, std::int32_t num_labels,
                                        std::int64_t min_track_size, const ExecutionContext& context) {
  Buffer<std::int32_t> hits(context.device, context.stream);
  Buffer<std::int64_t> offsets(context.device, context.stream);
  hits.resize(static_cast<std::size_t>(num_nodes));
  offsets.resize(static_cast<std::size_t>(num_labels) + 1);
  const cuda::CompactedTracks counts =
      cuda::compact_tracks(labels, num_nodes, num_labels, min_track_size, hits.data(), offsets.data(), context.stream);
  hits.resize(static_cast<std::size_t>(counts.num_hits));
  offsets.resize(static_cast<std::size_t>(counts.num_tracks) + 1);
  TrackCandidates candidates;
  candidates.hits = hits.to_host();
  candidates.offsets = offsets.to_host();
  return candidates;
}

TrackCandidates device_component_tracks(const Graph& graph, const float* scores, float cut,
                                        std::int64_t min_track_size, const ExecutionContext& context) {
  Buffer<std::int32_t> labels(context.device, context.stream);
  labels.resize(static_cast<std::size_t>(graph.num_nodes));
  const std::int32_t num_labels = cuda::connected_components(graph.edge_index.data(), scores, graph.num_edges(), cut,
                                                             graph.num_nodes, labels.data(), context.stream);
  return device_track_candidates(labels.data(), graph.num_nodes, num_labels, min_track_size, context);
}

}  // namespace trackgnn
