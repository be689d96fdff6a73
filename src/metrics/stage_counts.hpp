#pragma once
// Per-stage counts summed over events, kept in the order the stages were first seen; shared by
// the totals (MetricsSummary) and the binned metrics (BinnedMetricsSummary).
#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "trackgnn/metrics/metrics_summary.hpp"

namespace trackgnn::metrics_detail {

// Adds `counts` to `stage`'s entry, creating it; throws std::invalid_argument when `stage` is
// not one of metric_stage_names() (and whatever Counts::operator+= throws).
template <typename Counts>
void add_stage_counts(std::vector<std::pair<std::string, Counts>>& stages, const std::string& stage,
                      const Counts& counts) {
  const auto& known = metric_stage_names();
  if (std::find(known.begin(), known.end(), stage) == known.end()) {
    throw std::invalid_argument("unknown metrics stage '" + stage + "' (known: build_edges, filtering, gnn)");
  }
  for (auto& [name, sum] : stages) {
    if (name == stage) {
      sum += counts;
      return;
    }
  }
  stages.emplace_back(stage, counts);
}

}  // namespace trackgnn::metrics_detail
