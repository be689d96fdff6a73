#include "trackgnn/metrics/binned_metrics.hpp"

#include <optional>

#include "metrics/edge_matching.hpp"
#include "metrics/particle_hits.hpp"

namespace trackgnn {

BinnedCounts compute_edge_efficiency_vs_pt(const Event& event, const std::vector<std::int64_t>& edge_index,
                                           const std::vector<float>& scores, float cut,
                                           const std::vector<double>& pt_edges) {
  const Truth& truth = metrics_detail::require_truth(event, "edge metrics");
  const metrics_detail::KeptEdges kept = metrics_detail::collect_kept_edges(event, truth, edge_index, scores, cut);
  const std::size_t num_spacepoints = truth.particle_id.size();
  BinnedCounts efficiency(pt_edges);
  for (const auto& edge : metrics_detail::target_edges(event.spacepoints, truth, /*min_pt=*/std::nullopt)) {
    const bool found =
        kept.undirected_keys.count(metrics_detail::undirected_key(edge.inner, edge.outer, num_spacepoints)) > 0;
    efficiency.fill(edge.particle_pt, found);
  }
  return efficiency;
}

}  // namespace trackgnn
