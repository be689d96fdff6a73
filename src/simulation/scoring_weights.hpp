#pragma once
// Per-hit weights in the spirit of the TrackML challenge's score (Amrouche et al., 2019),
// simplified: noise and short tracks weigh nothing, low-pT particles less, a track's first and
// last hits more (they decide whether it is found whole); the weights of an event sum to 1.
#include <cstdint>
#include <vector>

namespace trackgnn::simulation {

struct WeightedHit {
  std::size_t particle = 0;  // index into the particle list; ignored for noise
  bool noise = false;
  int rank = 0;              // position along the particle's path, from 0
};

// particle_hits[i] and particle_pt[i]: number of hits and pT of particle i.
std::vector<float> scoring_weights(const std::vector<WeightedHit>& hits, const std::vector<int>& particle_hits,
                                   const std::vector<double>& particle_pt);

}  // namespace trackgnn::simulation
