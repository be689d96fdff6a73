#include "trackgnn/event/truth.hpp"

#include <cmath>

namespace trackgnn {

float Particle::pt() const { return static_cast<float>(std::hypot(static_cast<double>(px), static_cast<double>(py))); }

float Particle::eta() const {
  const double transverse = std::hypot(static_cast<double>(px), static_cast<double>(py));
  // A particle along the beam axis has infinite |eta|; one at rest is given eta 0.
  if (transverse == 0) return pz == 0 ? 0.0f : std::copysign(HUGE_VALF, pz);
  return static_cast<float>(std::asinh(pz / transverse));
}

std::unordered_map<std::uint64_t, std::size_t> Truth::particle_index() const {
  std::unordered_map<std::uint64_t, std::size_t> index;
  index.reserve(particles.size());
  for (std::size_t i = 0; i < particles.size(); ++i) index.emplace(particles[i].particle_id, i);
  return index;
}

}  // namespace trackgnn
