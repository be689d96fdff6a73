#include "simulation/scoring_weights.hpp"

#include <algorithm>

namespace trackgnn::simulation {

namespace {

constexpr int kMinimumTrackHits = 4;   // TrackML gives tracks with fewer hits no weight
constexpr int kEndHits = 3;            // hits at either end of a track that weigh more
constexpr double kEndHitWeight = 2.0;  // relative to a hit in the middle
// pT weight: kLowPtWeight up to kLowPt, rising linearly to 1 at kFullWeightPt.
constexpr double kLowPtWeight = 0.2, kLowPt = 0.5, kFullWeightPt = 3.0;  // GeV

double pt_weight(double pt) {
  if (pt <= kLowPt) return kLowPtWeight;
  if (pt >= kFullWeightPt) return 1.0;
  return kLowPtWeight + (1.0 - kLowPtWeight) * (pt - kLowPt) / (kFullWeightPt - kLowPt);
}

}  // namespace

std::vector<float> scoring_weights(const std::vector<WeightedHit>& hits, const std::vector<int>& particle_hits,
                                   const std::vector<double>& particle_pt) {
  std::vector<double> raw(hits.size(), 0.0);
  double total = 0;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const auto& hit = hits[i];
    if (hit.noise) continue;
    const int count = particle_hits[hit.particle];
    if (count < kMinimumTrackHits) continue;
    const bool end = hit.rank < kEndHits || hit.rank >= count - kEndHits;
    raw[i] = pt_weight(particle_pt[hit.particle]) * (end ? kEndHitWeight : 1.0);
    total += raw[i];
  }
  std::vector<float> weights(hits.size(), 0.0f);
  if (total > 0)
    for (std::size_t i = 0; i < hits.size(); ++i) weights[i] = static_cast<float>(raw[i] / total);
  return weights;
}

}  // namespace trackgnn::simulation
