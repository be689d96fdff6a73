#pragma once
// Edge-level metrics of one stage's graph: efficiency and purity against truth.
//
// - true edge: both hits belong to the same non-noise particle (a self-loop is never true).
// - target edges: for every particle with pt > MetricsConfig::edge_target_min_pt, its hits
//   ordered by distance |hit - production vertex|, each hit joined to the next one.
// - kept edges: all edges of an unscored graph; of a scored one, those with score >= cut.
// - edge efficiency = target edges present among the kept edges (either direction) / target edges.
// - edge purity = true kept edges / kept edges (particles of any pT).
#include <cstdint>
#include <optional>
#include <vector>

#include "trackgnn/event/event.hpp"
#include "trackgnn/metrics/metrics_config.hpp"

namespace trackgnn {

struct EdgeCounts {
  std::int64_t spacepoints = 0;
  std::int64_t kept_edges = 0;
  std::int64_t true_kept_edges = 0;
  std::int64_t target_edges = 0;
  std::int64_t target_edges_found = 0;

  std::optional<double> edge_efficiency() const;
  std::optional<double> edge_purity() const;
  std::optional<double> edges_per_spacepoint() const;

  EdgeCounts& operator+=(const EdgeCounts& other);
};

// One stage's edges on the host: edge_index is [2, E] (E sources, then E targets) into the
// event's spacepoints; scores is [E], or empty when the stage does not score its edges (then
// `cut` is ignored). Throws std::invalid_argument when the event has no truth, when edge_index
// has odd length, when scores is neither empty nor one per edge, or when an edge names a
// spacepoint that does not exist.
EdgeCounts compute_edge_counts(const Event& event, const std::vector<std::int64_t>& edge_index,
                               const std::vector<float>& scores, float cut, const MetricsConfig& config = {});

}  // namespace trackgnn
