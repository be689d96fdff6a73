#pragma once
// Track candidates in compressed-row form: track t holds the spacepoint indices
// hits[offsets[t] .. offsets[t+1]).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trackgnn {

struct TrackCandidates {
  std::vector<std::int64_t> offsets{0};
  std::vector<std::int32_t> hits;  // indices into the event's spacepoints

  std::size_t size() const { return offsets.size() - 1; }
  bool empty() const { return size() == 0; }
  std::size_t track_size(std::size_t t) const { return static_cast<std::size_t>(offsets[t + 1] - offsets[t]); }
  const std::int32_t* track_begin(std::size_t t) const { return hits.data() + offsets[t]; }
  const std::int32_t* track_end(std::size_t t) const { return hits.data() + offsets[t + 1]; }

  void add_track(const std::vector<std::int32_t>& track_hits);
  // Builds candidates from a per-spacepoint label (-1: unassigned); labels need not be compact.
  // Tracks are ordered by their smallest hit index, hits within a track by index, so the result
  // does not depend on how labels were numbered.
  static TrackCandidates from_labels(const std::vector<std::int32_t>& labels, std::size_t min_track_size);
  // Per-spacepoint track index (-1 where no track), the inverse of from_labels.
  std::vector<std::int32_t> labels(std::size_t num_spacepoints) const;

  bool operator==(const TrackCandidates& other) const { return offsets == other.offsets && hits == other.hits; }
};

}  // namespace trackgnn
