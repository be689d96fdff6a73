// "grid_thresholds": on a CUDA device the first GPU cell-list search (src/cuda/frnn.cu), which
// finds each point's k-th nearest distance and then scans again for the neighbours within it;
// the same edges as "grid", about three times slower at MU = 200 (docs/benchmarks.md), kept as
// the comparison. On the CPU the CPU cell-list search, so that the name works on every device.
#include <memory>

#include "cuda/frnn.hpp"
#include "graph/cuda_radius_search.hpp"
#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {
namespace {

TRACKGNN_REGISTER(RadiusSearchRegistry, "grid_thresholds", [](Device device) -> std::unique_ptr<RadiusSearch> {
  if (device.is_cuda())
    return std::make_unique<CudaFunctionRadiusSearch>("grid_thresholds (cuda)", cuda::radius_search);
  // The thresholds only organise the GPU's work; on the CPU the grid search gives the same edges.
  return RadiusSearchRegistry::instance().create("grid", device);
});

}  // namespace
}  // namespace trackgnn
