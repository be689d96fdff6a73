#pragma once
// Metrics summed over events: counts add, rates are ratios of the sums (not means of per-event
// ratios). The TrackML score is the mean of the per-event scores, as the challenge ranked it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trackgnn/core/stage.hpp"
#include "trackgnn/metrics/edge_metrics.hpp"
#include "trackgnn/metrics/metrics_config.hpp"
#include "trackgnn/metrics/track_metrics.hpp"

namespace trackgnn {

// Stage keys of the JSON (stage_key of kGraphStages), in pipeline order.
inline const std::vector<std::string>& metric_stage_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> keys;
    for (const Stage stage : kGraphStages) keys.push_back(stage_key(stage));
    return keys;
  }();
  return names;
}

class MetricsSummary {
 public:
  explicit MetricsSummary(MetricsConfig config = {});

  void add_event(const TrackCounts& event_counts);
  // `stage` is one of metric_stage_names(); throws std::invalid_argument otherwise.
  void add_stage(const std::string& stage, const EdgeCounts& event_counts);

  std::int64_t events() const { return events_; }
  const TrackCounts& tracks() const { return tracks_; }
  // Mean of the scores of the events whose truth carries weight; empty when none did.
  std::optional<double> trackml_score() const;
  std::int64_t trackml_scored_events() const { return scored_events_; }
  // Stages seen so far, in pipeline order.
  std::vector<std::pair<std::string, EdgeCounts>> stages() const;
  const MetricsConfig& config() const { return config_; }

  // JSON with track_efficiency (pT cut), track_efficiency_all_pt, fake_rate, duplicate_rate,
  // duplicate_rate_above_min_pt, trackml_score, stages -> {name -> edge_efficiency, edge_purity,
  // edges_per_spacepoint, counts}, counts and config (with the matching rule's name and min_pt).
  // A ratio with a zero denominator is null.
  std::string to_json() const;
  // Writes to_json() to `file`; throws std::runtime_error when it cannot.
  void write_json(const std::filesystem::path& file) const;

 private:
  MetricsConfig config_;
  std::int64_t events_ = 0;
  TrackCounts tracks_;
  double score_sum_ = 0;
  std::int64_t scored_events_ = 0;
  std::vector<std::pair<std::string, EdgeCounts>> stages_;
};

}  // namespace trackgnn
