#include "io/hit_lookup.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace trackgnn::io {

namespace {
// A flat table of 4-byte slots costs no more memory than the hash map (about 32 bytes a node)
// while the largest id is at most this many times the number of hits.
constexpr std::uint64_t kDenseSlotsPerHit = 8;
}  // namespace

HitLookup::HitLookup(const std::vector<std::uint64_t>& hit_ids) {
  const std::uint64_t max_id = hit_ids.empty() ? 0 : *std::max_element(hit_ids.begin(), hit_ids.end());
  const auto record = [&](std::int32_t& slot, std::size_t i) {
    if (slot == kUnknown)
      slot = static_cast<std::int32_t>(i);
    else if (!first_duplicate_)
      first_duplicate_ = i;
  };
  if (!hit_ids.empty() && max_id / kDenseSlotsPerHit <= hit_ids.size()) {
    dense_.assign(static_cast<std::size_t>(max_id) + 1, kUnknown);
    for (std::size_t i = 0; i < hit_ids.size(); ++i) record(dense_[static_cast<std::size_t>(hit_ids[i])], i);
  } else {
    sparse_.reserve(hit_ids.size());
    for (std::size_t i = 0; i < hit_ids.size(); ++i) record(sparse_.try_emplace(hit_ids[i], kUnknown).first->second, i);
  }
}

HitLookup HitLookup::checked(const Spacepoints& spacepoints) {
  HitLookup lookup(spacepoints.hit_id);
  if (const auto duplicate = lookup.first_duplicate())
    throw std::invalid_argument("spacepoints hold hit_id " + std::to_string(spacepoints.hit_id[*duplicate]) + " twice");
  return lookup;
}

}  // namespace trackgnn::io
