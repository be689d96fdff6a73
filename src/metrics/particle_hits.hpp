#pragma once
// What the metrics need to know about each particle's hits in one event.
#include <cstdint>
#include <unordered_map>

#include "trackgnn/event/event.hpp"

namespace trackgnn::metrics_detail {

// The event's truth, checked to describe its spacepoints one to one; throws
// std::invalid_argument naming `purpose` when the event has no truth or the lengths differ.
const Truth& require_truth(const Event& event, const char* purpose);

struct ParticleHits {
  std::int64_t hits = 0;
  std::int64_t distinct_layers = 0;  // distinct (volume_id, layer_id) pairs among the hits
};

// Per non-noise particle id that owns at least one hit of the event.
std::unordered_map<std::uint64_t, ParticleHits> count_particle_hits(const Spacepoints& spacepoints,
                                                                    const Truth& truth);

}  // namespace trackgnn::metrics_detail
