#include "trackgnn/metrics/track_metrics.hpp"

#include <unordered_set>
#include <vector>

#include "metrics/candidate_matching.hpp"
#include "metrics/particle_hits.hpp"
#include "metrics/ratio.hpp"

namespace trackgnn {

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
std::optional<double> TrackCounts::duplicate_rate_above_min_pt() const {
  return metrics_detail::ratio(static_cast<double>(duplicate_candidates_above_min_pt()),
                               static_cast<double>(matched_candidates_above_min_pt));
}
std::optional<double> TrackCounts::trackml_score() const {
  return metrics_detail::ratio(trackml_good_weight, trackml_total_weight);
}

TrackCounts& TrackCounts::operator+=(const TrackCounts& other) {
  candidates += other.candidates;
  matched_candidates += other.matched_candidates;
  matched_particles += other.matched_particles;
  matched_candidates_above_min_pt += other.matched_candidates_above_min_pt;
  matched_particles_above_min_pt += other.matched_particles_above_min_pt;
  reconstructable_particles += other.reconstructable_particles;
  reconstructed_reconstructable_particles += other.reconstructed_reconstructable_particles;
  reconstructable_particles_all_pt += other.reconstructable_particles_all_pt;
  reconstructed_reconstructable_particles_all_pt += other.reconstructed_reconstructable_particles_all_pt;
  trackml_good_weight += other.trackml_good_weight;
  trackml_total_weight += other.trackml_total_weight;
  return *this;
}

TrackCounts compute_track_counts(const Event& event, const TrackCandidates& tracks, const MetricsConfig& config) {
  using metrics_detail::kNoiseParticle;
  config.validate();
  const Truth& truth = metrics_detail::require_truth(event, "track metrics");
  const auto particle_hits = metrics_detail::count_particle_hits(event.spacepoints, truth);
  const auto matches = metrics_detail::match_candidates(event, truth, tracks, particle_hits, config.matching);
  const auto particle_index = truth.particle_index();
  const bool weighted = !truth.weight.empty();
  auto weight_of = [&](std::size_t hit) {
    return weighted && truth.particle_id[hit] != kNoiseParticle ? static_cast<double>(truth.weight[hit]) : 0.0;
  };
  auto above_min_pt = [&](std::uint64_t particle_id) {
    const auto found = particle_index.find(particle_id);
    return found != particle_index.end() && truth.particles[found->second].pt() > config.min_pt;
  };

  TrackCounts counts;
  for (std::size_t hit = 0; hit < truth.particle_id.size(); ++hit) counts.trackml_total_weight += weight_of(hit);

  std::unordered_set<std::uint64_t> matched_particles;
  for (std::size_t track = 0; track < matches.size(); ++track) {
    const metrics_detail::CandidateMatch& match = matches[track];
    ++counts.candidates;
    if (match.matched) {
      ++counts.matched_candidates;
      matched_particles.insert(match.majority_particle);
      if (above_min_pt(match.majority_particle)) ++counts.matched_candidates_above_min_pt;
    }
    if (metrics_detail::counts_for_trackml_score(match)) {
      for (const std::int32_t* hit = tracks.track_begin(track); hit != tracks.track_end(track); ++hit) {
        if (truth.particle_id[*hit] == match.majority_particle) counts.trackml_good_weight += weight_of(*hit);
      }
    }
  }
  counts.matched_particles = static_cast<std::int64_t>(matched_particles.size());
  for (const std::uint64_t particle_id : matched_particles)
    counts.matched_particles_above_min_pt += above_min_pt(particle_id);

  metrics_detail::for_each_reconstructable_particle(
      truth, particle_hits, config, metrics_detail::reconstructed_particles(matches),
      [&](const Particle&, bool reconstructed, bool above_min_pt_cut) {
        ++counts.reconstructable_particles_all_pt;
        counts.reconstructed_reconstructable_particles_all_pt += reconstructed;
        if (above_min_pt_cut) {
          ++counts.reconstructable_particles;
          counts.reconstructed_reconstructable_particles += reconstructed;
        }
      });
  return counts;
}

}  // namespace trackgnn
