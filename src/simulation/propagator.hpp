#pragma once
// Transport of one charged particle through the detector: helix segments from layer to layer in
// path order. At each layer the helix is intersected with every module of the layer it may
// reach, so a particle crossing two overlapping modules leaves two crossings. Each module crossed
// scatters the particle (Highland), slows it (mean ionisation loss) and may hit a nucleus: the
// interaction produces secondaries and either absorbs the particle or lets it go on (its leading
// fragment carries the track). Transport ends when the particle leaves the detector, stops, is
// absorbed, or reaches the configured number of layer crossings (loopers).
#include <cstddef>
#include <vector>

#include "simulation/helix.hpp"
#include "simulation/random.hpp"
#include "trackgnn/simulation/detector.hpp"
#include "trackgnn/simulation/simulation_config.hpp"

namespace trackgnn::simulation {

struct Crossing {
  std::size_t layer = 0;   // index into Detector::layers()
  std::size_t module = 0;  // index into Detector::modules()
  Vector3 position;        // on the module's mid-plane, mm
  Vector3 momentum;        // arriving at the surface, before its material scatters it, GeV
  double path_length = 0;  // 3D path from the production vertex, mm
};

// A nuclear interaction in a module: the secondaries start here.
struct Interaction {
  Vector3 position;  // mm
  Vector3 momentum;  // of the particle as it interacted, GeV
};

class Propagator {
 public:
  Propagator(const Detector& detector, const SimulationConfig& config);

  // Appends the particle's crossings, in path order, to `crossings`, and its nuclear
  // interactions to `interactions` when `hadron` (pions, kaons, protons).
  void propagate(const Vector3& vertex, const Vector3& momentum, int charge, double mass, bool hadron,
                 Random& random, std::vector<Crossing>& crossings, std::vector<Interaction>& interactions) const;

  // The first crossing of an active surface at transverse path length > kSurfaceTolerance;
  // false when the helix meets none (it has left the detector).
  bool next_crossing(const Helix& helix, std::size_t& layer, double& s) const;

 private:
  // Appends the crossings of the modules of `layer` by the helix near transverse path `s`, in
  // path order (path lengths from `path_length` at the helix's origin).
  void module_crossings(const Helix& helix, std::size_t layer, double s, double path_length,
                        std::vector<Crossing>& crossings) const;
  // Radiation lengths crossed in a module of this layer's technology along `momentum`.
  double material(const Vector3& momentum, const Module& module, const Layer& layer) const;
  Vector3 scatter(const Vector3& momentum, double radiation_lengths, int charge, double mass, Random& random) const;
  // The momentum after the mean ionisation loss in `radiation_lengths` of silicon; zero when the
  // particle stops.
  Vector3 slow_down(const Vector3& momentum, double radiation_lengths, double mass) const;

  const Detector& detector_;
  const SimulationConfig& config_;
};

// Radiation lengths of a layer of this technology at normal incidence.
double radiation_length(const SimulationConfig& config, Technology technology);

}  // namespace trackgnn::simulation
