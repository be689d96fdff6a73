// "grid_kept_lists": on a CUDA device the kept-lists search (src/cuda/frnn_kept_lists.cu), an
// alternative organisation of the GPU cell-list search with the same edges; on the CPU the CPU
// cell-list search, so that the name works on every device.
#include <memory>

#include "cuda/frnn_kept_lists.hpp"
#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {
namespace {

class CudaKeptListsRadiusSearch final : public RadiusSearch {
 public:
  std::string name() const override { return "grid_kept_lists (cuda)"; }

  void search(const float* points, std::int64_t n, std::int64_t dim, const RadiusSearchParams& params,
              Buffer<std::int64_t>& edges, const ExecutionContext& context) const override {
    cuda::radius_search_kept_lists(
        points, n, dim, params.radius, params.max_neighbours,
        [&](std::int64_t num_edges) {
          edges.resize(static_cast<std::size_t>(2 * num_edges));
          return edges.data();
        },
        context.stream);
  }
};

TRACKGNN_REGISTER(RadiusSearchRegistry, "grid_kept_lists", [](Device device) -> std::unique_ptr<RadiusSearch> {
  if (device.is_cuda()) return std::make_unique<CudaKeptListsRadiusSearch>();
  // The lists only reorganise the GPU's work; on the CPU the grid search gives the same edges.
  return RadiusSearchRegistry::instance().create("grid", device);
});

}  // namespace
}  // namespace trackgnn
