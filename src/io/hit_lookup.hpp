#pragma once
// hit_id -> spacepoint index, for files (cells, truth, tracks, edges) that refer to hits by id.
// Cells alone look up half a million ids per event, in random order, so the common case of
// compact ids (TrackML numbers hits 1..N) gets a flat table, one memory access per lookup.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "trackgnn/event/spacepoints.hpp"

namespace trackgnn::io {

class HitLookup {
 public:
  static constexpr std::int32_t kUnknown = -1;

  explicit HitLookup(const std::vector<std::uint64_t>& hit_ids);
  // Throws std::invalid_argument when `spacepoints` holds a hit id twice.
  static HitLookup checked(const Spacepoints& spacepoints);

  // Position in `hit_ids` of the first id seen before, if any (the lookup then keeps the first).
  std::optional<std::size_t> first_duplicate() const { return first_duplicate_; }

  // The spacepoint index of `hit_id`, or kUnknown when the event has no such hit.
  std::int32_t find(std::uint64_t hit_id) const {
    if (!dense_.empty()) return hit_id < dense_.size() ? dense_[hit_id] : kUnknown;
    const auto found = sparse_.find(hit_id);
    return found == sparse_.end() ? kUnknown : found->second;
  }

 private:
  std::vector<std::int32_t> dense_;  // indexed by hit id; used when the ids are compact
  std::unordered_map<std::uint64_t, std::int32_t> sparse_;
  std::optional<std::size_t> first_duplicate_;
};

}  // namespace trackgnn::io
