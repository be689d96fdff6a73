// The baseline: every pair is measured, O(n^2 D), in a plain double loop: the reference every
// other search must equal. Its CUDA counterpart (device/radius_search_grid.cu) is the grid search
// over a single cell, so not an independent check of the CUDA grid.
#include <memory>

#include "graph_construction/radius_search_selection.hpp"
#include "graph_construction/radius_search_registry.hpp"
#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {
namespace {

class BruteForceRadiusSearch final : public RadiusSearch {
 public:
  std::string name() const override { return "brute_force"; }

  void search(const float* points, std::int64_t n, std::int64_t dim, const RadiusSearchParams& params,
              Buffer<std::int64_t>& edges, const ExecutionContext&) const override {
    const float radius2 = params.radius * params.radius;
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    std::vector<radius::Candidate> candidates;
    for (std::int64_t i = 0; i < n; ++i) {
      candidates.clear();
      for (std::int64_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const float d2 = radius::squared_distance(points + i * dim, points + j * dim, dim);
        if (d2 <= radius2) candidates.push_back({d2, j});
      }
      radius::keep_nearest(i, candidates, params.max_neighbours, pairs);
    }
    radius::write_edges(pairs, edges);
  }
};

TRACKGNN_REGISTER_ON_DEVICE(RadiusSearchRegistry, "brute_force", DeviceKind::cpu,
                            [](Device) { return std::make_unique<BruteForceRadiusSearch>(); });

}  // namespace
}  // namespace trackgnn
