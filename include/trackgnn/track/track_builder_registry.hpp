#pragma once
// Track builders by name ("union_find" on CPU, "connected_components" choosing the device's
// implementation); factories receive the card's track-building section and the device.
#include "trackgnn/core/registry.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {
using TrackBuilderRegistry = Registry<TrackBuilder, TrackBuildingCard, Device>;
}  // namespace trackgnn
