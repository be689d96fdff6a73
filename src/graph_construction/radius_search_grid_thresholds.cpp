// "grid_thresholds" on the host: the thresholds only organise the GPU's work
// (device/radius_search_grid_thresholds.cu), so on the CPU the name gives the grid search, whose
// edges are the same; the name then works on every device.
#include <memory>

#include "graph_construction/radius_search_registry.hpp"
#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {
namespace {

TRACKGNN_REGISTER_ON_DEVICE(RadiusSearchRegistry, "grid_thresholds", DeviceKind::cpu,
                            [](Device device) { return RadiusSearchRegistry::instance().create("grid", device); });

}  // namespace
}  // namespace trackgnn
