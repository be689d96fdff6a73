// The baseline: every pair is measured, O(n^2 D). On the CPU a plain double loop, the reference
// every other search must equal; on a CUDA device the kept-lists search over a single cell (the
// same selection and emission code as "grid", so not an independent check of it there).
#include <memory>

#include "graph_construction/device/radius_search_grid.hpp"
#include "graph_construction/device/radius_search_adapter.hpp"
#include "graph_construction/radius_search_selection.hpp"
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

TRACKGNN_REGISTER(RadiusSearchRegistry, "brute_force", [](Device device) -> std::unique_ptr<RadiusSearch> {
  // The GPU's baseline: the kept-lists search over one cell holding every point.
  if (device.is_cuda())
    return std::make_unique<CudaFunctionRadiusSearch>("brute_force (cuda)", cuda::radius_search_all_pairs);
  return std::make_unique<BruteForceRadiusSearch>();
});

}  // namespace
}  // namespace trackgnn
