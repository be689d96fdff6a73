#pragma once
// What the metrics count as reconstructable, matched and a target edge. The defaults are the
// Exa.TrkX / TrackML conventions; change them here, not in the code that counts.
#include <cstdint>

namespace trackgnn {

struct MetricsConfig {
  // A particle is reconstructable when pt > min_pt, |eta| < max_abs_eta (both from its
  // production momentum) and its hits lie on at least min_distinct_layers distinct
  // (volume_id, layer_id) pairs. The "all pT" efficiency drops only the pT cut.
  float min_pt = 1.0f;                    // GeV
  float max_abs_eta = 4.0f;
  std::int32_t min_distinct_layers = 5;

  // Majority thresholds (strict: "more than"). A candidate is matched to its majority particle
  // when more than min_candidate_fraction of the candidate's hits belong to that particle; a
  // particle is reconstructed when a candidate is matched to it and also holds more than
  // min_particle_fraction of the particle's hits (double majority).
  double min_candidate_fraction = 0.5;
  double min_particle_fraction = 0.5;

  // Target edges for the edge efficiency: consecutive hits of every particle with
  // pt > edge_target_min_pt, ordered by distance from the particle's production vertex.
  float edge_target_min_pt = 1.0f;        // GeV

  // Throws std::invalid_argument for values outside their meaning (negative cuts, fractions
  // outside [0, 1), fewer than one layer).
  void validate() const;
};

}  // namespace trackgnn
