#pragma once
// Transport of one charged particle through the detector: helix segments from layer to layer in
// path order, multiple scattering at each crossing, until it leaves the detector or reaches
// the configured number of crossings (loopers).
#include <cstddef>
#include <vector>

#include "simulation/helix.hpp"
#include "simulation/random.hpp"
#include "trackgnn/simulation/detector.hpp"
#include "trackgnn/simulation/simulation_config.hpp"

namespace trackgnn::simulation {

struct Crossing {
  std::size_t layer = 0;   // index into Detector::layers()
  Vector3 position;        // on the surface, mm
  Vector3 momentum;        // arriving at the surface, before its material scatters it, GeV
  double path_length = 0;  // 3D path from the production vertex, mm
};

class Propagator {
 public:
  Propagator(const Detector& detector, const SimulationConfig& config);

  // Appends the particle's crossings, in path order, to `crossings`.
  void propagate(const Vector3& vertex, const Vector3& momentum, int charge, double mass, Random& random,
                 std::vector<Crossing>& crossings) const;

  // The first crossing of an active surface at transverse path length > kSurfaceTolerance;
  // false when the helix meets none (it has left the detector).
  bool next_crossing(const Helix& helix, std::size_t& layer, double& s) const;

 private:
  Vector3 scatter(const Vector3& momentum, const Vector3& position, const Layer& layer, int charge, double mass,
                  Random& random) const;

  const Detector& detector_;
  const SimulationConfig& config_;
};

// Radiation lengths of a layer of this technology at normal incidence.
double radiation_length(const SimulationConfig& config, Technology technology);

}  // namespace trackgnn::simulation
