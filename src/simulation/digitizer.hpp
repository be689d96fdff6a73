#pragma once
// The detector response to a crossing: hit efficiency, the module that measured it, the
// measured position (smeared by the pitch) and the cluster of cells with their charge. Also
// makes noise hits.
#include <cstdint>
#include <vector>

#include "simulation/helix.hpp"
#include "simulation/random.hpp"
#include "trackgnn/simulation/detector.hpp"
#include "trackgnn/simulation/simulation_config.hpp"

namespace trackgnn::simulation {

struct CellRecord {
  std::int32_t ch0 = 0, ch1 = 0;
  float value = 0;
};

// A point on a layer in the frame of the module that contains it (local axes as in TrackML:
// u across the module, v along z (barrel) or outward in r (disk), w the normal).
struct ModulePoint {
  const ModuleRing* ring = nullptr;
  std::size_t bin = 0;  // azimuth bin of the module in its ring
  double u = 0, v = 0;  // from the module centre, mm
  Vector3 u_axis, v_axis, w_axis;
};

ModulePoint locate(const Layer& layer, const Vector3& position);

struct Measurement {
  Vector3 position;  // measured, mm
  std::int64_t module_id = 0;
};

class Digitizer {
 public:
  Digitizer(const Detector& detector, const SimulationConfig& config);

  // False when the layer missed the crossing (inefficiency). Otherwise fills `measurement` and
  // appends the cluster's cells to `cells`.
  bool measure(std::size_t layer, const Vector3& position, const Vector3& momentum, Random& random,
               Measurement& measurement, std::vector<CellRecord>& cells) const;

  // A noise hit: a module drawn uniformly among all modules, a point uniform on it, one cell.
  void noise(Random& random, std::size_t& layer, Measurement& measurement, std::vector<CellRecord>& cells) const;

 private:
  void add_cluster(const Layer& layer, const ModulePoint& point, const Vector3& direction, Random& random,
                   std::vector<CellRecord>& cells) const;

  const Detector& detector_;
  const SimulationConfig& config_;
  std::vector<std::size_t> modules_before_layer_;  // cumulative module counts, for drawing noise modules
};

double hit_efficiency(const SimulationConfig& config, Technology technology);

}  // namespace trackgnn::simulation
