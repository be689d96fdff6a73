// "grid_thresholds": on a CUDA device the GPU cell-list search of src/cuda/frnn.cu, which finds
// each point's k-th nearest distance and then scans its neighbourhood again for the neighbours
// within it; the same edges as "grid", whose CUDA search scans each neighbourhood once and is
// faster at pileup 200 (docs/benchmarks.md). Registered as the comparison for the CUDA "grid". On
// the CPU the CPU cell-list search, so that the name works on every device.
#include <memory>

#include "graph_construction/device/radius_search_cuda.hpp"
#include "graph_construction/device/radius_search_adapter.hpp"
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
