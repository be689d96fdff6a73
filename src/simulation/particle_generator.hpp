#pragma once
// The charged particles of one collision event: Poisson pileup vertices with minimum-bias
// spectra, plus an optional harder hard-scatter vertex.
#include <vector>

#include "simulation/random.hpp"
#include "trackgnn/event/truth.hpp"
#include "trackgnn/simulation/simulation_config.hpp"

namespace trackgnn::simulation {

// Particle ids are (vertex number << kVertexShift) | particle number, both counted from 1, so
// an id names its vertex and is never 0 (TrackML's id for noise).
constexpr int kVertexShift = 32;

std::vector<Particle> generate_collision(const SimulationConfig& config, Random& random);

// Mass in GeV of the charged species the simulator knows (e, mu, pi, K, p and antiparticles);
// false for any other PDG code.
bool particle_mass(std::int32_t pdg_code, double& mass);

}  // namespace trackgnn::simulation
