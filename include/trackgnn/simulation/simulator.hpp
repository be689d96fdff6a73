#pragma once
// A fast, deterministic detector simulation producing TrackML-like events: pileup vertices
// with soft spectra (plus an optional hard scatter), exact helices in the solenoid field
// intersected with the layers in path order (loopers included), multiple scattering, per-layer
// efficiency, pitch smearing, pixel/strip clusters written as cells, noise hits and full truth.
//
// Hit ids run in order of time of flight, so a particle's hits sorted by hit_id follow its path,
// while hits of different particles interleave (ids carry no hint of which particle made them).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "trackgnn/event/event.hpp"
#include "trackgnn/simulation/detector.hpp"
#include "trackgnn/simulation/simulation_config.hpp"

namespace trackgnn::simulation {

class Simulator {
 public:
  // Validates the configuration (std::invalid_argument).
  Simulator(Detector detector, SimulationConfig config);

  // One collision event. Depends only on (config.seed, event_id), so events can be made in any
  // order or in parallel and are identical byte for byte.
  Event simulate(std::uint64_t event_id) const;

  // Events first_event .. first_event + count - 1 on `threads` threads (the calling one among
  // them), each handed to consume(index from 0, event) on the thread that made it, in no fixed
  // order. The first exception, of the simulation or of consume, stops the events not yet begun
  // and is rethrown once every thread has finished.
  void simulate_events(std::uint64_t first_event, std::size_t count, std::size_t threads,
                       const std::function<void(std::size_t index, Event event)>& consume) const;

  // A particle gun: the given particles (id, PDG type, vertex, momentum, charge) through the
  // detector with the configured response, plus noise. Particle ids must be non-zero and unique,
  // charges non-zero and types known (pi, K, p, e, mu): std::invalid_argument otherwise.
  Event simulate_particles(std::uint64_t event_id, const std::vector<Particle>& particles) const;

  const Detector& detector() const { return detector_; }
  const SimulationConfig& config() const { return config_; }

 private:
  Detector detector_;
  SimulationConfig config_;
};

}  // namespace trackgnn::simulation
