#pragma once
// What every CPU radius search shares: the distance (bit-identical to the CUDA kernel's) and the
// rule that turns each point's candidates into the canonical undirected edge list.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "trackgnn/core/buffer.hpp"

namespace trackgnn::radius {

// Summed in dimension order with separate multiply and add, as the CUDA kernel does.
inline float squared_distance(const float* a, const float* b, std::int64_t dim) {
  float sum = 0.0f;
  for (std::int64_t k = 0; k < dim; ++k) {
    const float difference = a[k] - b[k];
    const float square = difference * difference;
    sum = sum + square;
  }
  return sum;
}

struct Candidate {
  float distance2;
  std::int64_t index;
  bool operator<(const Candidate& other) const {
    return distance2 < other.distance2 || (distance2 == other.distance2 && index < other.index);
  }
};

// Keeps the k nearest of `candidates` (ties by index) and appends (min, max) pairs to `pairs`.
inline void keep_nearest(std::int64_t point, std::vector<Candidate>& candidates, std::int64_t k,
                         std::vector<std::pair<std::int64_t, std::int64_t>>& pairs) {
  if (static_cast<std::int64_t>(candidates.size()) > k) {
    std::nth_element(candidates.begin(), candidates.begin() + k, candidates.end());
    candidates.resize(static_cast<std::size_t>(k));
  }
  for (const auto& candidate : candidates)
    pairs.emplace_back(std::min(point, candidate.index), std::max(point, candidate.index));
}

// Sorts and deduplicates the pairs and writes them as [2, E].
inline void write_edges(std::vector<std::pair<std::int64_t, std::int64_t>>& pairs, Buffer<std::int64_t>& edges) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  const std::size_t num_edges = pairs.size();
  std::vector<std::int64_t> flat(2 * num_edges);
  for (std::size_t e = 0; e < num_edges; ++e) {
    flat[e] = pairs[e].first;
    flat[num_edges + e] = pairs[e].second;
  }
  edges.copy_from_host(flat.data(), flat.size());
}

}  // namespace trackgnn::radius
