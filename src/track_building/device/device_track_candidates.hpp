#pragma once
// Track candidates from labels that live on a cuda device: compacted there, so only the kept
// tracks' hits and offsets are copied back.
#include <cstdint>

#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/graph/graph.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

// labels: device array of num_nodes values in [0, num_labels), numbered in the order of each
// label's smallest node (cuda::connected_components). Equals TrackCandidates::from_labels of the
// same labels copied to the host.
TrackCandidates device_track_candidates(const std::int32_t* labels, std::int64_t num_nodes, std::int32_t num_labels,
                                        std::int64_t min_track_size, const ExecutionContext& context);

// Connected components of the graph's edges whose `scores` (device, one per edge; null: all
// edges) are >= cut, labelled and compacted on the device.
TrackCandidates device_component_tracks(const Graph& graph, const float* scores, float cut,
                                        std::int64_t min_track_size, const ExecutionContext& context);

}  // namespace trackgnn
