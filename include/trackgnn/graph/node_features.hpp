#pragma once
// Spacepoints -> the model's node features, as the model card lists them: (value - offset) / scale.
#include <vector>

#include "trackgnn/event/spacepoints.hpp"
#include "trackgnn/graph/cluster_shape.hpp"
#include "trackgnn/models/model_card.hpp"

namespace trackgnn {

// features: [N, F] row-major; positions: [N, 3] (r mm, phi rad, z mm). `shapes` holds the
// cluster-shape features (cluster_shapes() of the event), needed only when `features` names one.
// Throws std::invalid_argument for a non-finite coordinate or a cell or cluster-shape feature
// the event lacks.
void build_node_features(const Spacepoints& spacepoints, const std::vector<FeatureSpec>& features,
                         std::vector<float>& node_features, std::vector<float>& node_positions,
                         const ClusterShapes* shapes = nullptr);

}  // namespace trackgnn
