#pragma once
// Track-level metrics of one event: efficiency, fake and duplicate rates, TrackML score.
//
// Definitions (hit counts of a particle are its hits in this event's truth; particle 0 is noise):
// - matched candidate and reconstructed particle: as MetricsConfig::matching defines them
//   (metrics_config.hpp; the default is the double majority).
// - track efficiency = reconstructed reconstructable particles / reconstructable particles.
// - fake rate = (candidates - matched candidates) / candidates.
// - duplicate rate = (matched candidates - distinct particles they are matched to) / candidates.
//   This is the Exa.TrkX (eval_reco_trkx) and ACTS convention: a particle split into two pure
//   pieces gives one duplicate, not a fake. Under the double majority alone disjoint candidates
//   could never duplicate, which is why matching for fakes and duplicates is candidate-side.
// - duplicate rate above min_pt = (candidates matched to particles with pt > MetricsConfig::min_pt
//   - distinct such particles) / candidates matched to such particles: the duplicates among the
//   tracks of the particles the efficiency is quoted for (the particle's pT alone, from its
//   production momentum; the other reconstructability cuts do not apply).
// - TrackML score (the official definition of the TrackML challenge): for every candidate whose
//   majority particle holds more than half of the candidate's hits and more than half of the
//   particle's hits, add the truth weights of those majority hits; divide by the event's total
//   weight. Hits in no candidate add nothing (noise weighs 0 in TrackML truth). The matching
//   rule does not change it.
#include <cstdint>
#include <optional>

#include "trackgnn/event/event.hpp"
#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/metrics/metrics_config.hpp"

namespace trackgnn {

// Counts, so that events add up exactly; rates are ratios of summed counts.
struct TrackCounts {
  std::int64_t candidates = 0;
  std::int64_t matched_candidates = 0;
  std::int64_t matched_particles = 0;      // distinct particles with at least one matched candidate
  std::int64_t matched_candidates_above_min_pt = 0;  // matched to a particle with pt > min_pt
  std::int64_t matched_particles_above_min_pt = 0;   // distinct such particles
  std::int64_t reconstructable_particles = 0;
  std::int64_t reconstructed_reconstructable_particles = 0;
  std::int64_t reconstructable_particles_all_pt = 0;
  std::int64_t reconstructed_reconstructable_particles_all_pt = 0;
  double trackml_good_weight = 0;          // summed weight of the hits of good candidates
  double trackml_total_weight = 0;         // summed weight of all hits

  std::int64_t fake_candidates() const { return candidates - matched_candidates; }
  std::int64_t duplicate_candidates() const { return matched_candidates - matched_particles; }
  std::int64_t duplicate_candidates_above_min_pt() const {
    return matched_candidates_above_min_pt - matched_particles_above_min_pt;
  }
  // Ratios; empty when their denominator is zero.
  std::optional<double> track_efficiency() const;
  std::optional<double> track_efficiency_all_pt() const;
  std::optional<double> fake_rate() const;
  std::optional<double> duplicate_rate() const;
  std::optional<double> duplicate_rate_above_min_pt() const;
  // The event's TrackML score; empty when its truth carries no weight.
  std::optional<double> trackml_score() const;

  TrackCounts& operator+=(const TrackCounts& other);
};

// Throws std::invalid_argument when the event has no truth, when truth and spacepoints differ in
// length, or when a candidate names a spacepoint that does not exist or one already used by
// another candidate (the TrackML score assigns every hit to at most one track).
TrackCounts compute_track_counts(const Event& event, const TrackCandidates& tracks,
                                 const MetricsConfig& config = {});

}  // namespace trackgnn
