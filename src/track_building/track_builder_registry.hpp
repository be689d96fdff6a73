#pragma once
// Track builders by (name, device): "connected_components" and "best_edges", each with a host
// implementation (union-find) and a CUDA one (GPU kernels) that registers from its .cu file.
// Factories receive the device and the card's track-building section.
#include "core/registry.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {
using TrackBuilderRegistry = DeviceRegistry<TrackBuilder, TrackBuildingCard>;
}  // namespace trackgnn
