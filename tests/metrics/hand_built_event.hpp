#pragma once
// Tiny events built hit by hit, so that every metric can be worked out on paper.
#include <cmath>
#include <cstdint>
#include <vector>

#include "trackgnn/event/event.hpp"

namespace trackgnn::test {

class HandBuiltEvent {
 public:
  HandBuiltEvent() { event_.truth.emplace(); }

  // A particle produced at `vertex` with momentum (px, py, pz) GeV.
  void add_particle(std::uint64_t particle_id, float px, float py, float pz, const std::vector<float>& vertex = {0, 0, 0}) {
    Particle particle;
    particle.particle_id = particle_id;
    particle.px = px;
    particle.py = py;
    particle.pz = pz;
    particle.vx = vertex[0];
    particle.vy = vertex[1];
    particle.vz = vertex[2];
    particle.charge = 1;
    event_.truth->particles.push_back(particle);
  }

  // A hit of `particle_id` (0: noise) `distance` mm from the particle's vertex along its
  // momentum (noise: from the origin along x), on (volume, layer). Returns its spacepoint index.
  std::int32_t add_hit(std::uint64_t particle_id, float distance, std::int32_t volume, std::int32_t layer,
                       float weight = 1.0f) {
    float position[3] = {distance, 0, 0};
    for (const Particle& particle : event_.truth->particles) {
      if (particle.particle_id != particle_id) continue;
      const float norm = std::sqrt(particle.px * particle.px + particle.py * particle.py + particle.pz * particle.pz);
      position[0] = particle.vx + distance * particle.px / norm;
      position[1] = particle.vy + distance * particle.py / norm;
      position[2] = particle.vz + distance * particle.pz / norm;
    }
    return add_hit_at(particle_id, position[0], position[1], position[2], volume, layer, weight);
  }

  std::int32_t add_hit_at(std::uint64_t particle_id, float x, float y, float z, std::int32_t volume,
                          std::int32_t layer, float weight = 1.0f) {
    const auto index = static_cast<std::int32_t>(event_.spacepoints.size());
    event_.spacepoints.push_back(static_cast<std::uint64_t>(index) + 1, x, y, z, volume, layer, 1);
    Truth& truth = *event_.truth;
    truth.particle_id.push_back(particle_id);
    truth.tx.push_back(x);
    truth.ty.push_back(y);
    truth.tz.push_back(z);
    truth.tpx.push_back(0);
    truth.tpy.push_back(0);
    truth.tpz.push_back(0);
    truth.weight.push_back(weight);
    return index;
  }

  // Hits on consecutive layers 1, 2, ... of `volume`, 10 mm apart, nearest to the vertex first.
  std::vector<std::int32_t> add_track_hits(std::uint64_t particle_id, int count, std::int32_t volume = 8) {
    std::vector<std::int32_t> hits;
    for (int layer = 1; layer <= count; ++layer) hits.push_back(add_hit(particle_id, 10.0f * layer, volume, layer));
    return hits;
  }

  Event& event() { return event_; }

 private:
  Event event_;
};

}  // namespace trackgnn::test
