#include "trackgnn/metrics/edge_metrics.hpp"

#include "metrics/edge_matching.hpp"
#include "metrics/particle_hits.hpp"
#include "metrics/ratio.hpp"

namespace trackgnn {

std::optional<double> EdgeCounts::edge_efficiency() const {
  return metrics_detail::ratio(static_cast<double>(target_edges_found), static_cast<double>(target_edges));
}
std::optional<double> EdgeCounts::edge_purity() const {
  return metrics_detail::ratio(static_cast<double>(true_kept_edges), static_cast<double>(kept_edges));
}
std::optional<double> EdgeCounts::edges_per_spacepoint() const {
  return metrics_detail::ratio(static_cast<double>(kept_edges), static_cast<double>(spacepoints));
}

EdgeCounts& EdgeCounts::operator+=(const EdgeCounts& other) {
  spacepoints += other.spacepoints;
  kept_edges += other.kept_edges;
  true_kept_edges += other.true_kept_edges;
  target_edges += other.target_edges;
  target_edges_found += other.target_edges_found;
  return *this;
}

EdgeCounts compute_edge_counts(const Event& event, const std::vector<std::int64_t>& edge_index,
                               const std::vector<float>& scores, float cut, const MetricsConfig& config) {
  config.validate();
  const Truth& truth = metrics_detail::require_truth(event, "edge metrics");
  const metrics_detail::KeptEdges kept = metrics_detail::collect_kept_edges(event, truth, edge_index, scores, cut);
  const std::size_t num_spacepoints = truth.particle_id.size();

  EdgeCounts counts;
  counts.spacepoints = static_cast<std::int64_t>(num_spacepoints);
  counts.kept_edges = kept.kept;
  counts.true_kept_edges = kept.true_kept;
  for (const auto& edge : metrics_detail::target_edges(event.spacepoints, truth, config.edge_target_min_pt)) {
    ++counts.target_edges;
    counts.target_edges_found +=
        kept.undirected_keys.count(metrics_detail::undirected_key(edge.inner, edge.outer, num_spacepoints));
  }
  return counts;
}

}  // namespace trackgnn
