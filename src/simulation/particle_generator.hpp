#pragma once
// The charged particles of one collision event: Poisson pileup vertices with minimum-bias
// spectra, plus an optional harder hard-scatter vertex.
#include <vector>

#include "simulation/helix.hpp"
#include "simulation/random.hpp"
#include "trackgnn/event/truth.hpp"
#include "trackgnn/simulation/simulation_config.hpp"

namespace trackgnn::simulation {

// Particle ids are (vertex number << kVertexShift) | particle number, both counted from 1, so
// an id names its vertex and is never 0 (TrackML's id for noise).
constexpr int kVertexShift = 32;

// Secondary particles have ids (vertex number << kVertexShift) | (kSecondaryFlag + n), with the
// vertex of the particle that produced them.
constexpr std::uint64_t kSecondaryFlag = std::uint64_t{1} << 24;

std::vector<Particle> generate_collision(const SimulationConfig& config, Random& random);

// The charged secondaries of a nuclear interaction of `parent` at `position` with the parent's
// momentum `momentum` there (see SimulationConfig). `next_number` counts secondaries within the
// event, so their ids are unique.
void nuclear_secondaries(const SimulationConfig& config, const Particle& parent, const Vector3& position,
                         const Vector3& momentum, Random& random, std::uint64_t& next_number,
                         std::vector<Particle>& particles);

// Mass in GeV of the charged species the simulator knows (e, mu, pi, K, p and antiparticles);
// false for any other PDG code.
bool particle_mass(std::int32_t pdg_code, double& mass);

}  // namespace trackgnn::simulation
