#include "trackgnn/metrics/metrics_config.hpp"

#include <stdexcept>
#include <string>

namespace trackgnn {
namespace {

// Written as !(ok) so that NaN fails too.
void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("metrics configuration: " + message);
}

bool is_fraction(double value) { return value >= 0.0 && value < 1.0; }

}  // namespace

void MetricsConfig::validate() const {
  require(min_pt >= 0.0f, "min_pt must be >= 0 GeV, got " + std::to_string(min_pt));
  require(max_abs_eta > 0.0f, "max_abs_eta must be > 0, got " + std::to_string(max_abs_eta));
  require(min_distinct_layers >= 1, "min_distinct_layers must be >= 1, got " + std::to_string(min_distinct_layers));
  require(is_fraction(min_candidate_fraction),
          "min_candidate_fraction must lie in [0, 1), got " + std::to_string(min_candidate_fraction));
  require(is_fraction(min_particle_fraction),
          "min_particle_fraction must lie in [0, 1), got " + std::to_string(min_particle_fraction));
  require(edge_target_min_pt >= 0.0f, "edge_target_min_pt must be >= 0 GeV, got " + std::to_string(edge_target_min_pt));
}

}  // namespace trackgnn
