#pragma once
// The detector response to a module crossing: hit efficiency, the measured position (smeared by
// the pitch, on the module) and the cluster of cells with their charge. Also makes noise hits.
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

struct Measurement {
  Vector3 position;  // measured, mm
  std::int64_t module_id = 0;
};

class Digitizer {
 public:
  Digitizer(const Detector& detector, const SimulationConfig& config);

  // False when the module missed the crossing (inefficiency). Otherwise fills `measurement` and
  // appends the cluster's cells to `cells`.
  bool measure(std::size_t module, const Vector3& position, const Vector3& momentum, Random& random,
               Measurement& measurement, std::vector<CellRecord>& cells) const;

  // A noise hit in `volume_id`: a module drawn uniformly among the volume's, a point uniform on
  // it, a cluster as from a particle at normal incidence. False when the volume has no modules.
  bool noise(std::int32_t volume_id, Random& random, std::size_t& layer, Measurement& measurement,
             std::vector<CellRecord>& cells) const;

 private:
  void add_cluster(const Module& module, const Layer& layer, double u, double v, const Vector3& direction,
                   Random& random, std::vector<CellRecord>& cells) const;

  const Detector& detector_;
  const SimulationConfig& config_;
  std::vector<std::pair<std::int32_t, std::vector<std::size_t>>> modules_by_volume_;
};

double hit_efficiency(const SimulationConfig& config, Technology technology);

}  // namespace trackgnn::simulation
