#include "trackgnn/metrics/edge_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "metrics/particle_hits.hpp"
#include "metrics/ratio.hpp"

namespace trackgnn {
namespace {

constexpr std::uint64_t kNoise = 0;

// An undirected pair of spacepoints as one number, so (i, j) and (j, i) are the same edge.
std::uint64_t undirected_key(std::int64_t a, std::int64_t b, std::size_t num_spacepoints) {
  const auto low = static_cast<std::uint64_t>(std::min(a, b));
  const auto high = static_cast<std::uint64_t>(std::max(a, b));
  return low * num_spacepoints + high;
}

// Consecutive hits of every particle above the pT cut, ordered by distance from its vertex.
std::vector<std::pair<std::int64_t, std::int64_t>> target_edges(const Spacepoints& spacepoints, const Truth& truth,
                                                                float min_pt) {
  const auto particle_index = truth.particle_index();
  std::unordered_map<std::uint64_t, std::vector<std::int64_t>> hits_of;
  for (std::size_t hit = 0; hit < truth.particle_id.size(); ++hit) {
    const std::uint64_t particle_id = truth.particle_id[hit];
    if (particle_id == kNoise) continue;
    const auto found = particle_index.find(particle_id);
    if (found == particle_index.end() || !(truth.particles[found->second].pt() > min_pt)) continue;
    hits_of[particle_id].push_back(static_cast<std::int64_t>(hit));
  }

  std::vector<std::pair<std::int64_t, std::int64_t>> edges;
  for (auto& [particle_id, hits] : hits_of) {
    const Particle& particle = truth.particles[particle_index.at(particle_id)];
    auto distance = [&](std::int64_t hit) {
      return std::hypot(spacepoints.x[hit] - particle.vx, spacepoints.y[hit] - particle.vy,
                        spacepoints.z[hit] - particle.vz);
    };
    // Ties (same distance) fall back to the hit index so the result does not depend on hashing.
    std::sort(hits.begin(), hits.end(), [&](std::int64_t a, std::int64_t b) {
      const float da = distance(a), db = distance(b);
      return da != db ? da < db : a < b;
    });
    for (std::size_t i = 1; i < hits.size(); ++i) edges.emplace_back(hits[i - 1], hits[i]);
  }
  return edges;
}

}  // namespace

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
  const std::string where = "event " + std::to_string(event.event_id) + ": ";
  if (edge_index.size() % 2 != 0) {
    throw std::invalid_argument(where + "edge_index must be [2, E], got " + std::to_string(edge_index.size()) +
                                " values");
  }
  const std::size_t num_edges = edge_index.size() / 2;
  if (!scores.empty() && scores.size() != num_edges) {
    throw std::invalid_argument(where + std::to_string(scores.size()) + " edge scores for " +
                                std::to_string(num_edges) + " edges");
  }
  const std::size_t num_spacepoints = truth.particle_id.size();

  EdgeCounts counts;
  counts.spacepoints = static_cast<std::int64_t>(num_spacepoints);
  std::unordered_set<std::uint64_t> kept;
  kept.reserve(num_edges);
  for (std::size_t edge = 0; edge < num_edges; ++edge) {
    const std::int64_t source = edge_index[edge];
    const std::int64_t target = edge_index[num_edges + edge];
    for (const std::int64_t node : {source, target}) {
      if (node < 0 || static_cast<std::size_t>(node) >= num_spacepoints) {
        throw std::invalid_argument(where + "edge " + std::to_string(edge) + " names spacepoint " +
                                    std::to_string(node) + " of " + std::to_string(num_spacepoints));
      }
    }
    if (!scores.empty() && !(scores[edge] >= cut)) continue;
    ++counts.kept_edges;
    const std::uint64_t particle_id = truth.particle_id[source];
    if (source != target && particle_id != kNoise && particle_id == truth.particle_id[target]) ++counts.true_kept_edges;
    kept.insert(undirected_key(source, target, num_spacepoints));
  }

  for (const auto& [a, b] : target_edges(event.spacepoints, truth, config.edge_target_min_pt)) {
    ++counts.target_edges;
    counts.target_edges_found += kept.count(undirected_key(a, b, num_spacepoints));
  }
  return counts;
}

}  // namespace trackgnn
