#pragma once
// Track building as a stage a host builds itself: config.builder names the algorithm
// ("connected_components" or "best_edges"), labelled on `device` (union-find on the host, GPU
// kernels on a cuda device; the same tracks either way).
#include <memory>

#include "trackgnn/core/device.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

// std::invalid_argument for an unknown builder or a score cut outside [0, 1];
// std::runtime_error when this build has no implementation on `device`.
std::unique_ptr<TrackBuilder> make_track_builder(const TrackBuildingCard& config, Device device);

}  // namespace trackgnn
