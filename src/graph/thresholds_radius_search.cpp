// "grid_thresholds": on a CUDA device the first GPU cell-list search (src/cuda/frnn.cu), which
// finds each point's k-th nearest distance and then scans again for the neighbours within it;
// the same edges as "grid", about three times slower at MU = 200 (docs/benchmarks.md), kept as
// the comparison. On the CPU the CPU cell-list search, so that the name works on every device.
#include <memory>

#include "cuda/frnn.hpp"
#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {
namespace {

class CudaThresholdsRadiusSearch final : public RadiusSearch {
 public:
  std::string name() const override { return "grid_thresholds (cuda)"; }

  void search(const float* points, std::int64_t n, std::int64_t dim, const RadiusSearchParams& params,
              Buffer<std::int64_t>& edges, const ExecutionContext& context) const override {
    cuda::radius_search(
        points, n, dim, params.radius, params.max_neighbours,
        [&](std::int64_t num_edges) {
          edges.resize(static_cast<std::size_t>(2 * num_edges));
          return edges.data();
        },
        context.stream);
  }
};

TRACKGNN_REGISTER(RadiusSearchRegistry, "grid_thresholds", [](Device device) -> std::unique_ptr<RadiusSearch> {
  if (device.is_cuda()) return std::make_unique<CudaThresholdsRadiusSearch>();
  // The thresholds only organise the GPU's work; on the CPU the grid search gives the same edges.
  return RadiusSearchRegistry::instance().create("grid", device);
});

}  // namespace
}  // namespace trackgnn
