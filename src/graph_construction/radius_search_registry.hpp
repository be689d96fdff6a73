#pragma once
// Radius searches by (name, device): the host searches register from src/graph_construction, the
// CUDA ones from their .cu files in src/graph_construction/device.
#include "core/registry.hpp"
#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {
using RadiusSearchRegistry = DeviceRegistry<RadiusSearch>;
}  // namespace trackgnn
