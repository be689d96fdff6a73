#include "trackgnn/metrics/binned_metrics.hpp"

#include <cmath>
#include <unordered_map>
#include <vector>

#include "metrics/candidate_matching.hpp"
#include "metrics/particle_hits.hpp"

namespace trackgnn {
namespace {

using metrics_detail::CandidateMatch;

// Azimuth in [-pi, pi): atan2 gives +pi for a momentum along -x, the same direction as -pi.
double azimuth(const Particle& particle) {
  const double angle = std::atan2(static_cast<double>(particle.py), static_cast<double>(particle.px));
  return angle >= MetricBinning::kPi ? angle - 2 * MetricBinning::kPi : angle;
}

// Mean pseudorapidity of the candidate's hits seen from the origin (NaN for an empty candidate,
// which then lies in no bin).
double candidate_eta(const Spacepoints& spacepoints, const TrackCandidates& tracks, std::size_t track) {
  double sum = 0;
  std::size_t hits = 0;
  for (const std::int32_t* hit = tracks.track_begin(track); hit != tracks.track_end(track); ++hit, ++hits) {
    const double radius =
        std::hypot(static_cast<double>(spacepoints.x[*hit]), static_cast<double>(spacepoints.y[*hit]));
    sum += std::asinh(static_cast<double>(spacepoints.z[*hit]) / radius);
  }
  return hits == 0 ? std::nan("") : sum / static_cast<double>(hits);
}

// Per candidate, whether it duplicates another candidate matched to the same particle: all but
// the one sharing most hits with the particle (the first of equals) are duplicates.
std::vector<bool> duplicate_flags(const std::vector<CandidateMatch>& matches) {
  std::unordered_map<std::uint64_t, std::size_t> original_of;
  for (std::size_t track = 0; track < matches.size(); ++track) {
    if (!matches[track].matched) continue;
    const auto [entry, first] = original_of.emplace(matches[track].majority_particle, track);
    if (!first && matches[track].shared_hits > matches[entry->second].shared_hits) entry->second = track;
  }
  std::vector<bool> duplicate(matches.size(), false);
  for (std::size_t track = 0; track < matches.size(); ++track) {
    duplicate[track] = matches[track].matched && original_of.at(matches[track].majority_particle) != track;
  }
  return duplicate;
}

}  // namespace

BinnedTrackCounts::BinnedTrackCounts(const MetricBinning& binning)
    : efficiency_vs_pt(binning.pt_edges),
      efficiency_vs_eta(binning.eta_edges),
      efficiency_vs_phi(binning.phi_edges),
      fake_rate_vs_eta(binning.eta_edges),
      duplicate_rate_vs_eta(binning.eta_edges) {}

BinnedTrackCounts& BinnedTrackCounts::operator+=(const BinnedTrackCounts& other) {
  efficiency_vs_pt += other.efficiency_vs_pt;
  efficiency_vs_eta += other.efficiency_vs_eta;
  efficiency_vs_phi += other.efficiency_vs_phi;
  fake_rate_vs_eta += other.fake_rate_vs_eta;
  duplicate_rate_vs_eta += other.duplicate_rate_vs_eta;
  return *this;
}

BinnedTrackCounts compute_binned_track_counts(const Event& event, const TrackCandidates& tracks,
                                              const MetricsConfig& config, const MetricBinning& binning) {
  config.validate();
  const Truth& truth = metrics_detail::require_truth(event, "track metrics");
  const auto particle_hits = metrics_detail::count_particle_hits(event.spacepoints, truth);
  const auto matches = metrics_detail::match_candidates(event, truth, tracks, particle_hits, config.matching);

  BinnedTrackCounts counts(binning);
  const std::vector<bool> duplicate = duplicate_flags(matches);
  for (std::size_t track = 0; track < matches.size(); ++track) {
    const double eta = candidate_eta(event.spacepoints, tracks, track);
    counts.fake_rate_vs_eta.fill(eta, !matches[track].matched);
    counts.duplicate_rate_vs_eta.fill(eta, duplicate[track]);
  }

  metrics_detail::for_each_reconstructable_particle(
      truth, particle_hits, config, metrics_detail::reconstructed_particles(matches),
      [&](const Particle& particle, bool reconstructed, bool above_min_pt) {
        counts.efficiency_vs_pt.fill(particle.pt(), reconstructed);
        if (above_min_pt) {
          counts.efficiency_vs_eta.fill(particle.eta(), reconstructed);
          counts.efficiency_vs_phi.fill(azimuth(particle), reconstructed);
        }
      });
  return counts;
}

}  // namespace trackgnn
