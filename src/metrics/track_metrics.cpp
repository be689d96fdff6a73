#include "trackgnn/metrics/track_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "metrics/particle_hits.hpp"
#include "metrics/ratio.hpp"

namespace trackgnn {
namespace {

using metrics_detail::ParticleHits;

constexpr std::uint64_t kNoise = 0;
// The TrackML challenge fixed its double-majority rule at one half on both sides; the score is
// only comparable to published ones with exactly this value, so it is not configurable.
constexpr double kTrackMLMajorityFraction = 0.5;

struct Majority {
  std::uint64_t particle_id = kNoise;
  std::int64_t hits = 0;
};

// `owners` sorted ascending; the first of equally long runs wins, i.e. the smallest id.
Majority majority_of(const std::vector<std::uint64_t>& owners) {
  Majority best;
  for (std::size_t begin = 0; begin < owners.size();) {
    std::size_t end = begin;
    while (end < owners.size() && owners[end] == owners[begin]) ++end;
    const auto run = static_cast<std::int64_t>(end - begin);
    if (run > best.hits) best = {owners[begin], run};
    begin = end;
  }
  return best;
}

bool is_reconstructable(const Particle& particle, const ParticleHits& hits, const MetricsConfig& config,
                        bool apply_pt_cut) {
  if (hits.distinct_layers < config.min_distinct_layers) return false;
  if (!(std::abs(particle.eta()) < config.max_abs_eta)) return false;
  return !apply_pt_cut || particle.pt() > config.min_pt;
}

}  // namespace

std::optional<double> TrackCounts::track_efficiency() const {
  return metrics_detail::ratio(static_cast<double>(reconstructed_reconstructable_particles),
                               static_cast<double>(reconstructable_particles));
}
std::optional<double> TrackCounts::track_efficiency_all_pt() const {
  return metrics_detail::ratio(static_cast<double>(reconstructed_reconstructable_particles_all_pt),
                               static_cast<double>(reconstructable_particles_all_pt));
}
std::optional<double> TrackCounts::fake_rate() const {
  return metrics_detail::ratio(static_cast<double>(fake_candidates()), static_cast<double>(candidates));
}
std::optional<double> TrackCounts::duplicate_rate() const {
  return metrics_detail::ratio(static_cast<double>(duplicate_candidates()), static_cast<double>(candidates));
}
std::optional<double> TrackCounts::trackml_score() const {
  return metrics_detail::ratio(trackml_good_weight, trackml_total_weight);
}

TrackCounts& TrackCounts::operator+=(const TrackCounts& other) {
  candidates += other.candidates;
  matched_candidates += other.matched_candidates;
  matched_particles += other.matched_particles;
  reconstructable_particles += other.reconstructable_particles;
  reconstructed_reconstructable_particles += other.reconstructed_reconstructable_particles;
  reconstructable_particles_all_pt += other.reconstructable_particles_all_pt;
  reconstructed_reconstructable_particles_all_pt += other.reconstructed_reconstructable_particles_all_pt;
  trackml_good_weight += other.trackml_good_weight;
  trackml_total_weight += other.trackml_total_weight;
  return *this;
}

TrackCounts compute_track_counts(const Event& event, const TrackCandidates& tracks, const MetricsConfig& config) {
  config.validate();
  const Truth& truth = metrics_detail::require_truth(event, "track metrics");
  const auto particle_hits = metrics_detail::count_particle_hits(event.spacepoints, truth);
  const std::size_t num_hits = truth.particle_id.size();
  const bool weighted = !truth.weight.empty();
  auto weight_of = [&](std::size_t hit) {
    return weighted && truth.particle_id[hit] != kNoise ? static_cast<double>(truth.weight[hit]) : 0.0;
  };

  TrackCounts counts;
  for (std::size_t hit = 0; hit < num_hits; ++hit) counts.trackml_total_weight += weight_of(hit);

  std::vector<bool> assigned(num_hits, false);
  std::unordered_set<std::uint64_t> matched_particles;
  std::unordered_set<std::uint64_t> reconstructed_particles;
  std::vector<std::uint64_t> owners;
  for (std::size_t track = 0; track < tracks.size(); ++track) {
    owners.clear();
    for (const std::int32_t* hit = tracks.track_begin(track); hit != tracks.track_end(track); ++hit) {
      if (*hit < 0 || static_cast<std::size_t>(*hit) >= num_hits) {
        throw std::invalid_argument("event " + std::to_string(event.event_id) + ": track candidate " +
                                    std::to_string(track) + " names spacepoint " + std::to_string(*hit) +
                                    " of " + std::to_string(num_hits));
      }
      if (assigned[*hit]) {
        throw std::invalid_argument("event " + std::to_string(event.event_id) + ": spacepoint " +
                                    std::to_string(*hit) + " is in more than one track candidate");
      }
      assigned[*hit] = true;
      owners.push_back(truth.particle_id[*hit]);
    }
    ++counts.candidates;
    std::sort(owners.begin(), owners.end());
    const Majority majority = majority_of(owners);
    if (majority.particle_id == kNoise) continue;

    const auto candidate_hits = static_cast<double>(owners.size());
    const auto particle_total = static_cast<double>(particle_hits.at(majority.particle_id).hits);
    const auto shared = static_cast<double>(majority.hits);
    if (shared > config.min_candidate_fraction * candidate_hits) {
      ++counts.matched_candidates;
      matched_particles.insert(majority.particle_id);
      if (shared > config.min_particle_fraction * particle_total) reconstructed_particles.insert(majority.particle_id);
    }
    if (shared > kTrackMLMajorityFraction * candidate_hits && shared > kTrackMLMajorityFraction * particle_total) {
      for (const std::int32_t* hit = tracks.track_begin(track); hit != tracks.track_end(track); ++hit) {
        if (truth.particle_id[*hit] == majority.particle_id) counts.trackml_good_weight += weight_of(*hit);
      }
    }
  }
  counts.matched_particles = static_cast<std::int64_t>(matched_particles.size());

  const auto particle_index = truth.particle_index();
  for (const auto& [particle_id, hits] : particle_hits) {
    const auto found = particle_index.find(particle_id);
    // A hit of a particle missing from the particle table has no kinematics to select it by.
    if (found == particle_index.end()) continue;
    const Particle& particle = truth.particles[found->second];
    const bool reconstructed = reconstructed_particles.count(particle_id) > 0;
    if (is_reconstructable(particle, hits, config, /*apply_pt_cut=*/false)) {
      ++counts.reconstructable_particles_all_pt;
      counts.reconstructed_reconstructable_particles_all_pt += reconstructed;
    }
    if (is_reconstructable(particle, hits, config, /*apply_pt_cut=*/true)) {
      ++counts.reconstructable_particles;
      counts.reconstructed_reconstructable_particles += reconstructed;
    }
  }
  return counts;
}

}  // namespace trackgnn
