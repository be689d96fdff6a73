#pragma once
// Matching of an event's track candidates to particles under a MatchingRule, shared by the
// totals (track_metrics) and the binned metrics so that both count the same candidates.
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "metrics/particle_hits.hpp"
#include "trackgnn/event/event.hpp"
#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/metrics/metrics_config.hpp"

namespace trackgnn::metrics_detail {

constexpr std::uint64_t kNoiseParticle = 0;

struct CandidateMatch {
  std::uint64_t majority_particle = kNoiseParticle;  // noise when the candidate is mostly noise or empty
  std::int64_t candidate_hits = 0;
  std::int64_t shared_hits = 0;       // the candidate's hits that belong to its majority particle
  std::int64_t particle_hits = 0;     // all hits of the majority particle in the event (0 for noise)
  bool matched = false;               // the rule's candidate side holds
  bool reconstructs_particle = false;  // matched, and the rule's particle side holds too
};

// One entry per candidate, in candidate order. Throws std::invalid_argument when a candidate
// names a spacepoint that does not exist or one already used by another candidate.
std::vector<CandidateMatch> match_candidates(const Event& event, const Truth& truth, const TrackCandidates& tracks,
                                             const std::unordered_map<std::uint64_t, ParticleHits>& particle_hits,
                                             MatchingRule rule);

// The TrackML challenge's own double majority (fixed at one half on both sides, whatever rule
// the other metrics use), so that the score stays comparable with published ones.
bool counts_for_trackml_score(const CandidateMatch& match);

// The particles that a candidate reconstructs under the rule of `matches`.
std::unordered_set<std::uint64_t> reconstructed_particles(const std::vector<CandidateMatch>& matches);

// Whether `particle` passes the reconstructability cuts of `config` other than the pT cut.
bool is_reconstructable_at_any_pt(const Particle& particle, const ParticleHits& hits, const MetricsConfig& config);

// Calls visit(particle, reconstructed, above_min_pt) for every particle with hits in the event
// that is reconstructable at any pT; `above_min_pt` says whether it passes the pT cut as well. A
// particle missing from the particle table has no kinematics to select it by and is skipped.
template <typename Visit>
void for_each_reconstructable_particle(const Truth& truth,
                                       const std::unordered_map<std::uint64_t, ParticleHits>& particle_hits,
                                       const MetricsConfig& config,
                                       const std::unordered_set<std::uint64_t>& reconstructed, Visit visit) {
  const auto particle_index = truth.particle_index();
  for (const auto& [particle_id, hits] : particle_hits) {
    const auto found = particle_index.find(particle_id);
    if (found == particle_index.end()) continue;
    const Particle& particle = truth.particles[found->second];
    if (!is_reconstructable_at_any_pt(particle, hits, config)) continue;
    visit(particle, reconstructed.count(particle_id) > 0, particle.pt() > config.min_pt);
  }
}

}  // namespace trackgnn::metrics_detail
