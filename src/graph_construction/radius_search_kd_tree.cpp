// "grid" on the CPU, a k-d tree search: each point descends the tree of all points nearest
// branch first and prunes a branch whose splitting plane lies farther than its current k-th
// nearest candidate (or the radius while it has fewer than k). A point thus measures about the
// points of its own neighbourhood of k, however densely packed: at pileup 1000, where a cell list
// of radius-wide cells holds several times more points per cell than at pileup 200, the cost per
// point stays about the same (docs/benchmarks.md). Copies of a place beyond the k + 1 that can be
// kept are left out of the tree (radius_search_selection.hpp), so a place holding many identical
// points costs what k + 1 points there would.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <queue>
#include <vector>

#include "graph_construction/radius_search_registry.hpp"
#include "graph_construction/radius_search_selection.hpp"

namespace trackgnn {
namespace {

// Points per leaf: measured on the pileup-200 and pileup-1000 embeddings (8 dimensions), 16 to
// 32 cost about the same; fewer spends the time descending, more measuring.
constexpr std::int64_t kLeafSize = 24;

struct Node {
  std::int64_t begin = 0, end = 0;  // into the tree's point order
  std::int64_t axis = -1;           // -1: a leaf
  float split = 0;                  // left holds coordinates <= split, right >= split
  std::int64_t left = -1, right = -1;
};

class KdTree {
 public:
  KdTree(const float* points, std::int64_t dim, std::vector<std::int64_t> members)
      : points_(points), dim_(dim), order_(std::move(members)) {
    if (!order_.empty()) build(0, static_cast<std::int64_t>(order_.size()));
  }

  // The at most k nearest tree points to `query` within squared radius radius2 (ties by index),
  // leaving out the point `self`, into `nearest` (a max-heap by Candidate order: top is the worst).
  void nearest(const float* query, std::int64_t self, std::int64_t k, float radius2,
               std::priority_queue<radius::Candidate>& nearest) const {
    if (!nodes_.empty() && k > 0) descend(0, query, self, k, radius2, nearest);
  }

 private:
  float coordinate(std::int64_t point, std::int64_t axis) const { return points_[point * dim_ + axis]; }

  std::int64_t build(std::int64_t begin, std::int64_t end) {
    const auto index = static_cast<std::int64_t>(nodes_.size());
    nodes_.push_back({begin, end});
    if (end - begin <= kLeafSize) return index;
    // Split the widest axis at its median; a node whose points all coincide stays a leaf.
    std::int64_t axis = -1;
    float widest = 0;
    for (std::int64_t a = 0; a < dim_; ++a) {
      float low = coordinate(order_[begin], a), high = low;
      for (std::int64_t s = begin + 1; s < end; ++s) {
        const float value = coordinate(order_[s], a);
        low = std::min(low, value);
        high = std::max(high, value);
      }
      if (high - low > widest) {
        widest = high - low;
        axis = a;
      }
    }
    if (axis < 0) return index;
    const std::int64_t middle = begin + (end - begin) / 2;
    std::nth_element(order_.begin() + begin, order_.begin() + middle, order_.begin() + end,
                     [&](std::int64_t a, std::int64_t b) { return coordinate(a, axis) < coordinate(b, axis); });
    const float split = coordinate(order_[middle], axis);
    const std::int64_t left = build(begin, middle);
    const std::int64_t right = build(middle, end);
    Node& node = nodes_[static_cast<std::size_t>(index)];
    node.axis = axis;
    node.split = split;
    node.left = left;
    node.right = right;
    return index;
  }

  void descend(std::int64_t index, const float* query, std::int64_t self, std::int64_t k, float radius2,
               std::priority_queue<radius::Candidate>& nearest) const {
    const Node& node = nodes_[static_cast<std::size_t>(index)];
    if (node.axis < 0) {
      for (std::int64_t s = node.begin; s < node.end; ++s) {
        const std::int64_t j = order_[s];
        if (j == self) continue;
        const radius::Candidate candidate{radius::squared_distance(query, points_ + j * dim_, dim_), j};
        if (!(candidate.distance2 <= radius2)) continue;  // NaN distances are outside too
        if (static_cast<std::int64_t>(nearest.size()) < k) {
          nearest.push(candidate);
        } else if (candidate < nearest.top()) {
          nearest.pop();
          nearest.push(candidate);
        }
      }
      return;
    }
    const float offset = query[node.axis] - node.split;
    const bool left_first = offset <= 0;
    descend(left_first ? node.left : node.right, query, self, k, radius2, nearest);
    // Every point across the plane differs from the query by at least |offset| along the axis,
    // and the distance (rounded sums of non-negative squares) is never below one of its squares,
    // so the far side is skipped only when it cannot hold a point that ranks. Equal distances
    // are visited: a tie with a lower index ranks.
    const float plane2 = offset * offset;
    const float worst = static_cast<std::int64_t>(nearest.size()) < k ? radius2 : nearest.top().distance2;
    if (plane2 <= worst) descend(left_first ? node.right : node.left, query, self, k, radius2, nearest);
  }

  const float* points_;
  std::int64_t dim_;
  std::vector<std::int64_t> order_;
  std::vector<Node> nodes_;
};

// A point with a NaN or infinite coordinate is within no radius of any other (its distances are
// NaN or infinite) and would break the median split's ordering; it stays out of the tree.
std::vector<std::int64_t> finite_points(const float* points, std::int64_t dim, std::vector<std::int64_t> members) {
  members.erase(std::remove_if(members.begin(), members.end(),
                               [&](std::int64_t i) {
                                 return !std::all_of(points + i * dim, points + (i + 1) * dim,
                                                     [](float value) { return std::isfinite(value); });
                               }),
                members.end());
  return members;
}

class KdTreeRadiusSearch final : public RadiusSearch {
 public:
  std::string name() const override { return "grid (k-d tree)"; }

  void search(const float* points, std::int64_t n, std::int64_t dim, const RadiusSearchParams& params,
              Buffer<std::int64_t>& edges, const ExecutionContext&) const override {
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    if (n == 0) {
      radius::write_edges(pairs, edges);
      return;
    }
    const std::int64_t k = std::min(params.max_neighbours, n - 1);
    const KdTree tree(points, dim,
                      finite_points(points, dim, radius::candidates_without_surplus_copies(points, n, dim, k)));
    const float radius2 = params.radius * params.radius;
    pairs.reserve(static_cast<std::size_t>(n) * static_cast<std::size_t>(std::min<std::int64_t>(k, 64)));
    std::priority_queue<radius::Candidate> nearest;
    std::vector<radius::Candidate> candidates;
    for (std::int64_t i = 0; i < n; ++i) {
      tree.nearest(points + i * dim, i, k, radius2, nearest);
      candidates.clear();
      for (; !nearest.empty(); nearest.pop()) candidates.push_back(nearest.top());
      radius::keep_nearest(i, candidates, k, pairs);
    }
    radius::write_edges(pairs, edges);
  }
};

}  // namespace

TRACKGNN_REGISTER_ON_DEVICE(RadiusSearchRegistry, "grid", DeviceKind::cpu,
                            [](Device) { return std::make_unique<KdTreeRadiusSearch>(); });

}  // namespace trackgnn
