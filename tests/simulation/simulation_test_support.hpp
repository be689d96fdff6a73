#pragma once
// Helpers of the simulation tests: an ideal detector response, a particle gun and hits grouped
// by particle.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "trackgnn/event/event.hpp"
#include "trackgnn/simulation/simulation_config.hpp"

namespace trackgnn::simulation::testing {

constexpr std::int32_t kPiPlus = 211;
constexpr double kField = 2.0;
// pT [GeV] = 0.299792458e-3 * B [T] * R [mm]
constexpr double kGeVPerTeslaMm = 0.299792458e-3;

// Every crossing is a hit at its true position; nothing scatters, slows down or interacts; no noise.
inline SimulationConfig ideal_config() {
  SimulationConfig config;
  config.magnetic_field = kField;
  config.multiple_scattering = false;
  config.energy_loss = false;
  config.nuclear_interactions_per_radiation_length = 0;
  config.max_turns = std::numeric_limits<double>::infinity();
  config.smear = false;
  config.pixel_charge_sharing = config.strip_cross_talk = 0;
  config.noise_fraction = 0;
  config.pixel.hit_efficiency = config.short_strip.hit_efficiency = config.long_strip.hit_efficiency = 1;
  return config;
}

inline Particle gun_particle(std::uint64_t id, int charge, double pt, double eta, double phi, double vx = 0,
                             double vy = 0, double vz = 0) {
  Particle particle;
  particle.particle_id = id;
  particle.particle_type = charge * kPiPlus;
  particle.charge = charge;
  particle.vx = static_cast<float>(vx);
  particle.vy = static_cast<float>(vy);
  particle.vz = static_cast<float>(vz);
  particle.px = static_cast<float>(pt * std::cos(phi));
  particle.py = static_cast<float>(pt * std::sin(phi));
  particle.pz = static_cast<float>(pt * std::sinh(eta));
  return particle;
}

// particle_id -> indices of its hits, in increasing hit_id.
inline std::map<std::uint64_t, std::vector<std::size_t>> hits_by_particle(const Event& event) {
  std::map<std::uint64_t, std::vector<std::size_t>> hits;
  for (std::size_t i = 0; i < event.spacepoints.size(); ++i) {
    const auto id = event.truth->particle_id[i];
    if (id != 0) hits[id].push_back(i);
  }
  for (auto& [id, indices] : hits) {
    std::sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
      return event.spacepoints.hit_id[a] < event.spacepoints.hit_id[b];
    });
  }
  return hits;
}

}  // namespace trackgnn::simulation::testing
