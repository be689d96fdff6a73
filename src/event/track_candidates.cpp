#include "trackgnn/event/track_candidates.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace trackgnn {

void TrackCandidates::add_track(const std::vector<std::int32_t>& track_hits) {
  if (std::any_of(track_hits.begin(), track_hits.end(), [](std::int32_t hit) { return hit < 0; }))
    throw std::invalid_argument("TrackCandidates::add_track: negative spacepoint index");
  hits.insert(hits.end(), track_hits.begin(), track_hits.end());
  offsets.push_back(static_cast<std::int64_t>(hits.size()));
}

namespace {

constexpr std::int32_t kUnassigned = -1;

// Numbers the labels 0, 1, ... in the order of their first spacepoint, which is the order of
// each track's smallest hit index. Labels of connected components are usually spacepoint
// indices, so a dense table serves them; arbitrary labels fall back to a hash map.
std::vector<std::int32_t> number_by_first_hit(const std::vector<std::int32_t>& labels, std::size_t& count) {
  std::vector<std::int32_t> slot(labels.size(), kUnassigned);
  const std::int32_t max_label = labels.empty() ? kUnassigned : *std::max_element(labels.begin(), labels.end());
  count = 0;
  if (max_label < static_cast<std::int64_t>(labels.size())) {
    std::vector<std::int32_t> dense(static_cast<std::size_t>(max_label + 1), kUnassigned);
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] < 0) continue;
      std::int32_t& number = dense[static_cast<std::size_t>(labels[i])];
      if (number == kUnassigned) number = static_cast<std::int32_t>(count++);
      slot[i] = number;
    }
  } else {
    std::unordered_map<std::int32_t, std::int32_t> sparse;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] < 0) continue;
      const auto [entry, inserted] = sparse.emplace(labels[i], static_cast<std::int32_t>(count));
      if (inserted) ++count;
      slot[i] = entry->second;
    }
  }
  return slot;
}

}  // namespace

TrackCandidates TrackCandidates::from_labels(const std::vector<std::int32_t>& labels, std::size_t min_track_size) {
  std::size_t num_labels = 0;
  const std::vector<std::int32_t> slot = number_by_first_hit(labels, num_labels);

  std::vector<std::int64_t> label_size(num_labels, 0);
  for (const std::int32_t s : slot)
    if (s != kUnassigned) ++label_size[static_cast<std::size_t>(s)];

  // Kept labels become tracks in the same (first-hit) order; the rest map to nothing.
  TrackCandidates candidates;
  std::vector<std::int64_t> write_position(num_labels, kUnassigned);
  for (std::size_t s = 0; s < num_labels; ++s) {
    if (static_cast<std::size_t>(label_size[s]) < min_track_size) continue;
    write_position[s] = candidates.offsets.back();
    candidates.offsets.push_back(candidates.offsets.back() + label_size[s]);
  }
  candidates.hits.resize(static_cast<std::size_t>(candidates.offsets.back()));
  // Visiting spacepoints in index order leaves each track's hits ascending.
  for (std::size_t i = 0; i < slot.size(); ++i) {
    if (slot[i] == kUnassigned) continue;
    std::int64_t& position = write_position[static_cast<std::size_t>(slot[i])];
    if (position == kUnassigned) continue;
    candidates.hits[static_cast<std::size_t>(position++)] = static_cast<std::int32_t>(i);
  }
  return candidates;
}

std::vector<std::int32_t> TrackCandidates::labels(std::size_t num_spacepoints) const {
  std::vector<std::int32_t> result(num_spacepoints, kUnassigned);
  for (std::size_t t = 0; t < size(); ++t) {
    for (const std::int32_t* hit = track_begin(t); hit != track_end(t); ++hit) {
      if (*hit < 0 || static_cast<std::size_t>(*hit) >= num_spacepoints)
        throw std::invalid_argument("TrackCandidates::labels: track " + std::to_string(t) + " holds spacepoint " +
                                    std::to_string(*hit) + ", outside 0.." + std::to_string(num_spacepoints));
      std::int32_t& label = result[static_cast<std::size_t>(*hit)];
      if (label != kUnassigned)
        throw std::invalid_argument("TrackCandidates::labels: spacepoint " + std::to_string(*hit) +
                                    " belongs to tracks " + std::to_string(label) + " and " + std::to_string(t));
      label = static_cast<std::int32_t>(t);
    }
  }
  return result;
}

}  // namespace trackgnn
