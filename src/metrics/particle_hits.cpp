#include "metrics/particle_hits.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace trackgnn::metrics_detail {

const Truth& require_truth(const Event& event, const char* purpose) {
  if (!event.truth) {
    throw std::invalid_argument(std::string(purpose) + " need truth, but event " + std::to_string(event.event_id) +
                                " has none");
  }
  const Truth& truth = *event.truth;
  if (truth.particle_id.size() != event.spacepoints.size()) {
    throw std::invalid_argument("event " + std::to_string(event.event_id) + ": truth describes " +
                                std::to_string(truth.particle_id.size()) + " hits but there are " +
                                std::to_string(event.spacepoints.size()) + " spacepoints");
  }
  if (!truth.weight.empty() && truth.weight.size() != truth.particle_id.size()) {
    throw std::invalid_argument("event " + std::to_string(event.event_id) + ": truth has " +
                                std::to_string(truth.weight.size()) + " weights for " +
                                std::to_string(truth.particle_id.size()) + " hits");
  }
  return truth;
}

std::unordered_map<std::uint64_t, ParticleHits> count_particle_hits(const Spacepoints& spacepoints,
                                                                    const Truth& truth) {
  using LayerHit = std::tuple<std::uint64_t, std::int32_t, std::int32_t>;  // particle, volume, layer
  std::vector<LayerHit> layer_hits;
  layer_hits.reserve(truth.particle_id.size());
  for (std::size_t hit = 0; hit < truth.particle_id.size(); ++hit) {
    if (truth.particle_id[hit] == 0) continue;
    layer_hits.emplace_back(truth.particle_id[hit], spacepoints.volume_id[hit], spacepoints.layer_id[hit]);
  }
  std::sort(layer_hits.begin(), layer_hits.end());

  std::unordered_map<std::uint64_t, ParticleHits> particles;
  for (std::size_t i = 0; i < layer_hits.size(); ++i) {
    ParticleHits& particle = particles[std::get<0>(layer_hits[i])];
    ++particle.hits;
    if (i == 0 || layer_hits[i] != layer_hits[i - 1]) ++particle.distinct_layers;
  }
  return particles;
}

}  // namespace trackgnn::metrics_detail
