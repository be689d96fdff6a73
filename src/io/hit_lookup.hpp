#pragma once
// hit_id -> spacepoint index, for files (cells, truth, tracks, edges) that refer to hits by id.
#include <cstdint>
#include <unordered_map>

#include "trackgnn/event/spacepoints.hpp"

namespace trackgnn::io {

class HitLookup {
 public:
  HitLookup() = default;
  // Throws std::invalid_argument when `spacepoints` holds a hit id twice.
  explicit HitLookup(const Spacepoints& spacepoints);

  // Adds one hit; false (and no change) when the id is already known.
  bool insert(std::uint64_t hit_id, std::int32_t index) { return index_.emplace(hit_id, index).second; }
  // The spacepoint index of `hit_id`, or -1 when the event has no such hit.
  std::int32_t find(std::uint64_t hit_id) const {
    const auto found = index_.find(hit_id);
    return found == index_.end() ? -1 : found->second;
  }
  void reserve(std::size_t count) { index_.reserve(count); }

 private:
  std::unordered_map<std::uint64_t, std::int32_t> index_;
};

}  // namespace trackgnn::io
