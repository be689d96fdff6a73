#pragma once
// Track candidates from component labels without leaving the device: the labelling stage then
// copies back only the hits that belong to a kept track and the track offsets, instead of one
// label per spacepoint for a host pass (on a MU = 200 event the host pass costs more than the
// connected components themselves).
#include <cstdint>

#include "trackgnn/core/device.hpp"

namespace trackgnn::cuda {

struct CompactedTracks {
  std::int64_t num_tracks = 0;
  std::int64_t num_hits = 0;
};

// labels: device array of num_nodes values in [0, num_labels), numbered in the order of each
// label's smallest node (as connected_components numbers them). Writes the labels holding at
// least min_track_size nodes as tracks, in label order, each track's nodes ascending:
// hits (device, capacity num_nodes) and offsets (device, capacity num_labels + 1, offsets[0] = 0).
// The same tracks as TrackCandidates::from_labels. Synchronises the stream (for the counts).
CompactedTracks compact_tracks(const std::int32_t* labels, std::int64_t num_nodes, std::int32_t num_labels,
                               std::int64_t min_track_size, std::int32_t* hits, std::int64_t* offsets, Stream stream);

}  // namespace trackgnn::cuda
