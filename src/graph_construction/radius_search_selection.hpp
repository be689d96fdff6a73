#pragma once
// What every CPU radius search shares: the distance (bit-identical to the CUDA kernel's) and the
// rule that turns each point's candidates into the canonical undirected edge list.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
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

// The points that can be anyone's neighbour, ascending. Copies of a point (every coordinate the
// same bits) lie at the same distance from any query, so they rank among its candidates by index
// alone: only the k + 1 lowest-index copies of a place can be among a point's k nearest (when the
// point is one of them, k others still come first). The other copies are left out as
// candidates, which changes no edge (they still search for their own neighbours) and bounds the
// candidates a place contributes to k + 1, so that a cloud of identical points (every hit at one
// position) costs n (k + 1) distances instead of n^2. The CUDA grid search leaves out the same
// copies (radius_search_grid.cu).
inline std::vector<std::int64_t> candidates_without_surplus_copies(const float* points, std::int64_t n,
                                                                   std::int64_t dim, std::int64_t k) {
  const auto bits = [&](std::int64_t point, std::int64_t coordinate) {
    std::uint32_t value;
    std::memcpy(&value, points + point * dim + coordinate, sizeof value);
    return value;
  };
  const auto same_place = [&](std::int64_t a, std::int64_t b) {
    for (std::int64_t c = 0; c < dim; ++c)
      if (bits(a, c) != bits(b, c)) return false;
    return true;
  };
  std::vector<std::int64_t> by_place(static_cast<std::size_t>(n));
  std::iota(by_place.begin(), by_place.end(), 0);
  std::sort(by_place.begin(), by_place.end(), [&](std::int64_t a, std::int64_t b) {
    for (std::int64_t c = 0; c < dim; ++c)
      if (bits(a, c) != bits(b, c)) return bits(a, c) < bits(b, c);
    return a < b;
  });
  std::vector<std::int64_t> candidates;
  candidates.reserve(by_place.size());
  std::int64_t copies_so_far = 0;
  for (std::size_t s = 0; s < by_place.size(); ++s) {
    copies_so_far = s > 0 && same_place(by_place[s], by_place[s - 1]) ? copies_so_far + 1 : 0;
    if (copies_so_far <= k) candidates.push_back(by_place[s]);
  }
  std::sort(candidates.begin(), candidates.end());
  return candidates;
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
