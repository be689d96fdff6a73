#pragma once
// Track builders by name: "connected_components" and "best_edges", each labelling on the device
// the graph lives on (a GPU kernel on a cuda device, union-find on the host). Factories receive
// the card's track-building section and the device.
#include "trackgnn/core/registry.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {
using TrackBuilderRegistry = Registry<TrackBuilder, TrackBuildingCard, Device>;
}  // namespace trackgnn
