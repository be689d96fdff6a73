#include "metrics/edge_matching.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace trackgnn::metrics_detail {
namespace {

constexpr std::uint64_t kNoise = 0;

}  // namespace

std::uint64_t undirected_key(std::int64_t a, std::int64_t b, std::size_t num_spacepoints) {
  const auto low = static_cast<std::uint64_t>(std::min(a, b));
  const auto high = static_cast<std::uint64_t>(std::max(a, b));
  return low * num_spacepoints + high;
}

KeptEdges collect_kept_edges(const Event& event, const Truth& truth, const std::vector<std::int64_t>& edge_index,
                             const std::vector<float>& scores, float cut) {
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

  KeptEdges kept;
  kept.undirected_keys.reserve(num_edges);
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
    ++kept.kept;
    const std::uint64_t particle_id = truth.particle_id[source];
    if (source != target && particle_id != kNoise && particle_id == truth.particle_id[target]) ++kept.true_kept;
    kept.undirected_keys.insert(undirected_key(source, target, num_spacepoints));
  }
  return kept;
}

std::vector<TargetEdge> target_edges(const Spacepoints& spacepoints, const Truth& truth, std::optional<float> min_pt) {
  const auto particle_index = truth.particle_index();
  std::unordered_map<std::uint64_t, std::vector<std::int64_t>> hits_of;
  for (std::size_t hit = 0; hit < truth.particle_id.size(); ++hit) {
    const std::uint64_t particle_id = truth.particle_id[hit];
    if (particle_id == kNoise) continue;
    const auto found = particle_index.find(particle_id);
    if (found == particle_index.end()) continue;
    if (min_pt && !(truth.particles[found->second].pt() > *min_pt)) continue;
    hits_of[particle_id].push_back(static_cast<std::int64_t>(hit));
  }

  std::vector<TargetEdge> edges;
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
    for (std::size_t i = 1; i < hits.size(); ++i) edges.push_back({hits[i - 1], hits[i], particle.pt()});
  }
  return edges;
}

}  // namespace trackgnn::metrics_detail
